#!/usr/bin/python3
"""Writes electron/backend/drift/scipy-reference-values.json: scipy's (and Evidently's default) drift
figures for seeded samples, which the drift tests compare against.

Run with the system interpreter, which has numpy and scipy: /usr/bin/python3 scripts/drift-reference-values.py
Large samples are not stored; they are described by a sequence spec that the tests rebuild exactly:
value[i] = floor((((i + offset) * multiplier) % 1) * scale * 1000) / 1000 + shift.
"""
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
from scipy import stats
from scipy.spatial import distance

OUT = Path(__file__).resolve().parent.parent / "electron" / "backend" / "drift" / "scipy-reference-values.json"
rng = np.random.default_rng(20240611)


def sequence(spec):
    return [math.floor((((i + spec["offset"]) * spec["multiplier"]) % 1) * spec["scale"] * 1000) / 1000 + spec["shift"]
            for i in range(spec["count"])]


def spec(count, offset, multiplier=0.6180339887498949, scale=1.0, shift=0.0):
    return {"count": count, "offset": offset, "multiplier": multiplier, "scale": scale, "shift": shift}


def small(values):
    return [float(v) for v in values]


def ks_case(name, a=None, b=None, a_spec=None, b_spec=None):
    left = a if a is not None else sequence(a_spec)
    right = b if b is not None else sequence(b_spec)
    result = stats.ks_2samp(left, right)
    case = {"name": name, "statistic": float(result.statistic), "pValue": float(result.pvalue),
            "exact": max(len(left), len(right)) <= 10000}
    if a is not None:
        case["a"] = small(a)
    else:
        case["aSpec"] = a_spec
    if b is not None:
        case["b"] = small(b)
    else:
        case["bSpec"] = b_spec
    return case


ks = [
    ks_case("small normal samples with a shift", np.round(rng.normal(0, 1, 20), 3), np.round(rng.normal(0.8, 1, 25), 3)),
    ks_case("equal sizes", np.round(rng.normal(0, 1, 50), 3), np.round(rng.normal(0.3, 1, 50), 3)),
    ks_case("identical samples", [1.5, 2.5, 2.5, 3.0, 7.25] * 4, [1.5, 2.5, 2.5, 3.0, 7.25] * 4),
    ks_case("disjoint samples", np.round(rng.uniform(0, 1, 30), 4), np.round(rng.uniform(5, 6, 40), 4)),
    ks_case("ties in integer data", rng.integers(0, 10, 200), rng.integers(1, 11, 300)),
    ks_case("one value against many", [0.5], np.round(rng.normal(0, 1, 40), 3)),
    ks_case("a thousand against five thousand", a_spec=spec(1000, 1), b_spec=spec(5000, 7, scale=1.02, shift=0.01)),
    ks_case("exact at the size limit", a_spec=spec(800, 3), b_spec=spec(10000, 11, scale=1.01)),
    ks_case("asymptotic, reference of a thousand", a_spec=spec(1000, 1), b_spec=spec(20000, 5, shift=0.02)),
    ks_case("asymptotic, no drift", a_spec=spec(1000, 1), b_spec=spec(20000, 5)),
    ks_case("asymptotic, large samples", a_spec=spec(12000, 2), b_spec=spec(15001, 9, multiplier=0.41421356237309515, shift=0.003)),
    ks_case("asymptotic, equal odd sizes", a_spec=spec(10001, 2), b_spec=spec(10001, 4, multiplier=0.7320508075688772, shift=0.01)),
    ks_case("asymptotic, tiny reference", a_spec=spec(5, 1), b_spec=spec(20000, 5)),
    ks_case("asymptotic, strong drift", a_spec=spec(2000, 1), b_spec=spec(30000, 5, shift=0.3)),
]

kolmogorov = []
for n in [3, 10, 40, 141, 500, 1000, 5000, 100000, 150000]:
    for x in [0.6 / n, 0.3 / math.sqrt(n), 0.7 / math.sqrt(n), 1.0 / math.sqrt(n), 1.3 / math.sqrt(n),
              1.8 / math.sqrt(n), 2.5 / math.sqrt(n), 4.0 / math.sqrt(n), 0.55, 1 - 0.5 / n]:
        if 0 < x < 1:
            kolmogorov.append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))})


def chi_case(name, observed, expected):
    with np.errstate(divide="ignore", invalid="ignore"):
        result = stats.chisquare(observed, expected)
    return {"name": name, "observed": small(observed), "expected": small(expected),
            "statistic": float(result.statistic), "pValue": float(result.pvalue)}


def scaled_to_observed(observed, reference_counts):
    return observed, [float(c) * observed.sum() / reference_counts.sum() for c in reference_counts]


chi = [
    chi_case("close counts", [18, 22, 20, 40], [20.0, 20.0, 20.0, 40.0]),
    chi_case("scaled reference counts", [30, 50, 20], [x * 100 / 160 for x in [40, 80, 40]]),
    chi_case("many categories", *scaled_to_observed(rng.integers(5, 60, 40), rng.integers(5, 60, 40))),
    chi_case("strong difference", [5, 90, 5], [33.0, 34.0, 33.0]),
    chi_case("category unseen in reference", [10, 10, 5], [12.5, 12.5, 0.0]),
]


