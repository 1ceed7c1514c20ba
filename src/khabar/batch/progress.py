"""Progress for long runs: a rich bar (records/s, MB/s, elapsed, and the time left when the
number of records is known) on a terminal, a plain log line every few seconds otherwise
(CI logs, nohup, pipes)."""

from __future__ import annotations

import sys
import time

from rich.progress import BarColumn, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress

LOG_EVERY = 10.0  # seconds between plain log lines


class Progress:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: RichProgress | None = None
        self.task: TaskID | None = None
        self.label = ""
        self.records = 0
        self.bytes = 0
        self.total: int | None = None
        self.done = 0  # records finished by an earlier, interrupted run
        self.t0 = self.last = time.monotonic()

    def start(self, label: str, total: int | None = None, done: int = 0) -> None:
        """`total`: records the pass will have seen at the end, when known; `done`: how
        many of them an earlier run already finished (they count, but not in the rate)."""
        self.label, self.records, self.bytes, self.total, self.done = label, 0, 0, total, done
        self.t0 = self.last = time.monotonic()
        if self.enabled:
            self.bar = RichProgress(
                TextColumn("[bold]{task.description}"),
                BarColumn(bar_width=None),
                TextColumn("{task.completed:,.0f} records"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                transient=False,
            )
            self.bar.start()
            self.task = self.bar.add_task(label, total=total, completed=done, rate="")

    def advance(self, records: int, nbytes: int) -> None:
        self.records += records
        self.bytes += nbytes
        now = time.monotonic()
        rate = self.records / max(now - self.t0, 1e-9)
        mbs = self.bytes / 2**20 / max(now - self.t0, 1e-9)
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=self.done + self.records, rate=f"{rate:,.0f}/s {mbs:.1f} MB/s")  # type: ignore[arg-type]
        elif now - self.last >= LOG_EVERY:
            self.last = now
            print(f"khabar: {self.label}: {self._line(rate, mbs)}", file=sys.stderr)

    def _line(self, rate: float, mbs: float) -> str:
        seen = self.done + self.records
        if not self.total:
            return f"{seen:,} records, {rate:,.0f}/s, {mbs:.1f} MB/s"
        left = max(self.total - seen, 0) / rate if rate > 0 else 0.0
        return f"{seen:,} of {self.total:,} records, {rate:,.0f}/s, {mbs:.1f} MB/s, about {left:,.0f} s left"

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        elif self.records:
            secs = time.monotonic() - self.t0
            print(f"khabar: {self.label}: {self.records:,} records in {secs:.1f} s", file=sys.stderr)
