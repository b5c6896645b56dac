#!/bin/sh
# Certificates of the Destination service stand-in (tests/destination_standin.py), made with
# openssl: a test CA and the servers' certificate for 127.0.0.1, a client CA and the
# certificate of an X.509 service key, and a stranger CA the client does not trust.
set -eu
cd "$(dirname "$0")"
days=36500
conf() { printf '[req]\ndistinguished_name=dn\n[dn]\n[ext]\n%s\n' "$1"; }

ca() {  # ca NAME CN
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days $days \
        -subj "/O=Destination Editor Tests/CN=$2" -sha256 \
        -config /dev/stdin -extensions ext <<CONF
$(conf 'basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash')
CONF
}

leaf() {  # leaf NAME CN ISSUER EXTENSIONS
    openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/O=Destination Editor Tests/CN=$2"
    printf '%s\n' "$4" > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -out "$1.pem" \
        -days $days -sha256 -extfile "$1.ext"
    rm -f "$1.csr" "$1.ext" "$3.srl"
}

ca test-ca "Destination Service Stand-in CA"
leaf server localhost test-ca 'subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth
basicConstraints=CA:FALSE'
ca client-ca "Service Key Client CA"
leaf client "sb-clone-destination-x509" client-ca 'extendedKeyUsage=clientAuth
basicConstraints=CA:FALSE'
ca stranger-ca "Stranger CA"
leaf stranger localhost stranger-ca 'subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth
basicConstraints=CA:FALSE'
rm -f test-ca.key client-ca.key stranger-ca.key
