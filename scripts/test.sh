#!/usr/bin/env bash
# Runs every rvlab test: set-up (idempotent), the type check of every @example in src/
# (`deno check --doc`, counted as one more check), then Deno's test runner over tests/.
# Ends with the plain summary line "N passed, N failed" that CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
DENO=tools/node_modules/.bin/deno
# The doc examples must type-check: a failure counts as one failed check and fails the run.
doc_failed=0
doc_out=$(mktemp)
if NO_COLOR=1 $DENO check --doc src/ >"$doc_out" 2>&1; then
  echo "deno check --doc src/: ok"
else
  doc_failed=1
  grep -v '^Check ' "$doc_out"
  echo "deno check --doc src/: FAILED (an @example does not type-check)"
fi
rm -f "$doc_out"
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
passed=$((passed + 1 - doc_failed))
failed=$((failed + doc_failed))
if [ "$doc_failed" -ne 0 ] && [ "$status" -eq 0 ]; then status=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
