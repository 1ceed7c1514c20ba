"""Arabic text knowledge that every stage shares: normalisation for matching, scripts, tokens.

`normalize` folds the spelling variation that does not change a word (tashkeel, tatweel,
alef and hamza forms, alef maqsura, taa marbuta, Eastern digits) so that word lists and
patterns match what pages actually write.
"""

from __future__ import annotations

import re
import unicodedata

TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
_DIACRITICS = re.compile(TASHKEEL.pattern.replace("\u0640", ""))  # tashkeel without tatweel
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_BLOCK = re.compile("[\u0600-\u06ff]")  # where tashkeel, tatweel, the folded letters and digits are
# (from, to) pairs applied with str.replace: for a handful of code points that is several
# times faster than str.translate, which takes its slow path on non-ASCII text.
_FOLD_LETTERS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي"),
                 ("ک", "ك"), ("ی", "ي"), ("ۀ", "ه"), ("ہ", "ه"), ("ھ", "ه"))  # fmt: skip
_DIGITS = tuple(zip("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))

ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
WORD = re.compile(r"\w+", re.UNICODE)


def normalize(
    text: str,
    *,
    fold_letters: bool = True,
    lower: bool = True,
    tashkeel: bool = True,
    tatweel: bool = True,
    digits: bool = True,
    presentation: bool = True,
) -> str:
    """Fold variation that does not change meaning, for matching and counting.

    Each option removes one kind of variation: `presentation` forms (NFKC), `tashkeel`
    (diacritics), `tatweel` (ـ), `fold_letters` (alef and hamza forms to ا, ى to ي, ة to ه,
    ؤ to و, ئ to ي, Persian ک ی to ك ي), Eastern Arabic and Persian `digits` to ASCII, and
    Latin case (`lower`). Bidi and other control characters are dropped by the decoder.
    """
    if not text:
        return ""
    if text.isascii():  # none of the folds below touches ASCII (a flag check, not a scan)
        return text.lower() if lower else text
    if presentation and _PRESENTATION.search(text):
        text = unicodedata.normalize("NFKC", text)
    if _ARABIC_BLOCK.search(text) is None:  # every other fold is of Arabic-block letters
        return text.lower() if lower else text
    if tashkeel and tatweel:
        text = TASHKEEL.sub("", text)
    elif tashkeel:
        text = _DIACRITICS.sub("", text)
    elif tatweel:
        text = text.replace("\u0640", "")
    for src, dst in _FOLD_LETTERS if fold_letters else ():
        if src in text:
            text = text.replace(src, dst)
    for src, dst in _DIGITS if digits else ():
        if src in text:
            text = text.replace(src, dst)
    return text.lower() if lower else text


# Sentence ends: . ! ? ؟ (and … ) followed by space. Not after a one- or two-letter token
# (د. م. أ.د.) nor inside dotted abbreviations (إن.بي.سي) or numbers (3.5).
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])[\"'»”)]*\s+(?=\S)")
_ABBREV = re.compile(r"(?:^|\s)(?:\w{1,2}\.)+$|\w\.\w+\.$")


def _inside_quote(before: str, after: str) -> bool:
    """Whether a sentence end falls inside a quotation or parentheses that close soon after
    («... (...) ...», "... !"): a quoted speech is one piece, whatever its own punctuation."""
    ahead = after[:400]
    for left, right in (("«", "»"), ("“", "”"), ("(", ")")):
        if before.count(left) > before.count(right) and right in ahead:
            return True
    return before.count('"') % 2 == 1 and '"' in ahead


def sentences(text: str) -> list[str]:
    """Split running text into sentences, respecting Arabic punctuation and abbreviations."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()]
        if _ABBREV.search(before.rstrip("\"'»”)")) or _inside_quote(before, text[m.start() :]):
            continue
        piece = text[start : m.start()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


_FOLD_1TO1 = str.maketrans(dict(_FOLD_LETTERS))
_FOLD_MATCH = str.maketrans({**dict(_FOLD_LETTERS), **dict(_DIGITS)})


def fold(text: str) -> str:
    """Letter folding only (alef and hamza forms, ى, ة, Persian shapes), one character for
    one, so that offsets in the result are offsets in `text` (for spans shown to users)."""
    return text.translate(_FOLD_1TO1)


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """`normalize`'s folding (letters, digits, no tashkeel or tatweel; Latin lower-cased
    where that keeps the length) for patterns whose matches are shown in the original: the
    folded text, and for each of its characters its offset in `text` (None when they are
    the same offsets, the common case: nothing was removed), plus one for the end. A match
    [s, e) of the folded text is [offsets[s], offsets[e]) of the original, the marks that
    follow its last letter («هـ») included."""
    kept: list[int] | None = None
    if TASHKEEL.search(text):
        kept = [i for i, ch in enumerate(text) if not TASHKEEL.match(ch)]
        end = len(text)  # where a match that runs to the end ends
        text = "".join(text[i] for i in kept)
        kept.append(end)
    folded = text.translate(_FOLD_MATCH)
    lower = folded.lower()
    return (lower if len(lower) == len(folded) else folded), kept


def words(text: str) -> list[str]:
    """Word tokens (letters and digits), in order."""
    return WORD.findall(text)
