#!/usr/bin/env bash
# Creates every key and certificate the gba-3 example needs, without OpenSSL. Idempotent: what
# exists is kept, only what is missing is made (delete keys/ and tls/ to start over).
#
#   keys/<org>.key          each organisation's Ed25519 record-signing key (and .pub)
#   keys/<node>-node.key    each node's Ed25519 checkpoint key (and .pub)
#   tls/members-ca.*        the members' CA: issues the Raft (mutual TLS) certificates
#   tls/<node>-member.*     each node's member certificate, pinned in every node's [[peers]]
#   tls/ca.pem (+ ca.key)   the CA of the HTTPS and gRPC endpoints and of client certificates:
#                           give ca.pem to clients (curl --cacert, baytrace --tls-ca)
#   tls/<node>-server.*     each node's HTTPS and gRPC certificate (for 127.0.0.1 and localhost)
#   tls/<org>-client.*      each organisation's client certificate
#   genesis.json            the ledger's genesis (entry 0): the founding registry of the three
#                           files ([[orgs]], [[peers]], [governance]), signed by all three orgs;
#                           made again whenever a key or certificate is newer than it
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
baytrace=../../../tools/baytrace
nodes=(nansha-customs nansha-port pearl-barge)
mkdir -p keys tls
chmod 700 keys tls

for org in "${nodes[@]}"; do
  [ -f "keys/$org.key" ] || "$baytrace" keygen -o "keys/$org.key" >/dev/null
  [ -f "keys/$org-node.key" ] || "$baytrace" keygen -o "keys/$org-node.key" --name "$org" >/dev/null
done

[ -f tls/members-ca.pem ] || "$baytrace" cert ca --name "gba-3 members CA" --org "gba-3" -o tls/members-ca >/dev/null
[ -f tls/ca.pem ] || "$baytrace" cert ca --name "gba-3 CA" --org "gba-3" -o tls/ca >/dev/null
for node in "${nodes[@]}"; do
  [ -f "tls/$node-member.pem" ] || "$baytrace" cert member --ca tls/members-ca --name "$node" --org "$node" \
    --san 127.0.0.1 --san localhost -o "tls/$node-member" >/dev/null
  [ -f "tls/$node-server.pem" ] || "$baytrace" cert server --ca tls/ca --name "$node" --org "$node" \
    --san 127.0.0.1 --san localhost -o "tls/$node-server" >/dev/null
  [ -f "tls/$node-client.pem" ] || "$baytrace" cert client --ca tls/ca --name "$node" --org "$node" \
    -o "tls/$node-client" >/dev/null
done

# The genesis: proposed from the founding configuration (offline), then signed by each founding
# organisation with its own key, as each would on its own machine.
if [ ! -f genesis.json ] || [ -n "$(find keys tls -newer genesis.json -print -quit)" ]; then
  rm -f genesis.json
  "$baytrace" registry propose --genesis nansha-customs.toml --summary "gba-3 founding registry" --out genesis.json >/dev/null 2>&1
  for org in "${nodes[@]}"; do
    "$baytrace" registry sign genesis.json --org "$org" --key "keys/$org.key" >/dev/null 2>&1
  done
fi

echo "gba-3: keys in $(pwd)/keys, certificates in $(pwd)/tls"
echo "gba-3: genesis.json signed by $(grep -c '"keyId"' genesis.json) founding organisations"
for node in "${nodes[@]}"; do
  printf '  %-15s member certificate %s\n' "$node" "$("$baytrace" cert fingerprint "tls/$node-member.pem")"
done
echo "clients trust tls/ca.pem:  export BAYTRACE_TLS_CA=$(pwd)/tls/ca.pem"
