#!/bin/sh
# Makes the test PKI of test-platform: a CA, the platform's server
# certificate for 127.0.0.1 and a client certificate for the office, each
# valid from 01.01.2000 for 100 years, so that the tests pass whatever day
# the machine's clock says (CI moves it with faketime). The CA's key is
# thrown away. Run in tests/data/; needs faketime (Debian package).
set -eu
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
days=36500
# OpenSSL 3.0 cannot set the first day itself: the clock is moved instead.
command_openssl () {
  faketime -f "@2000-01-01 00:00:00" openssl "$@"
}

command_openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -subj "/CN=E-Akte Test CA" \
  -keyout "$work/ca.key" -out test-ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

command_openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$work/server.key" -out "$work/server.csr"
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n' \
  > "$work/server.ext"
command_openssl x509 -req -in "$work/server.csr" -CA test-ca.pem -CAkey "$work/ca.key" \
  -CAcreateserial -CAserial "$work/ca.srl" -days "$days" -extfile "$work/server.ext" -out "$work/server.pem"
cat "$work/server.pem" "$work/server.key" > platform-cert-and-key.pem

command_openssl req -newkey rsa:2048 -nodes -subj "/CN=Landratsamt Testamt/O=08315000" \
  -keyout "$work/client.key" -out "$work/client.csr"
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' > "$work/client.ext"
command_openssl x509 -req -in "$work/client.csr" -CA test-ca.pem -CAkey "$work/ca.key" \
  -CAcreateserial -CAserial "$work/ca.srl" -days "$days" -extfile "$work/client.ext" -out "$work/client.pem"
cat "$work/client.pem" "$work/client.key" > office-cert-and-key.pem
