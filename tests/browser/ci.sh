#!/usr/bin/env bash
# Builds the default site and every good fixture site with hoshin, then runs the browser and
# validator suite (run.sh) over all of them. Used by .ci/run; run it locally the same way:
#   bash tests/browser/ci.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
cargo build --locked --quiet
bin="$repo/target/debug/hoshin"
work="$repo/target/browser-sites"
mkdir -p "$work"
args=()
base_url() { sed -n 's/^base_url *= *"\(.*\)".*/\1/p' "$1/hoshin.toml" | head -n1; }
for site in "$repo" "$repo"/tests/fixtures/sites/*/; do
  site="${site%/}"
  name="$(basename "$site")"
  [ "$site" = "$repo" ] && name="default"
  "$bin" build --quiet --root "$site" --out "$work/$name"
  args+=("$work/$name=$(base_url "$site")")
done
exec bash "$here/run.sh" "${args[@]}"
