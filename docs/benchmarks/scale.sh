#!/usr/bin/env bash
# One row of the scale table in docs/OPERATIONS.md ("Measured here"): what a node holding N
# entries costs and how fast it answers. Not run in CI. Needs wrk and curl. Build first
# (mvn -B -q -DskipTests package), then from the repository root:
#   docs/benchmarks/scale.sh 1000000 /tmp/baytrace-scale-1m
# DIR is made with docs/benchmarks/BuildLedger.java if it holds no ledger yet (bench records,
# 1,000 subjects). In order, on that store:
#   1. `baytrace compact`, then bytes per entry of data/ledger (`du -sb`);
#   2. `baytrace fsck` (every entry verified; also records the verified size start relies on);
#   3. a node start, seconds from launch to "baytrace: ready";
#   4. one durian lot captured (tools/bench/durian-lot.jsonld), then wrk (CONNS connections, SECS
#      seconds each) on GET /v1/ledger/checkpoint (the comparison), on one bench subject's
#      history (HISTORY_LIMIT entries of a subject holding N/1000 of them) and on the
#      lot's consumer page;
#   5. `baytrace bench` (RECORDS records after as many of warm-up): the append rate at this size.
# The last line sums the row up. Every figure depends on what else runs on the machine: the
# script prints the load average next to each.
set -euo pipefail
N=${1:?usage: scale.sh N DIR}
DIR=${2:?usage: scale.sh N DIR}
SECS=${SECS:-15}; CONNS=${CONNS:-64}; RECORDS=${RECORDS:-20000}; HISTORY_LIMIT=${HISTORY_LIMIT:-20}
HTTP=${HTTP:-18581}; GRPC=${GRPC:-15551}; ADMIN=${ADMIN:-18591}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/tools/target/baytrace-tools.jar}
CP="$JAR:$(dirname "$JAR")/lib/*"
base=http://127.0.0.1:$HTTP
page=/01/08850123000010/10/DUR-2026-0425
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
secs() { printf "%.1f" "$(echo "$2 - $1" | bc)"; }
baytrace() { java -Xmx2g -jar "$JAR" "$@"; }

echo "scale: N=$N, data $DIR, commit $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, load $(load)"
if [ ! -d "$DIR/ledger" ]; then
  t0=$(now); java -Xmx2g -cp "$CP" "$ROOT/docs/benchmarks/BuildLedger.java" "$DIR" "$N"
  echo "scale: built in $(secs "$t0" "$(now)") s"
fi

t0=$(now); baytrace compact --data "$DIR" | tail -1
compact_s=$(secs "$t0" "$(now)")
bytes=$(du -sb "$DIR/ledger" | cut -f1)
echo "scale: data/ledger $bytes bytes after compaction ($((bytes / N)) B/entry), compact $compact_s s, load $(load)"

t0=$(now); baytrace fsck --data "$DIR" 2>/dev/null | tail -2
fsck_s=$(secs "$t0" "$(now)")
echo "scale: fsck $fsck_s s, load $(load)"

LOG=$(mktemp)
t0=$(now)
java -Xmx2g -jar "$JAR" node --data "$DIR" --grpc 127.0.0.1:$GRPC --http 127.0.0.1:$HTTP --admin 127.0.0.1:$ADMIN \
  > "$LOG" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; rm -f "$LOG"' EXIT
until grep -q "baytrace: ready" "$LOG"; do
  if ! kill -0 "$PID" 2>/dev/null; then cat "$LOG"; exit 1; fi
  sleep 0.05
done
start_s=$(secs "$t0" "$(now)")
echo "scale: ready after $start_s s, load $(load); start phases:"
grep -E " in [0-9.]+ s|rebuilt|snapshot" "$LOG" | sed 's/^/  /' || true

curl -s -o /dev/null -w "scale: capture of the durian lot: %{http_code}\n" -H 'Content-Type: application/ld+json' \
  --data-binary @"$ROOT/tools/bench/durian-lot.jsonld" $base/capture
for i in $(seq 1 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' $base$page)" = 200 ] && break; sleep 1
done

wrk_run() { # label, then wrk arguments; prints "requests/s p50-ms p99-ms"
  local label=$1; shift
  local out; out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s --latency "$@" 2>&1)
  local rps; rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  local ms; ms=$(echo "$out" | awk '$1 == "50%" || $1 == "99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) {sub("ms","",v)} else {sub("s","",v); v*=1000}; printf "%s ", v}')
  local other; other=$(echo "$out" | grep -E "Non-2xx|Socket errors" | tr -s ' ' | tr '\n' ' ' || true)
  echo "scale: $label: $rps requests/s, p50/p99 ms $ms, load $(load) $other" >&2
  echo "$rps $ms"
}
subject=urn:baytrace:bench:subject:7
read -r cp_rps cp_p50 cp_p99 < <(wrk_run "checkpoint" -H 'Accept: text/plain' $base/v1/ledger/checkpoint)
read -r hs_rps hs_p50 hs_p99 < <(wrk_run "subject history ($HISTORY_LIMIT of $((N / 1000)))" \
  "$base/v1/ledger/subjects/$subject/history?limit=$HISTORY_LIMIT")
read -r pg_rps pg_p50 pg_p99 < <(wrk_run "consumer page" -H 'Accept: text/html' $base$page)

bench_line=$(baytrace bench --target 127.0.0.1:$GRPC --key "$DIR/node.key" --records "$RECORDS" --warmup "$RECORDS" \
  2>/dev/null | tail -1)
echo "scale: $bench_line, load $(load)"
append=$(echo "$bench_line" | sed -E 's/.* ([0-9]+) rec\/s.*/\1/')

echo "scale: N=$N | $((bytes / N)) B/entry | fsck ${fsck_s} s | ready ${start_s} s | append ${append} rec/s" \
  "| history p50/p99 ${hs_p50}/${hs_p99} ms (${hs_rps}/s) | page p50/p99 ${pg_p50}/${pg_p99} ms (${pg_rps}/s)" \
  "| checkpoint ${cp_rps}/s | load $(load)"
