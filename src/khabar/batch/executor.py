"""Who runs the steps: a local process pool, or Ray. The steps (extract a shard, count a
site's fingerprints, find a band slice's candidate pairs, publish a shard) are plain
functions of plain arguments; an executor calls them over an iterator of arguments with a
bounded number in flight and hands each result back in the order they finish."""

from __future__ import annotations

import contextlib
import gc
import importlib.abc
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from khabar.errors import ConfigError

ENGINES = ("local", "ray")
# Local workers are replaced after this many tasks each (a task: a shard of up to 100
# records, a slice of sites, a band slice, a shard to publish): whatever a long life leaves
# in a process (a fragmented heap, the largest page's high-water mark, a library's caches)
# goes with it, so a worker's memory is the same on a small corpus and on a whole crawl.
# The pool is drained and forked anew (fork: the workers keep dying with this process):
# ~1-2% of the time, the last tasks of each generation waiting for the slowest.
TASKS_PER_WORKER = 50


class Executor:
    """Runs a function over shards with a bounded number in flight."""

    def __init__(
        self, engine: str, workers: int, ray_address: str | None, enrich: bool = True, shared_inputs: bool = False
    ) -> None:
        self.engine, self.workers = engine, workers
        # whether workers see the inputs at the same paths, so they can read their shards:
        # local workers do; Ray's do when every node is on this machine or the user says so
        self.reads_inputs = engine == "local" or shared_inputs
        self.pool: ProcessPoolExecutor | None = None
        self.enrich, self.submitted = enrich, 0
        if engine == "ray":
            try:
                import ray
            except ImportError as e:
                raise ConfigError("--engine ray needs Ray: pip install 'khabar[ray]'") from e
            if not ray.is_initialized():
                ray.init(address=ray_address, log_to_driver=False, include_dashboard=False)
            self.ray = ray
            self.workers = max(1, int(ray.cluster_resources().get("CPU", workers)))  # type: ignore[no-untyped-call]
            here = ray.util.get_node_ip_address()  # type: ignore[no-untyped-call]
            self.reads_inputs |= all(n["NodeManagerAddress"] == here for n in ray.nodes() if n["Alive"])  # type: ignore[no-untyped-call]
        elif workers > 1:
            self.pool = self._new_pool()

    def map(self, fn: Callable[..., Any], items: Iterator[tuple[Any, ...]], done: Callable[[Any], None]) -> None:
        """Call fn(*item) for each item, in parallel, and done(result) as each finishes."""
        limit = self.workers + 2
        if self.engine == "ray":
            remote = self.ray.remote(fn)
            pending: list[Any] = []
            shared: dict[int, Any] = {}  # large arguments every task shares go to the object store once
            for item in items:
                for x in item:
                    if isinstance(x, dict) and id(x) not in shared:
                        shared[id(x)] = self.ray.put(x)
                args = [shared[id(x)] if isinstance(x, dict) else x for x in item]
                pending.append(remote.remote(*args))
                while len(pending) >= limit:
                    ready, pending = self.ray.wait(pending, num_returns=1)
                    done(self.ray.get(ready[0]))
            for ref in pending:
                done(self.ray.get(ref))
            return
        if self.pool is None:
            for item in items:
                done(fn(*item))
            return
        futures: set[Future[Any]] = set()
        for item in items:
            if self.submitted >= self.workers * TASKS_PER_WORKER:  # a new generation of workers
                for fut in futures:
                    done(fut.result())
                futures = set()
                self.pool.shutdown()
                self.pool = self._new_pool(warm_up=False)
            futures.add(self.pool.submit(fn, *item))
            self.submitted += 1
            if len(futures) >= limit:
                finished, futures = wait(futures, return_when=FIRST_COMPLETED)
                for fut in finished:
                    done(fut.result())
        for fut in futures:
            done(fut.result())

    def _new_pool(self, warm_up: bool = True) -> ProcessPoolExecutor:
        self.submitted = 0
        # The workers are forked from this process: its objects are shared with them until
        # written. The garbage collector would write to every one (its bookkeeping) the
        # first time it runs in a worker, copying this process's heap into each; frozen,
        # they are left alone (gc.freeze, Python's advice for forking servers).
        gc.collect()
        gc.freeze()
        pool = ProcessPoolExecutor(max_workers=self.workers, initializer=worker_init)
        if warm_up:
            for _ in range(self.workers):  # the workers load their libraries while this process reads
                pool.submit(warm, self.enrich)
        return pool

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            gc.unfreeze()


# ---- the processes: what each local worker does first ----------------------------------


def hide_pandas() -> None:
    """Make pandas look absent in this process. pyarrow imports pandas, when it is
    installed, the first time it converts rows or reads a Parquet file (0.45 s and ~60 MB
    a process), though khabar never uses it; pyarrow works without it. Only for processes
    khabar owns: its pool workers and the `khabar run` command on the local engine."""
    if "pandas" not in sys.modules and not any(isinstance(f, _NoPandas) for f in sys.meta_path):
        sys.meta_path.insert(0, _NoPandas())


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r} (khabar.batch.executor.hide_pandas)", name=name)


def worker_init() -> None:
    """Set up a pool worker: die with the parent (Linux: a `kill -9` of `khabar run` must not
    leave its workers running, each holding ~120 MB), and no pandas."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    hide_pandas()


def warm(enrich: bool) -> None:
    """Load what a worker's first shard would otherwise load (pyarrow's table code; the
    topic model, 0.1 s). The engine has each new worker do it while it reads the inputs
    itself, so no worker does it later."""
    import pyarrow as pa

    from khabar.batch.rows import SCHEMA

    pa.Table.from_pylist([], schema=SCHEMA)
    if enrich:
        from khabar.enrich.topic import model

        model()
