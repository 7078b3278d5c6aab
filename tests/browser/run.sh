#!/usr/bin/env bash
# Browser/validator suite for hoshin's built output.
#
#   tests/browser/run.sh <out-dir>=<base-url> [<out-dir>=<base-url> ...]
#
# e.g. tests/browser/run.sh /tmp/site=https://example.org/policy/
#
# Ensures the npm deps (vnu-jar, axe-core, playwright-core; pinned by
# package-lock.json) and the system tools (chromium, java, pdfinfo, CJK fonts),
# then runs check-site.mjs once per site. With CI=true missing system packages
# are installed with apt-get; otherwise the script says what to install.
# The last line is always "browser: N passed, M failed".
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <out-dir>=<base-url> [<out-dir>=<base-url> ...]" >&2
  echo "browser: 0 passed, 0 failed"
  exit 2
fi

# ---- system tools ---------------------------------------------------------
missing_pkgs=()
command -v node >/dev/null 2>&1 || missing_pkgs+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing_pkgs+=(chromium)
command -v java >/dev/null 2>&1 || missing_pkgs+=(default-jre-headless)
command -v pdfinfo >/dev/null 2>&1 || missing_pkgs+=(poppler-utils)
if ! { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list ':lang=ja' family 2>/dev/null)" ]; }; then
  missing_pkgs+=(fonts-noto-cjk)
fi
if [ "${#missing_pkgs[@]}" -gt 0 ]; then
  echo "browser: missing system packages: ${missing_pkgs[*]}" >&2
  if [ "${CI:-}" = "true" ]; then
    echo "browser: CI=true, installing: apt-get install -y ${missing_pkgs[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/dev/null
  else
    echo "browser: install them with:  apt-get install -y ${missing_pkgs[*]}" >&2
    echo "browser: (or run with CI=true to let this script install them)" >&2
    echo "browser: 0 passed, $# failed"
    exit 2
  fi
fi

# ---- npm deps (pinned by package-lock.json; install scripts disabled) -------
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.hoshin-lock.sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ] \
   || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
   || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/playwright-core ]; then
  echo "browser: installing npm deps (npm ci --ignore-scripts)" >&2
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  echo "$lock_sum" > "$stamp"
fi

# ---- run ------------------------------------------------------------------
passed=0
failed=0
start=$SECONDS
for spec in "$@"; do
  if [[ "$spec" != *=* ]]; then
    echo "browser: argument '$spec' is not <out-dir>=<base-url>" >&2
    failed=$((failed + 1))
    continue
  fi
  dir="${spec%%=*}"
  url="${spec#*=}"
  # Label: last two path components, so /tmp/a/site and /tmp/b/site don't collide.
  name="$(basename "$(dirname "$dir")")-$(basename "$dir")"
  name="${name#.-}"
  if node "$HERE/check-site.mjs" "$dir" --base-url "$url" --name "$name"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
echo "browser: checked $# site(s) in $((SECONDS - start))s"
echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
