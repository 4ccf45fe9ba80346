#!/usr/bin/env bash
# Builds StreamML and runs every test project. Installs what the tests need when it is missing (redis-server,
# PostgreSQL, Azurite); the tests start their own servers on loopback and stop them.
# Ends with the line "N passed, N failed[, N skipped]" and exits non-zero when anything failed.
#
#   scripts/test.sh                      every test
#   STREAMML_TEST_FILTER=BVT scripts/test.sh   only tests with that Category trait
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/prereqs.sh
source "$ROOT/scripts/lib/prereqs.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
CONFIG="${STREAMML_TEST_CONFIGURATION:-Release}"
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

if ! ensure_all_prereqs; then
  echo "test.sh: could not install the test prerequisites" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== build ($CONFIG)"
if ! dotnet build "$ROOT/StreamML.sln" -c "$CONFIG" -nologo -v:q -clp:ErrorsOnly > "$RESULTS/build.log" 2>&1; then
  grep -E "error" "$RESULTS/build.log" | sort -u | head -50
  echo "0 passed, 1 failed"
  exit 1
fi

filter=()
if [ -n "${STREAMML_TEST_FILTER:-}" ]; then
  filter=(--filter-trait "Category=$STREAMML_TEST_FILTER")
fi

passed=0; failed=0; skipped=0; broken=0
for proj in "$ROOT"/tests/*/; do
  name="$(basename "$proj")"
  exe="$proj/bin/$CONFIG/net10.0/$name"
  [ -x "$exe" ] || continue
  [ -f "$proj/$name.csproj" ] && grep -q "<IsTestProject>false" "$proj/$name.csproj" && continue
  out="$RESULTS/$name"
  mkdir -p "$out"
  echo "== $name"
  start=$(date +%s)
  (cd "$proj" && timeout --kill-after=30 "${STREAMML_TEST_TIMEOUT:-2400}" "$exe" --report-trx --results-directory "$out" \
      --hangdump --hangdump-timeout 20m "${filter[@]}" > "$out/console.log" 2>&1)
  code=$?
  trx=$(ls "$out"/*.trx 2>/dev/null | head -n 1)
  if [ -n "$trx" ]; then
    counters=$(grep -o '<Counters[^>]*>' "$trx")
    p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
    f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
    s=$(sed -E 's/.* notExecuted="([0-9]+)".*/\1/' <<<"$counters")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    echo "   $p passed, $f failed, $s skipped in $(( $(date +%s) - start ))s (exit $code)"
  else
    echo "   no results (exit $code)"
  fi
  # 0: all passed; 8: no test matched the filter. Anything else with no recorded failure is a crash or a hang.
  if [ "$code" -ne 0 ] && [ "$code" -ne 8 ]; then
    if [ -z "$trx" ] || [ "${f:-0}" -eq 0 ]; then
      broken=$((broken + 1))
      echo "   $name did not finish cleanly; last lines:"
      tail -n 30 "$out/console.log" | sed 's/^/     /'
    else
      grep -E "^\s*failed |^failed " "$out/console.log" | head -40 | sed 's/^/     /'
      grep -A 12 -E "^\s*failed " "$out/console.log" | head -120 | sed 's/^/     /'
    fi
  fi
done

# The kill -9 fault test with real processes (scripts/fault-test.sh), at a CI-sized event count; 0 turns it off.
FAULT_EVENTS_CI="${STREAMML_FAULT_EVENTS:-100000}"
if [ "$FAULT_EVENTS_CI" != "0" ] && [ -z "${STREAMML_TEST_FILTER:-}" ]; then
  echo "== fault-test ($FAULT_EVENTS_CI events, three silos, kill -9, redis restart)"
  start=$(date +%s)
  FAULT_NO_BUILD=1 FAULT_EVENTS="$FAULT_EVENTS_CI" FAULT_TIMEOUT=300 bash "$ROOT/scripts/fault-test.sh" > "$RESULTS/fault-test.log" 2>&1
  code=$?
  echo "   $(tail -n 1 "$RESULTS/fault-test.log") in $(( $(date +%s) - start ))s (exit $code)"
  if [ "$code" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    tail -n 40 "$RESULTS/fault-test.log" | sed 's/^/     /'
  fi
fi

# A check that is one script: counted as one test, its last line shown, its log's tail on failure.
run_check() {
  local name="$1" title="$2"; shift 2
  echo "== $name ($title)"
  local start code
  start=$(date +%s)
  "$@" > "$RESULTS/$name.log" 2>&1
  code=$?
  echo "   $(tail -n 1 "$RESULTS/$name.log") in $(( $(date +%s) - start ))s (exit $code)"
  if [ "$code" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    tail -n 40 "$RESULTS/$name.log" | sed 's/^/     /'
  fi
}

# Deployment files, checked offline.
if [ -z "${STREAMML_TEST_FILTER:-}" ]; then
  run_check bicep "build and lint of infra/, no warnings" bash "$ROOT/scripts/check-bicep.sh"
fi

failed=$((failed + broken))
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
