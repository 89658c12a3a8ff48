#!/usr/bin/env bash
# One node, plaintext against TLS, measured in one run: two nodes on this machine (one plaintext,
# one with [grpc.tls] and [http.tls], an ECDSA P-256 certificate from `baytrace cert`), both warmed
# up, then `baytrace bench` against each in turn, ROUNDS times, alternating which goes first.
# The machine's load moves between runs, so compare the medians, and each run with its neighbour.
#
#   tools/bench/tls-one-node.sh [WORKDIR]      (ROUNDS=4 RECORDS=20000 WARMUP=20000 by default)
#
# BAYTRACE overrides the command (default: tools/baytrace of this checkout).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
baytrace="${BAYTRACE:-$here/../baytrace}"
work="${1:-$(mktemp -d -t baytrace-tls-bench.XXXXXX)}"
rounds="${ROUNDS:-4}"; records="${RECORDS:-20000}"; warmup="${WARMUP:-20000}"
mkdir -p "$work" && cd "$work"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_ready() { # $1 log file
  for _ in $(seq 1 600); do grep -q "baytrace: ready" "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "node did not start; see $1" >&2; exit 3
}

[ -f ca.pem ] || $baytrace cert ca --name bench-ca -o ca >/dev/null
[ -f server.pem ] || $baytrace cert server --ca ca --name bench --san 127.0.0.1 -o server >/dev/null
pg=$(free_port); ph=$(free_port); pa=$(free_port); tg=$(free_port); th=$(free_port); ta=$(free_port)
cat > tls.toml <<TOML
[node]
data_dir = "tlsdata"
[grpc]
listen = "127.0.0.1:$tg"
tls = { cert_file = "server.pem", key_file = "server.key" }
[http]
listen = "127.0.0.1:$th"
tls = { cert_file = "server.pem", key_file = "server.key" }
TOML
$baytrace node --data plaindata --grpc "127.0.0.1:$pg" --http "127.0.0.1:$ph" --admin "127.0.0.1:$pa" >plain-node.log 2>&1 & pids+=($!)
$baytrace node --config tls.toml --admin "127.0.0.1:$ta" >tls-node.log 2>&1 & pids+=($!)
await_ready plain-node.log; await_ready tls-node.log

run() { # $1 = plain|tls, $2 = warm-up records
  if [ "$1" = plain ]; then
    $baytrace bench --target "127.0.0.1:$pg" --key plaindata/node.key --records "$records" --warmup "$2" 2>>bench.err | tail -1
  else
    $baytrace bench --target "127.0.0.1:$tg" --tls-ca ca.pem --key tlsdata/node.key --records "$records" --warmup "$2" 2>>bench.err | tail -1
  fi
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds of $records records"
run plain "$warmup" >/dev/null; run tls "$warmup" >/dev/null   # JIT warm-up of both nodes, not reported
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then order="plain tls"; else order="tls plain"; fi
  for mode in $order; do
    line=$(run "$mode" 0)
    printf '%s\t%s\tload %s\t%s\n' "$r" "$mode" "$(cut -d' ' -f1 /proc/loadavg)" "$line"
  done
done | tee results.tsv
python3 - results.tsv <<'PY'
import re, statistics, sys
rates = {"plain": [], "tls": []}
for line in open(sys.argv[1]):
    f = line.split("\t")
    m = re.search(r"(\d+) rec/s", line)
    if m: rates[f[1]].append(int(m.group(1)))
p, t = statistics.median(rates["plain"]), statistics.median(rates["tls"])
pairs = [b / a for a, b in zip(rates["plain"], rates["tls"])]
print(f"median rec/s: plaintext {p:.0f}, TLS {t:.0f}; TLS/plaintext {t/p:.2f} "
      f"(per round {', '.join(f'{x:.2f}' for x in pairs)})")
PY
