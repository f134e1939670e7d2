#!/usr/bin/env python3
"""Generate cases.json (run once; cases.json is the authoritative, literal input).

    python3 tests/agreement_reference/make_cases.py

The random cases use Python's `random.Random(seed)` with fixed seeds, so rerunning this script
reproduces the same cases.json. Rust tests and compute_reference.py only read cases.json.
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def seg(coder, doc, code, start, end):
    assert start < end
    return [coder, doc, code, start, end]


cases = []

# 1 -------------------------------------------------------------------------------------------
spans = [("X", 10, 50), ("X", 120, 160), ("Y", 60, 90), ("Y", 170, 200)]
cases.append({
    "name": "perfect_agreement",
    "description": "Two coders with identical X and Y spans on one 200-char document (incl. a span ending at the document end).",
    "documents": [{"name": "d1", "length": 200}],
    "coders": ["A", "B"],
    "codes": ["X", "Y"],
    "segments": [seg(c, "d1", code, s, e) for c in ("A", "B") for (code, s, e) in spans],
})

# 2 -------------------------------------------------------------------------------------------
cases.append({
    "name": "total_disagreement",
    "description": "A codes X on [0,100), B codes X on [100,200): every character disagrees (kappa -1, PA 0).",
    "documents": [{"name": "d1", "length": 200}],
    "coders": ["A", "B"],
    "codes": ["X"],
    "segments": [seg("A", "d1", "X", 0, 100), seg("B", "d1", "X", 100, 200)],
})

# 3 -------------------------------------------------------------------------------------------
cases.append({
    "name": "one_coder_empty",
    "description": "A codes two X spans, B codes nothing: kappa exactly 0, alpha slightly negative.",
    "documents": [{"name": "d1", "length": 200}],
    "coders": ["A", "B"],
    "codes": ["X"],
    "segments": [seg("A", "d1", "X", 20, 40), seg("A", "d1", "X", 100, 130)],
})

# 4 -------------------------------------------------------------------------------------------
cases.append({
    "name": "no_variation",
    "description": "X has codings; nobody coded Y (0/0, undefined); both coders coded the whole document with Z (also no variation).",
    "documents": [{"name": "d1", "length": 200}],
    "coders": ["A", "B"],
    "codes": ["X", "Y", "Z"],
    "segments": [seg("A", "d1", "X", 10, 60), seg("B", "d1", "X", 20, 70),
                 seg("A", "d1", "Z", 0, 200), seg("B", "d1", "Z", 0, 200)],
})

# 5 -------------------------------------------------------------------------------------------
cases.append({
    "name": "nested_and_overlapping",
    "description": "Different codes overlap and nest within each coder; same-code spans nested inside a larger same-code span.",
    "documents": [{"name": "d1", "length": 300}],
    "coders": ["A", "B"],
    "codes": ["X", "Y", "Z"],
    "segments": [
        seg("A", "d1", "X", 10, 100), seg("A", "d1", "Y", 50, 150), seg("A", "d1", "Z", 60, 80),
        seg("A", "d1", "X", 20, 40), seg("A", "d1", "Z", 200, 240), seg("A", "d1", "Y", 260, 300),
        seg("B", "d1", "X", 15, 90), seg("B", "d1", "Y", 40, 160), seg("B", "d1", "Y", 100, 120),
        seg("B", "d1", "Z", 210, 250), seg("B", "d1", "X", 30, 35), seg("B", "d1", "Z", 70, 75),
        seg("B", "d1", "X", 280, 295),
    ],
})

# 6 -------------------------------------------------------------------------------------------
cases.append({
    "name": "self_overlap",
    "description": "A overlaps X with itself, duplicates a span and has touching X spans; B has touching X spans; union semantics must not double count.",
    "documents": [{"name": "d1", "length": 200}],
    "coders": ["A", "B"],
    "codes": ["X"],
    "segments": [
        seg("A", "d1", "X", 10, 50), seg("A", "d1", "X", 30, 70), seg("A", "d1", "X", 70, 90),
        seg("A", "d1", "X", 120, 130), seg("A", "d1", "X", 120, 130), seg("A", "d1", "X", 150, 165),
        seg("B", "d1", "X", 10, 90), seg("B", "d1", "X", 125, 140),
        seg("B", "d1", "X", 150, 160), seg("B", "d1", "X", 160, 170),
    ],
})

# 7 -------------------------------------------------------------------------------------------
cases.append({
    "name": "three_coders",
    "description": "Three coders, two documents, three codes, with cross-code overlaps and partial agreement.",
    "documents": [{"name": "d1", "length": 400}, {"name": "d2", "length": 250}],
    "coders": ["A", "B", "C"],
    "codes": ["X", "Y", "Z"],
    "segments": [
        seg("A", "d1", "X", 0, 60), seg("A", "d1", "X", 150, 210), seg("A", "d1", "Y", 40, 120),
        seg("A", "d1", "Z", 300, 380), seg("A", "d2", "X", 20, 90), seg("A", "d2", "Y", 100, 200),
        seg("A", "d2", "Z", 180, 250),
        seg("B", "d1", "X", 5, 55), seg("B", "d1", "X", 140, 215), seg("B", "d1", "Y", 50, 110),
        seg("B", "d1", "Y", 105, 130), seg("B", "d1", "Z", 310, 370), seg("B", "d2", "X", 25, 80),
        seg("B", "d2", "Y", 90, 210),
        seg("C", "d1", "X", 0, 70), seg("C", "d1", "X", 160, 200), seg("C", "d1", "X", 250, 270),
        seg("C", "d1", "Y", 30, 100), seg("C", "d1", "Z", 290, 400), seg("C", "d2", "X", 10, 100),
        seg("C", "d2", "Y", 120, 190), seg("C", "d2", "Z", 200, 240),
    ],
})

# 8 -------------------------------------------------------------------------------------------
cases.append({
    "name": "multi_document_pooling",
    "description": "Three documents of different lengths; coded sections end at a document end and start at the next document's start (must stay separate when concatenated); Y unused in d3.",
    "documents": [{"name": "d1", "length": 100}, {"name": "d2", "length": 300}, {"name": "d3", "length": 50}],
    "coders": ["A", "B"],
    "codes": ["X", "Y"],
    "segments": [
        seg("A", "d1", "X", 10, 30), seg("A", "d1", "X", 80, 100), seg("A", "d2", "X", 0, 30),
        seg("A", "d2", "Y", 100, 180), seg("A", "d2", "X", 250, 300), seg("A", "d3", "X", 0, 20),
        seg("A", "d1", "Y", 40, 60),
        seg("B", "d1", "X", 12, 30), seg("B", "d1", "X", 85, 100), seg("B", "d2", "X", 0, 25),
        seg("B", "d2", "Y", 90, 170), seg("B", "d2", "Y", 200, 220), seg("B", "d2", "X", 260, 300),
        seg("B", "d3", "X", 0, 10), seg("B", "d3", "X", 30, 50),
    ],
})

# 9 -------------------------------------------------------------------------------------------
# Krippendorff (2004), Content Analysis 2nd ed., p. 254, as encoded in DKPro Statistics
# dkpro-statistics-agreement/src/test/java/org/dkpro/statistics/agreement/unitizing/Krippendorff2004Test.java
# createExample(): UnitizingAnnotationStudy(2 raters, begin 150, length 300); addUnit(begin, length, rater, cat).
# Offsets below are shifted by -150 so the continuum is [0, 300).
k04 = [  # (begin, length, rater, category) literally as in DKPro
    (225, 70, 0, "c"), (370, 30, 0, "c"), (220, 80, 1, "c"), (355, 20, 1, "c"), (400, 20, 1, "c"),
    (180, 60, 0, "k"), (300, 50, 0, "k"), (180, 60, 1, "k"), (300, 50, 1, "k"),
]
cases.append({
    "name": "krippendorff_2004_unitizing",
    "description": "Krippendorff (2004, Content Analysis 2nd ed., p. 254) unitizing example as in DKPro Statistics Krippendorff2004Test.createExample() (continuum 150..450 shifted to 0..300; rater 0 = i, rater 1 = j).",
    "documents": [{"name": "d1", "length": 300}],
    "coders": ["i", "j"],
    "codes": ["c", "k"],
    "segments": [seg(["i", "j"][r], "d1", cat, b - 150, b - 150 + l) for (b, l, r, cat) in k04],
})

# 10 ------------------------------------------------------------------------------------------
units = [[i * 11, i * 11 + 10] for i in range(8)]  # [0,10),[11,21),...,[77,87); chars 10,21,..,87-89 are outside
cases.append({
    "name": "sentence_units",
    "description": "One 90-char document with 8 explicit 10-char units separated by 1-char gaps; spans partly cover units, one span covers only a gap char, one only chars after the last unit.",
    "documents": [{"name": "d1", "length": 90}],
    "coders": ["A", "B"],
    "codes": ["X", "Y"],
    "units": {"d1": units},
    "segments": [
        seg("A", "d1", "X", 2, 5), seg("A", "d1", "X", 18, 25), seg("A", "d1", "X", 54, 56),
        seg("A", "d1", "Y", 10, 11), seg("A", "d1", "Y", 66, 76), seg("A", "d1", "Y", 87, 90),
        seg("B", "d1", "X", 0, 10), seg("B", "d1", "X", 24, 30), seg("B", "d1", "X", 60, 62),
        seg("B", "d1", "Y", 70, 72), seg("B", "d1", "Y", 40, 44),
    ],
})

# 11 ------------------------------------------------------------------------------------------
cases.append({
    "name": "missing_coder",
    "description": "Three coders, two documents; coder C did not code d2 at all (C's values on d2 are missing, not 'not coded').",
    "documents": [{"name": "d1", "length": 200}, {"name": "d2", "length": 150}],
    "coders": ["A", "B", "C"],
    "codes": ["X", "Y"],
    "missing": [["C", "d2"]],
    "segments": [
        seg("A", "d1", "X", 10, 60), seg("A", "d1", "Y", 100, 150), seg("A", "d2", "X", 0, 40),
        seg("A", "d2", "Y", 90, 120),
        seg("B", "d1", "X", 15, 60), seg("B", "d1", "Y", 90, 140), seg("B", "d2", "X", 5, 50),
        seg("B", "d2", "Y", 100, 130),
        seg("C", "d1", "X", 10, 70), seg("C", "d1", "Y", 110, 160),
    ],
})


# 12 ------------------------------------------------------------------------------------------
def random_overlapping(seed, coders, docs, codes, spans_per_coder):
    rng = random.Random(seed)
    total = sum(l for _, l in docs)
    segs = []
    # shared "true" spans that each coder reproduces with jitter / omissions, plus own spans
    base = []
    n_base = int(spans_per_coder * 0.8)
    for _ in range(n_base):
        r = rng.randrange(total)
        for dname, dlen in docs:
            if r < dlen:
                break
            r -= dlen
        length = rng.randint(5, 120)
        start = rng.randrange(0, dlen - 5)
        base.append((dname, dlen, rng.choice(codes), start, min(dlen, start + length)))
    for c in coders:
        for (dname, dlen, code, s, e) in base:
            if rng.random() < 0.85:
                s2 = max(0, s + rng.randint(-12, 12))
                e2 = min(dlen, e + rng.randint(-12, 12))
                if e2 <= s2:
                    e2 = min(dlen, s2 + 3)
                segs.append(seg(c, dname, code, s2, e2))
        n_own = spans_per_coder - sum(1 for x in segs if x[0] == c)
        for _ in range(max(0, n_own)):
            dname, dlen = docs[0] if rng.random() < docs[0][1] / total else docs[1]
            s = rng.randrange(0, dlen - 5)
            e = min(dlen, s + rng.randint(3, 100))
            segs.append(seg(c, dname, rng.choice(codes), s, e))
    segs.sort(key=lambda x: (coders.index(x[0]), x[1], x[3], x[4], x[2]))
    return segs


docs12 = [("d1", 1500), ("d2", 900)]
cases.append({
    "name": "random_3_coders",
    "description": "Seeded random (make_cases.py, seed 20240611): 3 coders, 2 docs (1500, 900), 4 codes, ~25 spans per coder from jittered shared spans plus own spans; overlaps allowed.",
    "documents": [{"name": n, "length": l} for n, l in docs12],
    "coders": ["A", "B", "C"],
    "codes": ["W", "X", "Y", "Z"],
    "segments": random_overlapping(20240611, ["A", "B", "C"], docs12, ["W", "X", "Y", "Z"], 25),
})


# 13 ------------------------------------------------------------------------------------------
def random_exclusive(seed, coders, dlen, codes):
    """Each coder's coding is a partition of the document into gaps and coded sections
    (jittered copy of a shared base partition), so no coder overlaps two different codes.
    Adjacent coded sections with different codes touch; some coded sections are split
    into two touching same-code spans (must be merged for uα)."""
    rng = random.Random(seed)
    # base partition: list of (value or None, length)
    base = []
    pos = 0
    while pos < dlen:
        kind = rng.random()
        if kind < 0.45:
            v = None
            length = rng.randint(10, 90)
        else:
            v = rng.choice(codes)
            length = rng.randint(8, 110)
        if base and base[-1][0] == v:
            continue  # avoid accidental same-value neighbours in the base
        length = min(length, dlen - pos)
        base.append((v, length))
        pos += length
    bounds = []
    p = 0
    for v, l in base:
        bounds.append(p)
        p += l
    bounds.append(dlen)
    segs = []
    for c in coders:
        b = [bounds[0]]
        for x in bounds[1:-1]:
            b.append(x + rng.randint(-6, 6))
        b.append(bounds[-1])
        # keep strictly increasing
        for i in range(1, len(b) - 1):
            b[i] = max(b[i], b[i - 1] + 1)
        for i in range(len(b) - 2, 0, -1):
            b[i] = min(b[i], b[i + 1] - 1)
        for i, (v, _) in enumerate(base):
            s, e = b[i], b[i + 1]
            if v is None:
                if rng.random() < 0.15 and e - s > 10:  # coder codes something in a base gap
                    s2 = s + rng.randint(1, (e - s) // 2)
                    segs.append(seg(c, "d1", rng.choice(codes), s2, min(e - 1, s2 + rng.randint(3, 20))))
                continue
            if rng.random() < 0.1:
                continue  # coder misses this section
            vv = v if rng.random() < 0.85 else rng.choice([x for x in codes if x != v])
            if rng.random() < 0.15 and e - s >= 6:
                mid = rng.randint(s + 2, e - 2)
                segs.append(seg(c, "d1", vv, s, mid))
                segs.append(seg(c, "d1", vv, mid, e))
            else:
                segs.append(seg(c, "d1", vv, s, e))
    # sanity: no coder overlaps two different codes
    for c in coders:
        mine = [x for x in segs if x[0] == c]
        for x in mine:
            for y in mine:
                if x[2] != y[2]:
                    assert x[4] <= y[3] or y[4] <= x[3], (x, y)
    segs.sort(key=lambda x: (coders.index(x[0]), x[3], x[4], x[2]))
    return segs


cases.append({
    "name": "random_2_coders_exclusive",
    "description": "Seeded random (make_cases.py, seed 7919): 2 coders, one 2000-char doc, 3 codes; no coder overlaps two codes; includes touching sections of different codes and split (touching) same-code spans.",
    "documents": [{"name": "d1", "length": 2000}],
    "coders": ["A", "B"],
    "codes": ["P", "Q", "R"],
    "segments": random_exclusive(7919, ["A", "B"], 2000, ["P", "Q", "R"]),
})


# ---------------------------------------------------------------------------------------------
def dump(cases):
    # one segment per line for readable diffs
    out = ['{"cases": [']
    for ci, c in enumerate(cases):
        lines = ["  {"]
        keys = list(c.keys())
        for ki, k in enumerate(keys):
            comma = "," if ki < len(keys) - 1 else ""
            if k == "segments":
                inner = ",\n".join("      " + json.dumps(s) for s in c[k])
                lines.append(f'    "segments": [\n{inner}\n    ]{comma}')
            else:
                lines.append(f"    {json.dumps(k)}: {json.dumps(c[k])}{comma}")
        lines.append("  }" + ("," if ci < len(cases) - 1 else ""))
        out.append("\n".join(lines))
    out.append("]}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    text = dump(cases)
    assert json.loads(text) == {"cases": cases}
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        f.write(text)
    print(f"wrote {len(cases)} cases")
