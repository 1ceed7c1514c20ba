"""Who said what: direct quotes and reported speech with their speakers.

Arabic news attributes speech with a verb (قال، أضاف، أكد، أوضح، صرّح، أفادت، نقلت عن ...)
followed by the speaker, then a quotation in « » or “ ” or " ", a colon, or a clause opened
by إن / أن. The speaker may also stand before the verb ("وكان ... لخضر بلومي صرح"), be set
off by commas ("النائب ...، بيتر بون إن"), or go on from before: "وأضاف «...»" and the
participles "مضيفا، مشيرا إلى أن، قائلا" keep the sentence's speaker. A short mention such
as «المتحدث» or a bare surname is resolved to the fullest earlier mention ("المتحدث باسم
وزارة الخارجية الأمريكية", "دانا وايت"). Measured in bench/quotes.py.
"""

from __future__ import annotations

import re

from khabar.lang.calendar import RELATIVE_DAYS, WEEKDAYS
from khabar.lang.gazetteer import SPEECH_PARTICIPLES as PARTICIPLES
from khabar.lang.gazetteer import SPEECH_VERBS as VERBS
from khabar.lang.normalize import fold, sentences
from khabar.model import Quote

# the verbs of saying and the participles that go on with a speaker: lang/data/ar/speech_*.txt
# verbs that report speech only when a colon follows ("وزاد: ...", "وتابع: ...")
COLON_VERBS = ["زاد", "زادت", "كتب", "كتبت"]
_VERB_ALT = "|".join(sorted({re.escape(fold(v)) for v in [*VERBS, *PARTICIPLES, *COLON_VERBS]}, key=len, reverse=True))
_PARTICIPLE = frozenset(fold(v) for v in PARTICIPLES)
_COLON_ONLY = frozenset(fold(v) for v in COLON_VERBS)
# the verb, optionally with a conjunction (و، ف) in front
_VERB = re.compile(rf"(?<![\w])([وف]?)({_VERB_ALT})(?![\w])")
_QUOTE = re.compile(r"«([^»]{3,600})»|“([^”]{3,600})”|\"([^\"]{3,600})\"")
_THAT_WORDS = (
    "إن|أن|ان|بأن|بان|إنه|أنه|انه|بأنه|إنها|أنها|انها|بأنها|إنهم|أنهم|بأنهم|إنهما|أنهما|بأنهما|إنهن|أنهن|بأنهن"
    "|إننا|أننا|بأننا|إنني|أنني|بأنني"
)
_THAT = re.compile(
    rf"(?<![\w.])(?:{'|'.join(sorted({w for t in _THAT_WORDS.split('|') for w in (t, fold(t))}, key=len, reverse=True))})"
    r"(?=[\s\"«“])"
)
_ADVERBS = ("أيضاً", "أيضا", "ايضا", "ايضاً", "كذلك", "بدوره", "بدورها", "إلى", "الى")
# a phrase that starts like this is the verb's object, not its speaker ("اعتبر ذلك ...")
_NOT_SPEAKER = ("ذلك", "هذا", "هذه", "تلك", "هذان", "أنه", "انه", "فيها", "فيه", "فيهما", "منها", "منه")
# verbs that are also common other words ("أبرز" is also "the most prominent"): only at the
# start of a sentence or after و/ف
_NEEDS_OPENING = frozenset({fold("أبرز"), fold("أبرزت")})
_SAYING = re.compile(r"\s+(?:قوله|قولها|قولهما|قولهم|القول)$")
# "في" ends a speaker phrase only before an occasion or a time ("في بيان", "في تصريح لـ"):
# "وزير الشباب في الجزائر X" goes on
_OCCASION = (
    "بيان|بيانه|بيانها|تصريح|تصريحه|تصريحها|تصريحات|تصريحاته|مؤتمر|كلمة|كلمته|كلمتها|حديث|حديثه|حديثها|مقابلة|"
    "مقابلته|تغريدة|تغريدته|تغريدتها|رسالة|رسالته|لقاء|ندوة|اتصال|حوار|حواره|جلسة|اجتماع|مداخلة|منشور|وقت|الوقت|ختام|"
    "افتتاح|أعقاب|اعقاب|معرض|سياق|ردّ|رد"
)
_TIME = "|".join([*RELATIVE_DAYS, *WEEKDAYS, "مساء", "صباح", "ظهر", "ليل"])
# where a speaker phrase ends: a quotation (not a short quoted name such as «إن.بي.سي نيوز»),
# a time, "in response to", prepositions and addressees that start an adjunct
_SPEAKER_END = re.compile(
    rf"،|,|:|\s(?=[\"«“][^\"»”]{{30}})|\sفي(?=\s(?:{_OCCASION}|{_TIME})(?:[\s،,]|$))|(?:^|\s)(?:ردا|رداً|ردًا|خلال|قبل|بعد|{_TIME}|"
    rf"لوكالة|لصحيفة|لشبكة|لقناة|لموقع|لإذاعة|لتلفزيون|عبر|على|عن|إلى|الى|مخاطبا|مخاطباً|مخاطبة|متحدثا|متحدثاً|"
    rf"معلقا|معلقاً|{_THAT_WORDS})(?=[\s\"«“]|$)"
)
# words that open an adjunct, not an apposed name, after a comma
_ADJUNCT_START = re.compile(
    rf"^(?:في|خلال|على|عن|إلى|الى|عبر|لـ\S*|لوكالة|لصحيفة|لشبكة|لقناة|لموقع|لإذاعة|{_TIME}|{_OCCASION})(?:\s|$)"
)
# what may stand before a subject placed before its verb ("وكان X صرح ...", "بيد أن X قالت ...")
_PRE_SUBJECT = re.compile(r"^(?:و?(?:كان|كانت|قد|لكن|لكنّ|كما|بيد أن|إلا أن|غير أن|فيما|بينما)\s+)+")
_GENERIC = ("المتحدث", "متحدث", "الوزير", "المسؤول", "مسؤول", "الرئيس", "المصدر", "الناطق", "ناطق")


