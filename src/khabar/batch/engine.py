"""`khabar.run`: a whole corpus, streaming, in parallel, resumable.

Passes, each resumable on its own:
1. **Learn sites** (optional): a read of the inputs (several files in parallel) counts the
   records and finds the sites with enough distinct pages; the workers count block
   fingerprints over those pages; the result (`state/sites.json`) says which blocks recur
   on a site's pages.
2. **Extract**: the records of each input are cut, in reading order, into shards of
   `shard_size`; each shard is extracted by a worker and written atomically. A shard whose
   file exists is not redone, so a killed run started again finishes the rest.
3. **Dedup** (optional) and **publish**: the band keys of the kept bodies' MinHash
   signatures are bucketed by parallel tasks (a group of bands and a slice of the key
   space each), the candidate pairs verified; each shard is written to OUTDIR with
   `dup_cluster` and `is_duplicate`.

The steps live apart, as functions of plain arguments: `shards.py` (cutting inputs into
shards), `learn.py` (pass 1), `chunks.py` (a shard's extraction), `dedup.py` and
`publish.py` (pass 3); `executor.py` runs them on a local process pool or on Ray, and
`state.py` owns the run's files. This module only puts them in order.

Memory is bounded by the shards in flight (workers + 2 at most), plus a few bytes per
shard and per site for the plan and the first pass, whatever the size of the pages;
near-duplicate detection holds a slice of band keys per task, and the candidate pairs.
Workers read their shards themselves where the first read could note where each starts
(`readers.Slice`) and they see the same files; otherwise the engine reads and sends the
records.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from khabar.batch.chunks import Settings, Summary, process_shard
from khabar.batch.executor import ENGINES, Executor
from khabar.batch.filters import Filters
from khabar.batch.learn import learn_profile
from khabar.batch.progress import Progress
from khabar.batch.publish import publish, run_stats
from khabar.batch.rows import clean_str
from khabar.batch.shards import plan_work, shards
from khabar.batch.state import RunState
from khabar.batch.writers import FORMATS, atomic_write_bytes
from khabar.errors import ConfigError, DiskFull, InputsChanged, RunLocked, RunStateError, SettingsChanged
from khabar.model import FilesNotRead, RunStats
from khabar.readers import Source, expand
from khabar.readers.count import count_records


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
) -> RunStats:
    """Process a corpus into OUTDIR: one row per input record, plus OUTDIR/_stats.json.

    Returns the stats. Running it again with the same arguments resumes an interrupted run.
    `shared_inputs`: every node of the Ray cluster at `ray_address` sees the inputs at the
    same paths (a shared file system), so its workers can read their shards themselves (as
    they do anyway when every node is on this machine, as seen when the run starts).
    """
    if fmt not in FORMATS:
        raise ConfigError(f"format must be one of {', '.join(FORMATS)}")
    if engine not in ENGINES:
        raise ConfigError(f"engine must be one of {', '.join(ENGINES)}")
    filters = filters or Filters()
    out = Path(outdir)
    state = RunState.of(out)
    try:
        state.create()
    except OSError as e:
        raise RunStateError(f"{out}: cannot write the output folder ({e.strerror or e})") from e
    with _lock(state):
        try:
            return _run(inputs, out, state, fmt, workers, engine, ray_address, shared_inputs, shard_size,
                        learn_sites, dedup, filters, enrich, progress)  # fmt: skip
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise DiskFull(f"{out}: the disk is full ({e.filename or 'while writing'}); every finished "
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
        raise RunLocked(f"{state.outdir} is being written by another khabar run ({holder}); "
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
) -> RunStats:  # fmt: skip
    state.remove_stale()  # left by a run that was killed mid-write
    ignored: list[tuple[str, str]] = []
    sources = expand(inputs, ignored)
    if not sources:
        raise ConfigError("no inputs")
    params = {"inputs": [[os.path.abspath(s.path), _state_of(s)] for s in sources], "fmt": fmt, "shard_size": shard_size,
              "learn_sites": learn_sites, "dedup": dedup, "enrich": enrich, "filters": filters.__dict__}  # fmt: skip
    _check_params(state, params)
    settings = Settings(state=str(state.root), fmt=fmt, filters=filters, dedup=dedup, enrich=enrich)
    bar = Progress(enabled=progress if progress is not None else sys.stderr.isatty())
    runner = Executor(engine, workers or os.cpu_count() or 1, ray_address, enrich, shared_inputs)
    t0 = time.perf_counter()
    # the inputs' records counted apart from the readers, beside the run (zlib lets the
    # thread run while the workers extract): the check that no record went missing
    counting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="khabar-count")
    counted = counting.submit(lambda: [count_records(s) for s in sources])
    try:
        profile, total, plan = learn_profile(sources, shard_size, runner, state, bar) if learn_sites else ({}, None, {})
        todo = ((name, work, settings, profile) for name, work in plan_work(sources, shard_size, plan)
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
        dup = publish(state, names, fmt, dedup, runner)
    finally:
        runner.close()
    seconds = time.perf_counter() - t0
    counts = counted.result()
    counting.shutdown()
    stats = run_stats(state, names, processed, dup, seconds, runner.workers, engine)
    held = sum(c.records for c in counts)
    complete = all(c.complete for c in counts)
    stats.records_in = held
    stats.input_complete = complete
    stats.accounted = stats.rows_out == held if complete else stats.rows_out >= held
    stats.files_not_read = FilesNotRead(
        count=len(ignored),
        why=dict(Counter(why for _, why in ignored)),
        first=[{"path": clean_str(p), "why": why} for p, why in ignored[:20]],
    )
    atomic_write_bytes(out / "_stats.json", json.dumps(stats.to_dict(), ensure_ascii=False, indent=2).encode())
    return stats


def _check_params(state: RunState, params: dict[str, Any]) -> None:
    path = state.run_json
    if path.exists():
        before = json.loads(path.read_text())
        if before != json.loads(json.dumps(params)):
            if before.get("inputs") != params["inputs"]:
                raise InputsChanged(
                    f"{state.outdir} holds another run (its inputs changed since); use another output folder"
                )
            raise SettingsChanged(
                f"{state.outdir} holds another run (it has other settings); use another output folder"
            )
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


__all__ = ["ENGINES", "run", "shards"]
