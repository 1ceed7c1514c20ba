"""The learned labeller: alignment of gold to blocks, the shipped models, page types, main
content of non-article pages, structure, and the front-end faults it was built with."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from importlib.resources import files

import numpy as np
import pytest

import khabar
from khabar.extract import read_page
from khabar.label import score
from khabar.label.align import align
from khabar.label.scorer import MODEL_FILE, block_scores, models
from khabar.label.vector import block_rows
from khabar.lang.packs import pack_for
from khabar.model import PAGE_TYPES, Label
from khabar.page.html import html_to_blocks
from tests.conftest import REPO, SHARED, need

SNAPSHOT = REPO / "tests" / "data" / "labeller_snapshot.json"


# -- alignment ---------------------------------------------------------------------------


def _paragraphs(example_text: str) -> list[str]:
    return khabar.extract(example_text, enrich=False).paragraphs


def test_a_gold_paragraph_split_over_two_blocks_marks_both(example_text: str) -> None:
    first = _paragraphs(example_text)[0]
    words = first.split()
    half = len(words) // 2
    blocks = [" ".join(words[:half]), " ".join(words[half:])]
    assert align(blocks, first) == [1.0, 1.0]


def test_two_gold_paragraphs_in_one_block_mark_it(example_text: str) -> None:
    p1, p2 = _paragraphs(example_text)[:2]
    assert align([f"{p1} {p2}"], f"{p1}\n{p2}") == [1.0]


def test_alignment_leaves_teasers_and_menu_words_out(example_text: str) -> None:
    """A teaser is not in the gold; a one-word menu item counts only as a whole gold line,
    never because the word occurs inside a gold sentence."""
    lines = example_text.splitlines()
    body = "\n".join(_paragraphs(example_text))
    teaser = next(line for line in lines if line.rstrip().endswith(("...", "…")))
    word = body.split()[3]
    cover = align([teaser, word, f"{word}\n"], body)
    assert cover[0] < 0.5 and cover[1] == 0.0
    assert align([word], f"{body}\n{word}") == [1.0]


# -- the shipped models ------------------------------------------------------------------


def test_model_file_is_in_the_package_small_and_attributed() -> None:
    raw = files("khabar").joinpath("data").joinpath(MODEL_FILE).read_bytes()
    assert len(raw) < 20 * 2**20
    trained_on = models().trained_on
    assert "CC-BY-4.0" in trained_on and "web-content-extraction-benchmark" in trained_on
    assert models().block.classes == 1 and models().page.classes == len(PAGE_TYPES)


def test_predictions_on_fixed_pages_change_only_with_the_model() -> None:
    """scripts/train_labeller.py rewrites the snapshot when it rebuilds the model; any other
    change to what the models say about these pages fails here."""
    snap = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    raw = files("khabar").joinpath("data").joinpath(MODEL_FILE).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == snap["model_sha256"], "model rebuilt without its snapshot"
    for name, want in snap["pages"].items():
        page = read_page((REPO / name).read_bytes())
        assert page.found is not None
        rows = block_rows(
            page.blocks, page.found, dom=page.kind == "html", arabic_script=pack_for(page.lang).arabic_script
        )
        np.testing.assert_allclose(block_scores(rows), want["block_scores"], atol=2e-6)
        score(page.blocks, page.found, pack=pack_for(page.lang), dom=page.kind == "html", url=None, meta=page.meta)
        assert page.found.page_type == want["page_type"]
        assert page.found.body == want["body"]
        for t, p in want["type_scores"].items():
            assert page.found.type_scores[t] == pytest.approx(p, abs=2e-6)


def test_scores_are_probabilities_and_every_block_keeps_a_reason(news_page) -> None:
    a = khabar.extract(news_page("youm7.com_htmldate-1691196862.html"), enrich=False)
    assert a.blocks and all(b.reason for b in a.blocks)
    assert 0.0 < models().threshold < 1.0
    by_scorer = [b for b in a.blocks if b.reason.startswith("the scorer")]
    for b in by_scorer:
        p = float(b.reason.rsplit("p=", 1)[1].rstrip(")"))
        assert 0.0 <= p <= 1.0


# -- page types and main content of every type --------------------------------------------


def _ar_site(url: str) -> dict:
    """The ar-sites page with this URL (a trailing * matches any URL it begins)."""
    with gzip.open(need(SHARED / "corpus" / "ar-sites" / "pages.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            have = row.get("url") or ""
            if have == url or (url.endswith("*") and have.startswith(url[:-1])):
                return row
    raise AssertionError(url)


# Read off the pages themselves: a site's front page, a tag page, a category page, articles.
# hrw's Arabic tag page opens with two paragraphs of prose about its topic above the list, and
# its type has moved with retraining: section (session 10), article 0.74 (sessions 11-13),
# section again with session 14's smaller page-type trees (8 leaves, depth 4).
TYPED_PAGES = [
    ("https://aitnews.com/", {"home", "section"}),
    ("http://amman1.net/", {"home", "section"}),
    ("https://www.raialyoum.com/", {"home", "section"}),
    ("https://www.hrw.org/ar/tag/dash", {"home", "section"}),
    ("https://www.akhbaralaan.net/category/news/world", {"home", "section"}),
    ("https://arabic.rt.com/middle_east/1101738-*", {"article"}),
    ("https://www.greatsciences.com/17175/*", {"article"}),
]


@pytest.mark.parametrize(("url", "types"), TYPED_PAGES)
def test_page_types_on_real_pages(url: str, types: set[str]) -> None:
    row = _ar_site(url)
    a = khabar.extract(row["html"], url=row["url"], enrich=False)
    assert a.page_type in types
    assert a.is_article == (a.page_type == "article")


@pytest.mark.parametrize(
    ("url", "listing"),
    [
        ("https://example.com/?s=economy", True),  # a search
        ("https://example.com/search?q=oil+prices", True),
        ("https://example.com/news?page=3", True),  # a listing's third page
        ("https://example.com/?cat=5", True),
        ("https://example.com/tag/elections/", True),
        ("https://www.addustour.com/articles/1153597?s=8e452f9f14e7f98091d4520a8f8d1b0c", False),  # a share token
        ("http://alimbaratur.com/?p=5898", False),  # a WordPress post
        ("http://entermedia.co.kr/news/news_view.html?idx=8576&page=1&bc=03", False),  # an article, from page 1
    ],
)
def test_the_address_says_listing_only_for_searches_tags_and_later_pages(url: str, listing: bool) -> None:
    from khabar.label.pagetype import PAGE_NAMES, base_row
    from khabar.page.meta import PageMeta

    page = read_page("<html><body><p>One line of text.</p></body></html>", kind="html")
    assert page.found is not None
    x = block_rows(page.blocks, page.found, dom=True, arabic_script=False)
    row = base_row(url, PageMeta(), page.blocks, page.found, x, dom=True)
    assert row[PAGE_NAMES.index("url_list")] == float(listing)


def _page_columns(url: str | None, page, x: np.ndarray, *, dom: bool) -> dict[str, float]:
    """The page-type columns that do not need the block scores (pagetype.base_row), by name."""
    from khabar.label.pagetype import PAGE_NAMES, base_row
    from khabar.page.meta import PageMeta

    return dict(zip(PAGE_NAMES, base_row(url, PageMeta(), page.blocks, page.found, x, dom=dom).tolist()))


def test_an_address_is_read_as_its_words_whatever_its_encoding() -> None:
    """A crawl records an Arabic slug percent-encoded, a page cache decoded, sometimes with a
    stray ";" or a session parameter: the same address gives the same features."""
    page = read_page("<html><body><p>One line of text.</p></body></html>", kind="html")
    assert page.found is not None
    x = block_rows(page.blocks, page.found, dom=True, arabic_script=False)

    def row(url: str) -> dict[str, float]:
        return _page_columns(url, page, x, dom=True)

    decoded = row("https://alghad.com/الصين-تعلن-إحصائية-جديدة-لضحايا-فيروس/")
    assert decoded["url_article"] == 1.0  # a long slug, with or without a trailing slash
    assert decoded["slug_hyphens"] == 5.0 and decoded["path_digits"] == 0.0
    encoded = row("https://alghad.com/%D8%A7%D9%84%D8%B5%D9%8A%D9%86-%D8%AA%D8%B9%D9%84%D9%86-%D8%A5%D8%AD%D8%B5"
                  "%D8%A7%D8%A6%D9%8A%D8%A9-%D8%AC%D8%AF%D9%8A%D8%AF%D8%A9-%D9%84%D8%B6%D8%AD%D8%A7%D9%8A%D8%A7-"
                  "%D9%81%D9%8A%D8%B1%D9%88%D8%B3/")  # fmt: skip
    assert encoded == decoded
    assert row("https://alghad.com/الصين-تعلن-إحصائية-جديدة-لضحايا-فيروس/;") == decoded
    assert row("https://site.com/news/story-of-the-day;jsessionid=A1B2C3")["path_digits"] == 0.0
    assert row("https://site.com/a-story-of-the-day")["url_article"] == 1.0


def test_crawl_text_reads_its_longest_run_of_prose(example_text: str) -> None:
    """An article's paragraphs follow one another; a listing's excerpts stand between its
    headlines. Read on crawl text only (in HTML the elements say it)."""

    def run(text: str, kind: str) -> tuple[float, float]:
        page = read_page(text, kind=kind)  # type: ignore[arg-type]
        assert page.found is not None
        dom = kind == "html"
        x = block_rows(page.blocks, page.found, dom=dom, arabic_script=True)
        row = _page_columns(None, page, x, dom=dom)
        return round(math.expm1(row["prose_run_words"])), round(math.expm1(row["prose_run_blocks"]))

    lines = [ln for ln in example_text.splitlines() if len(ln.split()) >= 12 and ln.rstrip().endswith((".", "."))]
    article = run(example_text, "text")
    # the same paragraphs, each now under a headline of its own: a listing's shape
    listing = run("\n".join(f"عنوان الخبر رقم {i}\n{p}" for i, p in enumerate(lines)), "text")
    assert len(lines) >= 3 and article[1] >= 3 and listing[1] == 1 and article[0] > 2 * listing[0]
    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in lines) + "</body></html>"
    assert run(html, "html") == (0, 0)


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://www.aljazeera.net/", True),
        ("https://site.com/index.php", True),
        ("https://www.icrc.org/ar", True),  # a site's root for one language
        ("https://www.msn.com/ar-eg/", True),
        ("https://amman.diplo.de/jo-ar", True),
        ("https://www.bbc.com/arabic", True),
        ("https://www.france24.com/ar/index.html", True),
        ("https://www.france24.com/ar/news/", False),
        ("https://site.com/?p=5898", False),
        ("https://www.hrw.org/ar/tag/dash", False),
        # a crawl's file name in the url field, not an address: no site's root
        ("https___www.msn.com_ar-eg_news_other_%D8%A5%D9%84%D9%89", False),
        ("https___www.site.com_ar_news_story", False),
        ("", False),
    ],
)
def test_a_sites_root_and_its_root_for_one_language_are_home_addresses(url: str, home: bool) -> None:
    from khabar.label import is_home_address

    assert is_home_address(url) == home


def _scores(likeliest: str) -> dict[str, float]:
    """Type probabilities where one type is clearly the likeliest (0.7)."""
    return {t: (0.7 if t == likeliest else 0.3 / (len(PAGE_TYPES) - 1)) for t in PAGE_TYPES}


@pytest.mark.parametrize(
    ("likeliest", "url", "expected"),
    [
        ("section", "https://www.tsa-algerie.com/ar/", "home"),  # a listing at a root is the home page
        ("article", "https://site.com/", "home"),
        ("section", "https://site.com/category/world/", "section"),
        ("service", "https://site.com/", "service"),  # a company's root may be its services page
        ("section", None, "section"),
    ],
)
def test_a_listing_or_story_at_a_sites_root_is_its_home_page(likeliest: str, url: str | None, expected: str) -> None:
    from khabar.label import page_type

    assert page_type(_scores(likeliest), url) == expected


def test_a_root_whose_metadata_says_article_twice_stays_an_article_but_never_a_section() -> None:
    """A one-page site is its article when og:type and JSON-LD both say so; a listing at the
    root is its home page whatever its metadata says."""
    from khabar.label import page_type
    from khabar.page.meta import PageMeta

    meta = PageMeta(og_type="article", ld_types=["NewsArticle"])
    for likeliest, expected in (("article", "article"), ("section", "home")):
        assert page_type(_scores(likeliest), "https://site.com/", meta) == expected


LISTINGS = [
    "https://aitnews.com/",
    "http://amman1.net/",
    "https://www.raialyoum.com/",
    "https://www.hrw.org/ar/tag/dash",
    "https://www.akhbaralaan.net/category/news/world",
]


@pytest.mark.parametrize("url", LISTINGS)
def test_a_listing_has_its_items_as_content_not_nothing(url: str) -> None:
    row = _ar_site(url)
    a = khabar.extract(row["html"], url=row["url"], enrich=False)
    assert not a.is_article
    assert a.paragraphs and len(a.text.split()) >= 30
    assert set(a.paragraph_index).isdisjoint(r.index for r in a.removed)
    assert len(a.paragraph_index) + len(a.removed) + (a.title_index is not None) == len(a.blocks)


def _wcxb(page_id: str) -> dict:
    with gzip.open(need(SHARED / "bench" / "data" / "wcxb-dev.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            if f'"id": "{page_id}"' in line[:200]:
                return json.loads(line)
    raise AssertionError(page_id)


# Real pages of the other types, their type read off the page (a thread with its replies, a
# library's reference page, a shop's product with its price and cart button, a consultancy's
# list of what it offers). WCXB pages are inputs here, never expected output.
OTHER_TYPES = [
    ("wcxb/0403", "forum"),  # defence.pk/threads/...
    ("wcxb/0513", "forum"),  # forums.macrumors.com/threads/...
    ("wcxb/0661", "documentation"),  # docs.djangoproject.com/.../ref/middleware/
    ("wcxb/0666", "documentation"),  # docs.python.org/3/library/itertools.html
    ("wcxb/0580", "product"),  # allbirds.com/products/mens-wool-runners
    ("wcxb/0584", "product"),  # brooklinen.com/products/classic-core-sheet-set
    ("wcxb/0182", "service"),  # bpm.com/services/advisory/human-resources/
    ("wcxb/0709", "service"),  # deloitte.com/us/en/services.html
]


@pytest.mark.parametrize(("page_id", "page_type"), OTHER_TYPES)
def test_forums_docs_products_and_services_are_typed_and_have_content(page_id: str, page_type: str) -> None:
    row = _wcxb(page_id)
    a = khabar.extract(row["html"], url=row["url"], enrich=False)
    assert a.page_type == page_type and not a.is_article
    assert len(a.text.split()) >= 50


def test_news_pages_are_still_articles(news_page) -> None:
    for name in ("youm7.com_htmldate-1691196862.html", "arabic.cnn.com_2013_syria-clashes.html"):
        a = khabar.extract(news_page(name), enrich=False)
        assert a.page_type == "article" and a.is_article and a.paragraphs


def test_crawl_text_of_a_home_page_is_not_an_article() -> None:
    row = _ar_site("https://aitnews.com/")
    html = read_page(row["html"], kind="html")
    text = "\n".join(b.text for b in html.blocks)
    a = khabar.extract(text, url=row["url"], kind="text", enrich=False)
    assert not a.is_article and a.page_type in ("home", "section")


@pytest.mark.xfail(strict=True, reason="crawl text keeps 22 lines of a blog's sidebars of unlinked headlines")
def test_crawl_text_of_an_article_leaves_the_headline_list_under_it(news_page) -> None:
    """A known weakness, kept visible (strict: a model that fixes it says so): a site no gold
    set holds, whose article as crawl text keeps lines of the blog's sidebars (post titles,
    "recent comments", a feed's error line) that no link marks as such any more: 8 with
    session 13's models, 22 with session 14's. Its HTML's body is the measure: at most a
    few lines more as crawl text."""
    html_text = news_page("uprootedpalestinians.wordpress.com_metahtml-2020-05-30.html")
    html = khabar.extract(html_text, kind="html", enrich=False)
    lines = "\n".join(b.text for b in read_page(html_text, kind="html").blocks)
    text = khabar.extract(lines, kind="text", enrich=False)
    assert html.is_article and text.is_article and len(html.paragraphs) >= 5
    assert sum(p not in html.paragraphs for p in text.paragraphs) <= 5


# -- structure -----------------------------------------------------------------------------


STRUCTURED = """<html><body><article>
<h1>Dates for the river survey</h1>
<p>The survey of the river starts in spring and takes three months to finish, as the team said.</p>
<h2>What the team will measure</h2>
<p>They will measure the flow at ten stations along the river, twice a day, with new meters.</p>
<ul><li>Flow at each station, every morning and every evening</li>
<li>Temperature of the water at the surface and at the bottom</li></ul>
<blockquote>We have waited for this survey for ten years, and now it is finally happening.</blockquote>
<table><tr><td>Station one near the bridge</td><td>twelve kilometres from the sea</td></tr>
<tr><td>Station two near the old mill</td><td>thirty kilometres from the sea</td></tr></table>
<p>The results will be published in the autumn, in a report that anyone can read online for free.</p>
</article></body></html>"""


def test_headings_list_items_quotes_and_table_cells_are_marked() -> None:
    a = khabar.extract(STRUCTURED, url="https://example.org/news/river-survey-dates", enrich=False)
    kinds = dict(zip(a.paragraphs, a.structure))
    assert len(a.structure) == len(a.paragraphs)
    assert kinds.get("What the team will measure") == "heading"
    assert kinds.get("Flow at each station, every morning and every evening") == "list-item"
    assert kinds.get("We have waited for this survey for ten years, and now it is finally happening.") == "quote"
    assert kinds.get("Station one near the bridge") == "table-cell"
    assert a.to_dict()["structure"] == a.structure


def test_markdown_renders_the_structure(tmp_path) -> None:
    from click.testing import CliRunner

    from khabar.cli import cli

    page = tmp_path / "page.html"
    page.write_text(STRUCTURED, encoding="utf-8")
    out = CliRunner().invoke(cli, ["extract", str(page), "--format", "markdown", "--no-enrich"]).output
    assert "## What the team will measure" in out
    assert "- Flow at each station, every morning and every evening" in out
    assert "> We have waited for this survey" in out
    assert "| Station one near the bridge | twelve kilometres from the sea |" in out
    assert "|---|---|" in out


# -- front-end faults ----------------------------------------------------------------------

PROSE = (
    "The council approved the new budget for the city's schools on Tuesday evening, after a debate "
    "that lasted more than four hours and drew hundreds of parents to the hall. "
)


def _page(inner: str) -> str:
    return f"<html><head><title>Budget</title></head><body><nav><a href='/'>Home</a></nav>{inner}</body></html>"


def test_body_inside_noscript_is_read() -> None:
    a = khabar.extract(_page(f"<noscript><div class='story'><p>{PROSE * 3}</p><p>{PROSE * 2}</p></div></noscript>"))
    assert "approved the new budget" in a.text


def test_tracking_noscript_is_still_dropped() -> None:
    html = _page(f"<noscript><img src='/px.gif'> Enable JavaScript</noscript><p>{PROSE * 3}</p>")
    a = khabar.extract(html, enrich=False)
    assert "Enable JavaScript" not in a.text and not any("Enable JavaScript" in b.text for b in a.blocks)


def test_server_rendered_streaming_container_is_read() -> None:
    """React/Next.js stream server-rendered parts into <div hidden id="S:0">."""
    html = _page(f"<div hidden id='S:0'><article><p>{PROSE * 3}</p><p>{PROSE * 2}</p></article></div>")
    a = khabar.extract(html, enrich=False)
    assert "approved the new budget" in a.text


def test_hidden_menus_and_modals_are_still_dropped() -> None:
    html = _page(f"<div hidden class='modal'>Subscribe to our newsletter today</div><p>{PROSE * 3}</p>")
    a = khabar.extract(html, enrich=False)
    assert not any("newsletter" in b.text for b in a.blocks)


POLICY = "".join(
    f"<p>{p}</p>"
    for p in (
        "In general, we process personal information for our legitimate purposes of running our business, "
        "complying with the law and improving the services we offer to customers in every country.",
        "If you have any questions about our privacy policies, please contact us by email or call our support "
        "team, who will answer within two working days of receiving the request.",
        "This policy applies to everyone who interacts with us as a customer who has purchased any of our "
        "products, whether online, by telephone or in one of the stores we run.",
        "We may collect certain information automatically through our services, including the pages you "
        "visit, the links you follow and the device and browser you use to reach us.",
    )
)


def test_dialogs_and_tooltips_are_not_content_unless_they_hold_the_page() -> None:
    """A policy or a newsletter prompt in a modal dialog (closed until a script opens it)
    reads like prose; it is never the page's content. A page whose text is all in a dialog
    (an article shown in a lightbox) keeps it."""
    for dialog in (
        f"<div id='modal-privacy' aria-modal='true'><h2>Privacy policy</h2>{POLICY}</div>",
        f"<div role='dialog'><h2>Privacy policy</h2>{POLICY}</div>",
        f"<dialog><h2>Privacy policy</h2>{POLICY}</dialog>",
        f"<div role='tooltip'>{POLICY}</div>",
    ):
        a = khabar.extract(_page(f"<article><p>{PROSE * 3}</p><p>{PROSE * 2}</p></article>{dialog}"), enrich=False)
        assert "approved the new budget" in a.text and "personal information" not in a.text, dialog
    lightbox = _page(f"<div role='dialog'><article><p>{PROSE * 3}</p><p>{PROSE * 2}</p></article></div>")
    assert "approved the new budget" in khabar.extract(lightbox, enrich=False).text


def test_css_framework_hiding_classes_are_hidden_unless_shown_again() -> None:
    """A product's raw attribute list in `<dl class="hide">`, a Bootstrap `d-none` block, a
    copy for phones only: hidden by the site's CSS on a desktop screen. Their blocks are kept,
    marked hidden, for the scorer to judge (a closed tab can be the content), and this junk
    is not content; screen-reader labels are dropped. The same classes with a responsive
    utility that shows them on wider screens are read unmarked, and so is a page a script
    reveals."""
    article = f"<article><p>{PROSE * 3}</p><p>{PROSE * 2}</p></article>"
    junk = "retail_price_tier1: $20.00_1–9 items wholesale tier"
    for hidden in (
        f"<dl class='productview-info hide'><dt>{junk}</dt><dd>{junk}</dd></dl>",
        f"<div class='d-none'>{junk}</div>",
        f"<div class='promo d-flex d-lg-none'>{junk}</div>",
        f"<div class='promo md:hidden'>{junk}</div>",
        f"<div class='elementor-hidden-desktop'>{junk}</div>",
        f"<div class='hidden'>{junk}</div>",
    ):
        a = khabar.extract(_page(article + hidden), enrich=False)
        assert "approved the new budget" in a.text and "retail_price_tier1" not in a.text, hidden
        marked = [b for b in html_to_blocks(_page(article + hidden)).blocks if "retail_price_tier1" in b.text]
        assert marked and all(b.hidden_chars >= len(b.text) - 2 for b in marked), hidden
    screen_reader = _page(f"{article}<span class='sr-only'>{junk}</span>")
    assert not any("retail_price_tier1" in b.text for b in html_to_blocks(screen_reader).blocks)
    for shown in ("hidden md:block", "d-none d-lg-block", "story hide-on-mobile", "elementor-hidden-mobile", "block"):
        html = _page(f"<div class='{shown}'>{article}</div>")
        assert "approved the new budget" in khabar.extract(html, enrich=False).text, shown
        assert not any(b.hidden_chars for b in html_to_blocks(html).blocks), shown
    revealed = _page(f"<main class='hidden'>{article}</main>")
    assert "approved the new budget" in khabar.extract(revealed, enrich=False).text
    assert not any(b.hidden_chars for b in html_to_blocks(revealed).blocks)


def test_text_a_click_reveals_is_kept_and_marked() -> None:
    """An accordion, a tab, a "read more" half: hidden by an attribute or a style until a
    script opens it. The block holds the hidden share of its text (an inline hidden half
    counts its own characters only); nested hidden elements count once."""
    html = _page(
        f"<p>{PROSE}<span style='display:none'>and the rest of the story.</span></p>"
        "<div class='tab-pane' hidden><p>Made of <b>organic cotton</b>, washed twice.</p></div>"
        "<div aria-hidden='true'><div style='visibility: hidden'><p>Slide two of the carousel.</p></div></div>"
    )
    blocks = {b.text: b for b in html_to_blocks(html).blocks}
    story = next(b for t, b in blocks.items() if t.startswith(PROSE.strip()[:20]))
    assert story.hidden_chars == len("and the rest of the story.")
    tab = blocks["Made of organic cotton, washed twice."]
    assert tab.hidden_chars >= len(tab.text) - 2  # spaces between text nodes are not counted
    slide = blocks["Slide two of the carousel."]
    assert slide.hidden_chars == len(slide.text)


def test_a_product_description_in_a_closed_collapse_is_read() -> None:
    """A real product page (solostove.com) whose description sits in a collapsed section
    (`style="display:none"`, opened by a click): it was dropped with the hidden elements; now
    its blocks are marked and the scorer keeps them, while the page's hidden menus go with a
    reason that says they were hidden."""
    row = _wcxb("wcxb/0607")
    a = khabar.extract(row["html"], url=row["url"], enrich=False)
    assert a.page_type == "product"
    assert "most popular smokeless outdoor fire pit" in a.text
    hidden_removed = [b for b in a.removed if b.reason.endswith("hidden on the page")]
    assert hidden_removed and not any(b.text in a.text.split("\n") for b in hidden_removed)


def test_menus_that_open_on_a_hover_or_a_click_are_not_read() -> None:
    """A submenu, a framework's closed dropdown or modal, a dropdown in a closed <details>:
    not on the screen until the reader opens them. The same dropdown opened (`show`), an
    open <details> and a closed FAQ answer (no menu in it) are read."""
    article = f"<article><p>{PROSE * 3}</p><p>{PROSE * 2}</p></article>"
    junk = "Unknown languages 1C Enterprise ABAP ActionScript Ada Agda AL Alloy"
    for hidden in (
        f"<nav><ul><li>Shop<ul class='sub-menu'><li>{junk}</li></ul></li></ul></nav>",
        f"<div class='dropdown'><div class='dropdown-menu'>{junk}</div></div>",
        f"<div class='modal fade'><div class='modal-body'>{junk}</div></div>",
        f"<details><summary>Language</summary><div class='select-menu-modal'>{junk}</div></details>",
    ):
        blocks = khabar.extract(_page(article + hidden), enrich=False).blocks
        assert not any("ActionScript" in b.text for b in blocks), hidden
    for shown in (
        f"<div class='dropdown-menu show'>{junk}</div>",
        f"<details open><summary>Language</summary><div class='select-menu-modal'>{junk}</div></details>",
        f"<details><summary>Which languages?</summary><div class='answer'>{junk}</div></details>",
    ):
        blocks = khabar.extract(_page(article + shown), enrich=False).blocks
        assert any("ActionScript" in b.text for b in blocks), shown


def test_hidden_by_class_reads_utilities_at_a_desktop_width() -> None:
    from khabar.page.html import hidden_by_class

    hidden = ("hidden", "d-none", "d-flex d-lg-none", "lg:hidden", "md:hidden", "block hide", "visible-xs", "sr-only")
    shown = ("hidden md:block", "d-none d-lg-flex", "block", "hide-on-mobile", "hidden-xs", "2xl:hidden", "")
    assert all(hidden_by_class(c) for c in hidden)
    assert not any(hidden_by_class(c) for c in shown)


def test_a_class_that_styles_captions_does_not_make_the_body_a_caption() -> None:
    """Tailwind's arbitrary variants name descendants in a class ("[&_figcaption]:mt-xs"
    styles the body's captions): the body is not a caption; a real <figcaption> still is."""
    body = "[&_p]:text-black60 [&_figure]:my-md [&_figcaption]:mt-xxs lg:[&>*]:col-start-3"
    html = _page(
        f"<h1>The council's budget</h1><div class='{body}'><p>{PROSE * 3}</p><p>{PROSE * 2}</p>"
        "<figure><img src='a.jpg'><figcaption>Parents in the hall on Tuesday evening</figcaption></figure></div>"
    )
    a = khabar.extract(html, enrich=False)
    assert "approved the new budget" in a.text
    assert "Parents in the hall" not in a.text
    assert any(b.label is Label.CAPTION and "Parents" in b.text for b in a.blocks)


