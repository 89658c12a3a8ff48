#!/usr/bin/env bash
# Three members on this machine against the machine's verify ceiling, one command: the example
# node-config/examples/gba-3 without its TLS tables (plaintext on loopback, the barge operator also
# given the operator role so it may write the bench's record kind), started once per JVM
# configuration, all clusters up at once, each warmed up, then `baytrace bench` against each
# cluster's leader in turn, ROUNDS times, rotating which goes first. The bench measures the verify
# ceiling and the throughput in the same run and prints the cluster ratio (throughput ÷ (ceiling ÷
# members)) in its last line; this script prints every run and the median per configuration.
#
#   tools/bench/cluster-ratio.sh [WORKDIR]
#
# CONFIGS   configurations as "name=JVM options" separated by ";", the options given to every
#           member through BAYTRACE_JAVA_OPTS (after the launcher's own, so they override it);
#           default "launcher=" (the launcher's settings alone)
# ROUNDS=3 RECORDS=40000 WARMUP=60000   measured rounds, records per run, warm-up records
# PROFILE=1 also takes `jstack` of every member before and after each measured run and prints
#           microseconds of CPU per record per part of the node (tools/bench/thread-cpu.py)
# PORT_BASE=2000 ports move by PORT_BASE + 100 × the configuration's position (gRPC 50061+, Raft
#           50071+, HTTP 8081+ in the example); pick another base if those are taken
# BAYTRACE  the command (default: tools/baytrace of this checkout)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
baytrace="${BAYTRACE:-$here/../baytrace}"
example="$here/../../node-config/examples/gba-3"
work="${1:-$(mktemp -d -t baytrace-cluster-ratio.XXXXXX)}"
rounds="${ROUNDS:-3}"; records="${RECORDS:-40000}"; warmup="${WARMUP:-60000}"; port_base="${PORT_BASE:-2000}"
IFS=';' read -r -a configs <<< "${CONFIGS:-launcher=}"
nodes=(nansha-customs nansha-port pearl-barge)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
name_of() { echo "${1%%=*}"; }
opts_of() { echo "${1#*=}"; }

