#!/usr/bin/env python3
"""Memory as the corpus grows: peak RSS of `khabar run`'s main process and of each worker,
and a worker's own (private) memory, per phase, on 10,000 and 100,000 records (the same
kind of pages, ten times more of them).

    python bench/scale.py [--shared ../shared] [--sizes 10000,100000] [--workers 2] [--skip N]

The corpus is generated: each record is a real page of ../shared/corpus/ar-news-html (its
head, header and footer, cut around its body) carrying the title and text of an article of
ANT (31.5k), Jawhara FM (10k) or SaudiNewsNet (62,120 with two paragraphs or more, taken at
a fixed stride, so that any run of records mixes the three sources alike; past the pool, the
same articles again with their paragraphs in another order), one JSONL line each with its
own URL on the page's site. So pages differ in text as a crawl's do, share templates per site as a
crawl's do, and hold near-duplicates where the articles do. Every process is sampled from
/proc every 0.2 s; a flat line from the smaller to the larger corpus is what bounded
memory looks like.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20261206
STRIDE = 7919  # a prime: it does not divide the pool's size, so the stride visits every article


def articles(shared: Path) -> Iterator[tuple[str, list[str]]]:
    clean = shared / "corpus" / "ar-clean"
    for name in ("ant-v2.1-multisource.jsonl.gz", "ant-v1.1-jawharafm.jsonl.gz"):
        with gzip.open(clean / name, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                yield d.get("title") or "", [p for p in (d.get("text") or "").split("\n") if p.strip()]
    for z in sorted((clean / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for d in json.loads(zf.read(name)):
                    yield d.get("title") or "", [p for p in (d.get("content") or "").split("\n") if p.strip()]


def templates(shared: Path) -> list[tuple[str, str, str]]:
    """(site, the page up to its body's first third, its body's last fifth) per real page."""
    out = []
    for p in sorted((shared / "corpus" / "ar-news-html").glob("*.html")):
        page = p.read_text(encoding="utf-8", errors="replace")
        start = page.find("<body")
        start = start if start >= 0 else 0
        end = page.rfind("</body>")
        end = end if end > start else len(page)
        head = page[: start + (end - start) // 3][-60_000:]
        tail = page[end - (end - start) // 5 :][:30_000]
        out.append((p.name.split("_")[0], head, tail))
    return out


def write_corpus(shared: Path, n: int, path: Path, skip: int = 0) -> None:
    pool = [a for a in articles(shared) if len(a[1]) >= 2]
    rng = random.Random(SEED)
    pages = templates(shared)
    with path.open("w", encoding="utf-8") as f:
        for i in range(skip, skip + n):
            # a stride through the pool: any run of records is a sample of all of it (ANT,
            # Jawhara FM and SaudiNewsNet mixed), so 10,000 and 100,000 hold the same mix
            title, paras = pool[(i * STRIDE) % len(pool)]
            if i >= len(pool):  # another round: the same articles, paragraphs in another order
                paras = paras[:]
                rng.shuffle(paras)
            site, head, tail = pages[i % len(pages)]
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
            page = f"{head}<article><h1>{html.escape(title)}</h1>{body}</article>{tail}"
            f.write(
                json.dumps({"id": f"p{i}", "url": f"https://{site}/news/{i}", "html": page}, ensure_ascii=False) + "\n"
            )


def uss_mb(pid: int) -> float:
    """A process's own memory: its private pages (a forked worker shares the rest with the
    process it was forked from, and RSS counts those again)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return (
                sum(int(line.split()[1]) for line in f if line.startswith(("Private_Clean:", "Private_Dirty:"))) / 1024
            )
    except OSError:
        return 0.0


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


PHASES = ("learning sites", "extracting", "near-duplicates", "publishing")
MEASURES = ("main", "worker", "worker_own")  # RSS of the main process, of a worker; a worker's private memory


def phase_peaks(timeline: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Peaks per phase of the run, told apart afterwards from what the state held at each
    sample: no sites.json yet = learning; until the last shard summary appeared =
    extracting; until the first published file = near-duplicates; then publishing."""
    final = max((s["summaries"] for s in timeline), default=0)
    done_at = next((s["t"] for s in timeline if s["summaries"] == final), 0.0)
    peaks: dict[str, dict[str, float]] = {}
    for s in timeline:
        phase = (PHASES[0] if not s["sites"] else PHASES[1] if s["t"] <= done_at
                 else PHASES[2] if not s["published"] else PHASES[3])  # fmt: skip
        got = peaks.setdefault(phase, dict.fromkeys(MEASURES, 0.0))
        for k in MEASURES:
            got[k] = max(got[k], s[k])
    return peaks


def measure(corpus: Path, out: Path, workers: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "khabar.cli", "run", str(corpus), "-o", str(out), "--workers", str(workers),
           "--no-progress"]  # fmt: skip
    t0 = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timeline: list[dict[str, Any]] = []
    state = out / ".khabar"
    while proc.poll() is None:
        kids = children(proc.pid)
        timeline.append({
            "t": time.time() - t0,
            "main": rss_mb(proc.pid),
            "worker": max((rss_mb(c) for c in kids), default=0.0),
            "worker_own": max((uss_mb(c) for c in kids), default=0.0),
            "summaries": len(list((state / "summaries").glob("*.json"))) if (state / "summaries").is_dir() else 0,
            "published": len(list(out.glob("*.parquet"))) if out.is_dir() else 0,
            "sites": (state / "sites.json").exists(),
        })  # fmt: skip
        time.sleep(0.2)
    stats = json.loads((out / "_stats.json").read_text())
    peaks = {k: max(s[k] for s in timeline) for k in MEASURES}
    return {"seconds": time.time() - t0, **peaks, "rows": stats["rows_out"],
            "duplicates": stats["duplicates"].get("duplicates", 0), "phases": phase_peaks(timeline)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip", type=int, default=0, help="start the corpus at this record (the same pages, later)")
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in a.sizes.split(",")):
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            write_corpus(a.shared, n, corpus, a.skip)
            size = corpus.stat().st_size / 1e9
            got = measure(corpus, Path(tmp) / f"out-{n}", a.workers)
            rows.append((n, size, got))
            print(f"{n:,} records ({size:.2f} GB): {got['seconds']:.0f} s, peak RSS main {got['main']:.0f} MB, "
                  f"worker {got['worker']:.0f} MB; {got['rows']:,} rows, {got['duplicates']:,} near-duplicates", flush=True)  # fmt: skip
            print(f"  a worker's own (private) memory at most {got['worker_own']:.0f} MB", flush=True)
            for phase, p in got["phases"].items():
                print(f"  {phase}: main {p['main']:.0f} MB, worker {p['worker']:.0f} MB (own {p['worker_own']:.0f} MB)",
                      flush=True)  # fmt: skip
            corpus.unlink()
            shutil.rmtree(Path(tmp) / f"out-{n}")
    if len(rows) >= 2:
        (n0, _, g0), (n1, _, g1) = rows[0], rows[-1]
        print(
            f"\n{n1 // n0}x the records: worker peak x{g1['worker'] / g0['worker']:.2f} (own memory "
            f"x{g1['worker_own'] / g0['worker_own']:.2f}), main x{g1['main'] / g0['main']:.2f}"
        )


if __name__ == "__main__":
    main()