def test_wrong_declared_charset_with_utf8_bytes() -> None:
    html = (
        "<html><head><meta charset='iso-8859-15'><title>café</title></head><body>"
        f"<p>{PROSE} Le café « Les Deux Magots » est célèbre, ça va sans dire. {PROSE}</p></body></html>"
    )
    a = khabar.extract(html.encode("utf-8"), enrich=False)
    assert "« Les Deux Magots » est célèbre" in a.text
    assert any("valid UTF-8" in w for w in a.warnings)


def test_a_state_class_does_not_make_an_article_comments() -> None:
    html = _page(f"<div id='article' class='comments-enabled'><p>{PROSE * 3}</p><p>{PROSE * 2}</p></div>")
    a = khabar.extract(html, enrich=False)
    assert "approved the new budget" in a.text
    assert all(b.label is not Label.COMMENT for b in a.blocks)


# -- run: page types as a filter -----------------------------------------------------------


def test_run_keeps_articles_by_default_and_the_types_asked_for(tmp_path) -> None:
    from click.testing import CliRunner

    from khabar.batch.writers import read_rows
    from khabar.cli import cli

    pages = tmp_path / "pages.jsonl"
    with pages.open("w", encoding="utf-8") as f:
        for url in (
            "https://aitnews.com/",
            "https://www.hrw.org/ar/tag/dash",
            "https://arabic.rt.com/middle_east/1101738-*",
        ):
            row = _ar_site(url)
            f.write(json.dumps({"id": url, "url": row["url"], "html": row["html"]}, ensure_ascii=False) + "\n")

    def rows(*extra: str) -> list[dict]:
        out = tmp_path / f"out{len(extra)}{abs(hash(extra))}"
        r = CliRunner().invoke(cli, ["run", str(pages), "-o", str(out), "--no-progress", "--workers", "1", *extra])
        assert r.exit_code == 0, r.output
        return [row for p in sorted(out.glob("*.parquet")) for row in read_rows(p)]

    default = rows()
    assert len(default) == 3
    for r in default:
        assert r["kept"] == (r["page_type"] == "article")
        assert r["filtered_by"] == (None if r["kept"] else "not-article")
        assert r["paragraphs"], "every type has its main content in the row"
    lists = rows("--types", "home,section")
    assert {r["page_type"] for r in lists if r["kept"]} <= {"home", "section"}
    assert any(r["kept"] for r in lists)
    assert all(r["filtered_by"].startswith("type:") for r in lists if not r["kept"])
    bad = CliRunner().invoke(cli, ["run", str(pages), "-o", str(tmp_path / "x"), "--types", "articles"])
    assert bad.exit_code != 0 and "page types are" in bad.output


