"""Reference values for agreement restricted to the text every coder covered (coverage).

Reads coverage_cases.json and writes coverage_reference.json. Independent of Coda: for each
document, the compared text is the intersection of every coder's covered ranges (a coder with
no coverage entry covers every document whole; with some entries, only those). Per-character
0/1 vectors are built over that text only (with `units`, one value per sentence unit clipped to
the compared text: 1 when any of its compared characters is coded), and given to
scikit-learn (accuracy_score, cohen_kappa_score) and krippendorff (alpha, nominal).
Scope "all" concatenates the documents' vectors.

    pip install scikit-learn==1.9.1 numpy==1.26.4 krippendorff==0.9.0
    python3 tests/agreement_reference/coverage_reference.py
"""
import json
import math
import os
import sys
from itertools import combinations

import krippendorff
import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, cohen_kappa_score

HERE = os.path.dirname(os.path.abspath(__file__))


def covered(case, coder, doc):
    length = next(d["length"] for d in case["documents"] if d["name"] == doc)
    entries = [c for c in case.get("coverage", []) if c[0] == coder]
    if not entries:
        return set(range(length))
    out = set()
    for _, d, extent in entries:
        if d != doc:
            continue
        if extent == "whole":
            out |= set(range(length))
        else:
            for s, e in extent:
                out |= set(range(s, e))
    return out


def vectors(case, doc):
    """Per coder, per code: the 0/1 values over the compared units of `doc`."""
    length = next(d["length"] for d in case["documents"] if d["name"] == doc)
    compared = set(range(length))
    for coder in case["coders"]:
        compared &= covered(case, coder, doc)
    compared = sorted(compared)
    if "units" in case and doc in case["units"]:
        units = []
        for s, e in case["units"][doc]:
            inside = [i for i in range(s, e) if i in set(compared)]
            if inside:
                units.append(inside)
    else:
        units = [[i] for i in compared]
    out = {}
    for coder in case["coders"]:
        for code in case["codes"]:
            coded = set()
            for c, d, x, s, e in case["segments"]:
                if c == coder and d == doc and x == code:
                    coded |= set(range(s, e))
            out[(coder, code)] = [1 if any(i in coded for i in u) else 0 for u in units]
    return out, len(units)


def number(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def main():
    cases = json.load(open(os.path.join(HERE, "coverage_cases.json")))["cases"]
    values = []
    for case in cases:
        per_doc = {}
        for d in case["documents"]:
            vec, n = vectors(case, d["name"])
            if n == 0:
                values.append({"case": case["name"], "not_compared": d["name"]})
                continue
            per_doc[d["name"]] = (vec, n)
        scopes = list(per_doc.items())
        pooled = {}
        for key in per_doc[scopes[0][0]][0]:
            pooled[key] = sum((per_doc[d][0][key] for d in per_doc), [])
        scopes.append(("all", (pooled, sum(n for _, n in per_doc.values()))))
        for scope, (vec, n) in scopes:
            for code in case["codes"]:
                for a, b in combinations(case["coders"], 2):
                    x, y = vec[(a, code)], vec[(b, code)]
                    base = {"case": case["name"], "code": code, "coders": [a, b],
                            "scope": scope, "n_units": n}
                    values.append({**base, "metric": "percent_agreement",
                                   "value": float(accuracy_score(x, y))})
                    if len(set(x) | set(y)) < 2:
                        kappa = None
                    else:
                        kappa = cohen_kappa_score(x, y, labels=[0, 1])
                    values.append({**base, "metric": "cohen_kappa", "value": number(kappa)})
                data = np.array([vec[(c, code)] for c in case["coders"]], dtype=float)
                alpha = krippendorff.alpha(reliability_data=data,
                                           level_of_measurement="nominal",
                                           value_domain=[0, 1])
                values.append({"case": case["name"], "code": code, "coders": case["coders"],
                               "scope": scope, "n_units": n, "metric": "krippendorff_alpha",
                               "value": number(alpha)})
    out = {
        "generated_by": "coverage_reference.py",
        "python": sys.version.split()[0],
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "krippendorff": "0.9.0",
        "values": values,
    }
    with open(os.path.join(HERE, "coverage_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
