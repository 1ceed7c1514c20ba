"""Progress for long runs: a rich bar (records/s, MB/s, elapsed) on a terminal, a plain
log line every few seconds otherwise (CI logs, nohup, pipes)."""

from __future__ import annotations

import sys
import time

from rich.progress import BarColumn, TaskID, TextColumn, TimeElapsedColumn
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
        self.t0 = self.last = time.monotonic()

    def start(self, label: str) -> None:
        self.label, self.records, self.bytes = label, 0, 0
        self.t0 = self.last = time.monotonic()
        if self.enabled:
            self.bar = RichProgress(
                TextColumn("[bold]{task.description}"),
                BarColumn(bar_width=None),
                TextColumn("{task.completed:,.0f} records"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                transient=False,
            )
            self.bar.start()
            self.task = self.bar.add_task(label, total=None, rate="")

    def advance(self, records: int, nbytes: int) -> None:
        self.records += records
        self.bytes += nbytes
        now = time.monotonic()
        rate = self.records / max(now - self.t0, 1e-9)
        mbs = self.bytes / 2**20 / max(now - self.t0, 1e-9)
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=self.records, rate=f"{rate:,.0f}/s {mbs:.1f} MB/s")  # type: ignore[arg-type]
        elif now - self.last >= LOG_EVERY:
            self.last = now
            print(f"khabar: {self.label}: {self.records:,} records, {rate:,.0f}/s, {mbs:.1f} MB/s", file=sys.stderr)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        elif self.records:
            secs = time.monotonic() - self.t0
            print(f"khabar: {self.label}: {self.records:,} records in {secs:.1f} s", file=sys.stderr)
