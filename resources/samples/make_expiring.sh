#!/usr/bin/env bash
# Makes billing-client.jks, a client certificate that expires 20 days from today, so that the
# sample workspace always shows an "expires soon" finding. `make run` calls it; its password is
# "changeit". Self-signed, with the clientAuth extended key usage.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v keytool >/dev/null 2>&1; then
  echo "make_expiring.sh: no keytool (a JDK) here: the sample 'billing' key store is not made" >&2
  exit 0
fi
rm -f billing-client.jks
keytool -genkeypair -alias client -keyalg RSA -keysize 2048 -validity 20 \
  -dname "CN=billing-client,O=Sample Corp,C=DE" -ext EKU=clientAuth -ext KU=digitalSignature \
  -keystore billing-client.jks -storetype JKS -storepass changeit -keypass changeit >/dev/null 2>&1
