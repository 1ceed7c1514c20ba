"""The run's state on disk, in one place: OUTDIR/.khabar and what it holds.

    OUTDIR/.khabar/
      lock              held by the run writing OUTDIR (pid)
      run.json          the run's inputs (with a digest of their files) and settings
      plan.json         where each shard starts in its input (first pass)
      sites.json        the boilerplate learned per site; learning.json, what it cost
      parts/NAME.FMT    a finished shard's rows, before near-duplicates are marked
      summaries/NAME.json  what the shard held (for _stats.json)
      minhash/NAME.npz  the shard's MinHash signatures and band keys (near-duplicates)
      learning/PART/TASK.json  pages the first pass saw, by slice of the sites (removed
                        once sites.json is written)

A shard is done when its part (or its published file in OUTDIR) exists: every file is
written atomically, the part last. Workers get the state's path as a string.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RunState:
    root: Path  # OUTDIR/.khabar

    @classmethod
    def of(cls, outdir: str | Path) -> RunState:
        return cls(Path(outdir) / ".khabar")

    @property
    def outdir(self) -> Path:
        return self.root.parent

    def create(self) -> None:
        for sub in ("parts", "summaries", "minhash"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    def remove_stale(self) -> None:
        """Temporary files a killed run left half-written (only ever called under the lock)."""
        for stale in [
            *self.outdir.glob(".*.tmp-*"),
            *self.root.glob("*/.*.tmp-*"),
            *self.root.glob("minhash/*.tmp.npz"),
        ]:
            stale.unlink(missing_ok=True)

    @property
    def lock(self) -> Path:
        return self.root / "lock"

    @property
    def run_json(self) -> Path:
        return self.root / "run.json"

    @property
    def plan_json(self) -> Path:
        return self.root / "plan.json"

    @property
    def sites_json(self) -> Path:
        return self.root / "sites.json"

    @property
    def learning_json(self) -> Path:
        return self.root / "learning.json"

    @property
    def learning_dir(self) -> Path:
        return self.root / "learning"

    def learning_file(self, part: int, task: int) -> Path:
        """The pages task `task` of the first pass saw of slice `part` of the sites."""
        return self.learning_dir / f"{part:03d}" / f"{task:09d}.json"

    def learning_files(self, part: int) -> list[Path]:
        """Slice `part`'s files, in task (reading) order."""
        return sorted((self.learning_dir / f"{part:03d}").glob("*.json"))

    def part(self, name: str, fmt: str) -> Path:
        return self.root / "parts" / f"{name}.{fmt}"

    def published(self, name: str, fmt: str) -> Path:
        return self.outdir / f"{name}.{fmt}"

    def summary(self, name: str) -> Path:
        return self.root / "summaries" / f"{name}.json"

    def signatures(self, name: str) -> Path:
        return self.root / "minhash" / f"{name}.npz"

    def signatures_tmp(self, name: str) -> Path:
        return self.root / "minhash" / f"{name}.tmp.npz"

    def done(self, name: str, fmt: str) -> bool:
        return self.part(name, fmt).exists() or self.published(name, fmt).exists()

    def shard_names(self) -> list[str]:
        """The finished shards, in reading order (their names sort that way)."""
        return sorted(p.stem for p in (self.root / "summaries").glob("*.json"))

    def summaries(self) -> list[Path]:
        return [self.summary(n) for n in self.shard_names()]
