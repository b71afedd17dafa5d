#!/bin/bash
# Paired re-measurement of one benchmark for ratios smaller than the fork-to-fork spread of a shared
# machine: ROUNDS times a RAW fork then a SECRET fork, one JVM each, so both sides see the same load.
#   benchmarks/paired.sh InsertBenchmark.insertPassThrough 4 benchmarks/target/paired
#   benchmarks/paired.sh PgBlindIndexBenchmark.lookup 3   (PostgreSQL: eval "$(scripts/test-servers.sh env)" first)
# Each fork's JSON is OUT/paired-<method>-<round>-<side>.json; the ratio of each pair is printed.
set -e
bench=$1; rounds=${2:-4}; out=${3:-benchmarks/target/paired}
mkdir -p "$out"
for round in $(seq 1 "$rounds"); do
  for side in RAW SECRET; do
    java -jar benchmarks/target/benchmarks.jar "$bench" -p side=$side -f 1 -rf json \
      -rff "$out/paired-${bench##*.}-$round-$side.json" > "$out/paired-${bench##*.}-$round-$side.log" 2>&1
  done
done
python3 - "$out" "${bench##*.}" "$rounds" <<'PY'
import json, statistics, sys
out, method, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
def median(side, r):
    e = json.load(open(f"{out}/paired-{method}-{r}-{side}.json"))[0]
    return statistics.median(x for fork in e["primaryMetric"]["rawData"] for x in fork)
ratios = [median("SECRET", r) / median("RAW", r) for r in range(1, rounds + 1)]
print(method, "ratio per pair:", ", ".join(f"{x:.3f}" for x in ratios), "median", f"{statistics.median(ratios):.3f}")
PY
