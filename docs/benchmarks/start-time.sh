#!/usr/bin/env bash
# Start time of a node against the size of its ledger (docs/OPERATIONS.md, "Start time").
# Not run in CI. Build first: mvn -B -q -DskipTests package
#   docs/benchmarks/start-time.sh 1000000 /tmp/baytrace-start-1m
# Prints, for three starts in a row, the seconds from launching `baytrace node` to its
# "baytrace: ready" line (at which /readyz answers 200). The first start after the build also
# verifies every entry (no verified size yet) and catches up the EPCIS projection; the later ones
# show the steady state.
set -euo pipefail
N=${1:-1000000}
DIR=${2:-/tmp/baytrace-start-$N}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CP="$ROOT/tools/target/baytrace-tools.jar:$ROOT/tools/target/lib/*"
if [ ! -d "$DIR/ledger" ]; then
  java -Xmx2g -cp "$CP" "$ROOT/docs/benchmarks/BuildLedger.java" "$DIR" "$N"
fi
echo "data: $(du -sb "$DIR/ledger" | cut -f1) bytes in $DIR/ledger for $N entries"
for run in 1 2 3; do
  LOG=$(mktemp)
  t0=$(date +%s.%N)
  java -Xmx2g -jar "$ROOT/tools/target/baytrace-tools.jar" node --data "$DIR" --grpc 127.0.0.1:0 --http 127.0.0.1:0 \
    --admin 127.0.0.1:0 > "$LOG" 2>&1 &
  PID=$!
  until grep -q "baytrace: ready" "$LOG"; do
    if ! kill -0 "$PID" 2>/dev/null; then cat "$LOG"; exit 1; fi
    sleep 0.05
  done
  t1=$(date +%s.%N)
  echo "start $run: ready after $(echo "$t1 - $t0" | bc) s"
  kill -TERM "$PID"; wait "$PID" || true
  rm -f "$LOG"
done
