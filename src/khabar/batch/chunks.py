"""The work of one shard, the same on every engine: records in, a shard file out.

A worker gets a shard's records, extracts each (with the site boilerplate learned in the
first pass), applies the filters, writes the rows atomically, and saves the MinHash
signatures of the kept bodies for the dedup pass. Nothing a record does can escape as an
exception: an unexpected failure becomes that record's error row.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

from khabar.batch.dedup import NUM_PERM, band_keys, signature
from khabar.batch.filters import Filters
from khabar.batch.rows import article_row, empty_row, error_row
from khabar.batch.state import RunState
from khabar.batch.writers import ShardWriter, atomic_write_bytes, write_marked
from khabar.enrich import extract
from khabar.errors import ErrorKind, KhabarError
from khabar.limits import PAGE_TIMEOUT
from khabar.page import page_blocks
from khabar.page.urls import site_of
from khabar.readers import Slice, read_slice
from khabar.readers.record import Record
from khabar.sites import PagePrints, SiteCounts, page_prints


@dataclass(frozen=True)
class Settings:
    """What every shard of a run shares."""

    state: str  # the run's state folder (OUTDIR/.khabar)
    fmt: str = "parquet"
    filters: Filters = field(default_factory=Filters)
    dedup: bool = True
    enrich: bool = True


@dataclass
class Summary:
    """What one shard held, for _stats.json."""

    name: str
    records: int = 0
    bytes: int = 0
    seconds: float = 0.0
    status: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    filtered: Counter[str] = field(default_factory=Counter)
    langs: Counter[str] = field(default_factory=Counter)
    sites: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    boilerplate: float = 0.0  # sum of boilerplate_ratio over ok rows

    def add(self, row: dict[str, Any]) -> None:
        """Count one row."""
        self.records += 1
        self.bytes += row["bytes"] or 0
        self.status[row["status"]] += 1
        if row["status"] == "error":
            self.errors[row["error_kind"] or "unknown"] += 1
        elif row["status"] == "skipped":
            self.skipped[row["error_kind"] or "unknown"] += 1
        else:
            self.langs[row["lang"] or "und"] += 1
            self.sites[row["site"] or "?"] += 1
            self.articles += bool(row["is_article"])
            self.boilerplate += row["boilerplate_ratio"] or 0.0
        if row["filtered_by"]:
            self.filtered[row["filtered_by"].split(":")[0]] += 1

    def to_json(self) -> dict[str, Any]:
        return {k: (dict(v) if isinstance(v, Counter) else v) for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        s = cls(name=data["name"])
        for k, v in data.items():
            setattr(s, k, Counter(v) if isinstance(getattr(s, k), Counter) else v)
        return s


class PageTimeout(Exception):
    """A page took longer than PAGE_TIMEOUT to extract."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (SIGALRM: the main thread of a Unix process, where
    pool and Ray workers run their tasks; elsewhere no limit is set)."""
    import signal
    import threading

    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise PageTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_record(record: Record, boilerplate: dict[str, frozenset[int]], enrich: bool = True) -> dict[str, Any]:
    """One record to one row; never raises. A page that takes longer than PAGE_TIMEOUT
    (extraction and enrichment) is an error row, and the worker goes on."""
    if record.status != "ok" or record.content is None:
        return empty_row(record)
    try:
        with _time_limit(PAGE_TIMEOUT):
            return _extract_row(record, boilerplate, enrich)
    except PageTimeout:
        return error_row(record, f"{record.id}: extraction took longer than {PAGE_TIMEOUT:g} s", ErrorKind.TIMEOUT)


def _extract_row(record: Record, boilerplate: dict[str, frozenset[int]], enrich: bool) -> dict[str, Any]:
    try:
        article = extract(
            record.content or b"",
            url=record.url,
            kind=record.kind,  # type: ignore[arg-type]
            charset=record.charset,
            source=record.id,
            boilerplate=boilerplate,
            enrich=enrich,
            site=record.site,
        )
    except KhabarError as e:
        return error_row(record, str(e), ErrorKind.NOT_A_PAGE)
    except PageTimeout:
        raise
    except Exception as e:  # a bug must cost one row, never the run
        return error_row(record, f"{record.id}: {type(e).__name__}: {e}", ErrorKind.CRASH)
    kind = (
        record.kind
        if record.kind != "auto"
        else ("html" if article.blocks and article.blocks[0].tag != "line" else "text")
    )
    return article_row(record, article, kind)


def process_shard(
    name: str, work: list[Record] | Slice, settings: Settings, boilerplate: dict[str, frozenset[int]]
) -> Summary:
    """Extract a shard's records (given, or read here) and write its rows, signatures and
    summary. Each record is let go once extracted (a given list is emptied) and rows are
    packed as they come, so memory holds one page at a time, not the shard's worth."""
    t0 = time.perf_counter()
    records = deque(read_slice(work) if isinstance(work, Slice) else work)
    if isinstance(work, list):
        work.clear()
    state = RunState(Path(settings.state))
    writer = ShardWriter(state.part(name, settings.fmt), settings.fmt)
    summary = Summary(name=name)
    sig_rows: list[int] = []
    sig_ids: list[str] = []
    sigs: list[np.ndarray] = []
    while records:
        row = extract_record(records.popleft(), boilerplate, settings.enrich)
        settings.filters.apply(row)
        summary.add(row)
        if settings.dedup and row["kept"]:
            sig = signature(row["text"] or "")
            if sig is not None:
                sig_rows.append(summary.records - 1)
                sig_ids.append(row["id"])
                sigs.append(sig)
        writer.add(row)
        del row
    summary.seconds = time.perf_counter() - t0
    if settings.dedup:
        matrix = np.stack(sigs) if sigs else np.zeros((0, NUM_PERM + 1), dtype=np.uint64)
        np.savez(state.signatures_tmp(name), rows=np.asarray(sig_rows, dtype=np.int64),
                 ids=np.asarray(sig_ids, dtype=str), sigs=matrix, bands=band_keys(matrix))  # fmt: skip
        state.signatures_tmp(name).replace(state.signatures(name))
    atomic_write_bytes(state.summary(name), json.dumps(summary.to_json()).encode())
    writer.close()  # the shard file last: its presence says the shard is done
    return summary


