#!/usr/bin/env bash
# Three members on this machine, mutual TLS against plaintext, measured in one run: the example
# node-config/examples/gba-3 as it is (TLS on every port, its init.sh makes the keys and
# certificates) and a plaintext copy of it generated here (the [*.tls] tables removed, the ports
# moved by +100), both clusters up at once, then `baytrace bench` against each cluster's leader in
# turn, ROUNDS times, alternating which goes first. The barge operator also gets the operator
# role in both, so that it may write the bench's record kind.
#
#   tools/bench/gba-3-tls.sh [WORKDIR]      (ROUNDS=3 RECORDS=10000 WARMUP=20000 by default)
#
# BAYTRACE overrides the command (default: tools/baytrace of this checkout).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
baytrace="${BAYTRACE:-$here/../baytrace}"
example="$here/../../node-config/examples/gba-3"
work="${1:-$(mktemp -d -t baytrace-gba3-bench.XXXXXX)}"
rounds="${ROUNDS:-3}"; records="${RECORDS:-10000}"; warmup="${WARMUP:-20000}"
nodes=(nansha-customs nansha-port pearl-barge)
mkdir -p "$work/tls" "$work/plain"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

# The TLS cluster: the example's files, its init.sh run with this command.
cp "$example"/*.toml "$work/tls/"
sed "s|^baytrace=.*|baytrace=\"$baytrace\"|" "$example/init.sh" > "$work/tls/init.sh"
(cd "$work/tls" && bash init.sh >/dev/null)
# The plaintext cluster: the same files without TLS, on other ports.
cp -r "$work/tls/keys" "$work/plain/"
for n in "${nodes[@]}"; do
  sed -i 's/roles = \["barge_operator", "carrier"\]/roles = ["barge_operator", "carrier", "operator"]/' "$work/tls/$n.toml"
  python3 - "$work/tls/$n.toml" "$work/plain/$n.toml" <<'PY'
import re, sys
out, skip = [], False
for line in open(sys.argv[1]):
    if re.match(r"\s*\[", line):
        skip = bool(re.match(r"\s*\[(grpc|http|raft)\.tls\]", line))
    if skip or line.strip().startswith("tls_cert_file"):
        continue
    line = re.sub(r"127\.0\.0\.1:(50061|50062|50063|50071|50072|50073|8081|8082|8083)\b",
                  lambda m: "127.0.0.1:%d" % (int(m.group(1)) + 100), line)
    out.append(line)
open(sys.argv[2], "w").write("".join(out))
PY
done
# Each node's admin listener (metrics, health) on a free port: the default 127.0.0.1:9464 is one
# port for all six nodes (and for any other node on this machine).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
for mode in tls plain; do
  for n in "${nodes[@]}"; do
    admin=$(free_port)
    (cd "$work/$mode" && exec $baytrace node --config "$n.toml" --admin "127.0.0.1:$admin" >"$n.log" 2>&1) & pids+=($!)
  done
done
leader() { # $1 = tls|plain: prints the leader's gRPC port once all three agree on one
  local scheme=https port0=8081 curlopt=(--cacert "$work/tls/tls/ca.pem")
  [ "$1" = plain ] && { scheme=http; port0=8181; curlopt=(); }
  for _ in $(seq 1 600); do
    local l
    l=$(curl -s -m 5 "${curlopt[@]}" "$scheme://127.0.0.1:$port0/v1/cluster" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin).get("leader") or "")' 2>/dev/null || true)
    if [ -n "$l" ]; then
      local i
      for i in 0 1 2; do
        if [ "${nodes[$i]}" = "$l" ]; then
          if [ "$1" = tls ]; then echo $((50061 + i)); else echo $((50161 + i)); fi; return 0
        fi
      done
    fi
    sleep 1
  done
  echo "no leader in the $1 cluster; see $work/$1/*.log" >&2; exit 3
}
run_once() { # $1 = tls|plain, $2 = warm-up records
  local port; port=$(leader "$1")
  if [ "$1" = tls ]; then
    (cd "$work/tls" && $baytrace bench --target "127.0.0.1:$port" --tls-ca tls/ca.pem --key keys/pearl-barge.key \
      --org pearl-barge --records "$records" --warmup "$2" 2>>bench.err | tail -1)
  else
    (cd "$work/plain" && $baytrace bench --target "127.0.0.1:$port" --key keys/pearl-barge.key \
      --org pearl-barge --records "$records" --warmup "$2" 2>>bench.err | tail -1)
  fi
}
# Six member JVMs and the bench on a loaded machine: a bench JVM may not even connect within its
# deadline. Such a failed attempt measured nothing; it is said on stderr and tried again.
run() { # $1 = tls|plain, $2 = warm-up records
  local attempt out
  for attempt in 1 2 3; do
    if out=$(run_once "$@"); then echo "$out"; return 0; fi
    echo "bench against the $1 cluster failed (attempt $attempt); see $work/$1/bench.err" >&2
    sleep 5
  done
  return 1
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds of $records records"
run tls "$warmup" >/dev/null; run plain "$warmup" >/dev/null   # JIT warm-up of both clusters, not reported
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then order="tls plain"; else order="plain tls"; fi
  for mode in $order; do
    line=$(run "$mode" 0)
    printf '%s\t%s\tload %s\t%s\n' "$r" "$mode" "$(cut -d' ' -f1-3 /proc/loadavg)" "$line"
  done
done | tee "$work/results.tsv"
python3 - "$work/results.tsv" <<'PY'
import re, statistics, sys
rates = {"plain": [], "tls": []}
for line in open(sys.argv[1]):
    f = line.split("\t")
    m = re.search(r"(\d+) rec/s", line)
    if m: rates[f[1]].append(int(m.group(1)))
p, t = statistics.median(rates["plain"]), statistics.median(rates["tls"])
print(f"median rec/s: plaintext {p:.0f}, mutual TLS {t:.0f}; TLS/plaintext {t/p:.2f} "
      f"(runs: plaintext {rates['plain']}, TLS {rates['tls']})")
PY
