# Shell functions the fixture scripts share; sourced, not run. They expect $work (a scratch
# folder holding index.txt and serial, the current directory) and $PW (the store password).
# shellcheck shell=bash

rsa() { openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2:-2048}" -out "$1.key" 2>/dev/null; }
ec() { openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -out "$1.key"; }

# sign NAME ISSUER SUBJECT EXTENSIONS [START END DIGEST]: a certificate for NAME.key signed by ISSUER.
sign() {
  local name=$1 issuer=$2 subject=$3 ext=$4 start=${5:-20240101000000Z} end=${6:-21240101000000Z} md=${7:-sha256}
  printf '%b\n' "$ext" > "$name.ext"
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  local who=(-cert "$issuer.pem" -keyfile "$issuer.key")
  [ "$issuer" = self ] && who=(-selfsign -keyfile "$name.key")
  openssl ca -batch "${who[@]}" -in "$name.csr" -extfile "$name.ext" -startdate "$start" \
    -enddate "$end" -md "$md" -out "$name.pem" -notext -config <(ca_conf) 2>"$name.err" ||
    { cat "$name.err" >&2; return 1; }
  # Plain PEM without the text header that some tools choke on.
  openssl x509 -in "$name.pem" -out "$name.pem"
}
ca_conf() {
  cat <<CONF
[ ca ]
default_ca = fixtures
[ fixtures ]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
commonName = supplied
organizationName = optional
countryName = optional
CONF
}
p12() { # p12 OUT KEY CERT [CAFILE] [extra openssl args]
  local o=$1 k=$2 c=$3 ca=${4:-}; shift 4 || shift $#
  openssl pkcs12 -export -inkey "$k" -in "$c" ${ca:+-certfile "$ca"} -name client -passout "pass:$PW" -out "$o" "$@"
}
to_store() { # to_store SRC.p12 DEST TYPE [keytool] [extra]
  local src=$1 dest=$2 type=$3 kt=${4:-keytool}; shift 4 || shift $#
  rm -f "$dest"
  "$kt" -importkeystore -noprompt -srckeystore "$src" -srcstoretype PKCS12 -srcstorepass "$PW" \
    -destkeystore "$dest" -deststoretype "$type" -deststorepass "$PW" "$@" >/dev/null 2>&1
}