def _clean(name: str) -> str:
    """A speaker phrase without hashtag marks (#صندوق_النقد_الدولي) or edge punctuation."""
    return " ".join(name.replace("#", " ").replace("_", " ").split()).strip(" .،,")


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
    if seg.split()[0].strip(":،,") in _NOT_SPEAKER or _ADJUNCT_START.match(seg):
        return None
    cut = _SPEAKER_END.search(seg)
    name = seg[: cut.start()] if cut else seg
    name = _clean(_SAYING.sub("", name.strip(" .،,")))
    words = name.split()
    if not 1 <= len(words) <= 12:
        return None
    return name


def _apposed(speaker: str, zone: str) -> str:
    """ "النائب عن حزب المحافظين، بيتر بون إن": the name set off by commas just before what
    was said belongs to the speaker."""
    parts = [p.strip() for p in re.split(r"[،,]", zone)]
    last = parts[-1] if len(parts) > 1 else ""
    if not last:
        last = parts[-2] if len(parts) > 2 else ""
    last = _clean(last)
    if 1 <= len(last.split()) <= 4 and not _ADJUNCT_START.match(last) and last not in speaker:
        return f"{speaker}، {last}"
    return speaker


def _subject_before(head: str, conjunction: bool) -> str | None:
    """The subject of a verb that comes after it ("وكان نجم المنتخب لخضر بلومي صرح ...",
    "وكان الرئيس، دونالد ترمب، قد أعلن")."""
    that = list(_THAT.finditer(fold(head)))
    if that:  # "وأضاف آصف أن عائلة عمر قالت": the subject follows the last أن
        head = head[that[-1].end() :]
    raw = re.split(r"[،,.:]", head)
    if conjunction and not raw[-1].strip():
        return None  # "...، وأضاف": a new clause, the speaker goes on
    parts = [_PRE_SUBJECT.sub("", p.strip() + " ").strip() for p in raw]
    while parts and not parts[-1]:
        parts.pop()
    if not parts:
        return None
    part = parts[-1]
    words = part.split()
    if not 1 <= len(words) <= 12 or _VERB.search(fold(part)):
        return None
    return _clean(part)


