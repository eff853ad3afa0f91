#!/usr/bin/env bash
# Installs everything rvlab needs on a fresh machine that has Node/npm (and root apt):
#   - Deno, pinned in tools/package.json (npm package `deno`, binary in tools/node_modules/.bin)
#   - the npm dependencies pinned in deno.json / deno.lock (downloaded into node_modules/)
#   - Debian packages used by tests, benchmarks, charts and notebooks:
#       python3-scipy, python3-sklearn, python3-statsmodels, python3-pandas (statistics oracles, pandas bench),
#       Jupyter (notebook, nbconvert, nbclient, ipykernel, jupyter-client),
#       chromium (report browser test), fonts-dejavu-core (PNG text), postgresql (database tests).
# Idempotent: a second run only checks. Set RVLAB_SKIP_APT=1 to skip the Debian part.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
log() { echo "[setup] $*" >&2; }

if [ ! -x tools/node_modules/.bin/deno ]; then
  log "installing Deno from npm (tools/package.json pins deno 2.9.6; tools/package-lock.json)"
  # not `npm ci`: the registry here serves only this platform's @deno/* binary, so the lock file
  # cannot list the other platforms' optional packages and `npm ci` refuses it as out of sync.
  npm install --prefix tools --no-audit --no-fund --loglevel=error >&2
fi
DENO=tools/node_modules/.bin/deno
log "$($DENO --version | head -n 1)"

APT_PACKAGES=(python3-scipy python3-sklearn python3-statsmodels python3-pandas
  jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client
  chromium fonts-dejavu-core postgresql)
if [ "${RVLAB_SKIP_APT:-0}" != "1" ] && command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    log "installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
fi

log "caching npm dependencies pinned in deno.json"
$DENO install --quiet >&2
# the kernel counts as registered only when its Deno binary still exists (a kernel spec left by a
# removed clone would otherwise point nowhere)
deno_kernel_ok() {
  jupyter kernelspec list --json 2>/dev/null | /usr/bin/python3 -c '
import json, os, sys
k = json.load(sys.stdin)["kernelspecs"].get("deno")
sys.exit(0 if k and os.path.exists(k["spec"]["argv"][0]) else 1)' 2>/dev/null
}
if command -v jupyter >/dev/null 2>&1 && ! deno_kernel_ok; then
  log "registering the Deno Jupyter kernel"
  $DENO jupyter --install --force >&2 || log "warning: could not register the Deno Jupyter kernel"
fi
log "done in $(( $(date +%s) - t0 )) s"