def test_an_arabic_article_whose_paragraphs_all_hold_links_keeps_its_body(example_text: str) -> None:
    """Each paragraph links a name or two (as some sites link every mention to a tag page);
    under it, the site's comment-moderation rules: the body is the paragraphs, not the rules."""
    paragraphs = _paragraphs(example_text)
    linked = []
    for p in paragraphs:
        words = p.split()
        linked.append(
            " ".join(words[:3]) + f" <a href='/tag/{len(linked)}'>{' '.join(words[3:6])}</a> " + " ".join(words[6:])
        )
    rules = (
        "قواعد التعليق: يرجى الالتزام بآداب الحوار وعدم الإساءة إلى الآخرين، وتحتفظ إدارة الموقع بحق حذف أي تعليق "
        "يتضمن ألفاظا نابية أو يخرج عن موضوع الخبر، ولا تعبر التعليقات عن رأي الموقع."
    )
    html = (
        "<html><head><title>«الخارجية الأمريكية» تنفي إجراء واشنطن محادثات سرية مع الروس</title></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/world'>عالم</a></nav><article>"
        "<h1>«الخارجية الأمريكية» تنفي إجراء واشنطن محادثات سرية مع الروس</h1>"
        + "".join(f"<p>{p}</p>" for p in linked)
        + f"</article><div class='comments-rules'><p>{rules}</p></div></body></html>"
    )
    a = khabar.extract(html, url="https://www.alkhaleej.ae/2023-07-07/news/5512", enrich=False)
    assert a.is_article
    assert len(a.paragraphs) == len(paragraphs)
    assert "قواعد التعليق" not in a.text


