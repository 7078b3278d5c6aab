#!/usr/bin/env bash
# Builds the default site, every good fixture site and a site `hoshin init` writes, then runs the browser and
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
# A site written by `hoshin init` (every library item, notices on), built like the others.
init_src="$work/init-src"
rm -rf "$init_src"
"$bin" init "$init_src" --quiet --yes --base-url https://www.example.co.jp/policy/ \
  --name "ja=株式会社例示" --name "en=Reiji Co., Ltd." --examples all --definitions all \
  --responses all --notices a4,a3,a5 --contact-email policy@example.co.jp </dev/null >/dev/null
"$bin" build --quiet --root "$init_src" --out "$work/init"
args+=("$work/init=https://www.example.co.jp/policy/")
bash "$here/run.sh" "${args[@]}"
# Light and dark colour schemes (axe in both, the palette applies, header alignment) at 390 and
# 1280 px: the default site and the five-language fixture cover every template and script.
for name in default five-languages; do
  site="$repo"; [ "$name" = default ] || site="$repo/tests/fixtures/sites/$name"
  node "$here/dark.mjs" "$work/$name" --base-url "$(base_url "$site")"
done
