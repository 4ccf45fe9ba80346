#!/usr/bin/env bash
# Fault test with real processes: redis-server on loopback, three silo processes clustered through it reading a
# Redis Streams source of 8 partitions, a producer writing FAULT_EVENTS events with known per-entity counts and
# sums. One silo is killed with kill -9 mid-stream and restarted later; redis-server is restarted once. At the end
# every entity's event count and sum must equal the reference exactly.
#
# The last line is JSON: {"events":..,"lost":..,"duplicated":..,"recovery_s":..,"events_per_s":..}
# Exit status is non-zero when anything was lost or counted twice, or the run did not finish in time.
#
#   scripts/fault-test.sh                         1,000,000 events
#   FAULT_EVENTS=200000 scripts/fault-test.sh     a smaller run (CI)
#   FAULT_NO_BUILD=1 scripts/fault-test.sh        use the existing Release build
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/prereqs.sh
source "$ROOT/scripts/lib/prereqs.sh"

EVENTS="${FAULT_EVENTS:-1000000}"
ENTITIES="${FAULT_ENTITIES:-1000}"
PARTITIONS=8
TIMEOUT="${FAULT_TIMEOUT:-900}"
WORK="$(mktemp -d -t streamml-fault-XXXXXX)"
SILO_DLL="$ROOT/Silo/bin/Release/net10.0/StreamML.Silo.dll"
CLI="$ROOT/Cli/bin/Release/net10.0/streamml"
declare -A SILO_PID=()
REDIS_PID=""
PRODUCER_PID=""

log() { echo "fault-test: $*" >&2; }

cleanup() {
  for pid in "${SILO_PID[@]}" $PRODUCER_PID $REDIS_PID; do
    kill -9 "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  log "$1"
  echo "{\"events\":$EVENTS,\"lost\":-1,\"duplicated\":-1,\"recovery_s\":-1,\"events_per_s\":0,\"error\":\"$1\"}"
  exit 1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
next_port=$((20000 + RANDOM % 20000))
# Sets PORT to the next free loopback port (no subshell, so the counter advances).
take_port() {
  while ! port_free "$next_port"; do next_port=$((next_port + 1)); done
  PORT=$next_port
  next_port=$((next_port + 1))
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

ensure_redis || fail "redis-server is not installed and could not be installed"
if [ -z "${FAULT_NO_BUILD:-}" ]; then
  log "building Silo and Cli (Release)"
  dotnet build "$ROOT/Silo/StreamML.Silo.csproj" -c Release -nologo -v:q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; fail "build failed"; }
  dotnet build "$ROOT/Cli/StreamML.Cli.csproj" -c Release -nologo -v:q -clp:ErrorsOnly >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; fail "build failed"; }
fi

take_port; REDIS_PORT=$PORT
REDIS="127.0.0.1:$REDIS_PORT"
mkdir -p "$WORK/redis"
start_redis() {
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$WORK/redis" --appendonly yes --appendfsync everysec \
    --save "" --daemonize no --logfile "$WORK/redis/redis.log" &
  REDIS_PID=$!
  for _ in $(seq 1 100); do
    redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  fail "redis-server did not answer on $REDIS"
}
start_redis
log "redis-server on $REDIS"

declare -A HTTP_PORT=() SILO_PORT=() GATEWAY_PORT=()
for i in 1 2 3; do
  take_port; HTTP_PORT[$i]=$PORT
  take_port; SILO_PORT[$i]=$PORT
  take_port; GATEWAY_PORT[$i]=$PORT
done

start_silo() {
  local i=$1
  mkdir -p "$WORK/silo$i"
  exec_silo "$i" &
  SILO_PID[$i]=$!
}

exec_silo() {
  local i=$1
  exec dotnet "$SILO_DLL" --urls "http://127.0.0.1:${HTTP_PORT[$i]}" \
    --StreamML:DataDirectory="$WORK/silo$i" --StreamML:ConsoleProgress=false \
    --StreamML:ClusterId="fault-$$" --StreamML:ServiceId="fault-$$" \
    --StreamML:SiloPort="${SILO_PORT[$i]}" --StreamML:GatewayPort="${GATEWAY_PORT[$i]}" \
    --StreamML:Clustering:Provider=Redis --StreamML:Clustering:Redis:ConnectionString="$REDIS" \
    --StreamML:GrainStorage=Redis --StreamML:Storage:Redis:ConnectionString="$REDIS" \
    --StreamML:Checkpoints:Provider=Redis --StreamML:Checkpoints:Redis:ConnectionString="$REDIS" \
    --StreamML:Source=RedisStreams --StreamML:Sources:RedisStreams:ConnectionString="$REDIS" \
    --StreamML:Sources:RedisStreams:Partitions=$PARTITIONS \
    --StreamML:Pump:CheckpointInterval=00:00:02 \
    --StreamML:Schema:Model=fault --StreamML:Schema:Features:0:Name=x \
    --StreamML:Schema:Windows:0:Name=all --StreamML:Schema:Windows:0:Kind=Session \
    --StreamML:Schema:Windows:0:Gap=3650.00:00:00 --StreamML:Schema:Windows:0:Aggregates="Count, Sum" \
    --StreamML:Schema:Windows:0:Features:0=x \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Orleans=Error \
    >"$WORK/silo$i.log" 2>&1
}

