#!/usr/bin/env bash
# hoshin vs Hugo, side by side, on the same content, in RAM (/dev/shm).
#
#   scripts/bench.sh                      # every case below, 10 alternating runs
#   RUNS=5 XL_POLICIES=0 scripts/bench.sh # skip the 20,000-page case
#   SCALE=1 scripts/bench.sh              # also hoshin's peak memory at 2k, 20k and 100k pages
#   REVIEWS=0 scripts/bench.sh            # skip `check` on the corpora with a review record
#
# For each case: builds the generated corpus (examples/corpus.rs) once, warms both tools up,
# then runs them alternately (hoshin first on even runs, Hugo first on odd ones) so machine
# noise hits both alike. Wall time comes from bash's $EPOCHREALTIME around each process
# (µs resolution, no extra fork inside the interval); peak memory from `/usr/bin/time -v`
# ("Maximum resident set size"). Prints medians and the hoshin/Hugo ratios, and checks the
# targets of issues 8 and 15: small sites ≤ 1/4 of Hugo's time; the 2,000- and 20,000-page
# corpora ≤ 0.12 of Hugo's time, the 20,000-page one ≤ 0.10 of its peak memory; `hoshin
# check` no slower than `hoshin build` on both corpora (and, reported without a target, on
# copies whose English is marked reviewed: `check` then also reads `reviews/en.toml`);
# notices for 1,000 stores × ja, en, bilingual on A4 under 2 s (hoshin alone, Hugo has no
# notices). Exits 1 if a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
POLICIES=${POLICIES:-1000}
XL_POLICIES=${XL_POLICIES:-10000}
SCALE=${SCALE:-0}
REVIEWS=${REVIEWS:-1}
STORES=${STORES:-1000}
DIR=${BENCH_DIR:-/dev/shm/hoshin-bench}
HUGO=${HUGO:-hugo}

command -v "$HUGO" >/dev/null || { echo "bench: Hugo not found (apt-get install hugo)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin hoshin --example corpus
HOSHIN=$PWD/target/release/hoshin
CORPUS=$PWD/target/release/examples/corpus

mkdir -p "$DIR"
"$CORPUS" --policies 1 --out "$DIR/small" 2>/dev/null
"$CORPUS" --policies "$POLICIES" --out "$DIR/large" 2>/dev/null
(( XL_POLICIES > 0 )) && "$CORPUS" --policies "$XL_POLICIES" --out "$DIR/xl" 2>/dev/null
"$CORPUS" --policies 1 --stores "$STORES" --out "$DIR/stores" 2>/dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hoshin: $($HOSHIN --version)   hugo: $($HUGO version | cut -d' ' -f1-2)"
echo "runs: $RUNS alternating after $WARMUP warm-up each; output in $DIR (tmpfs)"
echo

# run NAME CMD... → appends "seconds kilobytes" to $DIR/NAME.txt
run() {
  local name=$1; shift
  local t0 t1 mem
  t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$DIR/time.txt" "$@" >/dev/null 2>"$DIR/stderr.txt" \
    || { cat "$DIR/stderr.txt" "$DIR/time.txt" >&2; exit 1; }
  t1=$EPOCHREALTIME
  mem=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DIR/time.txt")
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", b - a}') $mem" >>"$DIR/$name.txt"
}

median() { # column FILE
  sort -g -k"$1" "$2" | awk -v c="$1" '{v[NR] = $c} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# alternate NAME_A NAME_B, with the commands in the caller's arrays A and B: warm-up runs of both,
# then RUNS runs each, alternately (A first on even runs, B first on odd ones), appended to
# $DIR/NAME_A.txt and $DIR/NAME_B.txt.
alternate() {
  rm -f "$DIR/$1.txt" "$DIR/$2.txt"
  for _ in $(seq "$WARMUP"); do "${A[@]}" >/dev/null; "${B[@]}" >/dev/null; done
  for i in $(seq "$RUNS"); do
    if (( i % 2 )); then run "$2" "${B[@]}"; run "$1" "${A[@]}"
    else run "$1" "${A[@]}"; run "$2" "${B[@]}"; fi
  done
}

status=0
# compare LABEL HOSHIN_ROOT HUGO_SOURCE TIME_TARGET MEMORY_TARGET(0 = none)
compare() {
  local label=$1 hroot=$2 hsrc=$3 timetarget=$4 memtarget=$5
  local h=(build -q --root "$hroot" --out "$DIR/out-hoshin")
  local g=(--quiet --source "$hsrc" --destination "$DIR/out-hugo")
  local A=("$HOSHIN" "${h[@]}") B=("$HUGO" "${g[@]}")
  alternate hoshin hugo
  local ht gt hm gm
  ht=$(median 1 "$DIR/hoshin.txt"); gt=$(median 1 "$DIR/hugo.txt")
  hm=$(median 2 "$DIR/hoshin.txt"); gm=$(median 2 "$DIR/hugo.txt")
  awk -v l="$label" -v ht="$ht" -v gt="$gt" -v hm="$hm" -v gm="$gm" -v tt="$timetarget" -v mt="$memtarget" 'BEGIN {
    tr = ht / gt; mr = hm / gm
    printf "%s\n", l
    printf "  %-7s median %8.1f ms   peak RSS %7.1f MiB\n", "hoshin", ht * 1000, hm / 1024
    printf "  %-7s median %8.1f ms   peak RSS %7.1f MiB\n", "hugo", gt * 1000, gm / 1024
    printf "  ratio   time %.3f (%.1fx faster; target <= %.2f: %s)", tr, 1 / tr, tt, tr <= tt ? "met" : "NOT MET"
    if (mt > 0) printf "   memory %.3f (target <= %.3f: %s)", mr, mt, mr <= mt ? "met" : "NOT MET"
    else printf "   memory %.3f", mr
    printf "\n\n"
    exit !(tr <= tt && (mt == 0 || mr <= mt))
  }' || status=1
}

# solo LABEL HOSHIN_ROOT LIMIT_SECONDS
solo() {
  local label=$1 hroot=$2 limit=$3
  local h=(build -q --root "$hroot" --out "$DIR/out-hoshin")
  rm -f "$DIR/hoshin.txt"
  for _ in $(seq "$WARMUP"); do "$HOSHIN" "${h[@]}"; done
  for _ in $(seq "$RUNS"); do run hoshin "$HOSHIN" "${h[@]}"; done
  local ht hm
  ht=$(median 1 "$DIR/hoshin.txt"); hm=$(median 2 "$DIR/hoshin.txt")
  awk -v l="$label" -v ht="$ht" -v hm="$hm" -v lim="$limit" 'BEGIN {
    printf "%s\n  %-7s median %8.1f ms   peak RSS %7.1f MiB   target < %d s: %s\n\n", l, "hoshin", ht * 1000, hm / 1024, lim, ht < lim ? "met" : "NOT MET"
    exit !(ht < lim)
  }' || status=1
}

