#!/usr/bin/env python3
"""Peak memory and time of one extraction of a very large page, beside trafilatura's.

    python bench/memory.py [--shared ../shared]

Builds the 20 MB page of shared/corpus/bad-inputs (a real article followed by 40,000 ad
blocks), then extracts it in a fresh process per tool and reports wall time and peak RSS
(the target: khabar under 3 s and 300 MB).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = """
import resource, sys, time
data = open(sys.argv[2], "rb").read()
t = time.perf_counter()
if sys.argv[1] == "khabar":
    import khabar
    a = khabar.extract(data)
    words = len(a.text.split())
else:
    import trafilatura
    words = len((trafilatura.extract(data.decode("utf-8", "replace"), favor_precision=True) or "").split())
spent = time.perf_counter() - t
print(f"{spent:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {words}")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--tools", default="khabar,trafilatura")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = a.shared / "corpus" / "bad-inputs" / "make_bad_inputs.py"
        subprocess.run([sys.executable, str(script), tmp], check=True, capture_output=True)
        page = Path(tmp) / "huge-20mb.html"
        print("| tool | page MB | seconds | peak RSS MB | body words |\n|---|---|---|---|---|")
        for tool in a.tools.split(","):
            p = subprocess.run([sys.executable, "-c", CHILD, tool, str(page)], capture_output=True, text=True)
            if p.returncode != 0:
                print(f"| {tool} | failed: {p.stderr.strip()[-200:]} | | | |")
                continue
            secs, rss, words = p.stdout.split()
            print(f"| {tool} | {page.stat().st_size / 2**20:.1f} | {secs} | {rss} | {words} |")


if __name__ == "__main__":
    main()
