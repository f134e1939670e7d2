#!/usr/bin/env python3
"""Reference values for Coda's inter-coder agreement engine, from independent Python libraries.

Rerun (from the repository root):

    pip install scikit-learn==1.9.1 statsmodels==0.15.0 krippendorff==0.9.0 nltk==3.10.4 \
        krippendorff-unitized-alpha==0.1.0 numpy==1.26.4
    python3 tests/agreement_reference/compute_reference.py

Reads cases.json, writes reference.json (both next to this file). Deterministic: the script
re-executes itself with PYTHONHASHSEED=0 because nltk and krippendorff-unitized-alpha iterate
over Python sets (order only affects the last bits of floating-point sums).

Every value is cross-checked against a second implementation (nltk, statsmodels) and/or a small
numpy implementation of the formulas in /work/shared/docs/agreement.md; the script aborts if any
cross-check fails. See README.md for exact semantics.
"""
import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import itertools
import json
import math
import platform
import warnings
from importlib.metadata import version

import krippendorff
import numpy as np
from krippendorff_unitized_alpha.krippendorffs_unitized_alpha import (
    EMPTY_TAG,
    KrippendorffUnitizedAlpha,
    Segment,
)
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import accuracy_score, cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-12
VERBOSE_DIAG = "--quiet" not in sys.argv


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
def call(label, fn, *args, **kwargs):
    """Run fn; return (value or None, note or None). NaN and exceptions become None + note."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            v = fn(*args, **kwargs)
        except Exception as e:  # undefined statistic signalled by an exception
            return None, f"{label} raised {type(e).__name__}: {e}"
    v = float(v)
    msgs = []
    for w in caught:
        m = f"{w.category.__name__}: {str(w.message).splitlines()[0]}"
        if m not in msgs:
            msgs.append(m)
    if math.isnan(v):
        note = f"{label} returned NaN"
        if msgs:
            note += " with " + "; ".join(msgs)
        return None, note
    return v, None


def close(a, b, tol=TOL):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def merge_intervals(spans):
    """Union of half-open spans into maximal intervals; touching spans are merged too."""
    out = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [tuple(x) for x in out]


# ----------------------------------------------------------------------------------------------
# case model
# ----------------------------------------------------------------------------------------------
class Case:
    def __init__(self, c):
        self.raw = c
        self.name = c["name"]
        self.docs = [(d["name"], d["length"]) for d in c["documents"]]
        self.doc_len = dict(self.docs)
        self.coders = c["coders"]
        self.codes = c["codes"]
        self.missing = {tuple(x) for x in c.get("missing", [])}
        self.units = c.get("units")
        self.spans = {}  # (coder, doc, code) -> list of (s, e) as given
        for coder, doc, code, s, e in c["segments"]:
            check(coder in self.coders and doc in self.doc_len and code in self.codes, f"{self.name}: bad segment")
            check(0 <= s < e <= self.doc_len[doc], f"{self.name}: bad offsets {s},{e}")
            check((coder, doc) not in self.missing, f"{self.name}: segment for missing coder/doc")
            self.spans.setdefault((coder, doc, code), []).append((s, e))
        if self.units is not None:
            for doc, _ in self.docs:
                us = self.units[doc]
                for s, e in us:
                    check(0 <= s < e <= self.doc_len[doc], "bad unit")
                for (s1, e1), (s2, e2) in zip(us, us[1:]):
                    check(e1 <= s2, "units must be sorted and non-overlapping")

    def is_missing(self, coder, doc):
        return (coder, doc) in self.missing

    def merged(self, coder, doc, code):
        return merge_intervals(self.spans.get((coder, doc, code), []))

    def char_vector(self, coder, doc, code):
        """0/1 per character (union semantics)."""
        v = np.zeros(self.doc_len[doc], dtype=np.int64)
        for s, e in self.spans.get((coder, doc, code), []):
            v[s:e] = 1
        return v

    def unit_vector(self, coder, doc, code):
        """float vector per unit: 1.0 coded, 0.0 not coded, nan missing."""
        n = self.doc_len[doc] if self.units is None else len(self.units[doc])
        if self.is_missing(coder, doc):
            return np.full(n, np.nan)
        ch = self.char_vector(coder, doc, code)
        if self.units is None:
            return ch.astype(float)
        return np.array([1.0 if ch[s:e].any() else 0.0 for s, e in self.units[doc]])

    def matrix(self, code, scope):
        """coders x units matrix (float, nan = missing) for a scope (doc name or 'all')."""
        docs = [d for d, _ in self.docs] if scope == "all" else [scope]
        return np.vstack([np.concatenate([self.unit_vector(c, d, code) for d in docs]) for c in self.coders])

    def across_codes_applicable(self):
        for coder in self.coders:
            for doc, _ in self.docs:
                iv = []
                for code in self.codes:
                    iv += [(s, e, code) for s, e in self.merged(coder, doc, code)]
                iv.sort()
                for (s1, e1, c1), (s2, e2, c2) in zip(iv, iv[1:]):
                    if s2 < e1:
                        return False
        return True

    def sections(self, coders, scope, codes, merge=True):
        """Per coder: list of (tag, start, end) partitioning the scope continuum (documents
        concatenated end to end in case order). Coded sections are the merged intervals per
        (coder, doc, code), never merged across a document boundary; gaps are the rest
        (one gap section per maximal uncoded stretch within a document)."""
        docs = self.docs if scope == "all" else [(scope, self.doc_len[scope])]
        out = {}
        for coder in coders:
            secs = []
            off = 0
            for doc, length in docs:
                coded = []
                for code in codes:
                    ivs = self.merged(coder, doc, code) if merge else merge_overlaps_only(
                        self.spans.get((coder, doc, code), []))
                    coded += [(code, s, e) for s, e in ivs]
                coded.sort(key=lambda x: (x[1], x[2]))
                pos = 0
                for code, s, e in coded:
                    check(s >= pos, "sections overlap (across-codes uα not applicable)")
                    if s > pos:
                        secs.append((EMPTY_TAG, off + pos, off + s))
                    secs.append((code, off + s, off + e))
                    pos = e
                if pos < length:
                    secs.append((EMPTY_TAG, off + pos, off + length))
                off += length
            out[coder] = secs
        return out, sum(l for _, l in docs)


def merge_overlaps_only(spans):
    """Diagnostics only: merge overlapping spans but keep touching ones separate."""
    out = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [tuple(x) for x in out]


# ----------------------------------------------------------------------------------------------
# independent implementations (for cross-checks)
# ----------------------------------------------------------------------------------------------
def own_kappa(x, y):
    n = len(x)
    n11 = int(np.sum((x == 1) & (y == 1)))
    n10 = int(np.sum((x == 1) & (y == 0)))
    n01 = int(np.sum((x == 0) & (y == 1)))
    n00 = n - n11 - n10 - n01
    po = (n11 + n00) / n
    pe = ((n11 + n10) * (n11 + n01) + (n01 + n00) * (n10 + n00)) / n**2
    return None if pe == 1 else (po - pe) / (1 - pe)


def own_alpha_nominal(M):
    """Krippendorff's alpha, nominal, binary values, nan = missing (agreement.md section 5)."""
    o = np.zeros((2, 2))
    for u in range(M.shape[1]):
        vals = M[:, u][~np.isnan(M[:, u])].astype(int)
        mu = len(vals)
        if mu < 2:
            continue
        cnt = np.bincount(vals, minlength=2)
        for c in range(2):
            for k in range(2):
                pairs = cnt[c] * (cnt[k] - (1 if c == k else 0))
                o[c, k] += pairs / (mu - 1)
    nc = o.sum(axis=1)
    n = nc.sum()
    if nc[0] * nc[1] == 0:
        return None
    return 1 - (n - 1) * o[0, 1] / (nc[0] * nc[1])


