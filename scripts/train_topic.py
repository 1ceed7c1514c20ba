#!/usr/bin/env python3
"""Train khabar's topic model on the ANT corpus and write src/khabar/data/topic.json.gz.

    python scripts/train_topic.py [--shared ../shared] [--terms 20000]

Reports accuracy and macro-F1 with each outlet held out in turn (train on four, test on the
fifth), then trains on all five and ships the model. Needs scikit-learn (`pip install
'khabar[train]'`); khabar itself reads the model without it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
from khabar.enrich.topic import tokens  # noqa: E402


def fit(texts: list[str], labels: list[str], terms: int) -> tuple[TfidfVectorizer, LogisticRegression]:
    vec = TfidfVectorizer(analyzer=tokens, sublinear_tf=True, min_df=3, max_df=0.5, max_features=terms)
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=8.0, max_iter=300, class_weight="balanced")
    clf.fit(x, labels)
    return vec, clf


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--terms", type=int, default=20000)
    ap.add_argument("--out", type=Path, default=HERE.parent / "src" / "khabar" / "data" / "topic.json.gz")
    a = ap.parse_args()
    with gzip.open(a.shared / "corpus/ar-clean/ant-v2.1-multisource.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    texts = [f"{r['title']}\n{r['text']}" for r in rows]
    labels = [r["category"] for r in rows]
    outlets = sorted({r["source"] for r in rows})
    print("| held-out outlet | articles | accuracy | macro-F1 |\n|---|---|---|---|")
    f1s = []
    for outlet in outlets:
        train = [i for i, r in enumerate(rows) if r["source"] != outlet]
        test = [i for i, r in enumerate(rows) if r["source"] == outlet]
        vec, clf = fit([texts[i] for i in train], [labels[i] for i in train], a.terms)
        pred = clf.predict(vec.transform([texts[i] for i in test]))
        gold = [labels[i] for i in test]
        present = sorted(set(gold))
        f1 = f1_score(gold, pred, labels=present, average="macro")
        f1s.append(f1)
        print(f"| {outlet} | {len(test):,} | {accuracy_score(gold, pred):.3f} | {f1:.3f} |")
    print(f"| mean over outlets | | | {statistics.mean(f1s):.3f} |")
    vec, clf = fit(texts, labels, a.terms)
    terms = vec.get_feature_names_out().tolist()
    model = {
        "labels": clf.classes_.tolist(),
        "terms": terms,
        "idf": np.round(vec.idf_, 4).tolist(),
        "coef": np.round(clf.coef_, 4).tolist(),
        "intercept": np.round(clf.intercept_, 4).tolist(),
        "trained_on": "ANT v2.1 multisource (31,525 articles, 5 outlets; Apache-2.0)",
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(a.out, "wt", encoding="utf-8") as f:
        json.dump(model, f, ensure_ascii=False)
    print(f"\nwrote {a.out} ({a.out.stat().st_size // 1024} KB, {len(terms):,} terms)", file=sys.stderr)


if __name__ == "__main__":
    main()