def test_the_headline_said_again_is_not_body() -> None:
    """A translated article's English headline over its text, a headline repeated as a link:
    the title, not a paragraph (a paragraph that only starts like the headline stays)."""
    from khabar.label.assemble import title_repeats

    norms = [
        "the european union and the usa are threatened with disintegration الاتحاد الاوروبي مهدد بالتفكك",
        "the european union and the usa are threatened with disintegration",
        "the european union and the usa are threatened with disintegration, said the minister on tuesday",
        "union and",
    ]
    assert title_repeats(norms, 0).tolist() == [False, True, False, False]
    assert not title_repeats(norms, None).any()
    html = _page(
        "<article><h1>The council approves the new budget for schools</h1>"
        "<p><a href='/budget'>The council approves the new budget</a></p>"
        f"<p>{PROSE * 3}</p><p>{PROSE * 2}</p></article>"
    )
    a = khabar.extract(html, enrich=False)
    assert a.is_article and a.paragraphs and a.paragraphs[0].startswith("The council approved")


def test_an_article_the_scorer_is_unsure_of_keeps_the_rules_body() -> None:
    """A page typed article of which the scorer keeps nothing gets the body the rules found
    (a story of one paragraph in a bare element scores low everywhere), not an empty body;
    a page of another type gets no such fallback."""
    from khabar.label.assemble import select
    from khabar.label.vector import BLOCK_NAMES

    rows = np.zeros((5, len(BLOCK_NAMES)), dtype=np.float32)
    rows[:, BLOCK_NAMES.index("words")] = np.log1p(80)
    rows[[2, 3], BLOCK_NAMES.index("rule_body")] = 1.0
    rows[4, BLOCK_NAMES.index("pattern")] = 1.0  # a known phrase: never an article's body
    rows[4, BLOCK_NAMES.index("rule_body")] = 1.0
    unsure = np.full(5, 0.3)
    assert select(rows, unsure, page_type="article", title=0) == [2, 3]
    assert select(rows, unsure, page_type="section", title=0) == []
    sure = np.array([0.1, 0.1, 0.9, 0.2, 0.1])
    assert select(rows, sure, page_type="article", title=0) == [2]  # the scorer decides when it is sure


