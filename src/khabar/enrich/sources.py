"""Outlets and agencies an article cites: a shipped list of names in their Arabic spellings,
plus the patterns a text uses to name one (شبكة «X»، وكالة X، صحيفة X)."""

from __future__ import annotations

import re

from khabar.lang.gazetteer import outlets
from khabar.lang.normalize import fold
from khabar.model import Source

# canonical name -> Arabic spellings (folded by `normalize` at load), kind
_LOOKUP = {fold(v): (name, kind) for name, kind, spellings in outlets() for v in spellings}
# Ambiguous spellings (also ordinary words) count only after a head noun: وكالة العربية? no; قناة العربية yes.
_NEEDS_HEAD = {
    fold(w) for w in ("العربية", "الجزيرة", "الألمانية", "الشرق الأوسط", "الأهرام", "بنا", "تاس", "وام", "أ ب")
}
_HEADS = "شبكه|وكاله|صحيفه|قناه|موقع|مجله|اذاعه|تلفزيون|هييه"
_ALT = "|".join(sorted((re.escape(k) for k in _LOOKUP), key=len, reverse=True))
_BARE = re.compile(rf"(?<![\w.])({_ALT})(?![\w])")
_HEADED = re.compile(rf"(?:{_HEADS})\s+[«\"“]?\s*([^»\"”،,.:؛\n]{{2,40}}?)\s*[»\"”]")


def sources(text: str) -> list[Source]:
    """Cited outlets and agencies, in order of first mention: {name, kind, text}."""
    norm = fold(text)  # offsets in norm are offsets in text
    found: dict[str, dict[str, str]] = {}
    for m in _HEADED.finditer(norm):
        key = m.group(1).strip()
        name, kind = _LOOKUP.get(key, (None, None))
        surface = text[m.start(1) : m.end(1)].strip()
        entry = {"name": name or surface, "kind": kind or _kind_of_head(m.group(0)), "text": surface}
        found.setdefault(entry["name"], entry)
    for m in _BARE.finditer(norm):
        key = m.group(1)
        if key in _NEEDS_HEAD and not re.search(
            rf"(?:{_HEADS})\s+[«\"“]?\s*$", norm[max(0, m.start() - 12) : m.start()]
        ):
            continue
        name, kind = _LOOKUP[key]
        found.setdefault(name, {"name": name, "kind": kind, "text": text[m.start(1) : m.end(1)]})
    order = {v["name"]: text.find(v["text"]) for v in found.values()}
    return [Source(**v) for v in sorted(found.values(), key=lambda v: order[v["name"]])]


def _kind_of_head(span: str) -> str:
    return "agency" if span.startswith("وكاله") else "outlet"
