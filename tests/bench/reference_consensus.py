#!/usr/bin/python3
"""
Reference implementation of Accord's opinion groups (app/consensus/opinion-groups.ts) with
numpy + scipy + scikit-learn, for tests/bench/consensus.bench.ts. Run with Debian's interpreter:

    /usr/bin/python3 tests/bench/reference_consensus.py <data dir> <runs> [<warm-up runs> <warm-up ms>]

<data dir> holds meta.json {"participants", "statements", "votes"} and the vote rows as raw
little-endian arrays: rows.i32, cols.i32 (int32) and values.i8 (int8; +1 agree, -1 disagree, 0 pass),
in chronological order (the latest vote per pair wins). Same steps as Accord:

  latest vote per (participant, statement) → CSR → participants with ≥ min(7, S) votes → values
  centred on the column mean over those participants (a missing cell is 0 after centring, so the
  columns have mean zero and PCA = truncated SVD) → TruncatedSVD(2, randomized) → projection × √(S / own
  votes) → KMeans into ≤ 100 base clusters (fitted on a 2,500-point sample above that size) → weighted KMeans of the base centres for k = 2…5, chosen by
  weighted silhouette (numpy, mirroring weightedSilhouette) → group-informed consensus ∏g (Ag+1)/(Sg+2)
  and representative statements.

Only the computation is timed (after the arrays are loaded and the libraries imported). The first run
is the "cold" one; ru_maxrss is read right after it (a process that has run the computation once). Then
untimed warm-up runs (as many as the benchmark gives Accord's JIT), then <runs> timed runs (wall clock and
process CPU time). Prints one JSON line; writes ref_included.i32 and ref_labels.i32 into <data dir>.
"""
import json
import math
import os
import resource
import sys
import time
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD

warnings.filterwarnings("ignore")  # sklearn's FutureWarnings / ConvergenceWarnings are noise here

SEED = 0
MAX_BASE = 100
MIN_K, MAX_K = 2, 5
REPNESS_Z = 1.2816
MAX_REPRESENTATIVE = 5


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def build_csr(P, S, rows, cols, values):
    """Latest vote per (participant, statement) wins; rows of the CSR are participants."""
    ok = (rows >= 0) & (rows < P) & (cols >= 0) & (cols < S) & ((values == 1) | (values == -1) | (values == 0))
    if not ok.all():
        rows, cols, values = rows[ok], cols[ok], values[ok]
    key = rows.astype(np.int64) * S + cols
    n = key.shape[0]
    # np.unique on the reversed keys returns each key's first index there = its last vote here
    uniq, first_rev = np.unique(key[::-1], return_index=True)
    last = n - 1 - first_rev
    r = (uniq // S).astype(np.int64)
    c = (uniq % S).astype(np.int32)
    v = values[last].astype(np.float64)
    indptr = np.zeros(P + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=P), out=indptr[1:])
    return indptr, r, c, v


def orient(w):
    """Largest |loading| positive, as in opinion-groups.ts."""
    j = int(np.argmax(np.abs(w)))
    return -w if w[j] < 0 else w


def weighted_silhouette(points, weights, labels, k):
    """Mirror of weightedSilhouette: each base centre stands for `weight` participants."""
    d = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    W = np.broadcast_to(weights, d.shape).copy()
    np.fill_diagonal(W, weights - 1)
    onehot = np.zeros((len(weights), k))
    onehot[np.arange(len(weights)), labels] = 1
    sum_to = (d * W) @ onehot
    w_to = W @ onehot
    idx = np.arange(len(weights))
    own_w = w_to[idx, labels]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_to = np.where(w_to > 0, sum_to / np.where(w_to > 0, w_to, 1), np.inf)
    a = mean_to[idx, labels]
    others = mean_to.copy()
    others[idx, labels] = np.inf
    b = others.min(axis=1)
    keep = (own_w > 0) & np.isfinite(b)
    if not keep.any():
        return -1.0
    a, b, wk = a[keep], b[keep], weights[keep]
    m = np.maximum(a, b)
    s = np.where(m > 0, (b - a) / np.where(m > 0, m, 1), 0.0)
    return float((s * wk).sum() / wk.sum())


def prop_test(succ, n):
    return 2 * np.sqrt(n + 1) * ((succ + 1) / (n + 1) - 0.5)


