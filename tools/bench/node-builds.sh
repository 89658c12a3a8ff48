#!/usr/bin/env bash
# One node of each of two (or more) builds, measured in one run: each build's node on this
# machine at once, each on the embedded default with its own data directory, all warmed up, then
# `baytrace bench` against each in turn, ROUNDS times, rotating which goes first, with the load
# averages (1, 5, 15 min, as `uptime` prints them) beside every run. The load comes from one client (BENCH), so only the nodes differ.
# The machine's load moves between runs, so compare the medians, and each run with its neighbours.
#
#   tools/bench/node-builds.sh NAME=BAYTRACE NAME=BAYTRACE... [WORKDIR]
#       (ROUNDS=5 RECORDS=20000 WARMUP=20000 by default)
#
# e.g. the node with and without a change, each build in its own git worktree:
#   git worktree add --detach ../before <commit> && (cd ../before && mvn -B -q -DskipTests package)
#   tools/bench/node-builds.sh before=../before/tools/baytrace after=tools/baytrace
#
# BENCH overrides the load generator (default: tools/baytrace of this checkout). Each NAME's
# ratio is its median against the first NAME's, and per round against the first NAME's run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bench="${BENCH:-$here/../baytrace}"
names=(); cmds=()
while [ $# -gt 0 ] && [[ "$1" == *=* ]]; do names+=("${1%%=*}"); cmds+=("${1#*=}"); shift; done
if [ "${#names[@]}" -lt 2 ]; then
  echo "usage: $0 NAME=BAYTRACE NAME=BAYTRACE... [WORKDIR]" >&2; exit 2
fi
work="${1:-$(mktemp -d -t baytrace-node-builds.XXXXXX)}"
rounds="${ROUNDS:-5}"; records="${RECORDS:-20000}"; warmup="${WARMUP:-20000}"
mkdir -p "$work" && cd "$work"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_ready() { # $1 log file
  for _ in $(seq 1 600); do grep -q "baytrace: ready" "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "node did not start; see $1" >&2; exit 3
}

declare -A grpc
for i in "${!names[@]}"; do
  n="${names[$i]}"; c="${cmds[$i]}"
  grpc[$n]=$(free_port)
  args=(node --data "$n-data" --grpc "127.0.0.1:${grpc[$n]}" --http "127.0.0.1:$(free_port)")
  # Builds with an admin listener take a free port for it, so that two nodes can run at once.
  if $c node --help 2>/dev/null | grep -q -- "--admin"; then args+=(--admin "127.0.0.1:$(free_port)"); fi
  $c "${args[@]}" >"$n-node.log" 2>&1 & pids+=($!)
done
for n in "${names[@]}"; do await_ready "$n-node.log"; done

run() { # $1 = name, $2 = warm-up records
  $bench bench --target "127.0.0.1:${grpc[$1]}" --key "$1-data/node.key" --records "$records" --warmup "$2" \
    2>>bench.err | tail -1
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds of $records records"
for n in "${names[@]}"; do run "$n" "$warmup" >/dev/null; done   # JIT warm-up of every node, not reported
count=${#names[@]}
for r in $(seq 1 "$rounds"); do
  for k in $(seq 0 $((count - 1))); do
    n="${names[$(( (r - 1 + k) % count ))]}"
    line=$(run "$n" 0)
    printf '%s\t%s\tload %s\t%s\n' "$r" "$n" "$(cut -d' ' -f1-3 /proc/loadavg)" "$line"
  done
done | tee results.tsv
python3 - results.tsv "${names[@]}" <<'PY'
import re, statistics, sys
names = sys.argv[2:]
rates = {n: {} for n in names}
for line in open(sys.argv[1]):
    f = line.split("\t")
    m = re.search(r"(\d+) rec/s", line)
    if m: rates[f[1]][f[0]] = int(m.group(1))
base = names[0]
med = {n: statistics.median(rates[n].values()) for n in names}
print("median rec/s: " + ", ".join(f"{n} {med[n]:.0f}" for n in names))
for n in names[1:]:
    pairs = [rates[n][r] / rates[base][r] for r in sorted(rates[base], key=int) if r in rates[n]]
    print(f"{n}/{base} {med[n] / med[base]:.2f} (per round {', '.join(f'{x:.2f}' for x in pairs)})")
PY
