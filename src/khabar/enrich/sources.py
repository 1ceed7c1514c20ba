"""Outlets and agencies an article cites: a shipped list of names in their Arabic spellings,
plus the patterns a text uses to name one (شبكة «X»، وكالة X، صحيفة X)."""

from __future__ import annotations

import re

from khabar.lang.normalize import fold
from khabar.model import Source

# canonical name -> Arabic spellings (folded by `normalize` at load), kind
_KNOWN: list[tuple[str, str, list[str]]] = [
    ("Reuters", "agency", ["رويترز", "رويتر"]),
    ("AFP", "agency", ["فرانس برس", "فرانس بريس", "وكالة الصحافة الفرنسية", "أ ف ب", "أ.ف.ب"]),
    ("Associated Press", "agency", ["أسوشيتد برس", "اسوشيتد برس", "أسوشييتد برس", "أسوشيتدبرس", "أ ب"]),
    ("Anadolu", "agency", ["الأناضول", "وكالة الأناضول"]),
    ("Xinhua", "agency", ["شينخوا", "شينهوا"]),
    ("Sputnik", "agency", ["سبوتنيك"]),
    ("TASS", "agency", ["تاس"]),
    ("RIA Novosti", "agency", ["ريا نوفوستي", "نوفوستي"]),
    ("Bloomberg", "agency", ["بلومبرغ", "بلومبيرغ", "بلومبرج"]),
    ("dpa", "agency", ["الألمانية", "د ب أ", "د.ب.أ"]),
    ("EFE", "agency", ["إفي", "ايفي"]),
    ("Kyodo", "agency", ["كيودو"]),
    ("Yonhap", "agency", ["يونهاب"]),
    ("IRNA", "agency", ["إرنا", "ارنا"]),
    ("SPA", "agency", ["واس", "وكالة الأنباء السعودية"]),
    ("WAM", "agency", ["وام", "وكالة أنباء الإمارات"]),
    ("SANA", "agency", ["سانا"]),
    ("Petra", "agency", ["بترا"]),
    ("QNA", "agency", ["قنا"]),
    ("KUNA", "agency", ["كونا"]),
    ("BNA", "agency", ["بنا"]),
    ("MENA", "agency", ["أ ش أ", "وكالة أنباء الشرق الأوسط"]),
    ("MAP", "agency", ["ومع", "وكالة المغرب العربي للأنباء"]),
    ("NBC News", "outlet", ["إن.بي.سي نيوز", "إن بي سي نيوز", "ان بي سي نيوز", "إن بي سي", "إن.بي.سي"]),
    ("CNN", "outlet", ["سي إن إن", "سي ان ان", "سي.إن.إن"]),
    ("BBC", "outlet", ["بي بي سي", "بي.بي.سي", "هيئة الإذاعة البريطانية"]),
    ("CBS", "outlet", ["سي بي إس", "سي.بي.إس"]),
    ("ABC News", "outlet", ["إيه بي سي", "ايه بي سي"]),
    ("Fox News", "outlet", ["فوكس نيوز"]),
    ("CNBC", "outlet", ["سي إن بي سي"]),
    ("The New York Times", "outlet", ["نيويورك تايمز"]),
    ("The Washington Post", "outlet", ["واشنطن بوست"]),
    ("The Wall Street Journal", "outlet", ["وول ستريت جورنال"]),
    ("The Guardian", "outlet", ["الغارديان", "الجارديان"]),
    ("Financial Times", "outlet", ["فايننشال تايمز", "فاينانشيال تايمز"]),
    ("Axios", "outlet", ["أكسيوس", "اكسيوس"]),
    ("Politico", "outlet", ["بوليتيكو"]),
    ("Al Jazeera", "outlet", ["الجزيرة"]),
    ("Al Arabiya", "outlet", ["العربية"]),
    ("Sky News Arabia", "outlet", ["سكاي نيوز عربية"]),
    ("France 24", "outlet", ["فرانس 24"]),
    ("Haaretz", "outlet", ["هآرتس"]),
    ("Yedioth Ahronoth", "outlet", ["يديعوت أحرونوت", "يديعوت احرونوت"]),
    ("Asharq Al-Awsat", "outlet", ["الشرق الأوسط"]),
    ("Al-Ahram", "outlet", ["الأهرام"]),
]
_LOOKUP = {fold(v): (name, kind) for name, kind, spellings in _KNOWN for v in spellings}
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