def test_a_one_paragraph_story_is_not_returned_empty() -> None:
    # aeb-en (a check set, never trained on) holds a Brazilian city's one-paragraph news story
    # whose text sits in a bare grid <div>: it came back empty, typed "other"
    with gzip.open(need(SHARED / "bench" / "data" / "aeb-en.jsonl.gz"), "rt", encoding="utf-8") as f:
        row = next(
            r
            for r in map(json.loads, f)
            if r["url"].startswith("http://jaraguadosul.com.br/news/servi-o-de-atendimento-domiciliar")
        )
    a = khabar.extract(row["html"], url=row["url"], enrich=False)
    assert a.is_article and a.lang == "pt"
    assert a.text.startswith("A equipe do Serviço de Atendimento Domiciliar (SAD)")
    assert "CNPJ" not in a.text  # the site's address line under it stays out


def test_a_block_that_repeats_one_kept_above_is_left_out() -> None:
    """A paragraph said twice (the body rendered for two screen sizes), a reply quoting the
    post above: repeats of one block kept above. Variants that share most words with the
    page but not with any one block, and short lines, stay."""
    from khabar.label.assemble import repeated_blocks

    post = "i always use whatever version of qt comes with the ubuntu distro through apt"
    norms = [
        post,
        "has anybody tried a beta of ubuntu 24.04 and does anyone know what we will get",
        f"quote: {post}",  # the reply quotes the first post
        post,  # a third copy is matched to the first
        "macbook air 13-inch m5 chip 10-core cpu silver 16gb memory 1tb storage",
        "macbook air 13-inch m5 chip 10-core cpu starlight 24gb memory 512gb storage",
        "reply to this post",
        "reply to this post",
    ]
    assert repeated_blocks(norms, list(range(len(norms)))) == {2: 0, 3: 0}
    assert repeated_blocks(norms, [1, 3]) == {}  # only blocks kept are compared


