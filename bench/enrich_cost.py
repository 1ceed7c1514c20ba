#!/usr/bin/env python3
"""What enrichment costs: docs/s of khabar.extract with and without it, one core.

    python bench/enrich_cost.py [--shared ../shared]

On the 44 real pages of ar-news-html (HTML) and the 99 FineWeb-2 documents (crawl text),
each timed twice after a warm-up, the best of the two kept. Enrichment is computed when an
article's fields are first read, so both runs read them all (to_dict()).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import khabar  # noqa: E402


def rate(docs: list[str], kind: str, enrich: bool) -> float:
    for d in docs[:5]:
        khabar.extract(d, kind=kind, enrich=enrich).to_dict()  # type: ignore[arg-type]
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        for d in docs:
            khabar.extract(d, kind=kind, enrich=enrich).to_dict()  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - t0)
    return len(docs) / best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    a = ap.parse_args()
    html = [
        p.read_bytes().decode("utf-8", "replace") for p in sorted((a.shared / "corpus/ar-news-html").glob("*.html"))
    ]
    with open(a.shared / "corpus/ar-fineweb2/docs.jsonl", encoding="utf-8") as f:
        text = [json.loads(line)["text"] for line in f]
    print("| input | extraction alone, docs/s | with enrichment, docs/s | enrichment's share of the time |")
    print("|---|---|---|---|")
    for name, docs, kind in (("ar-news-html, HTML (44)", html, "html"), ("FineWeb-2, crawl text (99)", text, "text")):
        plain, rich = rate(docs, kind, False), rate(docs, kind, True)
        print(f"| {name} | {plain:.0f} | {rich:.0f} | {1 - rich / plain:.0%} |")


if __name__ == "__main__":
    main()
