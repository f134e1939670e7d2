#!/usr/bin/env python3
"""The agreement benchmark's case computed the usual Python way, on per-character vectors.

Reads the case written by `benches/agreement.rs` (run it with CODA_AGREEMENT_EXPORT=FILE) and,
for each of the 20 codes, pooled over the 10 documents (the documents' characters one after
the other), computes
  * percent agreement and Cohen's kappa for the 3 pairs of coders
    (sklearn.metrics.accuracy_score, cohen_kappa_score),
  * Fleiss' kappa (statsmodels.stats.inter_rater.fleiss_kappa),
  * Krippendorff's alpha, nominal (krippendorff.alpha),
timing the building of the 0/1 vectors and each library's calls. It then compares every value
with Coda's, exported in the same file, and prints a few of them.

Usage:
  CODA_AGREEMENT_EXPORT=/tmp/agreement-case.json cargo bench --bench agreement
  python3 benches/agreement_python.py /tmp/agreement-case.json [--aggregate-raters]

--aggregate-raters also times statsmodels' aggregate_raters (a Python loop over the rows) on
one code's table; the main timing builds the same table with numpy.

Versions used for docs/PERFORMANCE.md: Python 3.11.7, numpy 1.26.4, scikit-learn 1.9.1,
statsmodels 0.15.0, krippendorff 0.9.0.
"""

import argparse
import json
import sys
import time
from importlib.metadata import version

import krippendorff
import numpy as np
import sklearn
import statsmodels
from sklearn.metrics import accuracy_score, cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("case", help="the JSON file written by the Rust benchmark")
    parser.add_argument("--aggregate-raters", action="store_true")
    args = parser.parse_args()

    with open(args.case) as f:
        case = json.load(f)
    lengths = [d["chars"] for d in case["documents"]]
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    n = int(sum(lengths))
    coders = case["coders"]
    codes = case["codes"]
    segments = np.array(case["segments"], dtype=np.int64)
    print(
        f"{len(case['documents'])} documents, {sum(d['bytes'] for d in case['documents']):,} bytes, "
        f"{n:,} chars; {len(coders)} coders, {len(codes)} codes, {len(segments):,} segments"
    )
    print(
        f"Python {sys.version.split()[0]}, numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
        f"statsmodels {statsmodels.__version__}, krippendorff {version('krippendorff')}"
    )

    timings = {"vectors": 0.0, "percent": 0.0, "cohen": 0.0, "fleiss": 0.0, "alpha": 0.0}
    results = {}
    starts = offsets[segments[:, 0]] + segments[:, 1]
    ends = offsets[segments[:, 0]] + segments[:, 2]
    pairs = [(i, j) for i in range(len(coders)) for j in range(i + 1, len(coders))]
    for x, code in enumerate(codes):
        t = time.perf_counter()
        # Coder k's union of spans of this code, as one 0/1 value per character.
        vectors = []
        for k in range(len(coders)):
            mine = (segments[:, 3] == x) & (segments[:, 4] == k)
            depth = np.zeros(n + 1, dtype=np.int32)
            np.add.at(depth, starts[mine], 1)
            np.add.at(depth, ends[mine], -1)
            vectors.append((np.cumsum(depth[:n]) > 0).astype(np.int8))
        timings["vectors"] += time.perf_counter() - t

        result = {"pairs": {}}
        for i, j in pairs:
            label = f"{coders[i]}-{coders[j]}"
            t = time.perf_counter()
            percent = accuracy_score(vectors[i], vectors[j])
            timings["percent"] += time.perf_counter() - t
            t = time.perf_counter()
            kappa = cohen_kappa_score(vectors[i], vectors[j], labels=[0, 1])
            timings["cohen"] += time.perf_counter() - t
            result["pairs"][label] = {"percent_agreement": percent, "cohen_kappa": kappa}

        t = time.perf_counter()
        coded = np.sum(vectors, axis=0, dtype=np.int64)
        table = np.stack([len(coders) - coded, coded], axis=1)
        result["fleiss_kappa"] = fleiss_kappa(table, method="fleiss")
        timings["fleiss"] += time.perf_counter() - t

        t = time.perf_counter()
        result["krippendorff_alpha"] = krippendorff.alpha(
            reliability_data=np.array(vectors, dtype=float),
            level_of_measurement="nominal",
            value_domain=[0, 1],
        )
        timings["alpha"] += time.perf_counter() - t
        results[code] = result
        print(f"  {code}: {sum(timings.values()):.1f} s so far", file=sys.stderr)

    total = sum(timings.values())
    print("\nTime (s):")
    for name, label in [
        ("vectors", "0/1 vectors from the segments (numpy)"),
        ("percent", "percent agreement, 60 pairs (sklearn accuracy_score)"),
        ("cohen", "Cohen's kappa, 60 pairs (sklearn cohen_kappa_score)"),
        ("fleiss", "Fleiss' kappa, 20 codes (numpy table + statsmodels fleiss_kappa)"),
        ("alpha", "Krippendorff's alpha, 20 codes (krippendorff.alpha)"),
    ]:
        print(f"  {label:<68} {timings[name]:8.2f}")
    print(f"  {'total':<68} {total:8.2f}")

    # The same values from Coda.
    coda = case["coda"]
    worst = {}

    def check(metric, ours, theirs):
        if ours is None or theirs is None or np.isnan(theirs):
            same = ours is None and (theirs is None or np.isnan(theirs))
            worst[metric] = max(worst.get(metric, 0.0), 0.0 if same else float("inf"))
        else:
            worst[metric] = max(worst.get(metric, 0.0), abs(ours - theirs))

    for code in codes:
        for label, values in results[code]["pairs"].items():
            for metric in ["percent_agreement", "cohen_kappa"]:
                check(metric, coda[code]["pairs"][label][metric], values[metric])
        for metric in ["fleiss_kappa", "krippendorff_alpha"]:
            check(metric, coda[code][metric], results[code][metric])
    print("\nLargest difference between Coda and Python over the 20 codes:")
    for metric, difference in worst.items():
        print(f"  {metric:<20} {difference:.3g}")

    print("\nA few values (Python / Coda):")
    for code in codes[:3]:
        r, c = results[code], coda[code]
        print(
            f"  {code}: kappa A-B {r['pairs']['A-B']['cohen_kappa']:.12f} / "
            f"{c['pairs']['A-B']['cohen_kappa']:.12f}; Fleiss {r['fleiss_kappa']:.12f} / "
            f"{c['fleiss_kappa']:.12f}; alpha {r['krippendorff_alpha']:.12f} / "
            f"{c['krippendorff_alpha']:.12f}"
        )

    if args.aggregate_raters:
        x = 0
        vectors = []
        for k in range(len(coders)):
            mine = (segments[:, 3] == x) & (segments[:, 4] == k)
            depth = np.zeros(n + 1, dtype=np.int32)
            np.add.at(depth, starts[mine], 1)
            np.add.at(depth, ends[mine], -1)
            vectors.append((np.cumsum(depth[:n]) > 0).astype(np.int64))
        t = time.perf_counter()
        table, _ = aggregate_raters(np.stack(vectors, axis=1), n_cat=2)
        elapsed = time.perf_counter() - t
        print(
            f"\nstatsmodels aggregate_raters on {codes[x]}'s {n:,} x {len(coders)} table: "
            f"{elapsed:.2f} s (Fleiss' kappa from it: {fleiss_kappa(table, method='fleiss'):.12f})"
        )

    if any(d > 1e-9 for d in worst.values()):
        print("\nCoda and Python DISAGREE beyond 1e-9", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
