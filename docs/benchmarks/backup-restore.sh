#!/usr/bin/env bash
# Backup and restore of a node against the size of its ledger (docs/OPERATIONS.md, "Backup and restore").
# Not run in CI. Build first: mvn -B -q -DskipTests package
#   docs/benchmarks/backup-restore.sh 100000 /tmp/baytrace-backup-100k
# Builds a ledger of N benchmark records (as start-time.sh does), starts a node on it, times
# `baytrace backup`, sizes the backup, times `baytrace restore` (which verifies every entry of the
# copy), and times the restored node's start to "baytrace: ready".
set -euo pipefail
N=${1:-100000}
DIR=${2:-/tmp/baytrace-backup-$N}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/tools/target/baytrace-tools.jar"
CP="$JAR:$ROOT/tools/target/lib/*"
DATA="$DIR/data"
if [ ! -d "$DATA/ledger" ]; then
  java -Xmx2g -cp "$CP" "$ROOT/docs/benchmarks/BuildLedger.java" "$DATA" "$N"
fi
rm -rf "$DIR/backup" "$DIR/restored"
start_node() { # data dir, log file; prints the admin port once ready
  java -Xmx2g -jar "$JAR" node --data "$1" --grpc 127.0.0.1:0 --http 127.0.0.1:0 --admin 127.0.0.1:0 > "$2" 2>&1 &
  echo $! > "$2.pid"
  until grep -q "baytrace: ready" "$2"; do
    if ! kill -0 "$(cat "$2.pid")" 2>/dev/null; then cat "$2"; exit 1; fi
    sleep 0.05
  done
}
start_node "$DATA" "$DIR/live.log"
PORT=$(grep -o "admin on http://127.0.0.1:[0-9]*" "$DIR/live.log" | grep -o "[0-9]*$")
t0=$(date +%s.%N)
java -jar "$JAR" backup --out "$DIR/backup" --admin "127.0.0.1:$PORT" --token-file "$DATA/admin.token"
t1=$(date +%s.%N)
kill -TERM "$(cat "$DIR/live.log.pid")"; wait "$(cat "$DIR/live.log.pid")" 2>/dev/null || true
echo "backup: $(echo "$t1 - $t0" | bc) s (CLI launch included); $(du -sb "$DIR/backup" | cut -f1) bytes" \
  "($(du -sb "$DATA/ledger" | cut -f1) in the live store; hard links on one file system)"
t0=$(date +%s.%N)
java -Xmx2g -jar "$JAR" restore "$DIR/backup" --data "$DIR/restored" --key "$DATA/node.key" 2>/dev/null
t1=$(date +%s.%N)
echo "restore (copy and verify every entry): $(echo "$t1 - $t0" | bc) s"
t0=$(date +%s.%N)
start_node "$DIR/restored" "$DIR/restored.log"
t1=$(date +%s.%N)
echo "restored node ready after $(echo "$t1 - $t0" | bc) s (read-only until restore --accept-published)"
kill -TERM "$(cat "$DIR/restored.log.pid")"; wait "$(cat "$DIR/restored.log.pid")" 2>/dev/null || true
