"""The first pass: survey the inputs (count the records, plan the shards, find the sites
with enough distinct pages) and learn each such site's boilerplate from the block
fingerprints its pages share (khabar/sites.py), the counting done by the workers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import astuple, dataclass, field
from typing import Any, Generic, TypeVar

import xxhash

from khabar.batch.chunks import LEARN_PARTS, count_sites, learn_shard
from khabar.batch.executor import Executor
from khabar.batch.progress import Progress
from khabar.batch.shards import shards
from khabar.batch.state import RunState
from khabar.batch.writers import atomic_write_bytes
from khabar.limits import LEARN_PAGES
from khabar.page.urls import site_of
from khabar.readers import Slice, Source, can_slice, check_slice, read_source
from khabar.readers.record import Record
from khabar.sites import MIN_PAGES

T = TypeVar("T")
LEARN_TASK = 25  # records per first-pass task


def learn_profile(
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
    read = 0
    shutil.rmtree(state.learning_dir, ignore_errors=True)  # a learning pass cut short starts again

    def merge(result: tuple[int, int]) -> None:
        bar.advance(result[1], 0)

    def numbered(tasks: Iterator[list[Record | Slice]]) -> Iterator[tuple[int, list[Record | Slice]]]:
        nonlocal read
        for task, items in enumerate(tasks):
            read += len(items)
            yield task, items

    bar.start("finding sites to learn")
    survey = survey_inputs(sources, shard_size, bar, runner)
    bar.stop()
    planned = {si: [[name, *astuple(part)] for name, part in plan] for si, plan in survey.plan.items()}
    atomic_write_bytes(plan_path, json.dumps(planned).encode())
    bar.start("learning sites")
    tasks = ((task, items, str(state.root), LEARN_PARTS) for task, items in numbered(_learning_tasks(sources, survey)))
    runner.map(learn_shard, tasks, merge)
    bar.stop()
    # each slice of the sites counted by a task of its own: no process holds every site
    profile: dict[str, frozenset[int]] = {}
    runner.map(count_sites, ((str(state.root), p) for p in range(LEARN_PARTS)), profile.update)
    shutil.rmtree(state.learning_dir, ignore_errors=True)
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
            if site is None:  # no site to learn for: not parsed by the first pass
                continue
            seen = part.pages.setdefault(site, {})
            if len(seen) < LEARN_PAGES:
                seen.setdefault(_page_key(r), (r.position, r.offset))
    if plan and last is not None and check_slice(plan[-1][1], last):
        part.plan = plan
    return part


def survey_inputs(sources: list[Source], shard_size: int, bar: Progress, runner: Executor) -> _Survey:
    """Count the records; find the sites with at least MIN_PAGES distinct pages (a site
    with fewer can learn nothing, so the first pass does not parse its pages: on a crawl,
    where most sites have a page or two, that is most records) and pick, per such site, its
    first LEARN_PAGES distinct pages; and, where workers see the inputs, note where each
    shard starts, so that they read their shards themselves instead of receiving them from
    this process. Several sources are surveyed in parallel, merged in source order (the
    same result as one read); one source is read here, with progress. Records whose URL (or
    `site` field) names no site are not parsed: nothing could be learned for them. Memory: a few hashes
    per site that cannot learn, at most LEARN_PAGES per site that can, and the surveys of
    the sources in flight."""
    slicing = runner.reads_inputs
    pages: dict[str, dict[int, tuple[int, int, int | None]]] = {}  # site -> page hash -> where
    survey = _Survey()

    def add(part: SourceSurvey) -> None:
        survey.total += part.total
        if part.plan is not None:
            survey.plan[part.source] = part.plan
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
    for si, position, offset in learnable:
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