def test_an_article_rendered_twice_is_returned_once() -> None:
    other = "Parents asked the council to fund more teachers, and the mayor promised an answer by spring. "
    body = f"<p>{PROSE * 3}</p><p>{other * 2}</p>"
    html = _page(f"<h1>Budget approved</h1><div class='mobile'>{body}</div><div class='desktop'>{body}</div>")
    a = khabar.extract(html, enrich=False)
    assert a.text.count("approved the new budget") == 3 and a.text.count("promised an answer") == 2
    again = [r for r in a.removed if r.reason.startswith("repeats block")]
    assert len(again) == 2 and all(r.label is not Label.BODY for r in again)


def test_a_paragraph_a_crawl_kept_twice_is_kept_once() -> None:
    # a FineWeb-2 document (crawl text) whose appeal paragraph stands twice in a row
    with open(need(SHARED / "corpus" / "ar-fineweb2" / "docs.jsonl"), encoding="utf-8") as f:
        doc = next(d for d in map(json.loads, f) if "وطالب قزمار المؤسسات الحقوقية" in d["text"])
    assert doc["text"].count("وطالب قزمار المؤسسات الحقوقية") == 2
    a = khabar.extract(doc["text"], url=doc.get("url"), enrich=False)
    assert a.is_article and a.text.count("وطالب قزمار المؤسسات الحقوقية") == 1


