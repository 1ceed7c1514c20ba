"""`khabar.run`: a whole corpus, streaming, in parallel, resumable.

Passes, each resumable on its own:
1. **Learn sites** (optional): a read of the inputs (several files in parallel) counts the
   records and finds the sites with enough distinct pages; the workers count block
   fingerprints over those pages; the result (`state/sites.json`) says which blocks recur
   on a site's pages.
2. **Extract**: the records of each input are cut, in reading order, into shards of
   `shard_size`; each shard is extracted by a worker and written atomically. A shard whose
   file exists is not redone, so a killed run started again finishes the rest.
3. **Dedup** (optional) and **publish**: MinHash signatures of the kept bodies are
   clustered; each shard is written to OUTDIR with `dup_cluster` and `is_duplicate`.

Memory is bounded by the shards in flight (workers + 2 at most), plus a few bytes per
shard and per site for the plan and the first pass, whatever the size of the pages.
Workers read their shards themselves where the first read could note where each starts
(`readers.Slice`) and they see the same files; otherwise the engine reads and sends the
records. The engines differ only in who runs `process_shard`: a local process pool or Ray.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import xxhash

from khabar.batch.chunks import Settings, Summary, learn_shard, process_shard, publish_shard
from khabar.batch.dedup import BAND_GROUP, BANDS, bucket_pairs, clusters_from_pairs, slices_for
from khabar.batch.executor import ENGINES, Executor
from khabar.batch.filters import Filters
from khabar.batch.progress import Progress
from khabar.batch.rows import clean_str
from khabar.batch.state import RunState
from khabar.batch.writers import FORMATS, atomic_write_bytes
from khabar.errors import KhabarError
from khabar.limits import LEARN_PAGES, LEARN_UNKNOWN
from khabar.model import Record
from khabar.readers import Slice, Source, can_slice, check_slice, expand, read_source
from khabar.sites import MIN_PAGES, PagePrints, SiteCounts
from khabar.urls import site_of

T = TypeVar("T")
LEARN_TASK = 25  # records per first-pass task
MAX_SHARD_BYTES = 16 * 1024 * 1024  # a shard also ends when its records hold this much


def shard_key(source: Source) -> str:
    """A stable, readable prefix for one source's shards."""
    base = re.sub(r"[^\w.-]+", "_", Path(source.path).name)[:40] or "input"
    digest = hashlib.sha1(os.path.abspath(source.path).encode()).hexdigest()[:8]
    return f"{base}-{digest}"


def shards(sources: list[Source], shard_size: int) -> Iterator[tuple[str, list[Record]]]:
    """(name, records) for every shard, in order; names are stable across runs."""
    for source in sources:
        key = shard_key(source)
        batch: list[Record] = []
        size = 0
        k = 0
        for record in read_source(source):
            batch.append(record)
            size += record.size
            if len(batch) >= shard_size or size >= MAX_SHARD_BYTES:
                yield f"{key}-{k:06d}", batch
                batch, size, k = [], 0, k + 1
        if batch:
            yield f"{key}-{k:06d}", batch


def _work(
    sources: list[Source], shard_size: int, plan: dict[int, list[tuple[str, Slice]]]
) -> Iterator[tuple[str, list[Record] | Slice]]:
    """Every shard: first the slices the survey planned for workers to read, largest first
    (so the last to finish are small ones and no worker waits long for another at the
    end; the output is the same in any order), then the records of the other sources, read
    here, in order."""
    yield from sorted((item for si in plan for item in plan[si]), key=lambda item: -item[1].size)
    for si, source in enumerate(sources):
        if si not in plan:
            yield from shards([source], shard_size)


