"""Build the Arabic word list the search segmenter checks its cuts against.

A clitic or an ending is stripped from a word only when what remains is itself a word a
news writer uses; this script counts the (normalised) words of the ANT corpus (v2.1, five
outlets, and v1.1, Jawhara FM; Apache-2.0, see ../shared/corpus/ar-clean/ANT-README.md)
and ships those seen at least MIN_COUNT times in `khabar/data/vocab.txt.gz`, one
"word<TAB>count" per line, most frequent first. SaudiNewsNet (non-commercial licence) is
left out of the shipped list; `bench/search.py` measures on it as unseen text.

    python scripts/build_vocab.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from khabar.lang.normalize import normalize

MIN_COUNT = 3
SOURCES = ("ant-v2.1-multisource.jsonl.gz", "ant-v1.1-jawharafm.jsonl.gz")
ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")
OUT = Path(__file__).resolve().parents[1] / "src" / "khabar" / "data" / "vocab.txt.gz"


def count(shared: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in SOURCES:
        with gzip.open(shared / "corpus" / "ar-clean" / name, "rt", encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                text = " ".join(str(doc.get(k) or "") for k in ("title", "abstract", "text"))
                counts.update(ARABIC_WORD.findall(normalize(text)))
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    args = ap.parse_args()
    counts = count(args.shared)
    kept = sorted(((w, c) for w, c in counts.items() if c >= MIN_COUNT), key=lambda wc: (-wc[1], wc[0]))
    body = "".join(f"{w}\t{c}\n" for w, c in kept).encode("utf-8")
    # mtime=0: the same corpus gives the same bytes
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(body)
    print(
        f"{len(kept):,} words of {len(counts):,} seen ≥ {MIN_COUNT} times -> {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)"
    )


if __name__ == "__main__":
    main()