wait_healthy() {
  local i=$1
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:${HTTP_PORT[$i]}/readyz" >/dev/null 2>&1 && return 0
    kill -0 "${SILO_PID[$i]}" 2>/dev/null || { tail -n 40 "$WORK/silo$i.log" >&2; fail "silo $i exited at start-up"; }
    sleep 0.1
  done
  tail -n 40 "$WORK/silo$i.log" >&2
  fail "silo $i did not become ready in 60 s"
}

# The partitions the given silos pump right now, as one sorted, de-duplicated list.
owned_partitions() {
  for i in "$@"; do
    curl -s "http://127.0.0.1:${HTTP_PORT[$i]}/readyz" 2>/dev/null | grep -o '"partition":[0-9]*' | cut -d: -f2
  done | sort -un | tr '\n' ' '
}

for i in 1 2 3; do start_silo "$i"; done
for i in 1 2 3; do wait_healthy "$i"; done
log "three silos ready (http ${HTTP_PORT[1]}, ${HTTP_PORT[2]}, ${HTTP_PORT[3]})"

start=$(now)
"$CLI" produce --redis "$REDIS" --partitions $PARTITIONS --events "$EVENTS" --entities "$ENTITIES" \
  --reference "$WORK/reference.json" >"$WORK/producer.json" 2>"$WORK/producer.err" &
PRODUCER_PID=$!

# Kill silo 2 once the stream is well under way.
sleep "${FAULT_KILL_AFTER_S:-4}"
log "kill -9 silo 2 (pid ${SILO_PID[2]})"
killed=$(now)
kill -9 "${SILO_PID[2]}"
wait "${SILO_PID[2]}" 2>/dev/null
unset 'SILO_PID[2]'

all="$(seq 0 $((PARTITIONS - 1)) | tr '\n' ' ')"
recovery=""
for _ in $(seq 1 1200); do
  if [ "$(owned_partitions 1 3)" = "$all" ]; then
    recovery=$(elapsed "$killed" "$(now)")
    break
  fi
  sleep 0.1
done
[ -n "$recovery" ] || fail "the survivors did not take over every partition within 120 s"
log "survivors own every partition ${recovery}s after the kill"

wait "$PRODUCER_PID" || { cat "$WORK/producer.err" >&2; fail "the producer failed"; }
PRODUCER_PID=""
log "producer: $(cat "$WORK/producer.json")"

log "restarting silo 2"
start_silo 2
wait_healthy 2

log "restarting redis-server (graceful shutdown; AOF keeps what was acknowledged)"
redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
wait "$REDIS_PID" 2>/dev/null
start_redis

log "waiting until every entity matches the reference (at most ${TIMEOUT}s)"
deadline=$(( $(date +%s) + TIMEOUT ))
result=""
while [ "$(date +%s)" -lt "$deadline" ]; do
  if result=$("$CLI" verify --url "http://127.0.0.1:${HTTP_PORT[1]}" --reference "$WORK/reference.json" 2>"$WORK/verify.err"); then
    break
  fi
  # Events counted twice never go away: stop early.
  if grep -q '"duplicated":[1-9]' <<<"$result"; then
    break
  fi
  sleep 2
done
finished=$(now)
[ -n "$result" ] || { cat "$WORK/verify.err" >&2; fail "could not read entity state"; }
log "verify: $result"; cat "$WORK/verify.err" >&2

field() { grep -o "\"$1\":[0-9-]*" <<<"$result" | cut -d: -f2; }
lost=$(field lost); duplicated=$(field duplicated); mismatched=$(field sum_mismatches)
rate=$(awk -v n="$EVENTS" -v a="$start" -v b="$finished" 'BEGIN { printf "%.1f", n / (b - a) }')
for i in 1 2 3; do grep -E "fail|crit|Exception" "$WORK/silo$i.log" | head -n 5 | sed "s/^/silo $i: /" >&2; done
echo "{\"events\":$EVENTS,\"lost\":$lost,\"duplicated\":$duplicated,\"sum_mismatches\":$mismatched,\"recovery_s\":$recovery,\"events_per_s\":$rate}"
[ "$lost" = "0" ] && [ "$duplicated" = "0" ] && [ "$mismatched" = "0" ]