def publish_shard(state: str, out: str, name: str, fmt: str, marks: dict[int, tuple[str, bool]]) -> None:
    """Last pass: a finished shard to OUTDIR, with its rows' near-duplicate marks."""
    write_marked(RunState(Path(state)).part(name, fmt), Path(out) / f"{name}.{fmt}", fmt, marks)


LEARN_PARTS = 16  # slices of the sites, each counted by a task of its own


def learn_shard(task: int, items: list[Record | Slice], state: str, parts: int) -> tuple[int, int]:
    """First pass: which blocks each page holds (no labelling, no output), written beside
    the run's state in `parts` files by the hash of the page's site; returns how many pages."""
    pages = []
    for record in (r for item in items for r in (read_slice(item) if isinstance(item, Slice) else [item])):
        if record.status != "ok" or record.content is None:
            continue
        try:
            blocks, meta, _, _ = page_blocks(record.content, kind=record.kind, charset=record.charset)  # type: ignore[arg-type]
        except Exception:  # the second pass reports it; learning just skips it
            continue
        site = record.site or site_of(record.url) or site_of(meta.canonical)
        page = page_prints(site, (b.text for b in blocks)) if site else None
        if page is not None:
            pages.append(page)
    by_part: dict[int, list[PagePrints]] = {}
    for page in pages:
        by_part.setdefault(xxhash.xxh64_intdigest(page[0].encode("utf-8", "surrogatepass")) % parts, []).append(page)
    run = RunState(Path(state))
    for part, found in by_part.items():
        path = run.learning_file(part, task)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, json.dumps(found).encode())
    return task, len(pages)


def count_sites(state: str, part: int) -> dict[str, frozenset[int]]:
    """The boilerplate of one slice of the sites: its pages counted in reading order (tasks
    are numbered in reading order, so the first capture of a page is the one counted, as in
    one process), whichever worker read them."""
    counts = SiteCounts()
    for path in RunState(Path(state)).learning_files(part):
        for site, key, prints in json.loads(path.read_bytes()):
            counts.add_page((site, key, tuple(prints)))
    return counts.boilerplate()
