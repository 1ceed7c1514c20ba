#!/usr/bin/env python3
"""Entities (people, organisations, places) against articles annotated by hand.

    python bench/entities.py [--shared ../shared] [--show]

Two sets, each annotated before khabar's entity output on it was looked at:
- `data/entities-gold.jsonl`: the 8 news articles of the SaudiNewsNet draw in
  data/quotes-holdout.jsonl (its two poems left out). The entity finder was then improved
  by reading its errors here: a development set.
- `data/entities-holdout.jsonl`: 6 ANT v2.1 articles drawn afterwards (seed 77), never tuned
  on: the figure to trust.
 Annotated: every named person (its fullest mention, without
titles such as الأمير or معالي), named organisation (ministries and councils, agencies,
companies, clubs, parties and armed groups, newspapers and platforms) and named place
(countries, regions, cities); not nisba adjectives alone (الباكستاني), nor generic mentions
(المملكة, البرلمان).

An entity found matches a gold one of the same type when, letters folded and the article
ال set aside, one contains the other ("أمير الباحة" is not "الباحة": a found entity must
hold the gold name, or the gold name hold it whole as a word sequence). Per type and over
all: precision (found that match), recall (gold that are found).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from khabar.enrich.entities import entities  # noqa: E402
from khabar.lang.normalize import fold  # noqa: E402
from quotes import ant_texts, gold_sets, saudinewsnet_texts  # noqa: E402

TYPES = ("person", "org", "place")


def key(text: str) -> str:
    words = [w.removeprefix("ال") for w in fold(text).replace("أ", "ا").split()]
    return " " + " ".join(words) + " "


def same(found: str, gold: str) -> bool:
    a, b = key(found), key(gold)
    return b in a or a in b


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--show", action="store_true", help="print misses and false alarms")
    a = ap.parse_args()
    print("| set | type | gold | found | precision | recall |\n|---|---|---|---|---|---|")
    for name, gold, texts in gold_sets(
        a.shared, (("entities-gold", saudinewsnet_texts), ("entities-holdout", ant_texts))
    ):
        score(name, gold, texts, a.show)


def score(name: str, gold: list[dict], texts: dict[str, list[str]], show: bool) -> None:  # type: ignore[type-arg]
    tp_found = dict.fromkeys(TYPES, 0)
    n_found = dict.fromkeys(TYPES, 0)
    tp_gold = dict.fromkeys(TYPES, 0)
    n_gold = dict.fromkeys(TYPES, 0)
    for g in gold:
        found = entities("\n".join(texts[g["id"]]))
        for t in TYPES:
            mine = {e.text for e in found if e.type == t}
            want = g["entities"][t]
            n_found[t] += len(mine)
            n_gold[t] += len(want)
            hits = {m for m in mine if any(same(m, w) for w in want)}
            tp_found[t] += len(hits)
            got = [w for w in want if any(same(m, w) for m in mine)]
            tp_gold[t] += len(got)
            if show:
                for m in sorted(mine - hits):
                    print(f"extra {t:6} {m}")
                for w in want:
                    if w not in got:
                        print(f"miss  {t:6} {w}")
    for t in (*TYPES, "all"):
        types = TYPES if t == "all" else (t,)
        g_, f_ = sum(n_gold[x] for x in types), sum(n_found[x] for x in types)
        p = sum(tp_found[x] for x in types) / f_ if f_ else 0.0
        r = sum(tp_gold[x] for x in types) / g_ if g_ else 0.0
        print(f"| {name} | {t} | {g_} | {f_} | {p:.3f} | {r:.3f} |")


if __name__ == "__main__":
    main()
