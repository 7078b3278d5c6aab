#!/usr/bin/env bash
# Measures `hoshin serve`'s rebuild after a single-file edit: event received (end of the
# debounce) → reload sent, as serve logs it ("re-rendered after … in X ms (check Y ms)").
#
#   scripts/serve-bench.sh [SITE] [FILE...]      # default: the 2,000-page corpus, 12 edits
#   EDITS=20 scripts/serve-bench.sh
#
# Each edit appends a sentence to a `ja.md` (a different policy each time), waits for the log
# line, and prints the median of the reported times.
set -euo pipefail
cd "$(dirname "$0")/.."
EDITS=${EDITS:-12}
BIN=target/release/hoshin
SITE=${1:-/dev/shm/c/hoshin}
if [[ ! -x $BIN ]]; then cargo build --release --bin hoshin; fi
if [[ $SITE == /dev/shm/c/hoshin && ! -d $SITE ]]; then
  cargo run --release --example corpus -- --policies 1000 --languages ja,en --seed 1 --out /dev/shm/c
fi
shift || true
FILES=("$@")
if [[ ${#FILES[@]} -eq 0 ]]; then
  for i in $(seq 1 "$EDITS"); do FILES+=("$(ls -d "$SITE"/content/*/ | sed -n "$(( (i * 37) % $(ls "$SITE/content" | wc -l) + 1 ))p")ja.md"); done
fi
LOG=$(mktemp)
"$BIN" serve --root "$SITE" --port 0 2>"$LOG" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -f "$LOG"' EXIT
until grep -q '^Serving' "$LOG"; do sleep 0.1; done
grep -E '^built in' "$LOG" || true
for f in "${FILES[@]}"; do
  before=$(grep -c 'after ' "$LOG" || true)
  printf '\nA sentence added by serve-bench.\n' >>"$f"
  until [[ $(grep -c 'after ' "$LOG" || true) -gt $before ]]; do sleep 0.05; done
  sleep 0.3
done
grep 'after ' "$LOG"
grep -oE 'after .* in [0-9.]+ ms' "$LOG" | awk '{print $(NF-1)}' | sort -n |
  awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median of %d edits: %.1f ms (min %.1f, max %.1f)\n", NR, m, a[1], a[NR]}'