def own_ualpha(sections, L):
    """uα per agreement.md section 6, computed from per-character value arrays (independent of
    the package's pairwise section-intersection loops)."""
    coders = list(sections)
    m = len(coders)
    tags = sorted({t for secs in sections.values() for t, _, _ in secs})
    ix = {t: i for i, t in enumerate(tags)}
    K = len(tags)
    V = np.full((m, L), -1, dtype=np.int64)
    lam_c = np.zeros(K)
    for ci, c in enumerate(coders):
        for t, s, e in sections[c]:
            check((V[ci, s:e] == -1).all(), "overlapping sections in own_ualpha")
            V[ci, s:e] = ix[t]
            lam_c[ix[t]] += (e - s) if t == EMPTY_TAG else (e - s) ** 2
    check((V >= 0).all(), "sections do not cover the continuum")
    obs = np.zeros((K, K))
    for i in range(m):
        for j in range(m):
            if i != j:
                obs += np.bincount(V[i] * K + V[j], minlength=K * K).reshape(K, K)
    obs /= m - 1
    ldd = obs.sum()
    check(ldd == m * L, "l.. != mL")
    row = obs.sum(axis=1)
    col = obs.sum(axis=0)
    with np.errstate(all="ignore"):
        exp = ldd * (np.outer(row, col) - np.diag(lam_c)) / (ldd**2 - lam_c.sum())
        ua = 1 - (ldd - np.trace(obs)) / (ldd - np.trace(exp))
    return None if np.isnan(ua) else float(ua)


