"""Near-duplicate articles: MinHash signatures of body shingles, LSH banding, clusters.

Signatures are MinHash over xxhash: each shingle hashed once (xxh32), then 128
universal hash functions (a*x + b mod 2^61-1, as datasketch does) in one numpy product:
0.6 ms an article, against 15 ms to extract it. Not datasketch itself: it took 0.9 ms, and
importing it imports SciPy, 0.7 s added to the start of every run. The banding and
clustering are numpy sorts, not a dict per band, so memory stays at a few bytes per band
per article. A wire story reprinted by another outlet is often cut or
extended, so candidate pairs are checked on estimated containment (the share of the
shorter body found in the other), not on Jaccard similarity. Bands of 3 rows (42 of them)
were chosen on SaudiNewsNet wire copy (bench/dedup.py): 32×4 found 85% of the same-story
pairs, 64×2 98% but with more false merges, 42×3 94% at 95% precision.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import xxhash

from khabar.lang.normalize import normalize

NUM_PERM = 128
BANDS, ROWS = 42, 3
SHINGLE = 5  # words
THRESHOLD = 0.5  # estimated containment a candidate pair must reach to be called duplicates
MIN_WORDS = 30  # shorter bodies are too short to call duplicates
_WORD = re.compile(r"\w+")
_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_rng = np.random.RandomState(1)
_A = _rng.randint(1, int(_PRIME), size=NUM_PERM, dtype=np.uint64)
_B = _rng.randint(0, int(_PRIME), size=NUM_PERM, dtype=np.uint64)


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(normalize(text))
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a body, uint64[NUM_PERM + 1] with the shingle count last
    (to estimate containment), or None if the body is too short."""
    if len(text.split()) < MIN_WORDS:
        return None
    sh = shingles(text)
    hashes = np.fromiter((xxhash.xxh32_intdigest(s) for s in sh), dtype=np.uint64, count=len(sh))
    # products wrap modulo 2^64 before the modulo, as in datasketch: still a fine hash family
    permuted = (np.outer(hashes, _A) + _B) % _PRIME & _MAX_HASH
    return np.append(permuted.min(axis=0), np.uint64(len(sh)))


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated share of the smaller body's shingles that the other holds, from the
    signatures' Jaccard estimate J and the sizes: |A∩B| = J(|A|+|B|)/(1+J)."""
    j = float(np.mean(a[:NUM_PERM] == b[:NUM_PERM]))
    na, nb = float(a[NUM_PERM]), float(b[NUM_PERM])
    return j * (na + nb) / ((1 + j) * max(1.0, min(na, nb)))


@dataclass
class Clusters:
    """cluster[i]: index of the representative of item i's cluster, or -1 when alone."""

    cluster: np.ndarray

    @property
    def duplicates(self) -> int:
        return int(np.sum((self.cluster >= 0) & (self.cluster != np.arange(len(self.cluster)))))

    @property
    def clusters(self) -> int:
        return len(set(self.cluster[self.cluster >= 0].tolist()))


def cluster(signatures: np.ndarray, weights: np.ndarray | None = None, threshold: float = THRESHOLD) -> Clusters:
    """Group near-duplicates. `signatures`: uint64[n, NUM_PERM + 1]. The representative of a
    cluster is its member with the largest weight (the longest body), then the first."""
    n = len(signatures)
    parent = np.arange(n)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    if n > 1:
        for b in range(BANDS):
            band = np.ascontiguousarray(signatures[:, b * ROWS : (b + 1) * ROWS])
            keys = np.frombuffer(band.tobytes(), dtype=f"V{ROWS * 8}")
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            same = np.nonzero(sorted_keys[1:] == sorted_keys[:-1])[0]
            for k in same:
                i, j = int(order[k]), int(order[k + 1])
                ri, rj = find(i), find(j)
                if ri == rj:
                    continue
                if containment(signatures[i], signatures[j]) >= threshold:
                    parent[max(ri, rj)] = min(ri, rj)
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    sizes = np.bincount(roots, minlength=n)
    w = weights if weights is not None else np.zeros(n)
    rep: dict[int, int] = {}
    for i in range(n):
        r = int(roots[i])
        if sizes[r] > 1 and (r not in rep or w[i] > w[rep[r]]):
            rep[r] = i
    out = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        r = int(roots[i])
        if sizes[r] > 1:
            out[i] = rep[r]
    return Clusters(out)