def wasserstein_case(name, a=None, b=None, a_spec=None, b_spec=None):
    left = a if a is not None else sequence(a_spec)
    right = b if b is not None else sequence(b_spec)
    case = {"name": name, "distance": float(stats.wasserstein_distance(left, right)),
            "referenceStd": float(np.std(left))}
    if a is not None:
        case["a"], case["b"] = small(a), small(b)
    else:
        case["aSpec"], case["bSpec"] = a_spec, b_spec
    return case


wasserstein = [
    wasserstein_case("small samples", np.round(rng.normal(0, 1, 30), 3), np.round(rng.normal(0.5, 2, 45), 3)),
    wasserstein_case("identical samples", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
    wasserstein_case("disjoint samples", [0.0, 1.0], [10.0, 11.0, 12.0]),
    wasserstein_case("constant reference", [4.0] * 10, [4.0, 5.0]),
    wasserstein_case("large samples", a_spec=spec(100000, 1, scale=3), b_spec=spec(50000, 5, scale=3.2, shift=0.1)),
]


def feel_zeroes(percents):
    smallest = min(percents[percents != 0])
    np.place(percents, percents == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)


def binned(reference, current, numeric, fill):
    reference, current = pd.Series(reference), pd.Series(current)
    if numeric and reference.nunique() > 20:
        combined = np.asarray(pd.concat([reference, current]).values)
        edges = np.histogram_bin_edges(combined, bins="sturges")
        ref = np.histogram(reference, edges)[0] / len(reference)
        cur = np.histogram(current, edges)[0] / len(current)
        keys = None
    else:
        keys = sorted(set(reference.dropna().unique()) | set(current.dropna().unique()), key=str)
        ref = np.array([(reference == k).sum() / len(reference) for k in keys])
        cur = np.array([(current == k).sum() / len(current) for k in keys])
    if fill:
        feel_zeroes(ref)
        feel_zeroes(cur)
    return ref, cur, keys


def binning_case(name, reference, current, numeric):
    ref, cur, keys = binned(reference, current, numeric, True)
    raw_ref, raw_cur, _ = binned(reference, current, numeric, False)
    psi = float(np.sum((ref - cur) * np.log(ref / cur)))
    case = {"name": name, "reference": list(reference), "current": list(current), "numeric": numeric,
            "referencePercents": ref.tolist(), "currentPercents": cur.tolist(),
            "rawReferencePercents": raw_ref.tolist(), "rawCurrentPercents": raw_cur.tolist(),
            "psi": psi, "jensenShannon": float(distance.jensenshannon(raw_ref, raw_cur))}
    if keys is not None:
        case["keys"] = [k if isinstance(k, str) else float(k) for k in keys]
    else:
        combined = np.concatenate([reference, current])
        case["edges"] = np.histogram_bin_edges(combined, bins="sturges").tolist()
    return case


binning = [
    binning_case("numeric, sturges bins", small(np.round(rng.normal(0, 1, 300), 3)), small(np.round(rng.normal(0.4, 1.3, 200), 3)), True),
    binning_case("numeric, empty bins filled", small(np.round(rng.normal(0, 1, 400), 2)), small(np.round(rng.normal(5, 0.2, 50), 2)), True),
    binning_case("numeric, few values go by category", [1.0, 2.0, 2.0, 3.0, 3.0, 3.0], [2.0, 3.0, 4.0, 4.0], True),
    binning_case("categorical with a new category", ["a", "b", "b", "c", "c", "c"] * 5, ["b", "c", "c", "d"] * 6, False),
]


def z_case(name, reference, current):
    keys = sorted(set(reference) | set(current))
    if len(set(reference)) == 1 and len(set(current)) == 1 and reference[0] == current[0]:
        return {"name": name, "reference": reference, "current": current, "pValue": 1.0}
    ref = np.array([0 if x == keys[0] else 1 for x in reference])
    cur = np.array([0 if x == keys[0] else 1 for x in current])
    n1, n2 = len(ref), len(cur)
    p1, p2 = float(sum(ref)) / n1, float(sum(cur)) / n2
    pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    return {"name": name, "reference": reference, "current": current, "statistic": float(z),
            "pValue": float(2 * (1 - stats.norm.cdf(np.abs(z))))}


ztests = [
    z_case("balanced flags", ["yes"] * 50 + ["no"] * 50, ["yes"] * 45 + ["no"] * 55),
    z_case("shifted flags", ["yes"] * 80 + ["no"] * 20, ["yes"] * 30 + ["no"] * 70),
    z_case("constant and equal", ["on"] * 10, ["on"] * 7),
    z_case("constant and different", ["on"] * 10, ["off"] * 7),
]

js = []
for p, q in [([0.2, 0.3, 0.5], [0.25, 0.25, 0.5]), ([1, 0, 0], [0, 0, 1]), ([3, 4, 0, 1], [1, 1, 1, 1]), ([0.5, 0.5], [0.5, 0.5])]:
    js.append({"p": small(p), "q": small(q), "distance": float(distance.jensenshannon(p, q))})

fixture = {
    "generatedBy": "scripts/drift-reference-values.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "ks": ks,
    "kolmogorov": kolmogorov,
    "chiSquare": chi,
    "wasserstein": wasserstein,
    "jensenShannon": js,
    "binning": binning,
    "zTest": ztests,
}
def json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_safe(item) for item in value]
    return value


OUT.write_text(json.dumps(json_safe(fixture), allow_nan=False, indent=None, separators=(",", ":")) + "\n")
print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
