"""Enrichment on the example page (what issue 4 asks it to show) and on small real cases."""

from __future__ import annotations

import gzip
import itertools
import json
import re
from datetime import date

import pytest

import khabar
from khabar.enrich.entities import entities
from khabar.enrich.quotes import quotes
from khabar.enrich.sources import sources
from khabar.enrich.topic import model, tokens
from khabar.lang.calendar import find_dates, hijri_to_gregorian
from khabar.lang.normalize import normalize
from khabar.lang.stems import LIGHT_PREFIXES
from tests.conftest import SHARED, need


def _tokens_reference(text: str) -> list[str]:
    """The plain loop that khabar's one-regex light stemmer must equal."""
    out = []
    for w in re.findall(r"[\u0621-\u064a]{2,}", normalize(text)):
        for p in LIGHT_PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 3:
                w = w[len(p) :]
                break
        out.append(w)
    return out


@pytest.fixture(scope="module")
def article(example_text: str) -> khabar.Article:
    return khabar.extract(example_text)


def test_example_quote_and_speaker(article: khabar.Article) -> None:
    direct = [q for q in article.quotes if q.direct]
    first = next(q for q in direct if q.text == "لم توافق إدارة بايدن على هذه المباحثات")
    assert first.speaker == "المتحدث باسم وزارة الخارجية الأمريكية" and first.verb == "قال"
    # "وأضاف «...»" keeps the speaker
    assert any(q.text.startswith("مثلما قلنا مراراً") and q.speaker == first.speaker for q in direct)
    # reported speech, and "الشبكة" resolved to the network named before
    reported = {q.verb: q.speaker for q in article.quotes if not q.direct}
    assert reported["أفادت"] == "شبكة «إن.بي.سي نيوز»"
    assert reported["أضافت"] == "شبكة «إن.بي.سي نيوز»"


def test_example_sources_dates_entities_topic(article: khabar.Article) -> None:
    assert [(s.name, s.text) for s in article.sources] == [("NBC News", "إن.بي.سي نيوز"), ("Reuters", "رويترز")]
    values = {d.text: d.value for d in article.dates}
    assert values["إبريل/ نيسان"] == "--04"
    assert values["فبراير/ شباط 2022"] == "2022-02"
    people = {e.text for e in article.entities if e.type == "person"}
    places = {e.text for e in article.entities if e.type == "place"}
    assert {"جو بايدن", "سيرغي لافروف", "ريتشارد هاس"} <= people
    assert {"أوكرانيا", "روسيا", "نيويورك", "كييف"} <= places
    assert article.topic and article.topic.label in ("internationalNews", "middleEast")


def test_enrichment_can_be_turned_off(example_text: str) -> None:
    a = khabar.extract(example_text, enrich=False)
    assert a.quotes == [] and a.dates == [] and a.topic is None and len(a.paragraphs) == 8


def test_dates_in_every_month_system_and_hijri() -> None:
    ref = date(2024, 3, 28)  # a Thursday
    found = {d.text: d.value for d in find_dates(
        "في 15 رمضان 1445 هـ، وأمس، ومنذ 3 أيام، و24 شباط/فبراير 2022، و١٠ جانفي 2020، و3 كانون الثاني 2021، "
        "ويوليوز 2019، و٢٠٢٢/٠٢/٢٤، والسبت", ref)}  # fmt: skip
    assert found["15 رمضان 1445 هـ"] == "2024-03-25"
    assert found["أمس"] == "2024-03-27" and found["منذ 3 أيام"] == "2024-03-25"
    assert found["24 شباط/فبراير 2022"] == "2022-02-24"
    assert found["١٠ جانفي 2020"] == "2020-01-10"
    assert found["3 كانون الثاني 2021"] == "2021-01-03"
    assert found["يوليوز 2019"] == "2019-07"
    assert found["٢٠٢٢/٠٢/٢٤"] == "2022-02-24"
    assert found["السبت"] == "2024-03-23"
    assert hijri_to_gregorian(1445, 9, 1) == date(2024, 3, 11)


def test_bad_input_gives_empty_or_partial() -> None:
    assert find_dates("") == [] and quotes([]) == [] and sources("") == [] and entities("") == []
    assert [d.value for d in find_dates("31 شباط 2022")] == ["2022-02"]  # no 31 February: month only
    assert find_dates("قال الأب إنه مارس الرياضة") == []  # "أب" and "مارس" as words, not months
    assert entities("Lorem ipsum dolor sit amet") == []
    assert khabar.extract("Lorem ipsum " * 100, kind="text").topic is None


def test_topic_model_ships_and_tokens_are_stable() -> None:
    m = model()
    assert set(m.labels) == {"culture", "economy", "internationalNews", "middleEast", "sport", "technology"}
    with gzip.open(need(SHARED / "corpus" / "ar-clean" / "ant-v2.1-multisource.jsonl.gz"), "rt") as f:
        rows = [json.loads(line) for line in itertools.islice(f, 300)]
    assert all(tokens(r["text"]) == _tokens_reference(r["text"]) for r in rows)
    right = sum(m.predict(r["title"] + "\n" + r["text"])[0] == r["category"] for r in rows)  # type: ignore[index]
    assert right / len(rows) > 0.8  # training data: a sanity check, not the held-out figure


