"""Who said what: direct quotes and reported speech with their speakers.

Arabic news attributes speech with a verb (قال، أضاف، أكد، أوضح، صرّح، أفادت، نقلت عن ...)
followed by the speaker, then either a quotation in « » or “ ” or " ", or a clause opened
by إن / أن. "وأضاف «...»" keeps the previous speaker; a short mention such as «المتحدث»
is resolved to the fullest earlier mention that starts the same way ("المتحدث باسم
وزارة الخارجية الأمريكية").
"""

from __future__ import annotations

import re

from khabar.arabic import fold, sentences

# past-tense speech verbs (and يقول/تقول); other present forms are too often inside a clause
# ("على يونكر أن يوضح ...", "يذكر أن": it is worth noting that)
VERBS = [
    "قال",
    "قالت",
    "يقول",
    "تقول",
    "أضاف",
    "أضافت",
    "أكد",
    "أكدت",
    "أوضح",
    "أوضحت",
    "صرح",
    "صرحت",
    "صرّح",
    "صرّحت",
    "أفاد",
    "أفادت",
    "أشار",
    "أشارت",
    "ذكر",
    "ذكرت",
    "أعلن",
    "أعلنت",
    "تابع",
    "تابعت",
    "أردف",
    "أردفت",
    "نقل",
    "نقلت",
    "نقلا",
    "نقلاً",
    "اعتبر",
    "اعتبرت",
    "رأى",
    "رأت",
    "شدد",
    "شددت",
    "لفت",
    "لفتت",
    "حذر",
    "حذرت",
    "كشف",
    "كشفت",
    "نفى",
    "نفت",
    "أعرب",
    "أعربت",
    "قالا",
    "قالوا",
    "أكدوا",
    "ذكروا",
    "أضافوا",
]
_VERB_ALT = "|".join(sorted({re.escape(fold(v)) for v in VERBS}, key=len, reverse=True))
# the verb, optionally with a conjunction (و، ف) in front
_VERB = re.compile(rf"(?<![\w])([وف]?)({_VERB_ALT})(?![\w])")
_QUOTE = re.compile(r"«([^»]{3,600})»|“([^”]{3,600})”|\"([^\"]{3,600})\"")
_THAT_WORDS = "إن|أن|ان|بأن|بان|إنه|أنه|انه|بأنه|إنها|أنها|انها|بأنها|إنهم|أنهم|بأنهم"
_THAT = re.compile(rf"(?<![\w.])(?:{_THAT_WORDS})(?=[\s\"«“])")
_ADVERBS = ("أيضاً", "أيضا", "ايضا", "ايضاً", "كذلك", "بدوره", "بدورها", "إلى", "الى")
# a phrase that starts like this is the verb's object, not its speaker ("اعتبر ذلك ...")
_NOT_SPEAKER = ("ذلك", "هذا", "هذه", "تلك", "هذان", "أنه", "انه")
_SAYING = re.compile(r"\s+(?:قوله|قولها|قولهما|قولهم|القول)$")
# where a speaker phrase ends: a quotation (not a short quoted name such as «إن.بي.سي نيوز»),
# time words, "in response to", prepositions that start an adjunct
_SPEAKER_END = re.compile(
    r"،|,|:|\s(?=[\"«“][^\"»”]{30})|\s(?:ردا|رداً|ردًا|في|خلال|اليوم|أمس|امس|الخميس|الجمعة|السبت|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|"
    rf"لوكالة|لصحيفة|لشبكة|لقناة|لموقع|عبر|على|عن|{_THAT_WORDS})(?=[\s\"«“]|$)"
)
_GENERIC = ("المتحدث", "متحدث", "الوزير", "المسؤول", "مسؤول", "الرئيس", "المصدر", "الناطق", "ناطق")


def _speaker(segment: str) -> str | None:
    """The speaker phrase at the start of `segment` (the text right after the verb)."""
    seg = segment.strip()
    for adverb in _ADVERBS:
        seg = seg.removeprefix(adverb).strip()
    if seg.startswith("عن "):  # نقلت عن X
        seg = seg[3:].strip()
    if seg and seg[0] in '«“"':
        named = _QUOTE.match(seg)  # ونقلت «إن.بي.سي نيوز» عن ...: a quoted name speaks
        inner = next((g for g in named.groups() if g), "") if named else ""
        return inner.strip() if inner and len(inner.split()) <= 4 else None
    if not seg or _THAT.match(fold(seg)):
        return None  # no speaker named: the previous one goes on speaking
    if seg.split()[0] in _NOT_SPEAKER:
        return None
    cut = _SPEAKER_END.search(seg)
    name = seg[: cut.start()] if cut else seg
    name = _SAYING.sub("", name.strip(" .،,"))
    words = name.split()
    if not 1 <= len(words) <= 12:
        return None
    return name


def _resolve(speaker: str, mentions: list[str]) -> str:
    """A generic speaker ("المتحدث") to the fullest earlier mention that starts like it."""
    head = speaker.split()[0].removeprefix("ال")
    if speaker.split()[0] not in _GENERIC and len(speaker.split()) > 1:
        return speaker
    best = speaker
    for m in mentions:
        first = m.split()[0].removeprefix("ال")
        if first == head and len(m) > len(best):
            best = m
    return best


def quotes(paragraphs: list[str]) -> list[dict[str, object]]:
    """[{speaker, verb, text, direct}] in reading order."""
    out: list[dict[str, object]] = []
    mentions: list[str] = []
    last_speaker: str | None = None
    for para in paragraphs:
        for sentence in sentences(para):
            f = fold(sentence)
            verbs = list(_VERB.finditer(f))
            quoted = list(_QUOTE.finditer(sentence))
            used_quotes: set[int] = set()
            for v in verbs:
                after = sentence[v.end() :]
                speaker = _speaker(after)
                verb = sentence[v.start(2) : v.end(2)]
                if speaker:
                    mentions.append(speaker)
                q = next((q for q in quoted if q.start() > v.end() and q.start() not in used_quotes), None)
                text = next(g for g in q.groups() if g) if q is not None else ""
                # a quoted name («إن.بي.سي نيوز») is not speech: then look for reported speech
                if (
                    q is not None
                    and len(text.split()) >= 3
                    and (speaker is None or q.start() - v.end() <= len(speaker) + 80)
                ):
                    used_quotes.add(q.start())
                    who = _resolve(speaker, mentions) if speaker else last_speaker
                    out.append({"speaker": who, "verb": verb, "text": text.strip(), "direct": True})
                    last_speaker = who or last_speaker
                    continue
                that = _THAT.search(f, v.end())
                reach = (len(speaker) if speaker else 0) + 60
                if that and that.start() - v.end() <= reach and (speaker or last_speaker):
                    clause = sentence[that.end() :].strip(" ،,:")
                    if len(clause.split()) >= 3:
                        who = _resolve(speaker, mentions) if speaker else last_speaker
                        out.append({"speaker": who, "verb": verb, "text": clause, "direct": False})
                        last_speaker = who
    return out