declare -A member_pids
for k in "${!configs[@]}"; do
  name=$(name_of "${configs[$k]}"); dir="$work/$name"; shift_by=$((port_base + 100 * k))
  mkdir -p "$dir"
  cp "$example"/*.toml "$dir/"
  sed "s|^baytrace=.*|baytrace=\"$baytrace\"|" "$example/init.sh" > "$dir/init.sh"
  [ -d "$work/keys" ] && cp -r "$work/keys" "$work/tls" "$dir/"   # one set of keys for all configurations
  for n in "${nodes[@]}"; do
    python3 - "$dir/$n.toml" "$shift_by" <<'PY'
import re, sys
path, shift = sys.argv[1], int(sys.argv[2])
out, skip = [], False
for line in open(path):
    if re.match(r"\s*\[", line):
        skip = bool(re.match(r"\s*\[(grpc|http|raft)\.tls\]", line))
    if skip or line.strip().startswith("tls_cert_file"):
        continue
    line = line.replace('roles = ["barge_operator", "carrier"]', 'roles = ["barge_operator", "carrier", "operator"]')
    line = re.sub(r"127\.0\.0\.1:(50061|50062|50063|50071|50072|50073|8081|8082|8083)\b",
                  lambda m: "127.0.0.1:%d" % (int(m.group(1)) + shift), line)
    out.append(line)
open(path, "w").write("".join(out))
PY
  done
  (cd "$dir" && bash init.sh >/dev/null)   # keys (if new) and the genesis of this copy's files
  [ -d "$work/keys" ] || cp -r "$dir/keys" "$dir/tls" "$work/"
  for n in "${nodes[@]}"; do
    admin=$(free_port)
    (cd "$dir" && BAYTRACE_JAVA_OPTS="$(opts_of "${configs[$k]}")" exec $baytrace node --config "$n.toml" \
      --admin "127.0.0.1:$admin" >"$n.log" 2>&1) & pids+=($!); member_pids["$name/$n"]=$!
  done
done

leader() { # $1 = configuration index: prints the leader's gRPC port once the members agree on one
  local shift_by=$((port_base + 100 * $1)) name; name=$(name_of "${configs[$1]}")
  for _ in $(seq 1 600); do
    local l i
    l=$(curl -s -m 5 "http://127.0.0.1:$((8081 + shift_by))/v1/cluster" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin).get("leader") or "")' 2>/dev/null || true)
    for i in 0 1 2; do
      if [ -n "$l" ] && [ "${nodes[$i]}" = "$l" ]; then echo $((50061 + shift_by + i)); return 0; fi
    done
    sleep 1
  done
  echo "no leader in configuration $name; see $work/$name/*.log" >&2; exit 3
}
# The bench JVM runs with the launcher's defaults, whatever the members get.
bench_once() { # $1 = configuration index, $2 = warm-up records
  local name port; name=$(name_of "${configs[$1]}"); port=$(leader "$1")
  (cd "$work/$name" && BAYTRACE_JAVA_OPTS= $baytrace bench --target "127.0.0.1:$port" --key keys/pearl-barge.key \
    --org pearl-barge --records "$records" --warmup "$2" 2>>bench.err | tail -1)
}
# A cold bench JVM on a loaded machine may not connect within its deadline: such an attempt
# measured nothing; it is said on stderr and tried again.
bench() {
  local attempt out
  for attempt in 1 2 3 4 5; do
    if out=$(bench_once "$@"); then echo "$out"; return 0; fi
    echo "bench against $(name_of "${configs[$1]}") failed (attempt $attempt); see its bench.err" >&2
    sleep 10
  done
  echo "FAILED: five attempts"
}
jstacks() { # $1 = configuration index, $2 = tag: one jstack per member into the profile directory
  local name n; name=$(name_of "${configs[$1]}")
  for n in "${nodes[@]}"; do jstack "${member_pids[$name/$n]}" > "$work/profile/$name-$n-$2.txt" 2>/dev/null || true; done
}

mkdir -p "$work/profile"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); configurations:" \
  "$(printf '%s; ' "${configs[@]}")$rounds rounds of $records records after $warmup warm-up"
for k in "${!configs[@]}"; do bench "$k" "$warmup" >/dev/null; done   # JIT warm-up, not reported
n=${#configs[@]}
for r in $(seq 1 "$rounds"); do
  for j in $(seq 0 $((n - 1))); do
    k=$(( (j + r - 1) % n )); name=$(name_of "${configs[$k]}")
    [ -n "${PROFILE:-}" ] && jstacks "$k" "r$r-before"
    line=$(bench "$k" 0)
    if [ -n "${PROFILE:-}" ]; then
      jstacks "$k" "r$r-after"
      args=(); for m in "${nodes[@]}"; do args+=("$work/profile/$name-$m-r$r-before.txt" "$work/profile/$name-$m-r$r-after.txt"); done
      python3 "$here/thread-cpu.py" "$records" "${args[@]}" | sed "s/^/#   $name round $r: /" >> "$work/profile/summary.txt"
    fi
    printf '%s\t%s\tload %s\t%s\n' "$r" "$name" "$(cut -d' ' -f1-3 /proc/loadavg)" "$line"
  done
done | tee "$work/results.tsv"
[ -f "$work/profile/summary.txt" ] && cat "$work/profile/summary.txt"
python3 - "$work/results.tsv" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    m = re.search(r"(\d+) rec/s.*verify ceiling (\d+)/s.*members (\d+), cluster ratio ([0-9.]+)", line)
    if m:
        runs.setdefault(f[1], []).append((int(m.group(1)), int(m.group(2)), float(m.group(4))))
for name, rs in runs.items():
    print(f"{name}: median rec/s {statistics.median(r[0] for r in rs):.0f}, median verify ceiling "
          f"{statistics.median(r[1] for r in rs):.0f}/s, median cluster ratio {statistics.median(r[2] for r in rs):.2f} "
          f"(runs: {[r[2] for r in rs]})")
PY