def _resolve(speaker: str, mentions: list[str]) -> str:
    """A short mention to the fullest earlier one: "المتحدث" to "المتحدث باسم وزارة ...",
    a surname ("وايت") to the full name it ends ("دانا وايت")."""
    words = speaker.split()
    if len(words) == 1 and words[0] not in _GENERIC:
        bare = words[0].removeprefix("ال")
        full = [
            m
            for m in mentions
            if len(m.split()) > 1 and bare in {w.removeprefix("ال") for w in m.replace("،", " ").split()}
        ]
        return max(full, key=len) if full else speaker
    head = words[0].removeprefix("ال")
    if words[0] not in _GENERIC and len(words) > 1:
        return speaker
    best = speaker
    for m in mentions:
        first = m.split()[0].removeprefix("ال")
        if first == head and len(m) > len(best):
            best = m
    return best


def _within(pos: int | None, start: int, reach: int) -> int | None:
    return pos if pos is not None and pos - start <= reach else None


def quotes(paragraphs: list[str]) -> list[Quote]:
    """What was said, by whom, in reading order."""
    out: list[Quote] = []
    mentions: list[str] = []
    last_speaker: str | None = None
    for para in paragraphs:
        for sentence in sentences(para):
            f = fold(sentence)
            verbs = list(_VERB.finditer(f))
            # quoted speech, not quoted names («إن.بي.سي نيوز»)
            quoted = [q for q in _QUOTE.finditer(sentence) if len(q.group().split()) >= 3]
            used_quotes: set[int] = set()
            sentence_speaker: str | None = None  # who speaks in this sentence so far
            for n, v in enumerate(verbs):
                verb_f = f[v.start(2) : v.end(2)]
                verb = sentence[v.start(2) : v.end(2)]
                after = sentence[v.end() :]
                if verb_f in _COLON_ONLY and not after.lstrip().startswith(":"):
                    continue
                if verb_f in _NEEDS_OPENING and not v.group(1) and v.start() > 0:
                    continue
                participle = verb_f in _PARTICIPLE
                speaker = None if participle else _speaker(after)
                if speaker is None and not participle and v.start() > 0:
                    speaker = _subject_before(sentence[: v.start()], bool(v.group(1)))
                reach = (len(speaker) if speaker else 0) + 60
                that_m = _THAT.search(f, v.end())
                that = _within(that_m.start() if that_m else None, v.end(), reach)
                stop = next((w.start() for w in verbs[n + 1 :] if w.start() > v.end()), len(sentence))
                q = next((q for q in quoted if v.end() < q.start() < stop and q.start() not in used_quotes), None)
                q_at = _within(q.start() if q else None, v.end(), (len(speaker) if speaker else 0) + 160)
                colon = _within(sentence.find(":", v.end()) if ":" in after else None, v.end(), reach)
                if speaker:
                    first = min(x for x in (that, q_at, colon, stop) if x is not None)
                    if first != stop:  # a name apposed right before what was said
                        speaker = _apposed(speaker, sentence[v.end() : first])
                    mentions.append(speaker)
                who = (
                    _resolve(speaker, mentions)
                    if speaker
                    else (sentence_speaker if participle else None) or last_speaker
                )
                if speaker:
                    sentence_speaker = who
                if who is None:
                    continue
                if that is not None and that_m and (q_at is None or that < q_at) and (colon is None or that < colon):
                    clause = sentence[that_m.end() : stop].strip(" ،,:")
                    if len(clause.split()) < 3:  # "أن عائلة عمر قالت إن ...": what was said goes on
                        stop = len(sentence)
                        clause = sentence[that_m.end() :].strip(" ،,:")
                    if len(clause.split()) >= 3:
                        direct = any(that <= q.start() < stop for q in quoted)
                        out.append(Quote(speaker=who, verb=verb, text=clause, direct=direct))
                        used_quotes.update(q.start() for q in quoted if that <= q.start() < stop)
                        last_speaker = who
                    continue
                if q is not None and q_at is not None and (colon is None or q_at <= colon + 3):
                    used_quotes.add(q.start())
                    out.append(
                        Quote(speaker=who, verb=verb, text=next(g for g in q.groups() if g).strip(), direct=True)
                    )
                    last_speaker = who
                    continue
                if colon is not None:
                    text = sentence[colon + 1 : stop].strip(" ،,")
                    if len(text.split()) >= 3:
                        out.append(Quote(speaker=who, verb=verb, text=text, direct=True))
                        last_speaker = who
    return out