def package_ualpha(sections):
    data = {c: [Segment(t, s, e) for t, s, e in secs] for c, secs in sections.items()}
    return call("krippendorff_unitized_alpha.KrippendorffUnitizedAlpha(...).result",
                lambda: KrippendorffUnitizedAlpha(data).result)


def nltk_task(M, rows):
    """AnnotationTask with integer coders/items (deterministic set order); M rows subset."""
    data = [(ri, u, int(M[r, u])) for ri, r in enumerate(rows) for u in range(M.shape[1])]
    return AnnotationTask(data=data)


# ----------------------------------------------------------------------------------------------
# main computation
# ----------------------------------------------------------------------------------------------
def compute_case(case, values, diag):
    pairs = list(itertools.combinations(range(len(case.coders)), 2))
    scopes = [d for d, _ in case.docs] + ["all"]

    def add(metric, code, coders, scope, value, library, note=None, **extra):
        e = {"case": case.name, "metric": metric, "code": code, "coders": coders, "scope": scope,
             "value": value, "library": library}
        if note:
            e["note"] = note
        e.update(extra)
        values.append(e)

    for code in case.codes:
        for scope in scopes:
            M = case.matrix(code, scope)
            any_missing = bool(np.isnan(M).any())
            pa_vals, kappa_vals = [], []
            # ---- pairwise percent agreement and Cohen's kappa
            for a, b in pairs:
                cp = [case.coders[a], case.coders[b]]
                mask = ~np.isnan(M[a]) & ~np.isnan(M[b])
                x, y = M[a][mask].astype(int), M[b][mask].astype(int)
                n = int(mask.sum())
                if n == 0:
                    note = "no units where both coders have values (a coder is missing on every unit in scope); statistic undefined (sklearn raises ValueError on empty input)"
                    add("percent_agreement", code, cp, scope, None, "sklearn.metrics.accuracy_score", note, n_units=0)
                    add("cohen_kappa", code, cp, scope, None, "sklearn.metrics.cohen_kappa_score", note, n_units=0)
                    continue
                pa, pa_note = call("accuracy_score", accuracy_score, x, y)
                check(pa is not None, "PA undefined?")
                t = AnnotationTask(data=[(0, u, int(x[u])) for u in range(n)] + [(1, u, int(y[u])) for u in range(n)])
                check(close(pa, t.Ao(0, 1)), f"PA sklearn vs nltk {case.name} {code} {scope}")
                add("percent_agreement", code, cp, scope, pa, "sklearn.metrics.accuracy_score", pa_note, n_units=n)
                pa_vals.append(pa)

                k, k_note = call("sklearn cohen_kappa_score", cohen_kappa_score, x, y, labels=[0, 1])
                n11 = int(np.sum((x == 1) & (y == 1)))
                n10 = int(np.sum((x == 1) & (y == 0)))
                n01 = int(np.sum((x == 0) & (y == 1)))
                n00 = n - n11 - n10 - n01
                sm, sm_note = call("statsmodels cohens_kappa", lambda: cohens_kappa(np.array([[n00, n01], [n10, n11]])).kappa)
                check(close(k, sm), f"kappa sklearn {k} vs statsmodels {sm}: {case.name} {code} {scope}")
                check(close(k, own_kappa(x, y)), "kappa vs own formula")
                if k is None:
                    k_note = f"{k_note}; statsmodels cohens_kappa on the 2x2 table: {sm_note}"
                add("cohen_kappa", code, cp, scope, k, "sklearn.metrics.cohen_kappa_score(labels=[0,1])", k_note, n_units=n)
                kappa_vals.append(k)
                if sm_note and k is not None:
                    diag.append(f"{case.name}/{code}/{scope}/{cp}: statsmodels cohens_kappa value {sm} but {sm_note}")

            # ---- mean pairwise values
            allc = list(case.coders)
            if not any_missing:
                t = nltk_task(M, list(range(len(allc))))
                mpa, mpa_note = call("nltk AnnotationTask.avg_Ao", t.avg_Ao)
                check(close(mpa, float(np.mean(pa_vals))), "avg_Ao vs mean of pairwise PA")
                add("mean_pairwise_percent_agreement", code, allc, scope, mpa,
                    "nltk.metrics.agreement.AnnotationTask.avg_Ao", mpa_note, n_units=M.shape[1])
            else:
                mpa = float(np.mean(pa_vals)) if pa_vals else None
                add("mean_pairwise_percent_agreement", code, allc, scope, mpa,
                    "mean of pairwise sklearn accuracy_score (pairs with >=1 shared unit)",
                    "missing values: mean over coder pairs with at least one unit where both have values" + (
                        "" if len(pa_vals) == len(pairs) else f" ({len(pa_vals)} of {len(pairs)} pairs)"))
            if not kappa_vals:
                mk, mk_note = None, "no coder pair has shared units"
            elif any(v is None for v in kappa_vals):
                mk, mk_note = None, "at least one pairwise kappa is undefined (NaN)"
            else:
                mk, mk_note = float(np.mean(kappa_vals)), None
            if any_missing and len(kappa_vals) < len(pairs):
                mk_note = (mk_note + "; " if mk_note else "") + f"mean over the {len(kappa_vals)} of {len(pairs)} pairs with shared units"
            add("mean_pairwise_cohen_kappa", code, allc, scope, mk,
                "mean of pairwise sklearn.metrics.cohen_kappa_score(labels=[0,1])", mk_note)

            # ---- Fleiss' kappa on units where no coder is missing
            full = ~np.isnan(M).any(axis=0)
            nfull = int(full.sum())
            fk = None
            if nfull == 0:
                add("fleiss_kappa", code, allc, scope, None, "statsmodels.stats.inter_rater.fleiss_kappa",
                    "no unit where all coders have values", n_units=0)
            else:
                D = M[:, full].T.astype(int)  # units x raters
                table, _ = aggregate_raters(D, n_cat=2)
                fk, fk_note = call("statsmodels fleiss_kappa", fleiss_kappa, table, method="fleiss")
                t = nltk_task(M[:, full], list(range(len(allc))))
                npi, npi_note = call("nltk AnnotationTask.pi", t.pi)
                if fk is not None:
                    check(close(fk, npi), f"fleiss vs nltk pi {case.name} {code} {scope}: {fk} {npi}")
                else:
                    fk_note = f"{fk_note}; nltk AnnotationTask.pi() returns {npi!r} here" + (f" ({npi_note})" if npi_note else "")
                    diag.append(f"{case.name}/{code}/{scope}: fleiss NaN but nltk pi = {npi}")
                add("fleiss_kappa", code, allc, scope, fk,
                    "statsmodels.stats.inter_rater.fleiss_kappa(aggregate_raters(data, n_cat=2)[0], method='fleiss')",
                    fk_note, n_units=nfull)

            # ---- Krippendorff's alpha (nominal) with missing values
            ka, ka_note = call("krippendorff.alpha", krippendorff.alpha, reliability_data=M,
                               level_of_measurement="nominal", value_domain=[0, 1])
            check(close(ka, own_alpha_nominal(M)), f"alpha vs own {case.name} {code} {scope}")
            if len(allc) == 2 and not any_missing and fk is not None:
                n2 = 2 * M.shape[1]  # agreement.md section 5: alpha = 1 - ((n-1)/n)(1 - pi), pi = Fleiss (m=2)
                check(close(ka, 1 - (n2 - 1) / n2 * (1 - fk)), "alpha vs Scott's pi relation")
            add("krippendorff_alpha", code, allc, scope, ka,
                "krippendorff.alpha(reliability_data, level_of_measurement='nominal', value_domain=[0,1])",
                ka_note, n_units=M.shape[1])

    # ---- unitized alpha
    if case.missing:
        return
    coder_sets = [list(case.coders)]
    if len(case.coders) > 2:
        coder_sets += [[case.coders[a], case.coders[b]] for a, b in pairs]
    across = case.across_codes_applicable()
    code_sets = [(code, [code]) for code in case.codes] + ([(None, list(case.codes))] if across else [])
    for code, codes in code_sets:
        for scope in scopes:
            for cs in coder_sets:
                secs, L = case.sections(cs, scope, codes)
                v, note = package_ualpha(secs)
                own = own_ualpha(secs, L)
                check(close(v, own), f"uα package {v} vs own {own}: {case.name} {code} {scope} {cs}")
                add("unitized_alpha", code, cs, scope, v,
                    "krippendorff_unitized_alpha.KrippendorffUnitizedAlpha({coder: [Segment(tag, start, end), ...]}).result"
                    + (" with tags {code, '_empty'}" if code is not None else " with all codes + '_empty'"),
                    note, continuum_length=L)


