#!/bin/bash
# The consumer page and EPCIS capture on one node while it grows, each against a comparison
# measured on the same node in the same run (the machine is shared: only these ratios mean
# anything). Needs wrk and curl. Usage (from the repository root, after mvn -B -DskipTests package):
#   tools/bench/pages-under-load.sh [HTTPPORT GRPCPORT ADMINPORT]     e.g. 18481 15451 18491
# Settings (environment): RATE=1000 (records/s of the background bench), SECS=30 (per wrk run),
# CONNS=64 (wrk connections), PAGES=1 (0 skips part 1), CAPTURE=1 (0 skips part 2), DOC_EVENTS=100 (events per capture
# document), CAPTURE_CONNS=4, RECORDS=40000 (bench records for part 2's comparison),
# WARMUP_EVENTS=20000 (capture warm-up, as bench's --warmup 20000).
#
# Part 1, pages under appends: a fresh node with one captured durian lot (tools/bench/durian-lot.jsonld,
# five events); `baytrace bench --rate RATE` appends to the same node in the background; then wrk
# with CONNS connections on GET /v1/ledger/checkpoint, on the lot's consumer page (Accept:
# text/html), and on the page again sending the ETag it had (If-None-Match, a browser's revisit).
# Prints each run and the ratios page/checkpoint for requests/s and p99.
# Part 2, capture against bench: `baytrace bench` (flat out) and then POST /capture of documents of
# DOC_EVENTS new events each (wrk, CAPTURE_CONNS connections, SECS seconds) on the same node;
# events stored per second is the growth of the tree during the wrk run. Prints the ratio.
set -u
port=${1:-18481}; gport=${2:-15451}; aport=${3:-18491}
RATE=${RATE:-1000}; SECS=${SECS:-30}; CONNS=${CONNS:-64}; PAGES=${PAGES:-1}; CAPTURE=${CAPTURE:-1}
DOC_EVENTS=${DOC_EVENTS:-100}; CAPTURE_CONNS=${CAPTURE_CONNS:-4}; RECORDS=${RECORDS:-40000}
WARMUP_EVENTS=${WARMUP_EVENTS:-20000}
root=$(pwd)
here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$root/tools/target/baytrace-tools.jar}
work=$(mktemp -d /tmp/pages-under-load.XXXXXX)
base=http://127.0.0.1:$port
page=/01/08850123000010/10/DUR-2026-0425
load() { cut -d' ' -f1-3 /proc/loadavg; }
size() { curl -s -H 'Accept: text/plain' $base/v1/ledger/checkpoint | sed -n 2p; }

cd "$work" || exit 1
java -jar "$jar" node --data "$work/data" --http 127.0.0.1:$port --grpc 127.0.0.1:$gport --admin 127.0.0.1:$aport \
  > "$work/node.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null' EXIT
for i in $(seq 1 120); do curl -sf $base/v1/ledger/checkpoint >/dev/null && break; sleep 1; done
echo "commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores, load $(load), node pid $node, data $work/data"
curl -s -o /dev/null -w "capture of the durian lot: %{http_code}\n" -H 'Content-Type: application/ld+json' \
  --data-binary @"$here/durian-lot.jsonld" $base/capture
