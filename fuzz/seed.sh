#!/usr/bin/env bash
# Seed the fuzz corpora from the fixtures, then run each target:
#   bash fuzz/seed.sh && cd fuzz && cargo fuzz run yaml_loader -- -max_total_time=300
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/yaml_loader corpus/diff_engine
i=0
while IFS= read -r -d '' f; do
  cp "$f" "corpus/yaml_loader/seed-$i.yaml"; i=$((i + 1))
done < <(find ../fixtures ../contracts-example -name '*.yaml' -print0)
i=0
for d in ../fixtures/diff/*/*/; do
  { cat "$d/old.yaml"; printf '\0'; cat "$d/new.yaml"; } > "corpus/diff_engine/seed-$i"; i=$((i + 1))
done
echo "seeded: $(ls corpus/yaml_loader | wc -l) yaml, $(ls corpus/diff_engine | wc -l) diff"
