"""People, organisations and places: a shipped gazetteer plus the patterns Arabic news
uses to introduce them (titles such as الرئيس، وزير الخارجية; a name followed by a role
such as «الدبلوماسي الأمريكي»; organisation heads such as وزارة، مجلس، شبكة)."""

from __future__ import annotations

import re

from khabar.arabic import fold

PLACES = """
أفغانستان ألبانيا الجزائر أنغولا الأرجنتين أرمينيا أستراليا النمسا أذربيجان البحرين بنغلاديش بيلاروسيا بلجيكا
البرازيل بلغاريا كمبوديا الكاميرون كندا تشاد تشيلي الصين كولومبيا الكونغو كرواتيا كوبا قبرص التشيك الدنمارك
جيبوتي مصر إريتريا إستونيا إثيوبيا فنلندا فرنسا جورجيا ألمانيا غانا اليونان غينيا هايتي المجر الهند إندونيسيا
إيران العراق أيرلندا إسرائيل إيطاليا اليابان الأردن كازاخستان كينيا الكويت قرغيزستان لبنان ليبيا ليتوانيا
ماليزيا مالي موريتانيا المكسيك مولدوفا المغرب موزمبيق ميانمار نيبال هولندا نيوزيلندا النيجر نيجيريا
النرويج عمان سلطنة_عمان باكستان فلسطين بنما بيرو الفلبين بولندا البرتغال قطر رومانيا روسيا رواندا السعودية
السنغال صربيا سنغافورة سلوفاكيا الصومال جنوب_أفريقيا إسبانيا السودان جنوب_السودان السويد سويسرا سوريا تايوان
طاجيكستان تنزانيا تايلاند تونس تركيا تركمانستان أوغندا أوكرانيا الإمارات بريطانيا المملكة_المتحدة
الولايات_المتحدة أمريكا أميركا أوزبكستان فنزويلا فيتنام اليمن زامبيا زيمبابوي كوريا_الشمالية كوريا_الجنوبية
كوسوفو البوسنة الجبل_الأسود مقدونيا آيسلندا لوكسمبورغ مالطا سريلانكا
واشنطن نيويورك لندن باريس برلين موسكو كييف بكين طوكيو روما مدريد أنقرة إسطنبول طهران بغداد دمشق بيروت عمان
القاهرة الرياض جدة مكة المدينة_المنورة الدوحة أبوظبي دبي الشارقة المنامة مسقط الكويت صنعاء عدن الخرطوم طرابلس
بنغازي تونس الجزائر الرباط الدار_البيضاء نواكشوط القدس غزة رام_الله الضفة_الغربية قطاع_غزة حلب حمص إدلب
الموصل البصرة أربيل كركوك الإسكندرية الأقصر أسوان بورسعيد السويس سيناء جنيف فيينا بروكسل ستوكهولم أوسلو
أثينا وارسو بودابست براغ لشبونة أمستردام دافوس ميونخ فرانكفورت ووهان شنغهاي هونغ_كونغ نيودلهي مومباي
إسلام_آباد كابول كراتشي سيول بيونغ_يانغ هانوي جاكرتا كوالالمبور سيدني ملبورن تورونتو أوتاوا مونتريال
شيكاغو لوس_أنجلوس سان_فرانسيسكو ميامي تكساس كاليفورنيا فلوريدا نيو_جيرسي كريم أوروبا آسيا أفريقيا إفريقيا
الشرق_الأوسط الخليج الخليج_العربي البحر_الأحمر البحر_المتوسط المحيط_الهادئ الدونباس دونيتسك لوغانسك خاركيف
أوديسا ماريوبول خيرسون زابوريجيا
"""
PEOPLE = """
جو_بايدن بايدن دونالد_ترامب ترامب باراك_أوباما أوباما فلاديمير_بوتين بوتين سيرغي_لافروف لافروف
فولوديمير_زيلينسكي زيلينسكي أنتوني_بلينكن بلينكن كامالا_هاريس شي_جين_بينغ رجب_طيب_أردوغان أردوغان
بنيامين_نتنياهو نتنياهو إيمانويل_ماكرون ماكرون أولاف_شولتس شولتس بوريس_جونسون ريشي_سوناك كير_ستارمر
أنطونيو_غوتيريش غوتيريش عبد_الفتاح_السيسي السيسي محمود_عباس بشار_الأسد حسن_نصر_الله ريتشارد_هاس
"""
_PLACES = {fold(p.replace("_", " ")) for p in PLACES.split()}
_PEOPLE = {fold(p.replace("_", " ")) for p in PEOPLE.split()}
TITLES = [
    "الرئيس", "رئيس الوزراء", "رئيس الحكومة", "وزير الخارجية", "وزير الدفاع", "وزير المالية", "وزير الداخلية",
    "وزيرة الخارجية", "وزير", "وزيرة", "الملك", "الأمير", "ولي العهد", "الشيخ", "السلطان", "المستشار", "المستشارة",
    "الأمين العام", "السفير", "النائب", "السناتور", "الجنرال", "اللواء", "العميد", "الدكتور", "د.", "السيد", "السيدة",
    "رئيس", "زعيم", "قائد", "المتحدث باسم", "الناطق باسم", "مستشار", "البابا",
]  # fmt: skip
ROLES = [
    "الدبلوماسي", "الصحفي", "الصحافي", "الكاتب", "المحلل", "الخبير", "السفير", "النائب", "الرئيس", "المتحدث",
    "الوزير", "الأمين", "المستشار", "الباحث", "الأستاذ", "المدير", "رئيس", "المبعوث", "الناشط", "اللاعب", "المدرب",
    "الفنان", "الفنانة", "الممثل", "الممثلة", "المطرب", "المطربة",
]  # fmt: skip
ORG_HEADS = [
    "وزارة", "مجلس", "شبكة", "وكالة", "منظمة", "جامعة", "حزب", "حركة", "البنك", "بنك", "صندوق", "هيئة", "شركة",
    "المحكمة", "محكمة", "الجيش", "جيش", "الحرس", "القوات", "الاتحاد", "جمعية", "مؤسسة", "لجنة", "اللجنة", "مركز",
]  # fmt: skip
FIXED_ORGS = ["البيت الأبيض", "الكرملين", "البنتاغون", "الأمم المتحدة", "الاتحاد الأوروبي", "حلف شمال الأطلسي",
              "الناتو", "الكونغرس", "مجلس الأمن", "جامعة الدول العربية", "صندوق النقد الدولي", "البنك الدولي",
              "منظمة الصحة العالمية", "الاتحاد الأفريقي", "مجلس التعاون الخليجي"]  # fmt: skip
