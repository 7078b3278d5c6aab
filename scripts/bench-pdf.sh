#!/usr/bin/env bash
# `hoshin build --pdf`, two hoshin binaries side by side on the same notices (issue 13.4).
#
#   OLD=/path/to/old/hoshin scripts/bench-pdf.sh            # 20 stores, 3 alternating runs
#   OLD=… STORES=50 RUNS=5 scripts/bench-pdf.sh
#   NEW_ONLY=1 STORES=1000 RUNS=1 scripts/bench-pdf.sh       # the new one alone
#
# The corpus is examples/corpus.rs with one policy and STORES stores: (STORES + 1) × (ja, en,
# bilingual) A4 notices plus 2 policy pages = 3 × STORES + 5 PDFs, written to /dev/shm. Each
# run is a fresh process (`hoshin build --pdf --quiet`); wall time from bash's $EPOCHREALTIME.
# The old and new binaries run alternately (old first on even runs) so that machine noise
# hits both alike. PDFs/s counts the pages printed (the new binary's print-shop bundles are
# extra work inside its time). Prints the median of each and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

STORES=${STORES:-20}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-/dev/shm/hoshin-bench-pdf}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v google-chrome || true)}
[ -n "$CHROMIUM" ] || { echo "bench-pdf: no chromium on PATH (apt-get install chromium)" >&2; exit 2; }

cargo build --release --quiet --bin hoshin --example corpus
NEW=$PWD/target/release/hoshin
if [ -z "${NEW_ONLY:-}" ]; then
  [ -n "${OLD:-}" ] && [ -x "$OLD" ] || { echo "bench-pdf: set OLD=<an older hoshin binary> (or NEW_ONLY=1)" >&2; exit 2; }
fi
rm -rf "$DIR" && mkdir -p "$DIR"
target/release/examples/corpus --policies 1 --stores "$STORES" --out "$DIR/corpus" >/dev/null
SITE=$DIR/corpus/hoshin
PDFS=$((3 * STORES + 5))

run() { # binary label → prints seconds
  local out="$DIR/out-$2" t0 t1
  rm -rf "$out"
  t0=$EPOCHREALTIME
  "$1" build --quiet --pdf --chromium "$CHROMIUM" --root "$SITE" --out "$out"
  t1=$EPOCHREALTIME
  local n; n=$(find "$out" -name '*.pdf' -not -path '*/printshop/*' | wc -l)
  [ "$n" -eq "$PDFS" ] || { echo "bench-pdf: $2 wrote $n PDFs, expected $PDFS" >&2; exit 1; }
  echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

old_times=(); new_times=()
for ((i = 0; i < RUNS; i++)); do
  if [ -z "${NEW_ONLY:-}" ] && [ $((i % 2)) -eq 0 ]; then old_times+=("$(run "$OLD" old)"); fi
  new_times+=("$(run "$NEW" new)")
  if [ -z "${NEW_ONLY:-}" ] && [ $((i % 2)) -eq 1 ]; then old_times+=("$(run "$OLD" old)"); fi
  echo "run $((i + 1))/$RUNS: old ${old_times[*]:-} new ${new_times[*]}" >&2
done
bundles=$(find "$DIR/out-new" -path '*/printshop/*' -name '*.pdf' | wc -l)
new_med=$(printf '%s\n' "${new_times[@]}" | median)
echo "corpus: $STORES stores, $PDFS PDFs per build (+ $bundles print-shop bundles for the new binary); $(nproc) cores; $("$CHROMIUM" --version 2>/dev/null | head -n1)"
echo "new: median ${new_med} s over $RUNS runs = $(awk -v n="$PDFS" -v t="$new_med" 'BEGIN { printf "%.2f", n / t }') PDFs/s  (runs: ${new_times[*]})"
if [ -z "${NEW_ONLY:-}" ]; then
  old_med=$(printf '%s\n' "${old_times[@]}" | median)
  echo "old: median ${old_med} s over $RUNS runs = $(awk -v n="$PDFS" -v t="$old_med" 'BEGIN { printf "%.2f", n / t }') PDFs/s  (runs: ${old_times[*]})"
  echo "speed-up: $(awk -v a="$old_med" -v b="$new_med" 'BEGIN { printf "%.2f", a / b }')x"
fi
