#!/usr/bin/env bash
# Bytes per entry of the ledger store after a full compaction, with this build's per-level
# compression against the same store written uncompressed as earlier builds stored it
# (docs/OPERATIONS.md, "Disk"). Not run in CI. Build first: mvn -B -q -DskipTests package
#   docs/benchmarks/disk.sh 1000000 /tmp/baytrace-disk-1m
set -euo pipefail
N=${1:-1000000}
DIR=${2:-/tmp/baytrace-disk-$N}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CP="$ROOT/tools/target/baytrace-tools.jar:$ROOT/tools/target/lib/*"
rm -rf "$DIR/compressed" "$DIR/uncompressed"
java -Xmx2g -cp "$CP" "$ROOT/docs/benchmarks/BuildLedger.java" "$DIR/compressed" "$N"
cp -r "$DIR/compressed" "$DIR/uncompressed"
java -cp "$ROOT/tools/target/lib/*" "$ROOT/docs/benchmarks/Uncompressed.java" "$DIR/uncompressed/ledger" | tee "$DIR/uncompressed.txt"
java -jar "$ROOT/tools/target/baytrace-tools.jar" compact --data "$DIR/compressed" | tee "$DIR/compressed.txt"
old=$(sed -n 's/^uncompressed: total \([0-9,]*\) bytes.*/\1/p' "$DIR/uncompressed.txt" | tr -d ,)
new=$(grep -v '^baytrace: compact: .*: [0-9,]* entries' "$DIR/compressed.txt" | sed -n 's/.* \([0-9,]*\) bytes in files.*/\1/p' | tr -d , | paste -sd+ | bc)
echo "disk: $N entries: uncompressed $old bytes ($(echo "scale=1; $old / $N" | bc) per entry), compressed $new bytes ($(echo "scale=1; $new / $N" | bc) per entry), ratio $(echo "scale=3; $new / $old" | bc)"