_STOP = {
    fold(w)
    for w in [
        "في",
        "من",
        "على",
        "إلى",
        "عن",
        "مع",
        "أن",
        "إن",
        "التي",
        "الذي",
        "الذين",
        "قد",
        "لم",
        "لن",
        "لا",
        "ما",
        "كان",
        "كانت",
        "هو",
        "هي",
        "و",
        "أو",
        "ثم",
        "بعد",
        "قبل",
        "خلال",
        "حول",
    ]
}
_WORD = r"[\u0621-\u064a\u0671-\u06d3.]+"
_NISBA = r"(?:\s+ال[\u0621-\u064a]+(?:ي|ية|يه))?"
_TITLE_RE = re.compile(
    rf"(?<![\w])(?:{'|'.join(sorted(map(re.escape, map(fold, TITLES)), key=len, reverse=True))})(?:\s+ال[\u0621-\u064a]+)?{_NISBA}(?:\s+(?:السابق|الحالي))?\s+(?P<name>(?:{_WORD}\s+){{1,2}}{_WORD})"
)
_ROLE_RE = re.compile(
    rf"(?<![\w])(?P<name>[^\sال«»،,.][\u0621-\u064a]+\s+[^\sال«»،,.][\u0621-\u064a]+)\s+(?:{'|'.join(map(re.escape, map(fold, ROLES)))})(?![\w])"
)
_ORG_RE = re.compile(
    rf"(?<![\w])(?P<org>(?:{'|'.join(map(re.escape, map(fold, ORG_HEADS)))})(?:\s+ال[\u0621-\u064a]+){{1,3}})"
)


_HEADS = {fold(h) for h in ORG_HEADS}
_KIND = {**{n: "place" for n in _PLACES}, **{fold(o): "org" for o in FIXED_ORGS}, **{n: "person" for n in _PEOPLE}}
# one expression for the whole gazetteer, longest names first ("جو بايدن" before "بايدن")
_GAZETTEER = re.compile(
    r"(?<![^\W_وبلف])(" + "|".join(sorted(map(re.escape, _KIND), key=len, reverse=True)) + r")(?![\w])"
)


def _clean_name(name: str) -> str | None:
    words = name.split()
    if words and words[0] in _HEADS:
        return None  # "المتحدث باسم وزارة ...": an organisation, not a name
    while words and (words[-1] in _STOP or words[-1].startswith("ال") or (len(words) > 2 and words[-1][0] == "و")):
        words.pop()  # a name does not end in "في", an adjective ("الأمريكي") or "و..." (and ...)
    while words and words[0] in _STOP:
        words.pop(0)
    if not words or any(w in _STOP for w in words) or len(words) > 3:
        return None
    return " ".join(words) if len(" ".join(words)) >= 5 else None


def entities(text: str) -> list[dict[str, str]]:
    """[{text, type}] with type person, org or place, in order of first mention."""
    f = fold(text)
    found: dict[tuple[str, str], int] = {}

    def add(start: int, end: int, kind: str) -> None:
        surface = text[start:end].strip(" .،,")
        key = (fold(surface), kind)
        if surface and key not in found:
            found[key] = start

    for m in _TITLE_RE.finditer(f):
        name = _clean_name(m.group("name"))
        if name:
            s = f.find(name, m.start("name"))
            add(s, s + len(name), "person")
    for m in _ROLE_RE.finditer(f):
        name = _clean_name(m.group("name"))
        if name:
            s = f.find(name, m.start("name"))
            add(s, s + len(name), "person")
    for m in _GAZETTEER.finditer(f):
        add(m.start(1), m.end(1), _KIND[m.group(1)])
    for m in _ORG_RE.finditer(f):
        org = m.group("org")
        words = org.split()
        while len(words) > 1 and fold(words[-1]) in _STOP:
            words.pop()
        add(m.start(), m.start() + len(" ".join(words)), "org")
    # a bare surname inside a full name already found is the same person
    people = [k[0] for k in found if k[1] == "person"]
    out = [
        {"text": text[start : start + len(key[0])].strip(), "type": key[1]}
        for key, start in sorted(found.items(), key=lambda kv: kv[1])
        if not (key[1] == "person" and any(key[0] != p and key[0] in p.split() for p in people))
    ]
    return out
