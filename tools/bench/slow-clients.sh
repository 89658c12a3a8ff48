#!/bin/bash
# Latency of GET /v1/ledger/checkpoint and the consumer page, without and then with 16 trickling
# uploads (POST /capture, Content-Length 8000000, one byte every 3 s), for one node build, in one
# run. Needs wrk, curl and python3. Usage (from the repository root, after mvn -B -DskipTests package):
#   tools/bench/slow-clients.sh NAME JARDIR HTTPPORT GRPCPORT
#   e.g. tools/bench/slow-clients.sh this tools/target 18181 15151
name=$1; dir=$(cd "$2" && pwd); port=$3; gport=$4
home=$(pwd)
here=$(cd "$(dirname "$0")" && pwd)
data=/tmp/bench-data-$name; rm -rf $data
cd /tmp; java -Dbaytrace.home="$home" -jar $dir/baytrace-tools.jar node --data $data --http 127.0.0.1:$port --grpc 127.0.0.1:$gport > /tmp/bench-node-$name.log 2>&1 &
node=$!
for i in $(seq 1 120); do curl -sf http://127.0.0.1:$port/v1/ledger/checkpoint >/dev/null && break; sleep 1; done
curl -s -o /dev/null -w "capture %{http_code}\n" -H 'Content-Type: application/ld+json' --data '{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"ObjectEvent","eventTime":"2026-11-28T08:00:00Z","eventTimeZoneOffset":"+08:00","epcList":["https://id.gs1.org/01/09506000134352/21/DURIAN-0425"],"action":"OBSERVE","bizStep":"shipping"}' http://127.0.0.1:$port/events
page=/01/09506000134352/21/DURIAN-0425
for phase in without with; do
  if [ $phase = with ]; then python3 "$here/trickle.py" $port 16 3 & tr=$!; sleep 3; fi
  for path in /v1/ledger/checkpoint $page; do
    echo "=== $name $phase tricklers $path"
    accept='text/plain'; [ $path = $page ] && accept='text/html'
    curl -s -o /dev/null -w "check: %{http_code} %{content_type}\n" -m 30 -H "Accept: $accept" http://127.0.0.1:$port$path
    wrk -t2 -c8 -d15s --timeout 10s --latency -H "Accept: $accept" http://127.0.0.1:$port$path 2>&1 | grep -E "Latency|50%|90%|99%|Requests/sec|requests in|timeout|Non-2xx"
  done
  if [ $phase = with ]; then kill $tr; fi
done
kill $node; wait $node 2>/dev/null
