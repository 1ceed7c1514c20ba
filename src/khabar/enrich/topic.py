"""Topic of an Arabic article: a linear model over light-stemmed words, trained by
`scripts/train_topic.py` on the ANT corpus and shipped in `khabar/data/topic.json.gz`.

Inference needs no ML library: TF-IDF with sublinear term frequency, L2-normalised, then
one dot product per class.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from khabar.lang.stems import light_stems as tokens
from khabar.model import Topic

__all__ = ["TopicModel", "model", "tokens", "topic"]


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


def topic(text: str) -> Topic | None:
    """The topic of an article's text, or None when it holds no Arabic words."""
    found = model().predict(text)
    return Topic(label=found[0], score=round(found[1], 3)) if found else None
