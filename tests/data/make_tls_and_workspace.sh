#!/usr/bin/env bash
# Makes the fixtures of the connection check, the workspace report and the key store tools with
# openssl and keytool (the reference tools), next to make_keystores.sh and with its functions:
#   bash tests/data/make_tls_and_workspace.sh
# Store passwords are "changeit"; the keys the test TLS server uses are plain PEM files, since
# they are test fixtures. Dates are fixed: healthy certificates 2024-2124, expired ones 2000-2001,
# and the report's "soon" one ends on 2030-07-01 (tests report as of 2030-06-01).
set -euo pipefail
cd "$(dirname "$0")"
out=$PWD
PW=changeit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$out/lib.sh"
cd "$work"
: > index.txt
openssl rand -hex 8 > serial
mkdir -p "$out/tls" "$out/report" "$out/tools"

CA_EXT='basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
CLIENT_EXT='basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
# The server answers to localhost, 127.0.0.1 and any name under example.test: one level deep
# for a Strict host name check, any depth for BrowserCompatible.
SERVER_EXT='basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,DNS:*.example.test\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'

# --- TLS: the server's chain, and the client CA it trusts -------------------------------------
rsa server-root; sign server-root self "/CN=Test Server Root CA/O=Example/C=DE" "$CA_EXT"
rsa server; sign server server-root "/CN=localhost/O=Example/C=DE" "$SERVER_EXT"
rsa client-root; sign client-root self "/CN=Client Root CA/O=Example/C=DE" "$CA_EXT"
rsa client-issuing; sign client-issuing client-root "/CN=Client Issuing CA/O=Example/C=DE" "$CA_EXT"
rsa client; sign client client-issuing "/CN=api-client/O=Example/C=DE" "$CLIENT_EXT"
rsa expired; sign expired client-issuing "/CN=expired-client/O=Example/C=DE" "$CLIENT_EXT" 20000101000000Z 20010101000000Z
rsa rogue-root; sign rogue-root self "/CN=Unknown Root CA/O=Elsewhere/C=DE" "$CA_EXT"
rsa rogue; sign rogue rogue-root "/CN=stranger/O=Elsewhere/C=DE" "$CLIENT_EXT"

cp server.key server.pem server-root.pem client-root.pem "$out/tls/"
cat client-issuing.pem client-root.pem > client-cas.pem
p12 c.p12 client.key client.pem client-cas.pem; to_store c.p12 "$out/tls/client.jks" JKS
p12 e.p12 expired.key expired.pem client-cas.pem; to_store e.p12 "$out/tls/client-expired.jks" JKS
p12 r.p12 rogue.key rogue.pem rogue-root.pem; to_store r.p12 "$out/tls/client-untrusted.jks" JKS
trust() { rm -f "$2"; keytool -importcert -noprompt -alias "$(basename "$1" .pem)" -file "$1" -keystore "$2" -storetype JKS -storepass "$PW" >/dev/null 2>&1; }
trust server-root.pem "$out/tls/server-trust.jks"
trust rogue-root.pem "$out/tls/other-trust.jks"

# --- Key store tools: the PEM files a CA hands out, and stores to fix -------------------------
cp client.key "$out/tools/client.key"
cp client.pem "$out/tools/client.pem"
cp client-issuing.pem "$out/tools/issuing-ca.pem"
cp client-root.pem "$out/tools/root-ca.pem"
cp rogue-root.pem "$out/tools/unrelated-ca.pem"
# One key entry plus an expired trusted certificate: "drop expired extra certificates".
cp "$out/tls/client.jks" "$out/tools/with-expired-extra.jks"
keytool -importcert -noprompt -alias old-partner -file expired.pem -keystore "$out/tools/with-expired-extra.jks" \
  -storetype JKS -storepass "$PW" >/dev/null 2>&1

# --- Workspace report: three destinations with known expiries --------------------------------
rsa soon; sign soon client-issuing "/CN=soon-client/O=Example/C=DE" "$CLIENT_EXT" 20240101000000Z 20300701000000Z
p12 s.p12 soon.key soon.pem client-cas.pem; to_store s.p12 "$out/report/soon.jks" JKS
cp "$out/tls/client.jks" "$out/report/healthy.jks"
cp "$out/tls/client-expired.jks" "$out/report/expired.jks"
dest() { # dest NAME KEYSTORE: a client certificate destination naming KEYSTORE
  printf 'Name=%s\nType=HTTP\nURL=https://%s.example.com\nProxyType=Internet\nAuthentication=ClientCertificateAuthentication\nKeyStoreLocation=%s\n' \
    "$1" "$1" "$2" > "$out/report/$1.properties"
}
dest soon soon.jks; dest healthy healthy.jks; dest expired expired.jks
printf 'Name=plain\nType=HTTP\nURL=https://plain.example.com\nProxyType=Internet\nAuthentication=NoAuthentication\n' > "$out/report/plain.properties"