def run(
    inputs: list[str],
    outdir: str | Path,
    *,
    fmt: str = "parquet",
    workers: int | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    shared_inputs: bool = False,
    shard_size: int = 100,
    learn_sites: bool = True,
    dedup: bool = True,
    filters: Filters | None = None,
    enrich: bool = True,
    progress: bool | None = None,
) -> dict[str, Any]:
    """Process a corpus into OUTDIR: one row per input record, plus OUTDIR/_stats.json.

    Returns the stats. Running it again with the same arguments resumes an interrupted run.
    `shared_inputs`: every node of the Ray cluster at `ray_address` sees the inputs at the
    same paths (a shared file system), so its workers can read their shards themselves (as
    they do anyway when every node is on this machine, as seen when the run starts).
    """
    if fmt not in FORMATS:
        raise KhabarError(f"format must be one of {', '.join(FORMATS)}")
    if engine not in ENGINES:
        raise KhabarError(f"engine must be one of {', '.join(ENGINES)}")
    filters = filters or Filters()
    out = Path(outdir)
    state = RunState.of(out)
    try:
        state.create()
    except OSError as e:
        raise KhabarError(f"{out}: cannot write the output folder ({e.strerror or e})") from e
    with _lock(state):
        try:
            return _run(inputs, out, state, fmt, workers, engine, ray_address, shared_inputs, shard_size,
                        learn_sites, dedup, filters, enrich, progress)  # fmt: skip
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise KhabarError(f"{out}: the disk is full ({e.filename or 'while writing'}); every finished "
                                  "shard is kept: free some space and run the same command again to resume") from e  # fmt: skip
            raise


@contextmanager
def _lock(state: RunState) -> Iterator[None]:
    """One run at a time per output folder: a second is refused (they would delete each
    other's temporary files and interleave shards). The lock goes with the process."""
    f = open(state.lock, "a+")  # noqa: SIM115 (held until the run ends)
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as e:
        f.seek(0)
        holder = f.read().strip() or "another process"
        f.close()
        raise KhabarError(f"{state.outdir} is being written by another khabar run ({holder}); "
                          "wait for it to end, or use another output folder") from e  # fmt: skip
    try:
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()}")
        f.flush()
        yield
    finally:
        f.close()


def _run(
    inputs: list[str], out: Path, state: RunState, fmt: str, workers: int | None, engine: str, ray_address: str | None,
    shared_inputs: bool, shard_size: int, learn_sites: bool, dedup: bool, filters: Filters, enrich: bool,
    progress: bool | None,
) -> dict[str, Any]:  # fmt: skip
    state.remove_stale()  # left by a run that was killed mid-write
    ignored: list[tuple[str, str]] = []
    sources = expand(inputs, ignored)
    if not sources:
        raise KhabarError("no inputs")
    params = {"inputs": [[os.path.abspath(s.path), _state_of(s)] for s in sources], "fmt": fmt, "shard_size": shard_size,
              "learn_sites": learn_sites, "dedup": dedup, "enrich": enrich, "filters": filters.__dict__}  # fmt: skip
    _check_params(state, params)
    settings = Settings(state=str(state.root), fmt=fmt, filters=filters, dedup=dedup, enrich=enrich)
    bar = Progress(enabled=progress if progress is not None else sys.stderr.isatty())
    runner = Executor(engine, workers or os.cpu_count() or 1, ray_address, enrich, shared_inputs)
    t0 = time.perf_counter()
    try:
        profile, total, plan = _learn(sources, shard_size, runner, state, bar) if learn_sites else ({}, None, {})
        todo = ((name, work, settings, profile) for name, work in _work(sources, shard_size, plan)
                if not state.done(name, fmt))  # fmt: skip
        processed: list[Summary] = []

        def finished(summary: Summary) -> None:
            processed.append(summary)
            bar.advance(summary.records, summary.bytes)

        done = sum(json.loads(p.read_text())["records"] for p in state.summaries())
        bar.start("extracting", total=total, done=done)
        runner.map(process_shard, todo, finished)
        bar.stop()
        names = state.shard_names()
        dup = _publish(state, names, fmt, dedup, runner)
    finally:
        runner.close()
    seconds = time.perf_counter() - t0
    stats = _stats(state, names, processed, dup, seconds, runner.workers, engine)
    stats["files_not_read"] = {
        "count": len(ignored),
        "why": dict(Counter(why for _, why in ignored)),
        "first": [{"path": clean_str(p), "why": why} for p, why in ignored[:20]],
    }
    atomic_write_bytes(out / "_stats.json", json.dumps(stats, ensure_ascii=False, indent=2).encode())
    return stats


