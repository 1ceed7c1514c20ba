"""Search terms: Arabic words cut into the stem a reader means, never into a root letter.

The archive indexes and every query is turned into the same terms, so a query finds
what it should exactly when the two sides cut words alike. A word is cut where a clitic or
an ending would be, but only when what remains is itself a word news writers use — the
shipped word list (`data/vocab.txt.gz`, counted from the ANT corpus by
`scripts/build_vocab.py`) decides:

- the article and its combinations (ال وال بال فال كال لل) go whenever what remains is a
  known word, or when neither the whole nor the rest is known (an unknown word after ال);
- one proclitic letter (و ف ب ك ل) goes only when the rest is a known word not much rarer
  than the whole (`PROCLITIC_RATIO`): «وقال» → قال, but «وزير» stays (زير is rare next to
  وزير), as do «فلسطين» and «لبنان»;
- the endings a reader expects (ة ات ون ين ي ية, and plural -يين -يون -يات) go when what
  remains, or it with ة, is a known word not much rarer than the whole (`ENDING_RATIO`):
  «اقتصادية» → اقتصاد, «حكومات» → حكومة, but «مليون» stays.

Latin words and numbers are kept lower-cased.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

from khabar.lang.normalize import normalize

MIN_COUNT = 5  # a remainder seen fewer times in the corpus is not taken for a word
MIN_STEM = 3  # letters a stem keeps; Arabic roots have three
PROCLITICS = "وفبكل"
# A cut is taken only when the remainder is at least this common next to the whole word:
# «وزير» (9,641) is not و + زير (5), «مليون» (7,990) is not ملي (5) + ون.
PROCLITIC_RATIO = 0.05
ENDING_RATIO = 0.05
ARTICLE = ("وال", "فال", "بال", "كال", "لل", "ال")
# longest first; "ه" is the folded taa marbuta (ة)
# ب ك ل do not attach to prepositions and particles: «بلدية» is not ب + لديه.
FUNCTION_WORDS = frozenset(["لدي", "لديه", "لديها", "لديهم", "لديهما", "لدينا", "لديك", "علي", "عليه", "عليها", "عليهم", "فيه", "فيها", "فيهم", "منه", "منها", "منهم", "عنه", "عنها", "عنهم", "اليه", "اليها", "اليهم", "معه", "معها", "معهم", "الذي", "التي", "الذين", "هذا", "هذه", "ذلك", "تلك"])  # fmt: skip
ENDINGS = ("يين", "يون", "يات", "يه", "ات", "ون", "ين", "ي", "ه")
_ARABIC = re.compile(r"[\u0621-\u064a]{2,}")
_LATIN_OR_DIGITS = re.compile(r"[a-z0-9]{2,}")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, int]:
    """The shipped word list: normalised word -> how often the corpus has it."""
    data = (resources.files("khabar") / "data" / "vocab.txt.gz").read_bytes()
    out: dict[str, int] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        word, _, count = line.partition("\t")
        out[word] = int(count)
    return out


def _count(word: str) -> int:
    return vocabulary().get(word, 0)


def _known(word: str) -> bool:
    return _count(word) >= MIN_COUNT


def _strip_endings(word: str) -> str:
    for _ in range(2):  # فلسطينيين -> فلسطيني -> فلسطين
        for end in ENDINGS:
            core = word[: -len(end)]
            if not word.endswith(end) or len(core) < MIN_STEM - 1:
                continue
            whole = _count(word) * ENDING_RATIO
            if len(core) >= MIN_STEM and _known(core) and _count(core) >= whole:
                word = core
                break
            if end != "ه" and _known(core + "ه") and _count(core + "ه") >= whole:
                word = core + "ه"
                break
        else:
            return word
    return word


def _word_like(word: str) -> bool:
    return len(word) >= MIN_STEM and (_known(word) or _known(_strip_endings(word)))


def _strip_proclitics(word: str) -> str:
    for art in ARTICLE:
        rest = word[len(art) :]
        if not word.startswith(art) or len(rest) < MIN_STEM:
            continue
        if art == "لل" and not _word_like(rest) and _word_like("ل" + rest):
            return "ل" + rest  # «لليمون» is ل + الليمون
        if _word_like(rest):
            return rest
        if art != "ال" and _word_like("ال" + rest):
            return "ال" + rest  # «والصين»: الصين is the word
        return word if _word_like(word) else rest
    for _ in range(2):  # «وب», «فل», «ول»: two proclitics at most
        rest = word[1:]
        if word[:1] not in PROCLITICS or len(rest) < MIN_STEM:
            break
        if rest.startswith("ال") and len(rest) - 2 >= MIN_STEM:
            return _strip_proclitics(rest)  # «والوزير» is ARTICLE's; «بالـ» after و: «وبالوزير»
        if word[0] in "بكل" and rest in FUNCTION_WORDS:
            break
        if not (_word_like(rest) and _count(_strip_endings(rest)) >= _count(word) * PROCLITIC_RATIO):
            break
        word = rest
    return word


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The search stem of one normalised Arabic word."""
    return _strip_endings(_strip_proclitics(word))


def search_terms(text: str) -> list[str]:
    """What the archive indexes and what a query becomes: stems of the Arabic words, then
    lower-cased Latin words and numbers. `text` may be raw: it is normalised here."""
    norm = normalize(text)
    return [*(stem(w) for w in _ARABIC.findall(norm)), *_LATIN_OR_DIGITS.findall(norm)]


# ---- the light stemmer (the topic model's tokens) --------------------------------------

LIGHT_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
# A word (a run of 2+ Arabic letters) less its first proclitic, when 3+ letters remain;
# the prefixes are tried longest first.
_LIGHT_STEM = re.compile(
    r"(?<![\u0621-\u064a])(?:(?:" + "|".join(LIGHT_PREFIXES) + r")(?=[\u0621-\u064a]{3}))?([\u0621-\u064a]{2,})"
)


def light_stems(text: str) -> list[str]:
    """Normalised Arabic words with the article and one proclitic (و ف ب ل ال) stripped:
    «والمباحثات» and «مباحثات», «أوكرانيا» and «اوكرانيا» give the same stem. The topic
    model was trained on these tokens, so they stay as they were when it was."""
    return _LIGHT_STEM.findall(normalize(text))