# check_vs_build LABEL HOSHIN_ROOT [TARGET]: `hoshin check` against `hoshin build`,
# alternating; TARGET 0: the ratio is reported, not held to 1.
check_vs_build() {
  local label=$1 hroot=$2 target=${3:-1}
  local b=(build -q --root "$hroot" --out "$DIR/out-hoshin") c=(check -q --root "$hroot")
  local A=("$HOSHIN" "${b[@]}") B=("$HOSHIN" "${c[@]}")
  alternate build check
  local bt ct bm cm
  bt=$(median 1 "$DIR/build.txt"); ct=$(median 1 "$DIR/check.txt")
  bm=$(median 2 "$DIR/build.txt"); cm=$(median 2 "$DIR/check.txt")
  awk -v l="$label" -v bt="$bt" -v ct="$ct" -v bm="$bm" -v cm="$cm" -v t="$target" 'BEGIN {
    printf "%s\n", l
    printf "  %-7s median %8.1f ms   peak RSS %7.1f MiB\n", "build", bt * 1000, bm / 1024
    printf "  %-7s median %8.1f ms   peak RSS %7.1f MiB\n", "check", ct * 1000, cm / 1024
    if (t) printf "  check/build time %.2f (target <= 1: %s)\n\n", ct / bt, ct <= bt ? "met" : "NOT MET"
    else printf "  check/build time %.2f (no target: check also reads the review record)\n\n", ct / bt
    exit t && !(ct <= bt)
  }' || status=1
}

# reviewed NAME: $DIR/NAME-reviewed, a copy of the corpus $DIR/NAME/hoshin whose English
# translation is recorded as reviewed (`reviews/en.toml`, the source text of every unit).
reviewed() {
  rm -rf "$DIR/$1-reviewed"
  cp -a "$DIR/$1/hoshin" "$DIR/$1-reviewed"
  "$HOSHIN" check -q --root "$DIR/$1-reviewed" --mark-reviewed en --all >/dev/null \
    2>"$DIR/stderr.txt" || { cat "$DIR/stderr.txt" >&2; exit 1; }
}

# scale: hoshin's peak memory as the corpus grows (one build each after a warm-up).
scale() {
  echo "peak memory as the site grows (hoshin build, one run each after a warm-up)"
  local p
  for p in 1000 10000 50000; do  # 2,004, 20,004 and 100,004 pages
    "$CORPUS" --policies "$p" --out "$DIR/scale" 2>/dev/null
    "$HOSHIN" build -q --root "$DIR/scale/hoshin" --out "$DIR/out-scale"
    rm -f "$DIR/scale.txt"
    run scale "$HOSHIN" build -q --root "$DIR/scale/hoshin" --out "$DIR/out-scale"
    awk -v p="$p" '{printf "  %7d pages  %8.1f ms   peak RSS %7.1f MiB\n", p * 2 + 4, $1 * 1000, $2 / 1024}' "$DIR/scale.txt"
    rm -rf "$DIR/scale" "$DIR/out-scale" "$DIR/.out-scale.hoshin-spare"
  done
  echo
}

compare "default site (ja+en, notices) vs Hugo 2-page bilingual corpus site" "$PWD" "$DIR/small/hugo" 0.25 0
compare "2-page bilingual corpus site, both tools" "$DIR/small/hoshin" "$DIR/small/hugo" 0.25 0
compare "$((POLICIES * 2))-page bilingual corpus ($POLICIES policies x ja,en)" "$DIR/large/hoshin" "$DIR/large/hugo" 0.12 0.3334
check_vs_build "hoshin check vs hoshin build, $((POLICIES * 2))-page corpus" "$DIR/large/hoshin"
if (( REVIEWS )); then
  reviewed large
  check_vs_build "the same, English reviewed (reviews/en.toml)" "$DIR/large-reviewed" 0
fi
if (( XL_POLICIES > 0 )); then
  compare "$((XL_POLICIES * 2))-page bilingual corpus ($XL_POLICIES policies x ja,en)" "$DIR/xl/hoshin" "$DIR/xl/hugo" 0.12 0.10
  check_vs_build "hoshin check vs hoshin build, $((XL_POLICIES * 2))-page corpus" "$DIR/xl/hoshin"
  if (( REVIEWS )); then
    reviewed xl
    check_vs_build "the same, English reviewed (reviews/en.toml)" "$DIR/xl-reviewed" 0
  fi
fi
solo "notices: 1 policy, $STORES stores x (ja, en, bilingual) x A4" "$DIR/stores/hoshin" 2
(( SCALE )) && scale
exit $status
