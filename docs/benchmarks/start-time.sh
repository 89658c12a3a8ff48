#!/usr/bin/env bash
# Start time of a node against the size of its ledger (docs/OPERATIONS.md, "Start time").
# Not run in CI. Build first: mvn -B -q -DskipTests package
#   docs/benchmarks/start-time.sh 1000000 /tmp/baytrace-start-1m
# Prints, for three starts in a row, the seconds from launching `baytrace node` to its
# "baytrace: ready" line (at which /readyz answers 200), with the node's start-phase lines.
# A store of an older format is migrated first (`baytrace migrate`). The first start after a
# build or a migration verifies the entries above the verified size and replays the log once
# through the apply rules (no snapshots yet), and each stop writes the rules' snapshots; the
# later starts show the steady state.
set -euo pipefail
N=${1:-1000000}
DIR=${2:-/tmp/baytrace-start-$N}
RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CP="$ROOT/tools/target/baytrace-tools.jar:$ROOT/tools/target/lib/*"
if [ ! -d "$DIR/ledger" ]; then
  java -Xmx2g -cp "$CP" "$ROOT/docs/benchmarks/BuildLedger.java" "$DIR" "$N"
fi
java -jar "$ROOT/tools/target/baytrace-tools.jar" migrate --data "$DIR" 2>&1 | grep -v '^\s*$' | tail -2
echo "data: $(du -sb "$DIR/ledger" | cut -f1) bytes in $DIR/ledger for $N entries; load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
  LOG=$(mktemp)
  t0=${EPOCHREALTIME/,/.}
  # Each line of the node's output gets the seconds since launch, so the phases can be told apart.
  java -Xmx2g -jar "$ROOT/tools/target/baytrace-tools.jar" node --data "$DIR" --grpc 127.0.0.1:0 --http 127.0.0.1:0 \
    --admin 127.0.0.1:0 > >(while IFS= read -r line; do
      printf '%7.1f s  %s\n' "$(echo "${EPOCHREALTIME/,/.} - $t0" | bc)" "$line"; done > "$LOG") 2>&1 &
  PID=$!
  until grep -q "baytrace: ready" "$LOG"; do
    if ! kill -0 "$PID" 2>/dev/null; then cat "$LOG"; exit 1; fi
    sleep 0.05
  done
  t1=${EPOCHREALTIME/,/.}
  echo "start $run: ready after $(echo "$t1 - $t0" | bc) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E "opening ledger|store open in|projection open in|installed in|rule [a-z.-]+: |gRPC on|ready" "$LOG" \
    | sed 's/^/  /'
  kill -TERM "$PID"; wait "$PID" || true
  rm -f "$LOG"
done
