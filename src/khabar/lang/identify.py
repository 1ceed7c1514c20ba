"""Which language a text is in: Arabic script told apart by its own letters and function
words (Arabic, Persian, Urdu), other scripts by CLD2."""

from __future__ import annotations

import re

from khabar.lang.normalize import ARABIC_LETTER, LATIN_LETTER


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic-script letters (0 when there are no letters)."""
    ar = len(ARABIC_LETTER.findall(text))
    la = len(LATIN_LETTER.findall(text))
    return ar / (ar + la) if ar + la else 0.0


# Function words that only one of the Arabic-script languages uses often.
_FA_WORDS = frozenset(
    ["است", "این", "که", "را", "می\u200cشود", "های", "برای", "از", "با", "هم", "یک", "شده", "شد", "آن", "بود"]
)
_UR_WORDS = frozenset(["کے", "ہے", "میں", "کی", "اور", "سے", "کو", "نے", "ہیں", "کا", "تھا", "ہو"])
_AR_WORDS = frozenset(["في", "من", "على", "التي", "الذي", "إلى", "أن", "عن", "هذا", "هذه", "كان", "قد"])


_ANY_LETTER = re.compile(r"[^\W\d_]")


def guess_lang(text: str) -> str | None:
    """Language (ISO 639 code) from script and letter evidence, or None without letters.

    Arabic script is khabar's own knowledge: Persian and Urdu write with letters Arabic
    lacks (پ چ ژ گ, ٹ ڈ ڑ ں ے) and lean on their own function words (است، را / کے، ہے);
    Arabic has neither. Other scripts and languages go to CLD2 (pycld2)."""
    sample = text[:2000]
    ar = len(ARABIC_LETTER.findall(sample))
    letters = len(_ANY_LETTER.findall(sample))
    if letters == 0:
        return None
    if ar < letters / 2:
        return _other_lang(sample)  # mostly another script: the model sees all of it
    return _arabic_script_lang(sample, ar)


def _arabic_script_lang(sample: str, ar: int) -> str:
    """ar, fa or ur for a text in Arabic script."""
    words = sample.split()
    fa_w = sum(1 for w in words if w in _FA_WORDS)
    ur_w = sum(1 for w in words if w in _UR_WORDS)
    ar_w = sum(1 for w in words if w in _AR_WORDS)
    urdu = sum(sample.count(c) for c in "ٹڈڑںےۓ") + 3 * ur_w
    persian = sum(sample.count(c) for c in "پچژگکی") + 3 * fa_w
    if urdu > max(ar * 0.02, 3 * ar_w) and urdu >= persian * 0.5:
        return "ur"
    if persian > max(ar * 0.03, 3 * ar_w):
        return "fa"
    return "ar"


def _other_lang(sample: str) -> str | None:
    """A text not mostly in Arabic script: CLD2's answer (Chrome's language detector, C++,
    80+ languages, tables built in: 8 MB of memory), or None when it cannot tell."""
    import pycld2

    try:
        _, _, found = pycld2.detect(sample.encode("utf-8", "replace"))
    except pycld2.error:
        return None
    code = str(found[0][1])
    return code.split("-")[0] if code not in ("un", "xxx") else None