def diagnostics(cases, values, diag):
    """Extra numbers for README (printed only)."""
    by = {(v["case"], v["metric"], v["code"], tuple(v["coders"]), v["scope"]): v["value"] for v in values}
    out = list(diag)
    c = cases["krippendorff_2004_unitizing"]
    out.append(f"K2004 code c: uα={by[(c.name, 'unitized_alpha', 'c', ('i', 'j'), 'all')]!r} "
               f"char alpha={by[(c.name, 'krippendorff_alpha', 'c', ('i', 'j'), 'all')]!r} "
               f"code k: uα={by[(c.name, 'unitized_alpha', 'k', ('i', 'j'), 'all')]!r}")
    check(round(by[(c.name, "unitized_alpha", "c", ("i", "j"), "all")], 4) == 0.5163, "K2004 uα(c) != 0.5163")
    check(round(by[(c.name, "krippendorff_alpha", "c", ("i", "j"), "all")], 4) == 0.4984, "K2004 alpha(c) != 0.4984")
    # touching same-code sections not merged
    for name, code in [("self_overlap", "X"), ("random_2_coders_exclusive", "P"), ("random_2_coders_exclusive", None)]:
        cs = cases[name]
        codes = [code] if code else cs.codes
        secs, L = cs.sections(cs.coders, "all", codes, merge=False)
        v, _ = package_ualpha(secs)
        out.append(f"{name}/{code}: uα merged={by[(name, 'unitized_alpha', code, tuple(cs.coders), 'all')]!r}, "
                   f"touching same-code sections left separate={v!r}")
    # concatenation: merging across a document boundary (wrong) vs separate sections
    cs = cases["multi_document_pooling"]
    secs, L = cs.sections(cs.coders, "all", ["X"])
    wrong = {}
    for coder, ss in secs.items():
        merged = []
        for t, s, e in ss:
            if merged and merged[-1][0] == t and merged[-1][2] == s:
                merged[-1] = (t, merged[-1][1], e)
            else:
                merged.append((t, s, e))
        wrong[coder] = merged
    v, _ = package_ualpha(wrong)
    per_doc = [by[(cs.name, "unitized_alpha", "X", ("A", "B"), d)] for d, _ in cs.docs]
    out.append(f"multi_document_pooling/X: pooled uα={by[(cs.name, 'unitized_alpha', 'X', ('A', 'B'), 'all')]!r}; "
               f"if sections touching across the d1|d2 boundary were merged: {v!r}; per-doc {per_doc}")
    per_doc_k = [by[(cs.name, "cohen_kappa", "X", ("A", "B"), d)] for d, _ in cs.docs]
    out.append(f"multi_document_pooling/X: per-doc kappa {per_doc_k}, pooled {by[(cs.name, 'cohen_kappa', 'X', ('A', 'B'), 'all')]!r}")
    # uα vs char-level alpha on random data
    for name in ["random_3_coders", "random_2_coders_exclusive"]:
        cs = cases[name]
        for code in cs.codes:
            a = by[(name, "krippendorff_alpha", code, tuple(cs.coders), "all")]
            u = by[(name, "unitized_alpha", code, tuple(cs.coders), "all")]
            out.append(f"{name}/{code}/all: char alpha={a:.6f} uα={u:.6f} diff={u - a:+.6f}")
    return out


def main():
    with open(os.path.join(HERE, "cases.json")) as f:
        raw = json.load(f)["cases"]
    cases = {}
    values, diag = [], []
    for c in raw:
        case = Case(c)
        check(case.name not in cases, "duplicate case name")
        cases[case.name] = case
        compute_case(case, values, diag)
    diag = diagnostics(cases, values, diag)
    out = {
        "generated_with": {
            "python": platform.python_version(),
            "scikit-learn": version("scikit-learn"),
            "statsmodels": version("statsmodels"),
            "krippendorff": version("krippendorff"),
            "nltk": version("nltk"),
            "krippendorff-unitized-alpha": version("krippendorff-unitized-alpha"),
            "numpy": version("numpy"),
        },
        "values": values,
    }
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        f.write("{\n" + f'"generated_with": {json.dumps(out["generated_with"])},\n"values": [\n')
        f.write(",\n".join(json.dumps(v) for v in values))
        f.write("\n]}\n")
    check(json.load(open(os.path.join(HERE, "reference.json"))) == out, "round trip")
    print(f"wrote {len(values)} values for {len(cases)} cases; all cross-checks passed")
    if VERBOSE_DIAG:
        print("\n".join(diag))


if __name__ == "__main__":
    main()
