#!/usr/bin/env bash
# Makes the fixtures of key store editing and consumer verdicts from files make_keystores.sh
# already made, with keytool and openssl only:
#   bash tests/data/make_edit_fixtures.sh
# Store password "changeit", as everywhere in this folder.
set -euo pipefail
cd "$(dirname "$0")"
PW=changeit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Two key entries in one PKCS#12, as keytool writes it (one key bag per entry).
rm -f two-keys.p12
keytool -importkeystore -noprompt -srckeystore two-keys.jks -srcstorepass "$PW" \
  -destkeystore two-keys.p12 -deststoretype PKCS12 -deststorepass "$PW" >/dev/null 2>&1

# A trust-only PKCS#12 of two CA certificates, by openssl: no Java trust attribute on either.
openssl pkcs12 -in legacy.p12 -legacy -nokeys -cacerts -passin "pass:$PW" -out "$work/cas.pem"
openssl pkcs12 -export -nokeys -in "$work/cas.pem" -passout "pass:$PW" -out cas-nokeys.p12

# The same root as a PEM trust store, beside truststore.jks.
keytool -exportcert -rfc -alias root -keystore truststore.jks -storepass "$PW" > truststore.pem

# A key entry whose alias has capitals (openssl keeps them; JKS folds them to lower case).
openssl pkcs12 -in chain.p12 -nodes -passin "pass:$PW" -out "$work/chain.pem"
openssl pkcs12 -export -in "$work/chain.pem" -name "Client-Key" -passout "pass:$PW" -out mixed-case.p12

# A CA for the "import a CA reply" tests: a root that signs certificate requests, kept as PEM.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out reply-ca.key 2>/dev/null
openssl req -x509 -new -key reply-ca.key -subj "/CN=Reply Test CA/O=Example/C=DE" -days 36500 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out reply-ca.pem
echo made
