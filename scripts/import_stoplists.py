#!/usr/bin/env python3
"""Ship jusText's function-word lists for the languages a crawl meets most, as language packs.

    python scripts/import_stoplists.py [--shared ../shared]

khabar knew the function words of Arabic and English only; a page in any other language had
no function-word evidence, and the block scorer, which learned that prose is full of them,
took its paragraphs for menus (a Portuguese article came back empty). jusText (BSD-2-Clause,
https://github.com/miso-belica/jusText) ships lists for 100 languages, each the language's most
frequent words, all sized so that prose reaches a similar share of them. This script copies
the lists for LANGUAGES (folded as khabar folds text) into src/khabar/lang/data/CODE/, and
measures the one number a pack needs beside its list: how jusText's list counts English
prose against khabar's own English list (the scorer was trained on the latter), on the
paragraphs of WCXB's English gold. `packs.JUSTEXT_SCALE` holds the ratio it prints.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from khabar.label.features import stop_density  # noqa: E402
from khabar.lang.normalize import normalize  # noqa: E402
from khabar.lang.packs import NO_PACK, LanguagePack, stopwords  # noqa: E402

# CLD2's code -> jusText's list (languages written with spaces between words; Chinese,
# Japanese and Thai are not: their text has no words to count this way)
LANGUAGES = {
    "af": "Afrikaans", "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali",
    "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fi": "Finnish", "fr": "French",
    "ga": "Irish", "gl": "Galician", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "iw": "Hebrew", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay", "nl": "Dutch",
    "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese",
}  # fmt: skip
DATA = ROOT / "src" / "khabar" / "lang" / "data"
HEADER = (
    "# {name} function words from jusText {version} (BSD-2-Clause, Jan Pomikálek and contributors,\n"
    "# https://github.com/miso-belica/jusText), folded as khabar folds text; written by\n"
    "# scripts/import_stoplists.py\n"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    from importlib.metadata import version

    import justext

    for code, name in sorted(LANGUAGES.items()):
        punctuation = NO_PACK.punctuation  # stripped from page tokens before lookup: from the list's too
        words = sorted({normalize(w).strip(punctuation) for w in justext.get_stoplist(name)} - {""})
        out = DATA / code / "stopwords.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(HEADER.format(name=name, version=version("justext")) + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(LANGUAGES)} lists under {DATA}", file=sys.stderr)

    # the scale: English prose counted with jusText's English list against khabar's own
    ours = LanguagePack("en", stopwords("en"))
    theirs = LanguagePack("en", frozenset(normalize(w) for w in justext.get_stoplist("English")))
    sums = [0.0, 0.0]
    with gzip.open(a.shared / "bench" / "data" / "wcxb-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            for para in (json.loads(line).get("gold_body") or "").split("\n"):
                if len(para.split()) >= 20:
                    sums[0] += stop_density(normalize(para), ours)[1]
                    sums[1] += stop_density(normalize(para), theirs)[1]
    print(f"JUSTEXT_SCALE = {sums[0] / sums[1]:.3f}  (khabar's English list / jusText's, on WCXB's English prose)")


if __name__ == "__main__":
    main()
