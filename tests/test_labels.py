"""Each block label on real snippets from shared/corpus pages, inside a real article.

The article is the example page's; the snippets around it are lines copied from the
corpus pages named beside each case.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import khabar
from khabar import Label


def _page(example_text: str, before: list[str], after: list[str]) -> str:
    lines = [line for line in example_text.split("\n") if line.strip()]
    return "\n".join([*before, *lines[12:21], *after])


CASES_BEFORE = [
    ("الأحد 1 مارس 2020", Label.DATE),  # vetogate.com
    ("07:32 م - الأحد 1 مارس 2020", Label.DATE),  # vetogate.com
    ("بقلم: محمد طاهر أبو الجود", Label.BYLINE),  # vetogate.com (writer line)
    ("الرئيسية", Label.NAV),  # many sites' first menu item
    ("أخبار مصر", Label.SECTION),  # vetogate.com breadcrumb
    ("شارك", Label.SHARE),  # tv.sayidaty.net
    ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", Label.DATE),  # almadenahnews.com (not a breadcrumb)
    ("سارة الطالبي نشر في اليوم 24 يوم 01 - 03 - 2020", Label.DATE),  # maghress.com
    ("٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠", Label.DATE),  # alyaum.com
    ("حسام أبو العلا - القاهرة", Label.BYLINE),  # alyaum.com: reporter and city
    ("Author, كايلا إبستين وأنجليكا كاساس", Label.BYLINE),  # bbc.com/arabic
]
CASES_AFTER = [
    ("اقرأ أيضا:", Label.RELATED_HEADING),
    ("فيديوهات مشابهة", Label.RELATED_HEADING),  # tv.sayidaty.net
    ("تابعونا", Label.SOCIAL),  # tv.sayidaty.net footer
    ("فيسبوك", Label.SOCIAL),
    ("© جميع الحقوق محفوظة لدى موقع سيدتي", Label.FOOTER),  # tv.sayidaty.net
    ("اترك تعليقاً", Label.COMMENT),
    ("الكلمات المفتاحية: الصين، وزيرة الصحة", Label.TAG),
    ("إعلان", Label.AD),
    ("spot_img", Label.PLACEHOLDER),  # the example page
    ("انقر للمشاركة على فيسبوك (فتح في نافذة جديدة)", Label.SHARE),  # almidanalyemeni.net (WordPress)
    ("معجب بهذه:", Label.SHARE),  # almidanalyemeni.net
    ("هذا الموقع يستخدم Akismet للحدّ من التعليقات المزعجة والغير مرغوبة.", Label.COMMENT),  # almidanalyemeni.net
    ("للمزيد من الأخبار إضغط (هــنــــــا)", Label.SOCIAL),  # almidanalyemeni.net
    ("شروط التعليق:", Label.COMMENT),  # raialyoum.com
]


@pytest.mark.parametrize(("line", "label"), CASES_BEFORE)
def test_label_before_article(example_text: str, line: str, label: Label) -> None:
    a = khabar.extract(_page(example_text, [line], []), kind="text")
    assert len(a.paragraphs) == 8
    assert {r.text: r.label for r in a.removed}[line] == label.value


@pytest.mark.parametrize(("line", "label"), CASES_AFTER)
def test_label_after_article(example_text: str, line: str, label: Label) -> None:
    a = khabar.extract(_page(example_text, [], [line]), kind="text")
    assert len(a.paragraphs) == 8
    assert {r.text: r.label for r in a.removed}[line] == label.value


def test_read_also_insert_inside_body_is_cut_out_alone(example_text: str) -> None:
    lines = [line for line in example_text.split("\n") if line.strip()]
    insert = "اقرأ أيضا: الصين تسجل 62 إصابة جديدة بفيروس كورونا المستجد"  # arabic.sputniknews.com headline
    page = "\n".join([*lines[12:16], insert, *lines[16:21]])
    a = khabar.extract(page, kind="text")
    assert a.paragraphs == lines[13:21]
    assert {r.text: r.label for r in a.removed}[insert] == Label.RELATED_HEADING.value


def test_teaser_pair_with_unicode_ellipsis() -> None:
    # a headline followed by its cut-off excerpt ending in "…" (youm7.com teaser style)
    page = "\n".join(
        [
            "وزارة النقل تشغل 10 سيارات كهربائية للعمل تاكسى بالعاصمة الإدارية",
            "أعلنت وزارة النقل تشغيل 10 سيارات كهربائية للعمل كتاكسى فى العاصمة …",
        ]
    )
    a = khabar.extract(page, kind="text")
    assert not a.is_article
    # on a page that is nothing but a teaser, the teaser is what the page holds: either way
    # the rules' verdict stays readable
    for b, want in zip(a.blocks, (Label.TEASER_TITLE, Label.TEASER_EXCERPT)):
        assert b.label is want or (b.label is Label.BODY and want.value in b.reason), b.reason


def test_html_labels_from_dom(news_page) -> None:
    a = khabar.extract(news_page("tv.sayidaty.net_metahtml-14716.html"))
    by_text: dict[str, set[str]] = {}
    for r in a.removed:
        by_text.setdefault(r.text, set()).add(r.label)
    assert "nav" in by_text["جمال ومكياج"]  # the top menu
    assert by_text["© جميع الحقوق محفوظة لدى موقع سيدتي"] == {"footer"}
    assert by_text["شارك"] == {"share"}
    assert a.title == 'هل ينجح دواء الصين الجديد في إيقاف فيروس "كورونا"؟'


def test_labels_cli_lists_the_closed_set() -> None:
    """`khabar labels` lists every label once, each with a description, and nothing else."""
    out = subprocess.run([sys.executable, "-m", "khabar.cli", "labels"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    rows = [re.match(r"^(\S+) {2,}(\S.*)$", line) for line in out.stdout.splitlines()]
    listed = {m[1]: m[2] for m in rows if m}
    assert set(listed) == {label.value for label in Label}
    assert listed["teaser-excerpt"].startswith("cut-off excerpt")


def test_comment_link_above_the_article_does_not_hide_it() -> None:
    """A real English WET record (Common Crawl, 2017): a radio station's page where a
    'comment' / 'share' bar stands between the headline and the one paragraph."""
    from khabar.readers import expand, read_source
    from tests.conftest import SHARED, need

    wet = need(SHARED / "corpus" / "warc-samples" / "CC-MAIN-20170720121902-20170720141902-00000.warc.wet.gz.truncated")
    record = next(r for s in expand([str(wet)]) for r in read_source(s) if r.url and "1053thefox" in r.url)
    a = khabar.extract(record.content or "", url=record.url, kind="text", enrich=False)
    assert a.is_article and a.lang == "en"
    assert a.title == "Bachmann: 'We're in God's End Times'"
    assert a.paragraphs[0].startswith("(NEWSER) – Michele Bachmann says")
    assert not any("Win Tickets" in p for p in a.paragraphs)


def test_short_block_features_are_shared_across_pages_but_never_their_verdicts() -> None:
    """A menu item's text features are computed once for the whole run; what the labeller
    decides for the block on one page (boilerplate, quality) stays on that page; and the
    shared features stay bounded however many texts a run meets."""
    from khabar.label.features import GOOD, SHORT, SHORT_FEATURES_MAX, features, short_features_cached
    from khabar.lang.packs import pack_for
    from khabar.model import Block

    ar = pack_for("ar")
    first = features(Block(text="الرئيسية", index=0, tag="li"), ar)
    first.site_boilerplate, first.quality = True, GOOD
    again = features(Block(text="الرئيسية", index=5, tag="li"), ar)
    assert again is not first
    assert again.pattern is Label.NAV and not again.site_boilerplate and again.quality == SHORT
    for i in range(SHORT_FEATURES_MAX + 100):  # the older half goes when full
        features(Block(text=f"قسم {i}", index=i, tag="li"), ar)
        assert short_features_cached() <= SHORT_FEATURES_MAX
    assert short_features_cached() > SHORT_FEATURES_MAX // 2


def test_every_label_is_known_everywhere_a_label_is_shown() -> None:
    """Adding a label: the enum, its description (`khabar labels`, the API schema), its
    colour and its Arabic name in the web page. This test names what a new label lacks."""
    from khabar.model import LABEL_DESCRIPTIONS

    page = (Path(khabar.__file__).parent / "serve" / "static" / "index.html").read_text(encoding="utf-8")
    names = re.search(r"const LABELS = \{(.*?)\};", page, re.S)
    assert names is not None
    for label in Label:
        assert LABEL_DESCRIPTIONS.get(label), f"{label.value}: no description in model.LABEL_DESCRIPTIONS"
        assert f".l-{label.value} .lab" in page, f"{label.value}: no colour (.l-{label.value}) in index.html"
        assert re.search(rf'(^|[\s{{,])"?{re.escape(label.value)}"?\s*:', names.group(1)), (
            f"{label.value}: no Arabic name"
        )


def test_element_hints_read_as_the_word_rules_say() -> None:
    """`_element_hints` uses string tests for speed; a plain reading of its rules (split at
    "-" and "_", a name's setting or taxonomy class left out, any word of a list) agrees on
    real and made-up class strings."""
    from khabar.label.hints import HINT_LABELS, NEGATIVE_HINTS, POSITIVE_HINTS, TAXONOMY_PREFIXES, _element_hints

    state = re.compile(r"^(?:has|no|with|without|is|show|hide)[-_]|[-_](?:enabled|disabled|open|closed|allowed|on|off|active)$")  # fmt: skip

    def plain(own: str) -> tuple[bool, bool, int]:
        joined = own.replace("-", "").replace("_", "")
        names = [n for n in own.split() if not n.startswith(TAXONOMY_PREFIXES) and not state.search(n)]
        tokens = set(re.split(r"[\s_-]+", " ".join(names))) | {n.replace("-", "").replace("_", "") for n in names}
        mask = sum(1 << k for k, (words, _) in enumerate(HINT_LABELS) if tokens & words)
        positive = any(k in joined for k in POSITIVE_HINTS) or "itemprop articlebody" in own
        return positive, bool(tokens & NEGATIVE_HINTS), mask

    cases = [
        "div", "nav", "aside widget", "div entry-content post-body", "div comments-enabled has-sidebar",
        "section related-posts", "div tag-economy category-sport", "ul social_share share-buttons",
        "div most-read__list", "div article-body itemprop articlebody", "div news_details", "p is-open menu",
        "footer site-footer copyright", "div wp-caption-text", "div td-post-content", "div no-ads ad-slot",
        "div c-storyBody__text", "span show-more tags", "div ad", "div --menu-- __nav__",
    ]  # fmt: skip
    for own in cases:
        assert _element_hints.__wrapped__(own) == plain(own), own
