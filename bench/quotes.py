#!/usr/bin/env python3
"""Quotes and speakers against articles annotated by hand.

    python bench/quotes.py [--shared ../shared] [--show]

Two sets, each a seeded random draw of 90–220-word articles, read in full before khabar's
output was looked at:
- `data/quotes-gold.jsonl`: 20 ANT v2.1 articles, four per outlet (BBC, CNN, Al Arabiya,
  France 24, Sky News). The quote finder was then improved by reading its errors here, so
  this is a development set.
- `data/quotes-holdout.jsonl`: 10 SaudiNewsNet articles (2015, other outlets), annotated
  after that work and never tuned on: the figure to trust.
 Annotated: every attributed statement made with a verb of saying or writing
followed by إن/أن, quotation marks or a colon (قال، أضاف، أكد، أوضح، أشار إلى أن، كشف أن،
أعلن أن، صرّح، تابع، زاد ...), and quoted text of three words or more after such a verb;
not annotated: «أعلن X» without a clause, «بحسب/وفق ما ذكر», one-word scare quotes, opinions
(يرى). Each gold quote keeps the first words of what was said and the speaker forms that
count as right (a full name, or the role the text itself gives when it names nobody else).

A predicted quote matches a gold quote when it holds at least 60% of the gold fragment's
words; each gold quote matches at most one prediction. The speaker is right when every
word of one accepted form is in the predicted speaker. Prints precision, recall and speaker
accuracy over matched quotes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from khabar.enrich.quotes import quotes  # noqa: E402
from khabar.lang.normalize import fold  # noqa: E402


def words(text: str) -> set[str]:
    return {w.strip('«»"“”.,،:؛()') for w in fold(text).split()} - {""}


def covered(fragment: str, text: str) -> bool:
    g = words(fragment)
    return len(g & words(text)) >= 0.6 * len(g)


def speaker_ok(forms: list[str], predicted: str | None) -> bool:
    got = {w.removeprefix("و") for w in words(predicted or "")} | words(predicted or "")
    return any(words(form) <= got for form in forms)


def ant_texts(shared: Path, wanted: set[str]) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    with gzip.open(shared / "corpus/ar-clean/ant-v2.1-multisource.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in wanted:
                texts[r["id"]] = [r["title"], *r["text"].split("\n")]
    return texts


def saudinewsnet_texts(shared: Path, wanted: set[str]) -> dict[str, list[str]]:
    """Ids are ZIP:MEMBER:INDEX in shared/corpus/ar-clean/saudinewsnet."""
    texts: dict[str, list[str]] = {}
    for ref in wanted:
        zip_name, member, index = ref.split(":")
        with zipfile.ZipFile(shared / "corpus/ar-clean/saudinewsnet" / zip_name) as z:
            art = json.loads(z.read(member))[int(index)]
        texts[ref] = [art["title"], *art["content"].split("\n")]
    return texts


Loader = Callable[[Path, set[str]], dict[str, list[str]]]


def gold_sets(
    shared: Path, sets: Iterable[tuple[str, Loader]]
) -> Iterator[tuple[str, list[dict], dict[str, list[str]]]]:  # type: ignore[type-arg]
    """Each annotated set in bench/data (NAME.jsonl), with the texts of its articles."""
    for name, loader in sets:
        gold = [json.loads(line) for line in (HERE / "data" / f"{name}.jsonl").open(encoding="utf-8")]
        yield name, gold, loader(shared, {g["id"] for g in gold})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--show", action="store_true", help="print every miss and false alarm")
    a = ap.parse_args()
    print("| set | articles | gold quotes | found | precision | recall | speaker right (of matched) |")
    print("|---|---|---|---|---|---|---|")
    for name, gold, texts in gold_sets(a.shared, (("quotes-gold", ant_texts), ("quotes-holdout", saudinewsnet_texts))):
        score(name, gold, texts, a.show)


def score(name: str, gold: list[dict], texts: dict[str, list[str]], show: bool) -> None:  # type: ignore[type-arg]
    n_gold = n_pred = matched = right_speaker = 0
    for g in gold:
        predicted = quotes(texts[g["id"]])
        used: set[int] = set()
        n_gold += len(g["quotes"])
        n_pred += len(predicted)
        for q in g["quotes"]:
            hit = next((i for i, p in enumerate(predicted) if i not in used and covered(q["text"], p.text)), None)
            if hit is None:
                if show:
                    print(f"miss   {g['id']}: {q['speaker'][0]} — {q['text']}")
                continue
            used.add(hit)
            matched += 1
            ok = speaker_ok(q["speaker"], predicted[hit].speaker)
            right_speaker += ok
            if show and not ok:
                print(f"speaker {g['id']}: {predicted[hit].speaker!r}, not {q['speaker']} — {q['text']}")
        if show:
            for i, p in enumerate(predicted):
                if i not in used:
                    print(f"extra  {g['id']}: {p['speaker']} — {str(p['text'])[:80]}")
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold
    right = f"{right_speaker}/{matched} ({right_speaker / max(matched, 1):.3f})"
    print(f"| {name} | {len(gold)} | {n_gold} | {n_pred} | {p:.3f} | {r:.3f} | {right} |")


if __name__ == "__main__":
    main()
