#!/usr/bin/env python3
"""Extraction benchmark: khabar beside the reference tools, in the same run, on one core.

    python bench/extraction.py [--shared ../shared] [--tools trafilatura,...] [--out bench/out]

For every set in SHARED/bench/data it runs SHARED/bench/anchors.py for khabar and each
reference tool, scores the predictions with SHARED/bench/score.py, and prints one table:
F1, precision, recall, title accuracy, docs/s, and khabar's speed as a multiple of each tool.
A speed-only set made of the real pages in SHARED/corpus/ar-news-html runs always, so the
speed ratios exist even where the gold sets are absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = [  # (name, file, mode)
    ("ar-news-dev html", "ar-news-dev.jsonl.gz", "html"),
    ("ar-news-dev text", "ar-news-dev.jsonl.gz", "text"),
    ("ar-fineweb2-dev", "ar-fineweb2-dev.jsonl.gz", "text"),
    ("aeb-en html", "aeb-en.jsonl.gz", "html"),
]
# Sets with a page type per page, scored by SHARED/bench/score_types.py (WCXB's word F1 per
# type, snippets, page-type accuracy): khabar beside trafilatura. khabar's models were
# trained on these pages, so its figures here are in-sample: the cross-validated ones (folds
# by site) come from `scripts/train_labeller.py --cv` and are the ones the README quotes.
TYPED_SETS = [
    ("wcxb-dev html", "wcxb-dev.jsonl.gz", "html"),
    ("ar-sites-dev html", "ar-sites-dev.jsonl.gz", "html"),
    ("ar-sites-dev text", "ar-sites-dev.jsonl.gz", "text"),
]
TYPED_TOOLS = ["khabar", "trafilatura"]
HTML_TOOLS = ["khabar", "trafilatura", "trafilatura-precision", "resiliparse", "justext", "readability"]
TEXT_TOOLS = ["khabar", "passthrough", "trafilatura", "justext"]
SPEED = re.compile(r"docs_per_s=([\d.]+)")


def run_tool(anchors: Path, tool: str, data: Path, out: Path, mode: str) -> float | None:
    """Run one tool over one set; return its docs/s (None if it failed to run)."""
    p = subprocess.run(
        [sys.executable, str(anchors), tool, str(data), str(out), "--mode", mode],
        capture_output=True,
        text=True,
    )
    m = SPEED.search(p.stderr)
    if p.returncode != 0 or not m:
        print(f"  {tool}: failed: {p.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    return float(m.group(1))


def score(score_py: Path, gold: Path, pred: Path) -> dict[str, float]:
    p = subprocess.run([sys.executable, str(score_py), str(gold), str(pred), "--json"], capture_output=True, text=True)
    return json.loads(p.stdout) if p.returncode == 0 else {}


def nonarticle_count(data: Path, pred: Path) -> tuple[int, int]:
    """Pages given an invented article (>= 50 words, and called an article where the tool
    says: khabar gives a home page's items as its content, but not as an article) out of
    all non-article pages."""
    with gzip.open(data, "rt") as f:
        gold = {json.loads(line)["id"] for line in f}
    with pred.open() as f:
        preds = [json.loads(line) for line in f]
    bad = sum(
        1
        for p in preds
        if p["id"] in gold and len((p.get("body") or "").split()) >= 50 and p.get("is_article", True) is not False
    )
    return bad, len(gold)


def speed_set(shared: Path, out: Path) -> Path:
    """The 44 real pages of ar-news-html as one JSONL set (no gold: speed only)."""
    path = out / "speed-ar-news-html.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for page in sorted((shared / "corpus" / "ar-news-html").glob("*.html")):
            html = page.read_bytes().decode("utf-8", errors="replace")
            f.write(json.dumps({"id": page.stem, "html": html, "lang": "ar"}, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--tools", default=None, help="comma-separated subset of the reference tools")
    ap.add_argument("--sets", default=None, help="comma-separated prefixes of the sets to run (e.g. 'speed,wcxb')")
    a = ap.parse_args()
    anchors, score_py = a.shared / "bench" / "anchors.py", a.shared / "bench" / "score.py"
    data_dir = a.shared / "bench" / "data"
    a.out.mkdir(parents=True, exist_ok=True)
    wanted = set(a.tools.split(",")) | {"khabar"} if a.tools else None

    rows: list[tuple[str, str, dict[str, float], float | None]] = []
    missing = [f for _, f, _ in SETS if not (data_dir / f).exists()]
    if missing:
        print(f"note: {data_dir} lacks {', '.join(sorted(set(missing)))}: those sets are skipped", file=sys.stderr)

    def chosen(name: str) -> bool:
        return not a.sets or any(name.startswith(p.strip()) for p in a.sets.split(","))

    jobs = [(name, data_dir / f, mode, True) for name, f, mode in SETS if (data_dir / f).exists() and chosen(name)]
    nonart = data_dir / "ar-nonarticle-dev.jsonl.gz"
    if chosen("speed"):
        jobs.append(("speed: ar-news-html (44 pages)", speed_set(a.shared, a.out), "html", False))

    def each_tool(name: str, tools: list[str]) -> Iterator[tuple[str, Path]]:
        """The tools to run on a set (as --tools asks), each with its predictions' path."""
        for tool in tools:
            if not wanted or tool in wanted:
                print(f"{name}: {tool} ...", file=sys.stderr)
                yield tool, a.out / f"{name.split(':')[0].replace(' ', '_')}.{tool}.jsonl"

    for name, data, mode, scored in jobs:
        for tool, pred in each_tool(name, HTML_TOOLS if mode == "html" else TEXT_TOOLS):
            speed = run_tool(anchors, tool, data, pred, mode)
            if tool == "passthrough":
                speed = None  # it does nothing; its speed means nothing
            rows.append((name, tool, score(score_py, data, pred) if scored else {}, speed))
    if nonart.exists() and chosen("ar-nonarticle-dev"):
        for mode in ("html", "text"):
            for tool in HTML_TOOLS if mode == "html" else TEXT_TOOLS:
                if tool == "passthrough" or (wanted and tool not in wanted):
                    continue
                pred = a.out / f"nonarticle_{mode}.{tool}.jsonl"
                run_tool(anchors, tool, nonart, pred, mode)
                bad, total = nonarticle_count(nonart, pred)
                rows.append((f"ar-nonarticle-dev {mode}", tool, {"invented": bad, "docs": total}, None))
    print_table(rows)
    typed_rows = []
    for name, f, mode in TYPED_SETS:
        data = data_dir / f
        if not data.exists() or not chosen(name):
            continue
        for tool, pred in each_tool(name, TYPED_TOOLS):
            speed = run_tool(anchors, tool, data, pred, mode)
            typed_rows.append((name, tool, score(a.shared / "bench" / "score_types.py", data, pred), speed))
    print_typed_table(typed_rows)


TYPE_ORDER = [
    "all",
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
    "home",
    "section",
]


def print_typed_table(rows: list[tuple[str, str, dict, float | None]]) -> None:
    """Word F1 per page type, snippets, title, page-type accuracy, empty pages, docs/s."""
    if not rows:
        return
    print()
    print(
        "| set | tool | "
        + " | ".join(TYPE_ORDER)
        + " | with | without | title | type acc. | is_article wrong | empty | docs/s |"
    )
    print("|---|---|" + "---|" * (len(TYPE_ORDER) + 7))
    for name, tool, s, speed in rows:
        every = s.get("all", {})

        def f(v: float | None) -> str:
            return f"{v:.3f}" if isinstance(v, (int, float)) else "–"

        cells = [f(s[t]["f1"]) if t in s else "" for t in TYPE_ORDER]
        print(
            f"| {name} | {tool} | " + " | ".join(cells) + f" | {f(every.get('with'))} | {f(every.get('without'))} | "
            f"{f(every.get('title_exact'))} | {f(every.get('type_accuracy'))} | {every.get('is_article_wrong', '–')} | "
            f"{every.get('empty', '–')} | {f'{speed:.0f}' if speed else '–'} |"
        )


def print_table(rows: list[tuple[str, str, dict[str, float], float | None]]) -> None:
    khabar_speed = {name: speed for name, tool, _, speed in rows if tool == "khabar"}
    print("| set | tool | F1 | P | R | title exact | docs/s | khabar speed × |")
    print("|---|---|---|---|---|---|---|---|")
    for name, tool, s, speed in rows:
        if "invented" in s:
            print(f"| {name} | {tool} | invented articles: {s['invented']}/{s['docs']} | | | | | |")
            continue

        def fmt(key: str, s: dict[str, float] = s) -> str:
            v = s.get(key)
            return f"{v:.3f}" if isinstance(v, (int, float)) else "–"

        ks = khabar_speed.get(name)
        ratio = f"{ks / speed:.1f}×" if ks and speed and tool != "khabar" else ""
        sp = f"{speed:.0f}" if speed else "–"
        print(
            f"| {name} | {tool} | {fmt('f1')} | {fmt('precision')} | {fmt('recall')} | {fmt('title_exact')} | {sp} | {ratio} |"
        )


if __name__ == "__main__":
    main()
