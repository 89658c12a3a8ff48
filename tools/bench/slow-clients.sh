#!/bin/bash
# Latency of GET /v1/ledger/checkpoint and the consumer page, without and then with 16 trickling
# uploads (POST /capture, Content-Length 8000000, one byte every 3 s), for one node build, in one
# run. With WITNESSPORT, then the same for a witness of that node's ledger (baytrace witness):
# POST /add-checkpoint (the node's checkpoint again, a cosignature each time) and GET /, without and
# with 16 trickling add-checkpoints (Content-Length 2000, one byte every 3 s, each replaced when the
# witness ends it at its body deadline). Needs wrk, curl and python3. Usage (from the repository
# root, after mvn -B -DskipTests package):
#   tools/bench/slow-clients.sh NAME JARDIR HTTPPORT GRPCPORT [WITNESSPORT]
#   e.g. tools/bench/slow-clients.sh this tools/target 18181 15151 18090
name=$1; dir=$(cd "$2" && pwd); port=$3; gport=$4; wport=$5
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
if [ -n "$wport" ]; then
  w=/tmp/bench-witness-$name; rm -rf $w; mkdir -p $w
  curl -s -H 'Accept: text/plain' http://127.0.0.1:$port/v1/ledger/checkpoint > $w/checkpoint
  curl -s http://127.0.0.1:$port/v1/ledger/vkeys > $w/vkeys
  origin=$(head -1 $w/checkpoint); size=$(sed -n 2p $w/checkpoint)
  java -jar $dir/baytrace-tools.jar witness --name bench.example/witness --key $w/witness.key \
    --log "$origin=$w/vkeys" --state $w/state --listen 127.0.0.1:$wport > $w/witness.log 2>&1 &
  witness=$!
  for i in $(seq 1 60); do curl -sf http://127.0.0.1:$wport/ >/dev/null && break; sleep 1; done
  { printf 'old 0\n\n'; cat $w/checkpoint; } > $w/first
  { printf 'old %s\n\n' $size; cat $w/checkpoint; } > $w/again
  curl -s -o /dev/null -w "first add-checkpoint %{http_code}\n" --data-binary @$w/first http://127.0.0.1:$wport/add-checkpoint
  cat > $w/post.lua <<LUA
wrk.method = "POST"
local f = io.open("$w/again", "rb"); wrk.body = f:read("*a"); f:close()
LUA
  for phase in without with; do
    if [ $phase = with ]; then python3 "$here/trickle.py" $wport 16 3 /add-checkpoint 2000 & tr=$!; sleep 3; fi
    echo "=== witness $name $phase tricklers POST /add-checkpoint"
    curl -s -o /dev/null -w "check: %{http_code} %{content_type}\n" -m 30 --data-binary @$w/again http://127.0.0.1:$wport/add-checkpoint
    wrk -t2 -c8 -d15s --timeout 10s --latency -s $w/post.lua http://127.0.0.1:$wport/add-checkpoint 2>&1 | grep -E "Latency|50%|90%|99%|Requests/sec|requests in|timeout|Non-2xx"
    echo "=== witness $name $phase tricklers GET /"
    curl -s -o /dev/null -w "check: %{http_code} %{content_type}\n" -m 30 http://127.0.0.1:$wport/
    wrk -t2 -c8 -d15s --timeout 10s --latency http://127.0.0.1:$wport/ 2>&1 | grep -E "Latency|50%|90%|99%|Requests/sec|requests in|timeout|Non-2xx"
    if [ $phase = with ]; then kill $tr; fi
  done
  kill $witness; wait $witness 2>/dev/null
fi
kill $node; wait $node 2>/dev/null
