#!/usr/bin/env bash
# Runs the README's three-organisation walkthrough ("A three-organisation network" and "Changing
# the registry") against three real node processes, and exits non-zero at the first command that
# fails or answers otherwise than the README says. Every command it runs must appear in the README
# word for word, so the two cannot drift apart.
#
#   node-config/examples/gba-3/walkthrough.sh [WORKDIR]
#
# It works on a copy of this directory in WORKDIR (default: a new temporary directory, deleted
# afterwards unless it failed), laid out like the repository so the README's ../../../tools/baytrace
# paths hold. The example's ports (8081-8083, 50061-50063, 50071-50073, 9471-9473) must be free.
# It takes a few minutes: every command is a JVM start, and init.sh makes 21 keys and certificates.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
readme="$root/README.md"

for port in 8081 8082 8083 50061 50062 50063 50071 50072 50073 9471 9472 9473; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "walkthrough: port 127.0.0.1:$port is in use; the gba-3 example needs it (stop what listens there)" >&2
    exit 2
  fi
done

"$root/tools/baytrace" --version >/dev/null   # builds once if needed; the commands below reuse it
export BAYTRACE_NO_BUILD=1

if [ $# -gt 0 ]; then work="$1"; mkdir -p "$work"; keep=1; else work="$(mktemp -d)"; keep=0; fi
mkdir -p "$work/node-config/examples"
ln -sfn "$root/tools" "$work/tools"
rm -rf "$work/node-config/examples/gba-3"
mkdir "$work/node-config/examples/gba-3"
cp -r "$here/init.sh" "$here"/*.toml "$here/records" "$work/node-config/examples/gba-3/"
cd "$work/node-config/examples/gba-3"

pids=()
ok=0
finish() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "$rc" = 0 ] && [ "$ok" = 1 ]; then
    echo "walkthrough: every README command worked as written (${SECONDS}s)"
    [ "$keep" = 1 ] || rm -rf "$work"
  else
    echo "walkthrough: FAILED after ${SECONDS}s; commands, outputs and node logs in $work/node-config/examples/gba-3" >&2
  fi
}
trap finish EXIT

# in_readme 'COMMAND': every line of COMMAND is in the README word for word.
in_readme() {
  local line
  while IFS= read -r line; do
    if ! grep -qF -- "$line" "$readme"; then
      echo "walkthrough: not in the README as written: $line" >&2
      exit 1
    fi
  done <<<"$1"
}

n=0
# run 'COMMAND' [REGEX [RC]]: COMMAND runs in the example directory; its output (stdout and
# stderr) must match the extended REGEX and its exit code must be RC (default 0).
run() {
  local cmd="$1" want="${2:-}" want_rc="${3:-0}" rc=0
  n=$((n + 1))
  echo "\$ $cmd"
  eval "$cmd" >"step-$n.out" 2>&1 || rc=$?
  sed 's/^/    /' "step-$n.out" | head -n 12
  [ -z "$(tail -c 1 "step-$n.out")" ] || echo
  if [ "$rc" != "$want_rc" ]; then
    echo "walkthrough: step $n exited $rc, want $want_rc: $cmd" >&2
    exit 1
  fi
  if [ -n "$want" ] && ! grep -Eq -- "$want" "step-$n.out"; then
    echo "walkthrough: step $n: output does not match /$want/: $cmd" >&2
    exit 1
  fi
}

# step 'COMMAND' [REGEX [RC]]: a command of the README, as written there, run as by run.
step() {
  in_readme "$1"
  run "$@"
}

# Waits until a node logs "ready" (or exits, or 300 s pass).
ready() {
  local node="$1" pid="$2"
  for _ in $(seq 300); do
    grep -q '^baytrace: ready' "$node.log" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "walkthrough: node $node exited:" >&2; tail -n 20 "$node.log" >&2; exit 1; }
    sleep 1
  done
  echo "walkthrough: node $node not ready after 300 s" >&2
  exit 1
}

# ---- A three-organisation network ----------------------------------------------------------
step './init.sh' 'genesis.json signed by 3 founding organisations'
step './init.sh' 'member certificate sha256:'   # idempotent: keeps what exists
step 'export BAYTRACE_TLS_CA=$PWD/tls/ca.pem'
# start NODE: the README's command for NODE, in the background (the README: its own terminal).
start() {
  local cmd="../../../tools/baytrace node --config $1.toml"
  in_readme "$cmd"
  echo "\$ $cmd &   (log: $1.log)"
  $cmd >>"$1.log" 2>&1 &
  pid[$1]=$!
  pids+=($!)
}
declare -A pid
for node in nansha-customs nansha-port pearl-barge; do start "$node"; done
for node in nansha-customs nansha-port pearl-barge; do ready "$node" "${pid[$node]}"; done

step 'export BAYTRACE_TARGET=127.0.0.1:50062'
step '../../../tools/baytrace append --key keys/pearl-barge.key --org pearl-barge --file records/loading.jsonl' \
  '2 appended, 0 refused'
# Cosignatures follow the append: wait until all three nodes serve size 3 (the genesis and the
# two records) signed by all three.
for _ in $(seq 60); do
  all=1
  for port in 8081 8082 8083; do
    cp="$(curl -s --cacert tls/ca.pem "https://127.0.0.1:$port/v1/ledger/checkpoint" || true)"
    [ "$(sed -n 2p <<<"$cp")" = 3 ] && [ "$(grep -c '^— ' <<<"$cp")" = 3 ] || all=0
  done
  [ "$all" = 1 ] && break
  sleep 1
done
step 'for port in 8081 8082 8083; do curl -s --cacert tls/ca.pem https://127.0.0.1:$port/v1/ledger/checkpoint; echo; done' \
  '— pearl-barge'
[ "$(grep -c '^— ' "step-$n.out")" = 9 ] || { echo "walkthrough: not every node serves a checkpoint signed by all three" >&2; exit 1; }
[ "$(grep -xc 3 "step-$n.out")" = 3 ] || { echo "walkthrough: not every node serves tree size 3" >&2; exit 1; }
root2="$(awk 'prev == "3" { print } { prev = $0 }' "step-$n.out" | sort -u)"
[ "$(wc -l <<<"$root2")" = 1 ] || { echo "walkthrough: the nodes' roots differ: $root2" >&2; exit 1; }
step 'curl -s --cacert tls/ca.pem https://127.0.0.1:8081/v1/cluster' '"treeSize":3'
step 'for port in 8081 8082 8083; do curl -s --cacert tls/ca.pem https://127.0.0.1:$port/v1/ledger/vkeys; done > gba.vkeys'
[ "$(wc -l <gba.vkeys)" = 3 ] || { echo "walkthrough: gba.vkeys does not hold three keys" >&2; exit 1; }
step '../../../tools/baytrace receipt 1 --target 127.0.0.1:50063 --out receipt.json' 'written to receipt.json'
step '../../../tools/baytrace verify receipt.json --trust gba.vkeys --min-signers 3' 'VERIFIED: entry 1'
# A stranger cannot reach Raft: the handshake without a member certificate fails.
if curl -s --max-time 10 --cacert tls/members-ca.pem https://127.0.0.1:50071/ >/dev/null 2>&1; then
  echo "walkthrough: a client without a member certificate got an answer from Raft port 50071" >&2
  exit 1
fi

# A member whose disk was damaged is re-seeded from the other two (here: stopped with kill -9).
kill -9 "${pid[nansha-port]}"
wait "${pid[nansha-port]}" 2>/dev/null || true
step '../../../tools/baytrace reseed --config nansha-port.toml' 'now start the member'
mv nansha-port.log nansha-port.before-reseed.log
start nansha-port
ready nansha-port "${pid[nansha-port]}"
for _ in $(seq 120); do
  [ "$(curl -s --cacert tls/ca.pem https://127.0.0.1:8082/v1/ledger/checkpoint | sed -n 2p)" = 3 ] && break
  sleep 1
done
run 'curl -s --cacert tls/ca.pem https://127.0.0.1:8082/v1/ledger/checkpoint' '^3$'
[ "$(sed -n 3p "step-$n.out")" = "$root2" ] \
  || { echo "walkthrough: the re-seeded node serves another root than before" >&2; exit 1; }

# ---- Changing the registry -----------------------------------------------------------------
step 'B=../../../tools/baytrace'
run '$B registry show --at-index 0' 'index 0  governance.AdoptRegistry: adopt the registry'

step '$B keygen --out keys/macao-customs.key' 'public key: +keys/macao-customs.key.pub'
step '$B registry propose --add-org macao-customs --name "Macao Customs Service" --role customs \
  --gs1-prefix 9580001 --public-key keys/macao-customs.key.pub --summary "Macao customs joins" --out macao.json' \
  'governance.AddOrg'
step '$B registry sign macao.json --org nansha-customs --key keys/nansha-customs.key' '<- added'
step '$B registry sign macao.json --org pearl-barge --key keys/pearl-barge.key' '<- added'
step '$B registry submit macao.json --org pearl-barge --key keys/pearl-barge.key' 'applied at index 3: add org macao-customs'

step '$B keygen --out keys/pearl-barge-2.key'
step '$B registry propose --add-key pearl-barge --public-key keys/pearl-barge-2.key.pub --out rotate.json' 'governance.AddKey'
step '$B registry sign rotate.json --org pearl-barge --key keys/pearl-barge.key' '<- added'
step '$B registry sign rotate.json --org nansha-port --key keys/nansha-port.key' '<- added'
step '$B registry submit rotate.json --org pearl-barge --key keys/pearl-barge.key' 'applied at index 4: add key'
step '$B append --key keys/pearl-barge-2.key --org pearl-barge --file records/arrival.jsonl' 'line 1: index 5 '
step '$B registry propose --retire-key pearl-barge --public-key keys/pearl-barge.key.pub --reason "rotated" --out retire.json' \
  'governance.RetireKey'
step '$B registry sign retire.json --org pearl-barge --key keys/pearl-barge-2.key' '<- added'
step '$B registry sign retire.json --org nansha-port --key keys/nansha-port.key' '<- added'
step '$B registry submit retire.json --org pearl-barge --key keys/pearl-barge-2.key' 'applied at index 6: retire key'
step '$B append --key keys/pearl-barge.key --org pearl-barge --file records/unloading.jsonl' \
  'refused: PERMISSION_DENIED: key [0-9a-f]+ of org "pearl-barge" was retired at index 6 \(rotated\)' 1

step '$B registry propose --revoke-key pearl-barge --public-key keys/pearl-barge.key.pub --reason "laptop stolen" --out revoke.json' \
  'governance.RevokeKey'
step '$B registry sign revoke.json --org pearl-barge --key keys/pearl-barge-2.key' '<- added'
step '$B registry sign revoke.json --org nansha-customs --key keys/nansha-customs.key' '<- added'
step '$B registry submit revoke.json --org nansha-customs --key keys/nansha-customs.key' 'applied at index 7: revoke key'
step '$B append --key keys/pearl-barge.key --org pearl-barge --file records/unloading.jsonl' \
  'refused: PERMISSION_DENIED: key [0-9a-f]+ of org "pearl-barge" was revoked at index 6 \(laptop stolen\)' 1
step '$B append --key keys/pearl-barge-2.key --org pearl-barge --file records/unloading.jsonl' 'line 1: index 8 '
step '$B registry show' 'REVOKED at index 6 \(laptop stolen\)'
grep -Eq 'macao-customs +"Macao Customs Service" +roles \[customs\] +GS1 prefixes \[9580001\]' "step-$n.out" \
  || { echo "walkthrough: registry show lacks the Macao customs office" >&2; exit 1; }
grep -Eq 'key [0-9a-f]+ +added at index 4, in force' "step-$n.out" \
  || { echo "walkthrough: registry show lacks the barge company's new key" >&2; exit 1; }
in_readme '$B registry show --at-index N --json'
run '$B registry show --at-index 3 --json' '"macao-customs"'
if grep -q '"revokedAtIndex"' "step-$n.out" || grep -q '"addedAtIndex" : 4' "step-$n.out"; then
  echo "walkthrough: the registry at index 3 shows a later change" >&2
  exit 1
fi
curl -s --cacert tls/ca.pem 'https://127.0.0.1:8081/v1/registry?atIndex=3' | grep -q '"macao-customs"' \
  || { echo "walkthrough: GET /v1/registry?atIndex=3 lacks Macao" >&2; exit 1; }
step 'curl -s --cacert tls/ca.pem https://127.0.0.1:8081/v1/registry > registry.json'
step '$B verify receipt.json --trust gba.vkeys --registry registry.json' \
  'WARNING: signed by key [0-9a-f]+ of org pearl-barge, a key revoked at index 6 \(laptop stolen\)'

# Every node holds the same ledger at the end.
sleep 3
roots="$(for port in 8081 8082 8083; do curl -s --cacert tls/ca.pem "https://127.0.0.1:$port/v1/ledger/checkpoint" | sed -n 2,3p; done | sort -u)"
[ "$(wc -l <<<"$roots")" = 2 ] || { echo "walkthrough: the nodes' checkpoints differ: $roots" >&2; exit 1; }
ok=1
