#!/usr/bin/env bash
# Runs every rvlab test: set-up (idempotent), then Deno's test runner over tests/.
# Ends with the plain summary line "N passed, N failed" that CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
DENO=tools/node_modules/.bin/deno
out=$(mktemp)
NO_COLOR=1 $DENO test --allow-all --parallel "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
summary=$(grep -E '^(ok|FAILED) \| [0-9]+ passed' "$out" | tail -n 1)
passed=$(echo "$summary" | sed -E 's/.*\| ([0-9]+) passed.*/\1/')
failed=$(echo "$summary" | sed -E 's/.*\| ([0-9]+) failed.*/\1/')
rm -f "$out"
if [ -z "$summary" ]; then passed=0; failed=1; status=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
