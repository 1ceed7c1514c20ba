#!/usr/bin/env python3
"""Near-duplicate detection, measured on real wire copy across Saudi outlets.

    python bench/dedup.py [--shared ../shared] [--days 3]

Data: the SaudiNewsNet articles of the first `--days` days (14 outlets, including the Saudi
Press Agency whose stories the papers reprint, lightly edited).

Reference labels, made without MinHash: for every pair of articles from different outlets
that share at least one 8-word passage, coverage = shared 8-word shingles / the shorter
article's 8-word shingles. A pair with coverage >= 0.5 is the same story (a reprint of
the same copy); a pair with coverage < 0.1 is not; pairs in between are ambiguous and left
out. Random pairs from the same days (sharing no 8-word passage) are added as negatives.

Prediction: khabar's `dedup.cluster` over MinHash signatures (5-word shingles, 128
permutations, 42 bands of 3, pairs checked at estimated containment >= 0.5): two articles
are predicted duplicates when they land in the same cluster. Prints pair precision and
recall, the clusters found, and the time per article, beside a datasketch MinHashLSH run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import zipfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from khabar.batch.dedup import MIN_WORDS, cluster, signature  # noqa: E402
from khabar.lang.normalize import normalize  # noqa: E402

WORD = re.compile(r"\w+")


def grams(text: str, n: int = 8) -> set[str]:
    w = WORD.findall(normalize(text))
    return {" ".join(w[i : i + n]) for i in range(len(w) - n + 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--days", type=int, default=3)
    a = ap.parse_args()
    zips = sorted((a.shared / "corpus/ar-clean/saudinewsnet").glob("*.zip"))[: a.days]
    docs = []
    for z in zips:
        with zipfile.ZipFile(z) as f:
            for art in json.loads(f.read(f.namelist()[0])):
                if len((art.get("content") or "").split()) >= MIN_WORDS:
                    docs.append(art)
    print(f"{len(docs):,} articles from {len(zips)} days, {len({d['source'] for d in docs})} outlets", file=sys.stderr)

    # reference labels
    g = [grams(d["content"]) for d in docs]
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(g):
        for x in s:
            index[x].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in index.values():
        if 1 < len(ids) <= 50:
            for i, j in combinations(ids, 2):
                shared[(i, j)] += 1
    pos, neg, ambiguous = set(), set(), 0
    for (i, j), n in shared.items():
        if docs[i]["source"] == docs[j]["source"]:
            continue
        cov = n / max(1, min(len(g[i]), len(g[j])))
        if cov >= 0.5:
            pos.add((i, j))
        elif cov < 0.1:
            neg.add((i, j))
        else:
            ambiguous += 1
    rng = random.Random(7)
    while len(neg) < 10 * max(1, len(pos)):
        i, j = sorted(rng.sample(range(len(docs)), 2))
        if (i, j) not in shared and docs[i]["source"] != docs[j]["source"]:
            neg.add((i, j))

    # khabar
    t0 = time.perf_counter()
    sigs = [signature(d["content"]) for d in docs]
    t_sig = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = cluster(np.stack(sigs), np.array([len(d["content"]) for d in docs], dtype=float))
    t_cluster = time.perf_counter() - t0
    same = lambda i, j: found.cluster[i] >= 0 and found.cluster[i] == found.cluster[j]  # noqa: E731
    tp = sum(1 for p in pos if same(*p))
    fp = sum(1 for p in neg if same(*p))
    fn = len(pos) - tp

    # datasketch's own LSH on the same signatures, for comparison
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    mh = []
    for k, s in enumerate(sigs):
        m = MinHash(num_perm=128, hashvalues=s[:128], scheme="affine32")
        mh.append(m)
        lsh.insert(k, m)
    near = {k: set(lsh.query(m)) for k, m in enumerate(mh)}
    t_ds = time.perf_counter() - t0
    ds_tp = sum(1 for i, j in pos if j in near[i])
    ds_fp = sum(1 for i, j in neg if j in near[i])

    print(
        f"articles: {len(docs):,}; reference pairs: {len(pos):,} same story, {len(neg):,} different, {ambiguous:,} ambiguous (left out)\n"
    )
    print("| method | pair precision | pair recall | clusters | duplicates marked | ms per article |")
    print("|---|---|---|---|---|---|")
    print(f"| khabar (MinHash, 42×3 bands, containment ≥ 0.5) | {tp / max(1, tp + fp):.3f} | {tp / max(1, tp + fn):.3f} | "
          f"{found.clusters:,} | {found.duplicates:,} | {(t_sig + t_cluster) / len(docs) * 1000:.2f} |")  # fmt: skip
    print(f"| datasketch MinHashLSH (threshold 0.5) | {ds_tp / max(1, ds_tp + ds_fp):.3f} | {ds_tp / max(1, len(pos)):.3f} | – | – | "
          f"{(t_sig + t_ds) / len(docs) * 1000:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
