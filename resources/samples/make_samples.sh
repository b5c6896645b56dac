#!/usr/bin/env bash
# Makes the sample workspace's key stores with openssl and keytool. The destination files beside
# them are written by hand. Every key store password is "changeit".
#   bash resources/samples/make_samples.sh
# Healthy certificates are valid from 2024 to 2124; the "expires soon" store is not made here but
# by make_expiring.sh when the workspace is first run (make run), so the calendar cannot age it.
set -euo pipefail
cd "$(dirname "$0")"
out=$PWD
PW=changeit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
: > index.txt
openssl rand -hex 8 > serial
conf() {
  cat <<CONF
[ ca ]
default_ca = samples
[ samples ]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
policy = anything
unique_subject = no
[ anything ]
commonName = supplied
organizationName = optional
countryName = optional
CONF
}
sign() { # sign NAME ISSUER SUBJECT EXT
  printf '%b\n' "$4" > "$1.ext"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
  openssl req -new -key "$1.key" -subj "$3" -out "$1.csr"
  local who=(-cert "$2.pem" -keyfile "$2.key")
  [ "$2" = self ] && who=(-selfsign -keyfile "$1.key")
  openssl ca -batch "${who[@]}" -in "$1.csr" -extfile "$1.ext" -startdate 20240101000000Z \
    -enddate 21240101000000Z -md sha256 -out "$1.pem" -notext -config <(conf) 2>/dev/null
  openssl x509 -in "$1.pem" -out "$1.pem"
}
CA='basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
CLIENT='basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
sign root self "/CN=Sample Root CA/O=Sample Corp/C=DE" "$CA"
sign issuing root "/CN=Sample Issuing CA/O=Sample Corp/C=DE" "$CA"
sign weather issuing "/CN=weather-client/O=Sample Corp/C=DE" "$CLIENT"
sign legacy issuing "/CN=legacy-client/O=Sample Corp/C=DE" "$CLIENT"

jks() { # jks OUT KEY CERT [CAFILE]
  openssl pkcs12 -export -inkey "$2" -in "$3" ${4:+-certfile "$4"} -name client -passout "pass:$PW" -out p.p12
  rm -f "$1"
  keytool -importkeystore -noprompt -srckeystore p.p12 -srcstoretype PKCS12 -srcstorepass "$PW" \
    -destkeystore "$1" -deststoretype JKS -deststorepass "$PW" >/dev/null 2>&1
}
cat issuing.pem root.pem > chain.pem
jks "$out/weather-client.jks" weather.key weather.pem chain.pem
# Broken chain: the issuing CA is left out.
jks "$out/legacy-client.jks" legacy.key legacy.pem root.pem
rm -f "$out/partner-trust.jks"
keytool -importcert -noprompt -alias sample-root -file root.pem -keystore "$out/partner-trust.jks" \
  -storetype JKS -storepass "$PW" >/dev/null 2>&1
echo "made the sample key stores in $out"
