"""Topic of an Arabic article: a linear model over light-stemmed words, trained by
`scripts/train_topic.py` on the ANT corpus and shipped in `khabar/data/topic.json.gz`.

Inference needs no ML library: TF-IDF with sublinear term frequency, L2-normalised, then
one dot product per class.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from khabar.arabic import normalize

_WORD = re.compile(r"[\u0621-\u064a]{2,}")
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


# A word (a run of 2+ Arabic letters) less its first proclitic, when 3+ letters remain:
# the prefixes are tried longest first, as the loop this replaces did.
_STEM = re.compile(
    r"(?<![\u0621-\u064a])(?:(?:" + "|".join(_PREFIXES) + r")(?=[\u0621-\u064a]{3}))?([\u0621-\u064a]{2,})"
)


def tokens(text: str) -> list[str]:
    """Normalised Arabic words with the article and common proclitics stripped."""
    return _STEM.findall(normalize(text))


def _tokens_reference(text: str) -> list[str]:
    """The plain loop `tokens` must equal (kept for the test that checks it)."""
    out = []
    for w in _WORD.findall(normalize(text)):
        for p in _PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 3:
                w = w[len(p) :]
                break
        out.append(w)
    return out


@dataclass(frozen=True)
class TopicModel:
    labels: list[str]
    vocab: dict[str, int]
    idf: list[float]
    coef: list[list[float]]  # [class][term]
    intercept: list[float]

    def scores(self, text: str) -> dict[str, float]:
        counts = Counter(t for t in tokens(text) if t in self.vocab)
        if not counts:
            return {}
        weights = {self.vocab[t]: (1 + math.log(c)) * self.idf[self.vocab[t]] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        raw = [b + sum(row[i] * v for i, v in weights.items()) / norm for row, b in zip(self.coef, self.intercept)]
        top = max(raw)
        exp = [math.exp(r - top) for r in raw]
        total = sum(exp)
        return {label: e / total for label, e in zip(self.labels, exp)}

    def predict(self, text: str) -> tuple[str, float] | None:
        s = self.scores(text)
        if not s:
            return None
        label = max(s, key=lambda k: s[k])
        return label, s[label]


@lru_cache(maxsize=1)
def model() -> TopicModel:
    path = resources.files("khabar") / "data" / "topic.json.gz"
    with path.open("rb") as f, gzip.open(f, "rt", encoding="utf-8") as g:
        data = json.load(g)
    return TopicModel(
        data["labels"], {t: i for i, t in enumerate(data["terms"])}, data["idf"], data["coef"], data["intercept"]
    )


def topic(text: str) -> dict[str, float | str] | None:
    """{"label", "score"} for an article's text, or None when it holds no Arabic words."""
    found = model().predict(text)
    return {"label": found[0], "score": round(found[1], 3)} if found else None