# Real sentences from ANT v2.1 (Apache-2.0), one attribution form each.
@pytest.mark.parametrize(
    ("paragraphs", "speaker", "start", "direct"),
    [
        (["وقال بنيتز قبل زيارة بورنموث: تجددت إصابة سليماني لذا لن يكون جاهزا وسيغيب لأسبوعين على الأقل."],
         "بنيتز", "تجددت إصابة سليماني", True),  # colon, no quotation marks
        (['وقال النائب عن حزب المحافظين، بيتر بون إن ديفيز "قد فعل الأمر الصواب".'],
         "النائب، بيتر بون", 'ديفيز "قد فعل', True),  # a name apposed before إن
        (["وأوضحت المتحدثة باسم البنتاغون، دانا وايت، أنه يجري التنسيق مع الحلفاء.",
          "وقالت وايت، في بيان، إن التعليق المعلن عنه الجمعة يشمل تمرين فريدوم غارديان."],
         "المتحدثة باسم البنتاغون، دانا وايت", "التعليق المعلن عنه", False),  # surname resolved
        (["وكان نجم المنتخب الجزائري السابق لخضر بلومي صرح لوكالة فرانس برس، الأربعاء، أنه وافق على دعم ملف المغرب."],
         "نجم المنتخب الجزائري السابق لخضر بلومي", "وافق على دعم", False),  # subject before the verb
        (["وأضاف آصف أن عائلة عمر قالت إن الزعيم المتشدد الراحل لقى حتفه في أفغانستان."],
         "عائلة عمر", "الزعيم المتشدد", False),  # speech inside speech
    ],
)  # fmt: skip
def test_attribution_forms(paragraphs: list[str], speaker: str, start: str, direct: bool) -> None:
    from khabar.enrich.quotes import quotes

    found = [q for q in quotes(paragraphs) if q.text.startswith(start)]
    assert found, quotes(paragraphs)
    assert found[-1].speaker == speaker and found[-1].direct is direct


def test_participle_keeps_the_speaker() -> None:
    from khabar.enrich.quotes import quotes

    got = quotes(["وقال الناطق الرسمي باسم وزارة الداخلية خليفة الشيباني إن قوات الأمن طاردت مشتبهين إثنين، "
                  'مضيفا "وصلتنا معلومات حول تحركات مشتبهين إثنين في منطقة المقرون".'])  # fmt: skip
    assert [q.verb for q in got] == ["قال", "مضيفا"]
    assert got[0].speaker == got[1].speaker == "الناطق الرسمي باسم وزارة الداخلية خليفة الشيباني"


def test_no_speech_no_quote() -> None:
    from khabar.enrich.quotes import quotes

    # «أبرز» as "most prominent", «أعلن» with no clause: not speech
    assert (
        quotes(
            ["التي شكلت منذ العام 2012 أبرز معقل للفصائل المعارضة قرب دمشق قبل أن تستعيد قوات النظام السيطرة عليها."]
        )
        == []
    )
    assert quotes(["أعلن الرئيس الجزائري دعم بلاده للمغرب لاستضافة كأس العالم."]) == []


# Real sentences from ANT v2.1 and SaudiNewsNet (shortened), one entity pattern each.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وأوضحت المتحدثة باسم البنتاغون، دانا وايت، أن التعليق يشمل تمرين فريدوم غارديان.",
         {("دانا وايت", "person"), ("البنتاغون", "org")}),  # a name apposed after the title's qualifier
        ("رشح سياسيان نرويجيان الرئيس الأميركي، دونالد ترمب، لجائزة نوبل للسلام.",
         {("دونالد ترمب", "person")}),
        ("ومعالي وزير الخارجية الأستاذ عادل بن أحمد الجبير والدكتور مساعد بن محمد العيبان.",
         {("عادل بن أحمد الجبير", "person"), ("مساعد بن محمد العيبان", "person")}),  # family names, و + title
        ("وهو ما حدا بلجنة الاحتراف السعودية إلى اعتماد قيد اللاعب، وتقدم نادي النصر بشكوى للاتحاد السعودي.",
         {("لجنة الاحتراف السعودية", "org"), ("نادي النصر", "org"), ("الاتحاد السعودي", "org")}),  # clitics
        ("قتل 25 حوثياً في منطقة الجفينة والبلق جنوب غرب مأرب.",
         {("الجفينة", "place"), ("البلق", "place"), ("مأرب", "place")}),  # place heads
        ("استخدمت الشرطة الهراوات لتفريق المحتجين، وقال دونالد ترامب إن الوضع تحت السيطرة.",
         {("دونالد ترامب", "person")}),  # no "الشرطة الهراوات", no "ترامب قال"
    ],
)  # fmt: skip
def test_entity_patterns(text: str, expected: set[tuple[str, str]]) -> None:
    assert {(e.text, e.type) for e in entities(text)} == expected
