#!/usr/bin/env python3
"""Search recall and precision: does a word typed in its bare form find the articles that
hold it in any form a reader means?

    python bench/search.py [--shared ../shared] [--docs 3000] [--speed 30000]

Query set: QUERIES, common news words (places, institutions, subjects) chosen before any
measurement, typed bare. Gold, per query: the articles holding the word in a form a reader
means by it — with the article, the proclitics و ف ب ك ل (and their pairs), and the endings
ة ات ون ين ي ية and the nisba plurals يين يون يات (on the word, or on it less its ة) — found by exact match on folded
tokens, independent of any stemmer. A stemmer finds an article when the query's term is
among the article's terms. Compared: khabar's segmenter (`khabar.lang.stems`), the earlier light
stemmer (strip one proclitic, keep the rest), and Snowball's Arabic stemmer.

Two document sets: 3,000 ANT v2.1 articles (the corpus khabar's word list was counted
from: in-sample for the word list) and 3,000 SaudiNewsNet articles (other outlets, 2015,
never seen). Then the real archive: index time for --speed ANT articles into SQLite, and
the median query time over the query set.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from khabar import archive  # noqa: E402
from khabar.lang.normalize import normalize  # noqa: E402
from khabar.lang.stems import (  # noqa: E402
    light_stems,
    stem,
)

QUERIES = [
    "فلسطين",
    "لبنان",
    "فيروس",
    "اقتصاد",
    "وزير",
    "حكومة",
    "رئيس",
    "انتخابات",
    "سوريا",
    "مصر",
    "العراق",
    "اليمن",
    "ليبيا",
    "تونس",
    "روسيا",
    "أمريكا",
    "إيران",
    "تركيا",
    "جامعة",
    "شركة",
    "نفط",
    "مدرسة",
    "لاعب",
    "فريق",
    "مستشفى",
    "صحة",
    "سياحة",
    "رياضة",
    "بنك",
    "سوق",
    "استثمار",
    "مؤتمر",
    "مجلس",
    "برلمان",
    "جيش",
    "شرطة",
    "محكمة",
    "قانون",
    "طاقة",
    "تعليم",
    "ثقافة",
    "مهرجان",
    "فيلم",
    "كتاب",
    "موسيقى",
    "هاتف",
    "بلدية",
]
ARTICLE = (
    "",
    "ال",
    "و",
    "ف",
    "ب",
    "ك",
    "ل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "وب",
    "ول",
    "فب",
    "فل",
    "وك",
    "وبال",
    "ولل",
)
ENDINGS = ("", "ه", "ات", "ون", "ين", "ي", "يه", "يين", "يون", "يات")
TOKEN = re.compile(r"[\u0621-\u064a]{2,}")
SEED = 20261206


def forms(word: str) -> set[str]:
    """Every surface form (folded) a reader means by the bare `word`."""
    w = normalize(word)
    if w.startswith("ال"):  # a name that carries its article: العراق, والعراق, للعراق
        core = w[2:]
        return {p + w + e for p in ("", "و", "ف", "ب", "ك") for e in ENDINGS} | {
            p + core + e for p in ("لل", "ولل") for e in ENDINGS
        }
    bases = {w, w[:-1]} if w.endswith("ه") else {w}
    out = set()
    for base in bases:
        for end in ENDINGS:
            for p in ARTICLE:
                form = p + base + end
                out.add(
                    form.replace("لال", "لل", 1)
                    if p.endswith("ل") and not p.endswith("ال") and (base + end).startswith("ال")
                    else form
                )
    return out


def ant(shared: Path) -> Iterator[dict[str, str]]:
    with gzip.open(shared / "corpus/ar-clean/ant-v2.1-multisource.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            yield {"id": d["id"], "url": d.get("url") or "", "site": d.get("source") or "", "title": d.get("title") or "",
                   "text": d.get("text") or "", "published": d.get("published") or ""}  # fmt: skip


def saudi(shared: Path) -> Iterator[dict[str, str]]:
    for z in sorted((shared / "corpus/ar-clean/saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for i, d in enumerate(json.loads(zf.read(name))):
                    yield {"id": f"{name}:{i}", "title": d.get("title") or "", "text": d.get("content") or ""}


def sample(docs: Iterator[dict[str, str]], n: int) -> list[dict[str, str]]:
    every = list(docs)
    return random.Random(SEED).sample(every, min(n, len(every)))


def snowball() -> Callable[[str], str] | None:
    try:
        import snowballstemmer  # type: ignore[import-untyped]
    except ImportError:
        return None
    s = snowballstemmer.stemmer("arabic")
    return lambda w: str(s.stemWord(w))


def light(word: str) -> str:
    got = light_stems(word)
    return got[0] if got else word


def measure(docs: list[dict[str, str]], stemmers: dict[str, Callable[[str], str]]) -> None:
    tokens = [set(TOKEN.findall(normalize(d["title"] + " " + d["text"]))) for d in docs]
    meant = {q: forms(q) for q in QUERIES}
    gold = {q: {i for i, t in enumerate(tokens) if t & meant[q]} for q in QUERIES}
    print(f"  {'stemmer':10} {'recall':>7} {'precision':>9} {'found/gold':>11}   worst recall; worst precision")
    for name, fn in stemmers.items():
        cache: dict[str, str] = {}
        terms = [{cache.setdefault(w, fn(w)) for w in t} for t in tokens]
        hit = found = total = 0
        per: list[tuple[float, str, int, int]] = []
        prec: list[tuple[float, str, int, int]] = []
        for q in QUERIES:
            key = fn(normalize(q))
            got = {i for i, t in enumerate(terms) if key in t}
            good = len(got & gold[q])
            hit, found, total = hit + good, found + len(got), total + len(gold[q])
            per.append((good / len(gold[q]) if gold[q] else 1.0, q, good, len(gold[q])))
            prec.append((good / len(got) if got else 1.0, q, good, len(got)))
        worst = ", ".join(f"{q} {g}/{n}" for _, q, g, n in sorted(per)[:3])
        worst_p = ", ".join(f"{q} {g}/{n}" for _, q, g, n in sorted(prec)[:3])
        print(f"  {name:10} {hit / total:7.3f} {hit / max(found, 1):9.3f} {hit:>5}/{total:<5}   {worst}; {worst_p}")


def speed(docs: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        out.mkdir()
        with (out / "rows.jsonl").open("w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({**d, "status": "ok", "is_article": True}, ensure_ascii=False) + "\n")
        db = Path(tmp) / "a.db"
        t0 = time.perf_counter()
        n = archive.index(out, db)
        took = time.perf_counter() - t0
        times = []
        for q in QUERIES:
            t0 = time.perf_counter()
            archive.search(db, q, limit=20)
            times.append(time.perf_counter() - t0)
        size = db.stat().st_size / 1e6
    print(f"\narchive: indexed {n:,} articles in {took:.1f} s ({n / took:,.0f}/s, {size:.0f} MB); "
          f"query median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--speed", type=int, default=30000, help="articles for the index/query timing (0: skip)")
    a = ap.parse_args()
    stemmers: dict[str, Callable[[str], str]] = {"khabar": stem, "light": light}
    if (sb := snowball()) is not None:
        stemmers["snowball"] = sb
    print(f"{len(QUERIES)} queries")
    for name, docs in (
        ("ANT v2.1 (word list counted here)", ant(a.shared)),
        ("SaudiNewsNet (unseen)", saudi(a.shared)),
    ):
        print(f"\n{name}, {a.docs:,} articles:")
        measure(sample(docs, a.docs), stemmers)
    if a.speed:
        speed(list(ant(a.shared))[: a.speed])


if __name__ == "__main__":
    main()
