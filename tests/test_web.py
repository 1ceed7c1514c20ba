"""The web page in a real browser: Debian's headless Chromium driven by Playwright, against
`khabar serve` started on 127.0.0.1 by the test, on an archive of the bundled sample pages
and the shared Arabic news pages (the samples are copies of some of those: near-duplicate
stories, as in a real crawl). Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

import khabar
from khabar import archive
from tests.conftest import EXAMPLE, NEWS_HTML, REPO, need, served

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]  # fmt: skip
ARTIFACTS = REPO / "test-artifacts"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("web")
    extra = tmp / "example"
    extra.mkdir()
    shutil.copy(need(EXAMPLE), extra / "alkhaleej-state-dept.txt")
    khabar.run(
        [str(REPO / "samples" / "pages"), str(need(NEWS_HTML)), str(extra)], tmp / "out", workers=1, progress=False
    )
    archive.index(tmp / "out", tmp / "archive.db")
    with served(tmp / "archive.db") as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str):  # type: ignore[no-untyped-def]
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server: str):  # type: ignore[no-untyped-def]
    # Playwright's wait_for_function evaluates strings, which the server's Content-Security-
    # Policy forbids; test_the_page_runs_under_its_own_policy checks the page without this
    pg = browser.new_page(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    pg.base = server
    yield pg
    pg.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 5_000


def _search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.fill("#q", query)
    page.click("button.go")
    page.wait_for_function("document.querySelector('#total').textContent.length > 1")
    return page.locator(".hit h2").all_inner_texts()


def test_the_page_runs_under_its_own_policy(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    """With the server's Content-Security-Policy in force: the page searches, opens an
    article and draws the overview, and the browser reports no violation."""
    strict = browser.new_page()
    problems: list[str] = []
    strict.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    strict.on("pageerror", lambda e: problems.append(str(e)))
    strict.goto(server + "/?q=كورونا")
    strict.wait_for_selector(".hit")
    strict.locator(".hit h2 a").first.click()
    strict.wait_for_selector("#inspector .block")
    strict.goto(server + "/?view=overview")
    strict.wait_for_selector('[data-chart="month"] rect')
    assert problems == []
    strict.close()


def test_search_in_two_spellings_gives_the_same_hits(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base)
    assert page.locator("html").get_attribute("dir") == "rtl"
    with_hamza = _search(page, "الأوكرانيين")
    without = _search(page, "الاوكرانيين")
    with_tashkeel = _search(page, "الأُوكْرَانِيِّين")
    assert with_hamza == without == with_tashkeel and len(with_hamza) >= 1
    assert page.locator("mark").count() >= 1  # the snippet marks the words found


def test_the_address_holds_the_search(page, browser) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base)
    page.select_option("#sort", "date")
    hits = _search(page, "الصين")
    query = parse_qs(urlparse(page.url).query)
    assert query["q"] == ["الصين"] and query["sort"] == ["date"]
    fresh = browser.new_page(bypass_csp=True)
    fresh.goto(page.url)  # a shared link, opened fresh
    fresh.wait_for_selector(".hit")
    assert fresh.locator(".hit h2").all_inner_texts() == hits and fresh.input_value("#q") == "الصين"
    fresh.close()


def test_no_story_twice_and_a_way_to_the_next_hits(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/?sort=date")  # every article: more stories than one screen holds
    page.wait_for_selector(".hit")
    first = page.locator(".hit h2").all_inner_texts()
    urls = page.locator(".hit .meta a[target]").evaluate_all("els => els.map(e => e.href)")
    assert len(first) == 20 and len(set(first)) == len(first) and len(set(urls)) == len(urls)
    assert page.locator(".also a").count() >= 1  # the folded copies are named, with their links
    # mixed-direction metadata (a Latin site, an Arabic section, a date) reads right to left,
    # item after item, each isolated in its own direction
    for n in range(5):
        spans = page.locator(".hit").nth(n).locator(".meta").first.locator(":scope > span")
        rights = spans.evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
        assert len(rights) >= 2 and rights == sorted(rights, reverse=True)
        assert spans.locator("bdi").count() == len(rights)
    shot(page, "web-results")
    top = "document.querySelector('.hit h2') && document.querySelector('.hit h2').innerText"
    page.click("#pager a.next")
    page.wait_for_function("new URLSearchParams(location.search).get('page') === '2'")
    page.wait_for_function(f"{top} !== {first[0]!r}")
    second = page.locator(".hit h2").all_inner_texts()
    assert second and not set(second) & set(first)
    page.go_back()
    page.wait_for_function("!new URLSearchParams(location.search).get('page')")
    page.wait_for_function(f"{top} === {first[0]!r}")
    assert page.locator(".hit h2").all_inner_texts() == first


def test_open_article_links_to_source_and_inspector(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base)
    _search(page, "لافروف")
    page.locator(".hit h2 a").first.click()
    page.wait_for_selector("#art-title")
    assert "id=" in page.url  # the article has its own address
    assert page.inner_text("#art-title").startswith("«الخارجية الأمريكية»")
    assert page.locator("article p").count() >= 8 and page.locator("blockquote").count() >= 1
    labels = page.locator("#inspector .block").evaluate_all("els => els.map(e => e.dataset.label)")
    assert labels[0] == "related-heading" and labels[-1] == "social" and labels.count("teaser-title") == 5
    assert labels.index("title") == labels.index("body") - 1
    assert page.locator("#inspector .l-teaser-title .lab").first.inner_text() == "عنوان خبر آخر"  # Arabic names
    page.go_back()
    page.wait_for_selector(".hit")
    page.goto(page.base + "/?q=الصين&sort=date")  # newest first: the first has a date
    page.wait_for_selector(".hit")
    page.locator(".hit h2 a").first.click()
    page.wait_for_selector("#art-source a")
    href = page.get_attribute("#art-source a", "href") or ""
    assert href.startswith("http") and page.get_attribute("#art-source a", "target") == "_blank"
    meta = page.locator("article .meta bdi").all_inner_texts()
    assert any(m[-4:].isdigit() and any(c.isalpha() for c in m) for m in meta)  # a date as a reader writes it
    assert not any("T" in m and ":" in m for m in meta)  # never raw ISO
    shot(page, "web-article")


def test_a_malformed_date_gets_words(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base)
    page.fill("#from", "2020/03")
    _ = page.fill("#q", "كورونا")
    page.click("button.go")
    page.wait_for_selector(".error")
    text = page.inner_text(".error")
    assert "2020/03" in text and "2020-03" in text and "object" not in text
    page.goto(page.base + "/?q=كورونا&type=poem")  # the server's refusal, shown as a sentence too
    page.wait_for_selector(".error")
    assert "poem" in page.inner_text(".error") and "object" not in page.inner_text(".error")


@pytest.mark.parametrize(
    "where", ["/?q=كورونا", "/?view=overview", "/?view=quotes&speaker=ترامب", "/?view=paste", "ARTICLE"]
)
def test_nothing_scrolls_sideways_on_a_phone(browser, server: str, where: str) -> None:  # type: ignore[no-untyped-def]
    phone = browser.new_page(viewport={"width": 360, "height": 780}, bypass_csp=True)
    if where == "ARTICLE":
        phone.goto(server + "/?q=كورونا")
        phone.wait_for_selector(".hit")
        phone.locator(".hit h2 a").first.click()
        phone.wait_for_selector("#inspector")
    else:
        phone.goto(server + where)
        phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "web-phone-" + (where.split("=")[1].split("&")[0] if "=" in where else "article"))
    phone.close()


def test_overview_charts_and_who_said_what(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/?view=overview")
    page.wait_for_selector('[data-chart="month"] rect')
    assert page.locator('[data-chart="site"] .row').count() >= 5
    for chart in ("person", "place", "source", "speaker"):
        assert page.locator(f'[data-chart="{chart}"] .row').count() >= 1
    shot(page, "web-overview")
    before = page.locator('[data-chart="month"] rect').count()
    page.locator('[data-chart="site"] .row').first.click()  # a bar narrows the overview
    page.wait_for_function("new URLSearchParams(location.search).get('site')")
    page.wait_for_function(f"document.querySelectorAll('[data-chart=month] rect').length < {before}")
    assert page.locator('[data-chart="site"] .row').count() == 1
    page.goto(page.base + "/?view=quotes&speaker=ترامب")
    page.wait_for_selector(".quote")
    speakers = page.locator(".quote .meta a").first.inner_text()
    assert "ترامب" in speakers


def test_month_facet_narrows_to_a_month(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/?q=كورونا")
    page.wait_for_selector(".hit")
    total = page.inner_text("#total")
    page.locator("#facets h3:has-text('الشهر') ~ a").first.click()
    page.wait_for_function("new URLSearchParams(location.search).get('from')")
    page.wait_for_function(f"document.querySelector('#total').textContent !== {total!r}")
    params = parse_qs(urlparse(page.url).query)
    assert params["from"] == params["to"] and len(params["from"][0]) == 7
    page.wait_for_selector("#facets a.on")  # the facets are drawn after the hits
    assert page.locator(".hit").count() >= 1 and page.locator("#facets a.on").count() == 1


def test_export_links_carry_the_search(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/?q=كورونا&site=addustour.com")
    page.wait_for_selector("#export-csv")
    href = page.get_attribute("#export-csv", "href") or ""
    assert "format=csv" in href and "q=" in href and "site=addustour.com" in href
    with page.expect_download() as dl:
        page.click("#export-jsonl")
    assert Path(dl.value.path()).read_text(encoding="utf-8").count("\n") >= 1


def test_docs_render_offline(page) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page.base + "/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "khabar" in page.inner_text(".swagger-ui .info .title")
    assert requests and all(u.startswith(page.base) or u.startswith("data:") for u in requests), requests
    shot(page, "web-docs")


def test_paste_a_page(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/?view=paste")
    page.fill("#page", need(EXAMPLE).read_text(encoding="utf-8"))
    page.click("#extract")
    page.wait_for_selector("#extracted #art-title")
    assert page.inner_text("#paste-status") == "مقال"
    assert page.locator("#extracted .l-placeholder").count() == 2
    shot(page, "web-page")