def _check_params(state: RunState, params: dict[str, Any]) -> None:
    path = state.run_json
    if path.exists():
        before = json.loads(path.read_text())
        if before != json.loads(json.dumps(params)):
            what = "its inputs changed since" if before.get("inputs") != params["inputs"] else "it has other settings"
            raise KhabarError(f"{state.outdir} holds another run ({what}); use another output folder")
    else:
        atomic_write_bytes(path, json.dumps(params).encode())


def _state_of(source: Source) -> str:
    """A digest of the files' names, sizes and modification times: a resumed run must read
    the same records, or its shards would not line up with those already written."""
    digest = hashlib.sha1()
    for name in source.files if source.files is not None else [source.path]:
        try:
            st = os.stat(name)
            digest.update(f"{name}\t{st.st_size}\t{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
        except OSError:
            digest.update(f"{name}\tmissing\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:16]


def _learn(
    sources: list[Source], shard_size: int, runner: Executor, state: RunState, bar: Progress
) -> tuple[dict[str, frozenset[int]], int | None, dict[int, list[tuple[str, Slice]]]]:
    """The site profile; the number of records in the inputs (the first read counts them,
    so the extraction pass can show the time left); and the shards workers can read by
    themselves (kept in the state, so a resumed run reads its shards the same way)."""
    path = state.sites_json
    plan_path = state.plan_json
    if path.exists():
        saved = json.loads(path.read_text())
        learning = state.learning_json
        total = json.loads(learning.read_text()).get("records_in") if learning.exists() else None
        plan: dict[int, list[tuple[str, Slice]]] = {}
        if plan_path.exists() and runner.reads_inputs:
            for si, parts in json.loads(plan_path.read_text()).items():
                plan[int(si)] = [(name, _slice(fields)) for name, *fields in parts]
        return {site: frozenset(fps) for site, fps in saved.items()}, total, plan
    counts = SiteCounts()
    read = 0

    # Tasks finish in any order; their pages are counted in reading order (the first
    # capture of a page is the one counted), so every engine and worker count learns the
    # same profile.
    def count(pages: list[PagePrints]) -> None:
        for page in pages:
            counts.add_page(page)

    count_in_order = _InOrder(count)

    def merge(result: tuple[int, list[PagePrints]]) -> None:
        task, pages = result
        count_in_order(task, pages)
        bar.advance(len(pages), 0)

    def numbered(tasks: Iterator[list[Record | Slice]]) -> Iterator[tuple[int, list[Record | Slice]]]:
        nonlocal read
        for task, items in enumerate(tasks):
            read += len(items)
            yield task, items

    bar.start("finding sites to learn")
    survey = _survey(sources, shard_size, bar, runner)
    bar.stop()
    planned = {si: [[name, *astuple(part)] for name, part in plan] for si, plan in survey.plan.items()}
    atomic_write_bytes(plan_path, json.dumps(planned).encode())
    bar.start("learning sites")
    runner.map(learn_shard, numbered(_learning_tasks(sources, survey)), merge)
    bar.stop()
    profile = counts.boilerplate()
    learned = {"records_read": read, "sites": len(profile), "records_in": survey.total}
    atomic_write_bytes(state.learning_json, json.dumps(learned).encode())
    atomic_write_bytes(path, json.dumps({s: sorted(f) for s, f in profile.items()}).encode())
    return profile, survey.total, survey.plan


def _slice(fields: list[Any]) -> Slice:
    """A Slice from its JSON form (its fields in order; a folder's files as a list)."""
    path, offset, position, count, files, size = fields
    return Slice(path, offset, position, count, tuple(files) if files is not None else None, size)


def _page_key(record: Record) -> int:
    """Two records with the same content are the same page, whatever their addresses."""
    content = record.content
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    return xxhash.xxh64_intdigest(content or b"")


class _InOrder(Generic[T]):
    """Results that finish in any order, applied in the order they were numbered; an early
    one waits here (at most the tasks in flight)."""

    def __init__(self, apply: Callable[[T], object]) -> None:
        self.apply = apply
        self.waiting: dict[int, T] = {}
        self.next = 0

    def __call__(self, number: int, result: T) -> None:
        self.waiting[number] = result
        while self.next in self.waiting:
            self.apply(self.waiting.pop(self.next))
            self.next += 1


@dataclass
class _Survey:
    """What one read of the inputs (a hash of each record, no parsing) tells the passes."""

    total: int = 0
    # per source (by index), the records the first pass parses: position -> offset
    sample: dict[int, dict[int, int | None]] = field(default_factory=dict)
    # per source that workers can read by themselves, its shards
    plan: dict[int, list[tuple[str, Slice]]] = field(default_factory=dict)


@dataclass
class SourceSurvey:
    """The survey of one source; sources are surveyed in parallel when there are several."""

    source: int
    total: int = 0
    bytes: int = 0
    pages: dict[str, dict[int, tuple[int, int | None]]] = field(default_factory=dict)  # site -> hash -> where
    unknown: list[tuple[int, int | None]] = field(default_factory=list)  # pages whose URL names no site
    plan: list[tuple[str, Slice]] | None = None


def survey_source(si: int, source: Source, shard_size: int, slicing: bool, bar: Progress | None = None) -> SourceSurvey:
    """Read one source: count its records, note each site's first LEARN_PAGES distinct
    pages (by a hash of the content: the same page captured twice counts once) and, with
    `slicing`, where each of its shards starts, if workers can read it from there."""
    part = SourceSurvey(si)
    plan: list[tuple[str, Slice]] | None = [] if slicing and can_slice(source) else None
    last: Record | None = None
    for name, records in shards([source], shard_size):
        first = records[0]
        if plan is not None and first.offset is not None:
            files = tuple(source.files[first.position : first.position + len(records)]) if source.files else None
            size = sum(r.size for r in records)
            plan.append((name, Slice(source.path, first.offset, first.position, len(records), files, size)))
            last = first
        else:
            plan = None
        for r in records:
            part.total += 1
            part.bytes += r.size
            if bar is not None:
                bar.advance(1, r.size)
            if r.status != "ok":
                continue
            site = r.site or site_of(r.url)
            if site is None:
                if len(part.unknown) < LEARN_UNKNOWN:
                    part.unknown.append((r.position, r.offset))
                continue
            seen = part.pages.setdefault(site, {})
            if len(seen) < LEARN_PAGES:
                seen.setdefault(_page_key(r), (r.position, r.offset))
    if plan and last is not None and check_slice(plan[-1][1], last):
        part.plan = plan
    return part


def _survey(sources: list[Source], shard_size: int, bar: Progress, runner: Executor) -> _Survey:
    """Count the records; find the sites with at least MIN_PAGES distinct pages (a site
    with fewer can learn nothing, so the first pass does not parse its pages: on a crawl,
    where most sites have a page or two, that is most records) and pick, per such site, its
    first LEARN_PAGES distinct pages; and, where workers see the inputs, note where each
    shard starts, so that they read their shards themselves instead of receiving them from
    this process. Several sources are surveyed in parallel, merged in source order (the
    same result as one read); one source is read here, with progress. Of the records whose
    site the URL does not tell, the first LEARN_UNKNOWN of each source are sampled: their
    canonical link may tell it. Memory: a few hashes
    per site that cannot learn, at most LEARN_PAGES per site that can, and the surveys of
    the sources in flight."""
    slicing = runner.reads_inputs
    pages: dict[str, dict[int, tuple[int, int, int | None]]] = {}  # site -> page hash -> where
    unknown: list[tuple[int, int, int | None]] = []
    survey = _Survey()

    def add(part: SourceSurvey) -> None:
        survey.total += part.total
        if part.plan is not None:
            survey.plan[part.source] = part.plan
        unknown.extend((part.source, *where) for where in part.unknown)
        for site, found in part.pages.items():
            seen = pages.setdefault(site, {})
            for key, where in found.items():
                if len(seen) >= LEARN_PAGES:
                    break
                seen.setdefault(key, (part.source, *where))

    add_in_order = _InOrder(add)

    def merge(part: SourceSurvey) -> None:
        bar.advance(part.total, part.bytes)  # the worker read it: no progress until now
        add_in_order(part.source, part)

    if len(sources) > 1 and runner.workers > 1 and runner.reads_inputs:  # a pool, or Ray on shared files
        runner.map(survey_source, ((si, src, shard_size, slicing) for si, src in enumerate(sources)), merge)
    else:
        for si, source in enumerate(sources):
            add(survey_source(si, source, shard_size, slicing, bar))
    learnable = [where for seen in pages.values() if len(seen) >= MIN_PAGES for where in seen.values()]
    for si, position, offset in [*learnable, *unknown]:
        survey.sample.setdefault(si, {})[position] = offset
    return survey


def _learning_tasks(sources: list[Source], survey: _Survey) -> Iterator[list[Record | Slice]]:
    """The first pass's records in reading order, in tasks of at most LEARN_TASK (only
    fingerprints come back, and small tasks leave no worker idle at the end). Workers read
    a source's records themselves where the survey found they can."""
    task: list[Record | Slice] = []
    for si, source in enumerate(sources):
        wanted = survey.sample.get(si)
        if not wanted:
            continue
        if si in survey.plan:
            items: Iterator[Record | Slice] = (
                Slice(source.path, offset, position, 1, (source.files[position],) if source.files else None)
                for position, offset in sorted(wanted.items())
                if offset is not None
            )
        else:
            items = (r for r in read_source(source) if r.position in wanted)
        for item in items:
            task.append(item)
            if len(task) >= LEARN_TASK:
                yield task
                task = []
    if task:
        yield task


def _publish(state: RunState, names: list[str], fmt: str, dedup: bool, runner: Executor) -> dict[str, int]:
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
        # the signatures and ids of the articles in candidate pairs only, shard by shard
        wanted = np.unique(pairs)
        shard_of = np.searchsorted(first, wanted, side="right") - 1
        sig_of: dict[int, np.ndarray] = {}
        where: dict[int, tuple[str, int, str]] = {}  # article -> (shard, row, id)
        for k in np.unique(shard_of).tolist():
            name, path = files[k]
            local = wanted[shard_of == k] - first[k]
            with np.load(path) as data:
                rows, ids, sigs = data["rows"], data["ids"], data["sigs"]
                for g, i in zip((local + first[k]).tolist(), local.tolist()):
                    sig_of[g] = sigs[i]
                    where[g] = (name, int(rows[i]), str(ids[i]))
        rep = clusters_from_pairs(pairs, sig_of)
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


def _stats(state: RunState, names: list[str], processed: list[Summary], dup: dict[str, int], seconds: float,
           workers: int, engine: str) -> dict[str, Any]:  # fmt: skip
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
    return {
        "records_in": total.records,
        "rows_out": total.records,
        "status": dict(total.status),
        "errors": dict(total.errors),
        "skipped": dict(total.skipped),
        "articles": total.articles,
        "kept": ok - sum(v for k, v in total.filtered.items() if k not in ("error", "skipped")),
        "filtered": dict(total.filtered),
        "languages": dict(total.langs.most_common()),
        "sites": dict(total.sites.most_common(50)),
        "site_count": len(total.sites),
        "boilerplate_ratio": round(total.boilerplate / ok, 4) if ok else None,
        "site_learning": json.loads(learning.read_text()) if learning.exists() else None,
        "duplicates": dup,
        "shards": len(names),
        "this_run": {
            "records": this_run,
            "seconds": round(seconds, 2),
            "records_per_s": round(this_run / seconds, 1) if seconds else None,
            "mb_per_s": round(this_bytes / 2**20 / seconds, 2) if seconds else None,
            "workers": workers,
            "engine": engine,
        },
    }


__all__ = ["ENGINES", "run", "shards"]
