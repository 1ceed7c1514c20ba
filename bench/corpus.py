#!/usr/bin/env python3
"""Corpus benchmark: khabar's local engine beside a datatrove pipeline, same WARC, same run.

    python bench/corpus.py [--shared ../shared] [--copies 4] [--repeat 3] [--only scaling]

Builds a WARC of real pages (SHARED/corpus/ar-sites and ar-news-html, `--copies` times
over), then times, each in a fresh process:
  - datatrove: WarcReader -> Trafilatura -> JsonlWriter, 1 task, 1 worker;
  - khabar run, 1 worker and 2 workers (site learning, dedup and enrichment on, as a user runs it);
  - khabar run, 1 worker, --no-site-learning --no-dedup --no-enrich (extraction alone).
Each is run `--repeat` times, interleaved (a slow spell of the machine touches every
pipeline alike), and the median is reported. Prints records/s, records/s per core, MB/s,
CPU seconds (user + system, children included: steadier than wall time on a shared
machine), peak RSS of the largest process, the ratio to datatrove by wall and by CPU time,
and the scaling from 1 to 2 workers, with the ranges over the repeats. `--only scaling`
runs just the 1- and 2-worker rows (more repeats for the same time).

This machine is a VM whose two cores are shared: each run also reports the CPU time the
host took away (`steal` in /proc/stat, as a share of the run's two cores), the usual
reason a run is slow and the 2-worker run the most.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

DATATROVE = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter
warc, out = sys.argv[1], sys.argv[2]
LocalPipelineExecutor(
    pipeline=[WarcReader(str(__import__("pathlib").Path(warc).parent), glob_pattern=__import__("pathlib").Path(warc).name),
              Trafilatura(favour_precision=True, timeout=10.0), JsonlWriter(out)],
    tasks=1, workers=1, logging_dir=out + "/logs",
).run()
"""


def build_warc(shared: Path, path: Path, copies: int) -> tuple[int, int]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with gzip.open(shared / "corpus/ar-sites/pages.jsonl.gz", "rt") as f:
        rows = [json.loads(line) for line in f]
    pages = [(r["url"] or f"https://{r['site']}/page{i}", r["html"].encode("utf-8")) for i, r in enumerate(rows)]
    pages += [
        (f"https://{p.name.split('_')[0]}/{p.stem}", p.read_bytes())
        for p in sorted((shared / "corpus/ar-news-html").glob("*.html"))
    ]
    n = 0
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        for c in range(copies):
            for url, body in pages:
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                rec = w.create_warc_record(f"{url}#copy{c}", "response", payload=io.BytesIO(body), http_headers=http)
                w.write_record(rec)
                n += 1
    return n, sum(len(b) for _, b in pages) * copies


def stolen() -> float:
    """Seconds of CPU the host has taken from this VM since boot (all cores)."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def timed(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, children included) and peak RSS (MB: the
    largest of the process and the children it waited for) of a command, from wait4."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        secs = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{cmd[:3]} failed:\n{err.read()[-2000:].decode(errors='replace')}")
    return secs, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=HERE / "out" / "corpus")
    ap.add_argument("--only", choices=["scaling"], help="run only the 1- and 2-worker rows")
    a = ap.parse_args()
    shutil.rmtree(a.out, ignore_errors=True)
    a.out.mkdir(parents=True)
    warc = a.out / "pages.warc.gz"
    records, nbytes = build_warc(a.shared, warc, a.copies)
    mb = nbytes / 2**20
    khabar = [sys.executable, "-m", "khabar.cli", "run", str(warc), "--no-progress"]
    runs = [
        ("datatrove (WarcReader → Trafilatura → JsonlWriter)", 1, [sys.executable, "-c", DATATROVE, str(warc), str(a.out / "dt")]),
        ("khabar run, 1 worker, extraction only", 1, [*khabar, "-o", str(a.out / "k1x"), "--workers", "1", "--no-site-learning", "--no-dedup", "--no-enrich"]),
        ("khabar run, 1 worker", 1, [*khabar, "-o", str(a.out / "k1"), "--workers", "1"]),
        ("khabar run, 2 workers", 2, [*khabar, "-o", str(a.out / "k2"), "--workers", "2"]),
    ]  # fmt: skip
    if a.only == "scaling":
        runs = [r for r in runs if r[0] in ("khabar run, 1 worker", "khabar run, 2 workers")]
    times: dict[str, list[float]] = {name: [] for name, _, _ in runs}
    peaks: dict[str, float] = {name: 0.0 for name, _, _ in runs}
    cpus: dict[str, list[float]] = {name: [] for name, _, _ in runs}
    for k in range(a.repeat):
        for name, _, cmd in runs:
            out = Path(cmd[-1] if name.startswith("datatrove") else cmd[cmd.index("-o") + 1])
            shutil.rmtree(out, ignore_errors=True)
            before = stolen()
            secs, cpu, rss = timed(cmd)
            steal = (stolen() - before) / (secs * (os.cpu_count() or 1))
            times[name].append(secs)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], rss)
            print(f"[{k + 1}/{a.repeat}] {name}: {secs:.1f} s, {cpu:.1f} s CPU, {steal:.0%} stolen", file=sys.stderr)
    med = {name: statistics.median(times[name]) for name in times}
    cpu = {name: statistics.median(cpus[name]) for name in cpus}
    one, two = med["khabar run, 1 worker"], med["khabar run, 2 workers"]
    each = [o / t for o, t in zip(times["khabar run, 1 worker"], times["khabar run, 2 workers"])]
    scaling = (f"scaling from 1 to 2 workers: {one / two:.2f}× (medians; {min(each):.2f}–{max(each):.2f}× "
               f"run by run, median {statistics.median(each):.2f}×)")  # fmt: skip
    if a.only == "scaling":
        print(f"{records:,} records; 1 worker {one:.1f} s, 2 workers {two:.1f} s (medians of {a.repeat})\n{scaling}")
        return
    dt = runs[0][0]
    print(f"{records:,} records, {mb:.0f} MB of HTML, in one WARC (same input for every row); "
          f"median of {a.repeat} runs each\n")  # fmt: skip
    print("| pipeline | workers | seconds | records/s | records/s per core | MB/s | CPU seconds | peak RSS MB "
          "| × datatrove (wall) | × datatrove (CPU) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, cores, _ in runs:
        secs = med[name]
        print(f"| {name} | {cores} | {secs:.1f} | {records / secs:.1f} | {records / secs / cores:.1f} | "
              f"{mb / secs:.2f} | {cpu[name]:.1f} | {peaks[name]:.0f} | {med[dt] / secs:.1f}× | {cpu[dt] / cpu[name]:.1f}× |")  # fmt: skip
    alone = [d / k for d, k in zip(times[dt], times["khabar run, 1 worker, extraction only"])]
    print(f"\nextraction alone vs datatrove, run by run (wall): {min(alone):.1f}–{max(alone):.1f}×")
    print(scaling)


if __name__ == "__main__":
    main()