def test_the_training_scripts_data_path_runs_on_real_pages(train_script) -> None:
    """scripts/train_labeller.py's steps before LightGBM (a page's rows and alignment, the
    per-site token tables, the context scorer's rows from a table without the page's site)
    on four real pages of four sites: what `make train` runs, without the training."""
    tl = train_script
    with gzip.open(need(SHARED / "bench" / "data" / "ar-news-dev.jsonl.gz"), "rt", encoding="utf-8") as f:
        rows = list(map(json.loads, f))
    chosen: dict[str, dict] = {}
    for row in rows:
        chosen.setdefault(tl.group_of(row), row)
    pages = [tl.read_page_rows(("ar-news-dev", row, "html")) for row in list(chosen.values())[:4]]
    assert all(p is not None and p["cover"].max() > 0.5 for p in pages)
    shares, prior = tl.site_token_shares(pages)
    table, without = tl.token_tables(shares, set(shares), prior)
    assert 0.0 < prior < 1.0 and table
    for p in pages:
        p["oof_types"] = np.full(len(PAGE_TYPES), 1.0 / len(PAGE_TYPES), dtype=np.float32)
        x = tl.second_matrix(p, np.full(len(p["texts"]), 0.5), without[p["group"]])
        assert x.shape == (len(p["texts"]), len(tl.SECOND_NAMES)) and np.isfinite(x).all()
