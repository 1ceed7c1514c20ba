"""The web page in a real browser: Debian's headless Chromium driven by Playwright, against
`khabar serve` started on 127.0.0.1 by the test. A screenshot is kept in test-artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO, need, served
from tests.test_archive import db  # noqa: F401  (the archive fixture)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]  # fmt: skip
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:  # noqa: F811
    with served(db) as base:
        yield base


@pytest.fixture(scope="module")
def page(server: str):  # type: ignore[no-untyped-def]
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        pg = browser.new_page()
        pg.goto(server)
        yield pg
        browser.close()


def _search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.fill("#q", query)
    page.click("button.go")
    page.wait_for_function("document.querySelector('#total').textContent.length > 0")
    page.wait_for_timeout(100)
    return page.locator(".hit a").all_inner_texts()


def test_search_in_two_spellings_gives_the_same_hits(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator("html").get_attribute("dir") == "rtl"
    with_hamza = _search(page, "الأوكرانيين")
    without = _search(page, "الاوكرانيين")
    with_tashkeel = _search(page, "الأُوكْرَانِيِّين")
    assert with_hamza == without == with_tashkeel and len(with_hamza) == 1
    assert page.locator("mark").count() >= 1  # the snippet marks the words found


def test_open_article_and_inspector(page) -> None:  # type: ignore[no-untyped-def]
    _search(page, "لافروف")
    page.click(".hit a")
    page.wait_for_selector("#art-title")
    assert page.inner_text("#art-title").startswith("«الخارجية الأمريكية»")
    assert page.locator("article p").count() >= 8
    assert page.locator("blockquote").count() >= 1
    kept = page.locator("#inspector .kept").count()
    gone = page.locator("#inspector .gone").count()
    assert kept >= 9 and gone >= 10
    assert page.locator("#inspector .l-teaser-title").count() == 5
    labels = page.locator("#inspector .block .lab").all_inner_texts()  # in the page's own order
    assert labels[0] == "related-heading" and labels[-1] == "social"
    assert labels.index("title") == labels.index("body") - 1


def test_paste_a_page_and_screenshot(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#tab-paste")
    page.fill("#page", need(EXAMPLE).read_text(encoding="utf-8"))
    page.click("#extract")
    page.wait_for_selector("#extracted #art-title")
    assert page.inner_text("#paste-status") == "مقال"
    assert page.locator("#extracted .l-placeholder").count() == 2
    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "web-page.png"), full_page=True)
    assert (out / "web-page.png").stat().st_size > 10_000