for i in $(seq 1 30); do [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' $base$page)" = 200 ] && break; sleep 1; done

wrk_run() { # label, then wrk arguments; prints requests/s and p99 (ms) on one line
  local label=$1; shift
  local out; out=$(wrk -t2 -c$CONNS -d${SECS}s --timeout 10s --latency "$@" 2>&1)
  local rps; rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  local p99; p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  local other; other=$(echo "$out" | grep -E "Non-2xx|Socket errors" | tr -s ' ' | tr '\n' ' ')
  local ms; ms=$(echo "$p99" | awk '/us$/ {sub("us",""); print $1/1000; next} /ms$/ {sub("ms",""); print $1; next} /s$/ {sub("s",""); print $1*1000}')
  echo "$label: $rps requests/s, p99 $p99 ($ms ms), load $(load) $other" >&2
  echo "$rps $ms"
}

if [ "$PAGES" = 1 ]; then
echo "=== part 1: pages while bench --rate $RATE appends"
etag=$(curl -s -D - -o /dev/null -H 'Accept: text/html' $base$page | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
echo "page ETag $etag; with If-None-Match: $(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' -H "If-None-Match: $etag" $base$page)"
bench_secs=$((SECS * 3 + 30))
for try in 1 2 3; do # a cold bench JVM on a loaded machine may miss its connection deadline: try again
  java -jar "$jar" bench --target 127.0.0.1:$gport --key "$work/data/node.key" --rate $RATE --duration $bench_secs \
    --warmup 0 > "$work/bench-rate.out" 2> "$work/bench-rate.err" &
  bench=$!
  for i in $(seq 1 120); do grep -q "appending" "$work/bench-rate.err" && break; kill -0 $bench 2>/dev/null || break; sleep 1; done
  grep -q "appending" "$work/bench-rate.err" && break
  echo "background bench did not start (try $try): $(tail -1 "$work/bench-rate.err")" >&2
  kill $bench 2>/dev/null; wait $bench 2>/dev/null
done
sleep 10 # the first seconds of appends
s0=$(size)
read -r cp_rps cp_p99 < <(wrk_run "checkpoint" -H 'Accept: text/plain' $base/v1/ledger/checkpoint)
read -r pg_rps pg_p99 < <(wrk_run "consumer page" -H 'Accept: text/html' $base$page)
read -r nm_rps nm_p99 < <(wrk_run "consumer page, If-None-Match (304)" -H 'Accept: text/html' -H "If-None-Match: $etag" $base$page)
s1=$(size)
echo "tree grew by $((s1 - s0)) entries during the three wrk runs ($(( (s1 - s0) / (SECS * 3) )) per second)"
wait $bench
tail -1 "$work/bench-rate.out"; grep -i "error\|refused" "$work/bench-rate.err" | head -3
awk -v a="$pg_rps" -v b="$cp_rps" -v c="$pg_p99" -v d="$cp_p99" -v e="$nm_rps" -v f="$nm_p99" 'BEGIN {
  printf "ratio page/checkpoint: requests/s %.2f (target >= 0.5), p99 %.2f (target <= 2); with If-None-Match: requests/s %.2f, p99 %.2f\n", a/b, c/d, e/b, f/d }'
fi

[ "$CAPTURE" = 1 ] || exit 0
echo "=== part 2: EPCIS capture against bench, same node"
cat > "$work/capture.lua" <<LUA
local counter = 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) math.randomseed(os.time() + tid) ; prefix = string.format("%08x", math.random(0, 0x7fffffff)) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/ld+json"
function request()
  counter = counter + 1
  local events = {}
  for i = 1, $DOC_EVENTS do
    local id = string.format("%s-%04x-4000-8000-%012x", prefix, i, counter)
    events[i] = '{"type":"ObjectEvent","eventID":"urn:uuid:' .. id .. '",'
      .. '"eventTime":"2026-11-28T08:00:00.000+08:00","eventTimeZoneOffset":"+08:00",'
      .. '"epcList":["https://id.gs1.org/01/09506000134352/21/' .. prefix .. '-' .. counter .. '-' .. i .. '"],'
      .. '"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",'
      .. '"readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"},"bizLocation":{"id":"urn:epc:id:sgln:6901234.00002.0"}}'
  end
  local body = '{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],'
    .. '"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-28T08:00:00.000+08:00",'
    .. '"epcisBody":{"eventList":[' .. table.concat(events, ",") .. ']}}'
  return wrk.format(nil, nil, nil, body)
end
LUA
for try in 1 2 3; do # as in part 1: a cold bench JVM on a loaded machine may miss its connection deadline
  java -jar "$jar" bench --target 127.0.0.1:$gport --key "$work/data/node.key" --records $RECORDS --warmup 20000 \
    > "$work/bench.out" 2> "$work/bench.err" && break
  echo "bench did not finish (try $try): $(grep -m1 -i "error" "$work/bench.err")" >&2
done
bench_line=$(tail -1 "$work/bench.out"); echo "$bench_line, load $(load)"
bench_rps=$(echo "$bench_line" | sed -E 's/.* ([0-9]+) rec\/s.*/\1/')
# warm the capture path (JIT), not measured: as bench's --warmup 20000 records, WARMUP_EVENTS events
# stored (in 10 s runs, at most 12 of them)
w0=$(size)
for i in $(seq 1 12); do
  wrk -t1 -c2 -d10s -s "$work/capture.lua" $base/capture > /dev/null 2>&1
  [ $(( $(size) - w0 )) -ge "$WARMUP_EVENTS" ] && break
done
sleep 5
echo "capture warm-up: $(( $(size) - w0 )) events stored, load $(load)"
c0=$(size); t0=$(date +%s.%N)
wrk -t2 -c$CAPTURE_CONNS -d${SECS}s --timeout 30s -s "$work/capture.lua" $base/capture 2>&1 \
  | grep -E "Requests/sec|requests in|Non-2xx|Socket errors" | sed 's/^/capture wrk: /'
c1=$(size); t1=$(date +%s.%N)
awk -v n=$((c1 - c0)) -v t0=$t0 -v t1=$t1 -v b="$bench_rps" -v l="$(load)" 'BEGIN {
  r = n / (t1 - t0); printf "capture: %d events stored in %.1f s, %.0f events/s, load %s\n", n, t1 - t0, r, l
  printf "ratio capture/bench: %.2f (target >= 0.5)\n", r / b }'
