#!/usr/bin/env bash
# Whole-process benchmark of `contract check` (medians and peak RSS).
#
#   scripts/bench.sh                      # 1,000 and 10,000 contracts, realistic profile
#   scripts/bench.sh 1000 10000 100000    # these sizes
#   PROFILE=uniform scripts/bench.sh      # the earlier generator (every shared field a concept)
#   BIN=/path/to/contract scripts/bench.sh   # time another build (e.g. before a change)
#
# Generates the workspaces with `cargo run --release --example gen-workspace`
# (a git repo: `main`, a `feature` branch changing 10 % of the contracts, one
# staged change; see tests/support/generate.rs for the two profiles), then
# times whole processes with /usr/bin/time over RUNS runs (medians of wall
# time and peak RSS) and prints the size of the JSON output; with hyperfine
# installed (apt-get install hyperfine) it also runs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${*:-1000 10000}
PROFILE=${PROFILE:-realistic}
OUT=${BENCH_DIR:-/tmp/contract-bench}
cargo build --release --quiet --bin contract --example gen-workspace --example parse-floor
BIN=${BIN:-$PWD/target/release/contract}
FLOOR=$PWD/target/release/examples/parse-floor
GEN=$PWD/target/release/examples/gen-workspace
mkdir -p "$OUT"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # name, dir, command...
  local name=$1 dir=$2; shift 2
  local times=() rss=()
  (cd "$dir" && "$@" >/dev/null 2>&1 || true)  # warm the page cache
  local tf
  tf=$(mktemp)
  for _ in $(seq "$RUNS"); do
    (cd "$dir" && /usr/bin/time -o "$tf" -f "%e %M" "$@" >/dev/null 2>&1) || true
    local t
    t=$(tail -1 "$tf")
    times+=("$(echo "$t" | cut -d' ' -f1)")
    rss+=("$(echo "$t" | cut -d' ' -f2)")
  done
  rm -f "$tf"
  printf '%-48s median %6.3f s   peak RSS %6.0f MB\n' "$name" \
    "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median | awk '{print $1/1024}')"
}

echo "profile: $PROFILE; binary: $BIN"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
for n in $SIZES; do
  dir="$OUT/$PROFILE-$n"
  changed=$((n / 10))
  [ -d "$dir/.git" ] || "$GEN" "$dir" --contracts "$n" --changed "$changed" --seed 7 --profile "$PROFILE"
  measure "parse-only floor ($n contracts)" "$dir" "$FLOOR" .
  measure "check --format json ($n, $changed changed)" "$dir" "$BIN" check --format json
  bytes=$(cd "$dir" && "$BIN" check --format json 2>/dev/null | wc -c)
  printf '%-48s %9.2f MB\n' "JSON output ($n)" "$(echo "$bytes" | awk '{print $1/1e6}')"
  measure "check --staged ($n, 1 staged change)" "$dir" "$BIN" check --staged --format json
  measure "check --no-diff ($n)" "$dir" "$BIN" check --no-diff --format json
  if command -v hyperfine >/dev/null 2>&1; then
    (cd "$dir" && hyperfine --warmup 1 --runs "$RUNS" -i --style basic \
      "$FLOOR ." "$BIN check --format json" 2>/dev/null | grep -E "Time|±" || true)
  fi
done

printf '{"type":"object","properties":{"a":{"type":"string"}}}' > "$OUT/a.json"
printf '{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}' > "$OUT/b.json"
measure "diff --schema on one pair (cold process)" "$OUT" "$BIN" diff --schema a.json b.json --format json
