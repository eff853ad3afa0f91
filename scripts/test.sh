#!/usr/bin/env bash
# Runs every rvlab test: set-up (idempotent), three static checks (`deno check --doc src/`,
# `deno lint`, `deno fmt --check`, each counted as one check), then Deno's test runner.
# Ends with the plain summary line "N passed, N failed" that CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
DENO=tools/node_modules/.bin/deno
# Static checks, each counted as one more check (a failure fails the run): every @example
# in src/ type-checks, the linter finds nothing, and the code is formatted.
static_failed=0
static_check() {
  local name="$1"
  shift
  local log
  log=$(mktemp)
  if NO_COLOR=1 "$@" >"$log" 2>&1; then
    echo "$name: ok"
  else
    static_failed=$((static_failed + 1))
    grep -v '^Check ' "$log"
    echo "$name: FAILED"
  fi
  rm -f "$log"
}
static_check "deno check --doc src/" $DENO check --doc src/
static_check "deno lint" $DENO lint
static_check "deno fmt --check" $DENO fmt --check
# No test writes a workspace (src/engine/workspace.ts) into a data folder, the repository's
# data/ or the shared data: every workspace goes under one throw-away folder.
own_cache=""
if [ -z "${RVLAB_CACHE_DIR:-}" ]; then
  own_cache=$(mktemp -d -t rvlab-test-cache-XXXXXX)
  export RVLAB_CACHE_DIR="$own_cache"
fi
out=$(mktemp)
NO_COLOR=1 $DENO test --allow-all --parallel "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
summary=$(grep -E '^(ok|FAILED) \| [0-9]+ passed' "$out" | tail -n 1)
passed=$(echo "$summary" | sed -E 's/.*\| ([0-9]+) passed.*/\1/')
failed=$(echo "$summary" | sed -E 's/.*\| ([0-9]+) failed.*/\1/')
rm -f "$out"
if [ -n "$own_cache" ]; then rm -rf "$own_cache"; fi
if [ -z "$summary" ]; then passed=0; failed=1; status=1; fi
passed=$((passed + 3 - static_failed))
failed=$((failed + static_failed))
if [ "$static_failed" -ne 0 ] && [ "$status" -eq 0 ]; then status=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
