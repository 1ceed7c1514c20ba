"""One pack per language: what the labeller needs to know of a language, handed to it as
jusText hands its stop-list. Adding a language is adding a pack (and its stop-list file,
`data/LANG/stopwords.txt`, one word a line, in `normalize`'s folding).

Arabic (shared by the Arabic-script languages) and English have lists of their own; fifty
more languages have jusText's (`scripts/import_stoplists.py`), counted on English's scale.
A pack says which words are function words, which letters attach to them (Arabic's و ف ب ل:
«وفي» is «في»), what share of function words running prose reaches in the language (a
block below it reads as a menu or a headline), and whether the language is written in
Arabic script (the page-type and block models read that). A language without a pack gets
`NO_PACK`: no function-word evidence either way."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


@cache
def stopwords(lang: str) -> frozenset[str]:
    """The stop-list shipped for `lang` (empty when there is none)."""
    try:
        text = (resources.files("khabar.lang") / "data" / lang / "stopwords.txt").read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@dataclass(frozen=True)
class LanguagePack:
    code: str
    stopwords: frozenset[str]
    clitics: str = ""  # letters that attach to a function word
    punctuation: str = ".,;:!?\"'()"  # stripped from a token before it is looked up
    prose_stop_density: float = 0.0  # 0: the language gives no evidence
    arabic_script: bool = False
    # a function-word share is multiplied by this, so that every list counts prose on the
    # scale of the list the scorer learned from (jusText's lists are longer than ours)
    stop_scale: float = 1.0
    # a language written without spaces between its words (Chinese, Japanese): a run of its
    # script counts one word every this many characters, so that a paragraph's length reads
    # on the scale of the others' (0: words are whitespace tokens)
    chars_per_word: int = 0


# Languages with one of jusText's lists (scripts/import_stoplists.py writes them): English's
# bar, on English's scale. JUSTEXT_SCALE is what the script measured: WCXB's English prose
# counted with khabar's English list, against jusText's English list.
JUSTEXT_SCALE = 0.744
_ENGLISH_BAR = 0.22
# Chinese and Japanese words average a little under two characters; a run of hanzi, kanji and
# kana between spaces is one "token" however long, so without this every paragraph of theirs
# read as a one-word line and no block of such a page could be prose.
UNSPACED = ("zh", "ja")
UNSPACED_CHARS_PER_WORD = 2
_ARABIC = dict(clitics="وفبل", punctuation=".,;:!?\"'()«»،؛؟", prose_stop_density=0.08)
ARABIC_SCRIPT = ("ar", "fa", "ur", "ps", "ku", "ckb")
NO_PACK = LanguagePack("", frozenset())


@lru_cache(maxsize=64)
def pack_for(lang: str | None) -> LanguagePack:
    """The pack for a language code. Persian, Urdu, Pashto and Kurdish share Arabic's
    function-word list for now (their pages mix in Arabic, and the list's words are few of
    their own); Chinese and Japanese have no list but count their words by characters; a
    page whose language is undetermined ("und") is read as Arabic, khabar's first language,
    without claiming Arabic script."""
    if lang == "en":
        return LanguagePack("en", stopwords("en"), prose_stop_density=_ENGLISH_BAR)
    if lang in ARABIC_SCRIPT:
        return LanguagePack(lang, stopwords("ar"), arabic_script=True, **_ARABIC)  # type: ignore[arg-type]
    if lang == "und":
        return LanguagePack("und", stopwords("ar"), **_ARABIC)  # type: ignore[arg-type]
    if lang in UNSPACED:
        return LanguagePack(lang, frozenset(), chars_per_word=UNSPACED_CHARS_PER_WORD)
    words = stopwords(lang) if lang and lang.isalpha() else frozenset()
    if lang and words:
        return LanguagePack(lang, words, prose_stop_density=_ENGLISH_BAR, stop_scale=JUSTEXT_SCALE)
    return NO_PACK


def all_stopwords() -> frozenset[str]:
    """Every pack's function words: what carries no content in any language we know."""
    return stopwords("ar") | stopwords("en")