# ---- the same clustering, spread over processes --------------------------------------
#
# On a whole crawl the signatures do not fit in one process (1 KB an article: 100 GB for a
# hundred million). So, as datatrove's multi-stage MinHash does: each shard's worker writes
# its signatures and their band keys beside the shard; bucket tasks each take one group of
# bands and one slice of the key space (key % parts), read only those keys from every
# shard, sort them, take the candidate pairs (neighbours with equal keys) and verify them
# there, shard pair by shard pair (a shard holds at most 100 articles, a few of its
# signatures files are held at a time); only verified pairs come back, and the run joins
# them into clusters (a few integers per duplicate, as datatrove's last stage holds).
# Memory per task is its slice of keys and its pairs; in the run, the duplicates.
# The result equals `cluster` on all signatures at once (a test checks it).

BAND_GROUP = 7  # bands per bucket task
BUCKET_KEYS = 4_000_000  # keys a bucket task may hold (16 bytes each): sets the number of slices
SHARDS_HELD = 64  # signature files a bucket task keeps loaded while it verifies its pairs
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """uint64[n, BANDS]: one key per band of each signature (equal rows give equal keys;
    a collision between different rows only adds a candidate that verification drops)."""
    s = signatures[:, : BANDS * ROWS].reshape(len(signatures), BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys: np.ndarray = (s * _MIX).sum(axis=2, dtype=np.uint64)
    mixed: np.ndarray = keys ^ (keys >> np.uint64(31))
    return mixed


def slices_for(total: int) -> int:
    """How many key slices keep a bucket task under BUCKET_KEYS keys."""
    return max(1, -(-total * BAND_GROUP // BUCKET_KEYS))


def bucket_pairs(
    paths: list[str], first: list[int], bands: tuple[int, int], part: int, parts: int, threshold: float = THRESHOLD
) -> np.ndarray:
    """Verified near-duplicate pairs (int64[m, 2] of global article numbers, smaller first)
    among the candidates of bands [bands[0], bands[1]) and keys ≡ part (mod parts), over
    the shards' signature files (`first[k]`: the global number of file k's first article)."""
    out: list[np.ndarray] = []
    for b in range(*bands):
        keys: list[np.ndarray] = []
        docs: list[np.ndarray] = []
        for path, start in zip(paths, first):
            with np.load(path) as data:
                k = data["bands"][:, b] if "bands" in data.files else band_keys(data["sigs"])[:, b]
            mine = np.nonzero(k % np.uint64(parts) == np.uint64(part))[0]
            keys.append(k[mine])
            docs.append(mine.astype(np.int64) + start)
        if not keys:
            continue
        key, doc = np.concatenate(keys), np.concatenate(docs)
        order = np.lexsort((doc, key))  # by key, then reading order: the neighbours `cluster` compares
        key, doc = key[order], doc[order]
        same = np.nonzero(key[1:] == key[:-1])[0]
        if len(same):
            out.append(np.stack([doc[same], doc[same + 1]], axis=1))
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    return verify(np.unique(np.concatenate(out), axis=0), paths, first, threshold)


def verify(pairs: np.ndarray, paths: list[str], first: list[int], threshold: float = THRESHOLD) -> np.ndarray:
    """The pairs whose estimated containment reaches `threshold`, read shard pair by shard
    pair from the signature files (SHARDS_HELD of them held at a time)."""
    starts = np.asarray(first, dtype=np.int64)
    shard = np.searchsorted(starts, pairs, side="right") - 1
    order = np.lexsort((shard[:, 1], shard[:, 0]))
    held: OrderedDict[int, np.ndarray] = OrderedDict()

    def sigs(k: int) -> np.ndarray:
        if k in held:
            held.move_to_end(k)
        else:
            with np.load(paths[k]) as data:
                held[k] = data["sigs"]
            if len(held) > SHARDS_HELD:
                held.popitem(last=False)
        return held[k]

    keep = np.zeros(len(pairs), dtype=bool)
    for n in order.tolist():
        (i, j), (si, sj) = pairs[n].tolist(), shard[n].tolist()
        a = sigs(si)[i - first[si]]
        keep[n] = containment(a, sigs(sj)[j - first[sj]]) >= threshold
    kept: np.ndarray = pairs[keep]
    return kept


def clusters_from_pairs(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Verified pairs joined: (members, reps), the article numbers in a cluster (sorted) and
    each one's representative (its cluster's earliest member in reading order). Arrays, not
    a dict: three integers a duplicate, whatever the corpus (minimum-label propagation with
    pointer jumping: each round halves the longest chain left)."""
    if not len(pairs):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    members, ends = np.unique(pairs, return_inverse=True)
    a, b = ends.reshape(-1, 2).T
    label = np.arange(len(members))
    while True:
        lowest = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, lowest)
        np.minimum.at(new, b, lowest)
        while not np.array_equal(new, new[new]):
            new = new[new]
        if np.array_equal(new, label):
            reps: np.ndarray = members[label]
            return members, reps
        label = new