def two_prop_test(s_in, n_in, s_out, n_out):
    s1, s2, n1, n2 = s_in + 1, s_out + 1, n_in + 1, n_out + 1
    p1, p2 = s1 / n1, s2 / n2
    p_hat = (s1 + s2) / (n1 + n2)
    denom = np.sqrt(p_hat * (1 - p_hat) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / denom
    return np.where((p_hat >= 1) | (p_hat <= 0), 0.0, z)


def representative(agree, disagree, seen):
    k, S = seen.shape
    out = []
    for g in range(k):
        rest_seen = seen.sum(0) - seen[g]
        best_metric = np.full(S, -np.inf)
        best_dir = np.zeros(S, dtype=np.int8)
        for direction, cnt_all in ((1, agree), (-1, disagree)):
            cnt = cnt_all[g]
            rest = cnt_all.sum(0) - cnt
            p = (cnt + 1) / (seen[g] + 2)
            p_rest = (rest + 1) / (rest_seen + 2)
            zp = prop_test(cnt, seen[g])
            zr = two_prop_test(cnt, seen[g], rest, rest_seen)
            metric = (p / p_rest) * p * zp * zr
            ok = (seen[g] > 0) & (zp >= REPNESS_Z) & (zr >= REPNESS_Z) & (metric > best_metric)
            best_metric = np.where(ok, metric, best_metric)
            best_dir = np.where(ok, direction, best_dir)
        cand = np.nonzero(np.isfinite(best_metric))[0]
        order = cand[np.lexsort((cand, -best_metric[cand]))][:MAX_REPRESENTATIVE]
        out.append([(int(j), int(best_dir[j])) for j in order])
    return out


def compute(P, S, rows, cols, values, phases):
    t = time.perf_counter()
    indptr, r_of, c, v = build_csr(P, S, rows, cols, values)
    n_votes = np.diff(indptr)
    included = np.nonzero((n_votes >= min(7, S)) & (n_votes > 0))[0]
    n_inc = len(included)
    inc_mask = np.zeros(P, dtype=bool)
    inc_mask[included] = True
    entry_inc = inc_mask[r_of]
    col_sum = np.bincount(c[entry_inc], weights=v[entry_inc], minlength=S)
    col_n = np.bincount(c[entry_inc], minlength=S)
    mean = np.where(col_n > 0, col_sum / np.maximum(col_n, 1), 0.0)
    # centred CSR of the included participants only
    inc_row = np.cumsum(inc_mask) - 1
    C = sp.csr_matrix((v[entry_inc] - mean[c[entry_inc]], (inc_row[r_of[entry_inc]], c[entry_inc])), shape=(n_inc, S))
    phases["build+centre"] = phases.get("build+centre", 0) + time.perf_counter() - t

    t = time.perf_counter()
    if n_inc >= 3 and S >= 3:
        svd = TruncatedSVD(n_components=2, algorithm="randomized", random_state=SEED)
        svd.fit(C)
        comps = np.stack([orient(svd.components_[0]), orient(svd.components_[1])])
    else:  # degenerate: too small for a 2-component randomized SVD
        comps = np.zeros((2, S))
    scale = np.sqrt(S / n_votes[included])
    proj = np.asarray(C @ comps.T) * scale[:, None]
    phases["svd+project"] = phases.get("svd+project", 0) + time.perf_counter() - t

    t = time.perf_counter()
    k_best, labels, score = cluster(proj, n_inc)
    phases["kmeans+silhouette"] = phases.get("kmeans+silhouette", 0) + time.perf_counter() - t

    t = time.perf_counter()
    if k_best > 0:
        row_group = np.full(P, -1, dtype=np.int64)
        row_group[included] = labels
        g_of = row_group[r_of]
        m = g_of >= 0
        gi = g_of[m] * S + c[m]
        vm = v[m]
        seen = np.bincount(gi, minlength=k_best * S).reshape(k_best, S)
        agree = np.bincount(gi[vm == 1], minlength=k_best * S).reshape(k_best, S)
        disagree = np.bincount(gi[vm == -1], minlength=k_best * S).reshape(k_best, S)
        gic = np.prod((agree + 1) / (seen + 2), axis=0)
        rep = representative(agree, disagree, seen)
    else:
        gic = np.full(S, np.nan)
        rep = []
    phases["consensus+repness"] = phases.get("consensus+repness", 0) + time.perf_counter() - t
    return included, labels, k_best, score, gic, rep


def cluster(points, n):
    if n == 0:
        return 0, np.zeros(0, dtype=np.int32), None
    base_k = min(MAX_BASE, n)
    # As Accord: fit the base clusters on a fixed-seed sample of at most 2,500 points, then assign all.
    if n > 2500:
        rng = np.random.default_rng(SEED)
        sample = points[rng.choice(n, 2500, replace=False)]
        base = KMeans(n_clusters=base_k, n_init=1, max_iter=30, random_state=SEED).fit(sample)
        base_labels = base.predict(points)
    else:
        base = KMeans(n_clusters=base_k, n_init=1, max_iter=30, random_state=SEED).fit(points)
        base_labels = base.labels_
    sizes = np.bincount(base_labels, minlength=base_k).astype(np.float64)
    present = np.nonzero(sizes > 0)[0]
    remap = np.full(base_k, -1)
    remap[present] = np.arange(len(present))
    centres = np.stack([np.bincount(base_labels, weights=points[:, d], minlength=base_k)[present] / sizes[present] for d in range(2)], axis=1)
    weights = sizes[present]
    base_of = remap[base_labels]
    B = len(weights)
    if B < 2 or len(np.unique(np.round(centres, 9), axis=0)) < 2:
        return 1, np.zeros(n, dtype=np.int32), None
    best = None
    hi = min(MAX_K, B if B - 1 < MIN_K else B - 1)
    for k in range(MIN_K, hi + 1):
        km = KMeans(n_clusters=k, n_init=5, max_iter=100, random_state=SEED).fit(centres, sample_weight=weights)
        score = weighted_silhouette(centres, weights, km.labels_, k)
        if best is None or score > best[2] + 1e-9:
            best = (km.labels_, k, score)
    if best is None:
        return 1, np.zeros(n, dtype=np.int32), None
    lab, k, score = best
    # canonical labels: largest group first, ties by mean x (as Accord)
    size = np.bincount(lab, weights=weights, minlength=k)
    sx = np.bincount(lab, weights=weights * centres[:, 0], minlength=k)
    groups = [g for g in range(k) if size[g] > 0]
    groups.sort(key=lambda g: (-size[g], sx[g] / size[g], g))
    relabel = np.full(k, -1)
    relabel[groups] = np.arange(len(groups))
    return len(groups), relabel[lab][base_of].astype(np.int32), score


def main():
    data_dir, runs = sys.argv[1], int(sys.argv[2])
    warm_runs = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    warm_ms = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    P, S = meta["participants"], meta["statements"]
    rows = np.fromfile(os.path.join(data_dir, "rows.i32"), dtype="<i4")
    cols = np.fromfile(os.path.join(data_dir, "cols.i32"), dtype="<i4")
    values = np.fromfile(os.path.join(data_dir, "values.i8"), dtype="i1")
    baseline = rss_kb()

    phases = {}
    t0 = time.perf_counter()
    included, labels, k, score, _gic, _rep = compute(P, S, rows, cols, values, phases)
    cold = (time.perf_counter() - t0) * 1000
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    warm_start = time.perf_counter()
    for _ in range(warm_runs):
        if (time.perf_counter() - warm_start) * 1000 >= warm_ms:
            break
        compute(P, S, rows, cols, values, {})
    phases = {}
    ms = []
    cpu_ms = []
    for _ in range(runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        compute(P, S, rows, cols, values, phases)
        ms.append((time.perf_counter() - t0) * 1000)
        cpu_ms.append((time.process_time() - c0) * 1000)
    included.astype("<i4").tofile(os.path.join(data_dir, "ref_included.i32"))
    labels.astype("<i4").tofile(os.path.join(data_dir, "ref_labels.i32"))
    print(json.dumps({
        "ms": ms,
        "cpu_ms": cpu_ms,
        "cold_ms": cold,
        "maxrss_kb": maxrss,
        "baseline_rss_kb": baseline,
        "k": int(k),
        "silhouette": score,
        "included": int(len(included)),
        "phases_ms": {name: 1000 * t / max(runs, 1) for name, t in phases.items()},
        "included_path": os.path.join(data_dir, "ref_included.i32"),
        "labels_path": os.path.join(data_dir, "ref_labels.i32"),
    }))


if __name__ == "__main__":
    main()
