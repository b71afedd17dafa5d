#!/usr/bin/env python3
"""Turns a JMH JSON result (java -jar benchmarks/target/benchmarks.jar -prof gc -rf json -rff FILE)
into the markdown tables of BENCHMARKS.md: per case the median of the measurement iterations on each
side, the ratio secret/raw and the issue-6 budget, then the allocation per operation (-prof gc).

usage: python3 benchmarks/report.py RESULT.json [MORE.json ...]
With several runs, raw and secret are the medians of all their iterations pooled, and the ratio of
each run is listed too.
"""
import json
import statistics
import sys

# benchmark method -> (case, what, budget kind, budget value)
CASES = [
    ("insertPassThrough", "1", "prepared INSERT, no secret column", "ratio_max", 1.03),
    ("insertSecret", "2", "prepared INSERT, one 32-byte secret", "ratio_max", 1.15),
    ("scan", "3", "scan 100,000 rows, one secret column", "ratio_max", 1.10),
    ("pointSelect", "4", "point SELECT by id, one secret column", "ratio_max", 1.20),
    ("planMiss", "5", "prepareStatement, never-seen SQL of a known shape (plan miss)", "extra_max", 100.0),
    ("planMissNewShape", "5", "prepareStatement, never-seen SQL of a new shape (plan and shape miss)", "extra_max", 100.0),
    ("planHit", "5", "prepareStatement, same SQL again (plan hit)", "extra_max", 1.0),
    ("mixed", "6", "HikariCP pool, 4 threads, mixed (higher is better)", "ratio_min", 0.90),
    ("lookup", "S1", "equality lookup through the blind index, 1,000,000 rows (issue 10)", "ratio_max", 1.10),
    ("insertIndexed", "S2", "INSERT with a blind index, 1,000,000 rows (issue 10)", "ratio_max", 1.10),
]
# benchmarks without a side (SearchCostBenchmark): printed as they are, beside the cases
UNSIDED = ["plainLookup", "hmacProduct", "hmacJavax"]
ALLOC_CASES = ["insertSecret", "scan", "pointSelect"]


def load(paths):
    pooled = {}
    for path in paths:
        for (method, side), (values, unit, allocs) in load_one(path).items():
            p = pooled.setdefault((method, side), ([], unit, []))
            p[0].extend(values)
            p[2].extend(allocs)
    return {k: (statistics.median(v), unit, statistics.median(a) if a else None, min(v), max(v))
            for k, (v, unit, a) in pooled.items()}


def run_ratios(paths, method):
    ratios = []
    for path in paths:
        r = load_one(path)
        if (method, "RAW") in r and (method, "SECRET") in r:
            ratios.append(statistics.median(r[(method, "SECRET")][0]) / statistics.median(r[(method, "RAW")][0]))
    return ", ".join(f"{x:.2f}" for x in ratios)


def load_one(path):
    results = {}
    for entry in json.load(open(path)):
        method = entry["benchmark"].rsplit(".", 1)[1]
        side = entry.get("params", {}).get("side", "-")
        primary = entry["primaryMetric"]
        values = [v for fork in primary["rawData"] for v in fork]
        alloc = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        allocs = [v for fork in alloc["rawData"] for v in fork] if alloc else []
        results[(method, side)] = (values, primary["scoreUnit"], allocs)
    return results


def fmt(x):
    return f"{x:,.3f}" if x < 100 else f"{x:,.1f}"


def main(paths):
    r = load(paths)
    print("| case | what | unit | raw | secret-jdbc | ratio secret/raw | ratio per run | budget | met |")
    print("|---|---|---|---:|---:|---:|---|---|---|")
    for method, case, what, kind, budget in CASES:
        if (method, "RAW") not in r or (method, "SECRET") not in r:
            print(f"| {case} | {what} | | | | | | | not run |")
            continue
        raw, unit = r[(method, "RAW")][:2]
        sec = r[(method, "SECRET")][0]
        ratio = sec / raw
        if kind == "ratio_max":
            text, met = f"≤ {budget:.2f}", ratio <= budget
        elif kind == "ratio_min":
            text, met = f"≥ {budget:.2f} of raw", ratio >= budget
        else:
            extra = sec - raw
            text, met = f"≤ {budget:g} µs added (measured {extra:+.2f} µs)", extra <= budget
        print(f"| {case} | {what} | {unit} | {fmt(raw)} | {fmt(sec)} | {ratio:.3f} | {run_ratios(paths, method)} | {text} | "
              f"{'met' if met else '**missed**'} |")
    for method in UNSIDED:
        if (method, "-") in r:
            value, unit, _, lo, hi = r[(method, "-")]
            print(f"- {method}: {fmt(value)} {unit} (min–max {fmt(lo)} – {fmt(hi)})")
    print()
    print("Spread (min–max of the measurement iterations):")
    print()
    for method, *_ in CASES:
        for side in ("RAW", "SECRET"):
            if (method, side) in r:
                _, unit, _, lo, hi = r[(method, side)]
                print(f"- {method} {side}: {fmt(lo)} – {fmt(hi)} {unit}")
    print()
    print("| case | raw B/op | secret-jdbc B/op | added B/op | added per value |")
    print("|---|---:|---:|---:|---:|")
    for method in ALLOC_CASES:
        if (method, "RAW") in r and (method, "SECRET") in r and r[(method, "RAW")][2] is not None:
            raw, sec = r[(method, "RAW")][2], r[(method, "SECRET")][2]
            per_value = (sec - raw) / (100_000 if method == "scan" else 1)
            print(f"| {method} | {raw:,.0f} | {sec:,.0f} | {sec - raw:+,.0f} | {per_value:+,.1f} B |")


if __name__ == "__main__":
    main(sys.argv[1:])
