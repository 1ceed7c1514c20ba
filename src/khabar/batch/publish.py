"""The last pass: near-duplicates found over all shards, then every shard written to
OUTDIR with its marks; and the run's numbers for _stats.json."""

from __future__ import annotations

import json

import numpy as np

from khabar.batch.chunks import Summary, publish_shard
from khabar.batch.dedup import BAND_GROUP, BANDS, bucket_pairs, clusters_from_pairs, slices_for
from khabar.batch.executor import Executor
from khabar.batch.state import RunState
from khabar.model import RunStats, RunTiming


def publish(state: RunState, names: list[str], fmt: str, dedup: bool, runner: Executor) -> dict[str, int]:
    """Find near-duplicates over all shards (bucket tasks in parallel, see dedup.py), then
    write each shard to OUTDIR with its marks (in parallel)."""
    marks: dict[str, dict[int, tuple[str, bool]]] = {name: {} for name in names}
    found = {"clusters": 0, "duplicates": 0, "signed": 0}
    files = [(name, state.signatures(name)) for name in names if dedup and state.signatures(name).exists()]
    if files:
        counts = []
        for _, path in files:
            with np.load(path) as data:
                counts.append(len(data["rows"]))
        first = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(int).tolist()
        total = int(sum(counts))
        parts = slices_for(total)
        groups = [(lo, min(BANDS, lo + BAND_GROUP)) for lo in range(0, BANDS, BAND_GROUP)]
        paths = [str(p) for _, p in files]
        found_pairs: list[np.ndarray] = []
        runner.map(
            bucket_pairs, ((paths, first, g, part, parts) for g in groups for part in range(parts)), found_pairs.append
        )
        pairs = np.unique(np.concatenate(found_pairs), axis=0) if found_pairs else np.zeros((0, 2), dtype=np.int64)
        rep = clusters_from_pairs(pairs)
        # the rows and ids of the articles in clusters only, shard by shard
        wanted = np.asarray(sorted(rep), dtype=np.int64)
        shard_of = np.searchsorted(first, wanted, side="right") - 1
        where: dict[int, tuple[str, int, str]] = {}  # article -> (shard, row, id)
        for k in np.unique(shard_of).tolist():
            name, path = files[k]
            local = wanted[shard_of == k] - first[k]
            with np.load(path) as data:
                rows, ids = data["rows"], data["ids"]
                for g, i in zip((local + first[k]).tolist(), local.tolist()):
                    where[g] = (name, int(rows[i]), str(ids[i]))
        for g, r in rep.items():
            name, row, _ = where[g]
            marks[name][row] = (where[r][2], g != r)
        found = {"clusters": len(set(rep.values())), "duplicates": sum(g != r for g, r in rep.items()), "signed": total}
    todo = ((str(state.root), str(state.outdir), name, fmt, marks[name]) for name in names
            if not state.published(name, fmt).exists())  # fmt: skip
    runner.map(publish_shard, todo, lambda _: None)
    for name in names:  # every shard is published: the working copies can go
        state.part(name, fmt).unlink(missing_ok=True)
    return found


def run_stats(state: RunState, names: list[str], processed: list[Summary], dup: dict[str, int], seconds: float,
           workers: int, engine: str) -> RunStats:  # fmt: skip
    total = Summary(name="all")
    for name in names:
        s = Summary.from_json(json.loads(state.summary(name).read_text()))
        for k in ("records", "bytes", "articles"):
            setattr(total, k, getattr(total, k) + getattr(s, k))
        total.boilerplate += s.boilerplate
        for k in ("status", "errors", "skipped", "filtered", "langs", "sites"):
            getattr(total, k).update(getattr(s, k))
    this_run = sum(s.records for s in processed)
    this_bytes = sum(s.bytes for s in processed)
    ok = total.status.get("ok", 0)
    learning = state.learning_json
    return RunStats(
        records_in=total.records,
        rows_out=total.records,
        status=dict(total.status),
        errors=dict(total.errors),
        skipped=dict(total.skipped),
        articles=total.articles,
        kept=ok - sum(v for k, v in total.filtered.items() if k not in ("error", "skipped")),
        filtered=dict(total.filtered),
        languages=dict(total.langs.most_common()),
        sites=dict(total.sites.most_common(50)),
        site_count=len(total.sites),
        boilerplate_ratio=round(total.boilerplate / ok, 4) if ok else None,
        site_learning=json.loads(learning.read_text()) if learning.exists() else None,
        duplicates=dup,
        shards=len(names),
        this_run=RunTiming(
            records=this_run,
            seconds=round(seconds, 2),
            records_per_s=round(this_run / seconds, 1) if seconds else None,
            mb_per_s=round(this_bytes / 2**20 / seconds, 2) if seconds else None,
            workers=workers,
            engine=engine,
        ),
    )
