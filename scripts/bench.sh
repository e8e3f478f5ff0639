#!/usr/bin/env bash
# Whole-process benchmark of `contract check` (medians and peak RSS).
#
#   scripts/bench.sh            # 1,000 and 10,000 contracts
#   scripts/bench.sh 1000       # one size only
#
# Generates the workspaces with `cargo run --release --example gen-workspace`
# (a git repo: `main`, a `feature` branch changing 10 % of the contracts, one
# staged change), then times with hyperfine when installed (apt-get install
# hyperfine), else with /usr/bin/time over RUNS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${*:-1000 10000}
OUT=${BENCH_DIR:-/tmp/contract-bench}
cargo build --release --quiet --bin contract --example gen-workspace --example parse-floor
BIN=$PWD/target/release/contract
FLOOR=$PWD/target/release/examples/parse-floor
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

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
for n in $SIZES; do
  dir="$OUT/ws-$n"
  changed=$((n / 10))
  cargo run --release --quiet --example gen-workspace -- "$dir" --contracts "$n" --changed "$changed" --seed 7
  measure "parse-only floor ($n contracts)" "$dir" "$FLOOR" .
  measure "check --format json ($n, $changed changed)" "$dir" "$BIN" check --format json
  measure "check --staged ($n, 1 staged change)" "$dir" "$BIN" check --staged --format json
  measure "check --no-diff ($n)" "$dir" "$BIN" check --no-diff --format json
  if command -v hyperfine >/dev/null 2>&1; then
    (cd "$dir" && hyperfine --warmup 1 --runs "$RUNS" -i --style basic \
      "$FLOOR ." "$BIN check --format json" 2>/dev/null | grep -E "Time|±" || true)
  fi
done
dir="$OUT/ws-1000"
[ -d "$dir" ] || cargo run --release --quiet --example gen-workspace -- "$dir" --contracts 1000 --changed 100 --seed 7
printf '{"type":"object","properties":{"a":{"type":"string"}}}' > "$OUT/a.json"
printf '{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}' > "$OUT/b.json"
measure "diff --schema on one pair (cold process)" "$OUT" "$BIN" diff --schema a.json b.json --format json
