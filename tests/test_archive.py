"""The SQLite archive: Arabic search that ignores spelling variants, idempotent indexing."""

from __future__ import annotations

from pathlib import Path

import pytest

import khabar
from khabar import archive
from tests.conftest import EXAMPLE, NEWS_HTML, need


def build_archive(tmp: Path) -> Path:
    """The example page and three real news pages, run and indexed as a user would: TMP/archive.db."""
    pages = tmp / "pages"
    pages.mkdir(parents=True)
    (pages / "example.txt").write_bytes(need(EXAMPLE).read_bytes())
    for name in ("addustour.com_metahtml-1153519.html", "youm7.com_htmldate-1691196862.html",
                 "arabic.rt.com_metahtml-1101738.html"):  # fmt: skip
        (pages / name).write_bytes(need(NEWS_HTML / name).read_bytes())
    khabar.run([str(pages)], tmp / "out", workers=1, learn_sites=False, progress=False)
    path = tmp / "archive.db"
    assert archive.index(tmp / "out", path) == 4
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_archive(tmp_path_factory.mktemp("archive"))


@pytest.mark.parametrize(
    ("a", "b"),
    [("الأوكرانيين", "الاوكرانيين"), ("لافروف", "لاڤروف".replace("ڤ", "ف")), ("مُحادَثات", "محادثات"),
     ("والأوكرانيين", "أوكرانيين"), ("وزارة", "وزاره"), ("على", "علي")],
)  # fmt: skip
def test_spellings_find_the_same(db: Path, a: str, b: str) -> None:
    ta, ha = archive.search(db, a)
    tb, hb = archive.search(db, b)
    assert ta == tb and [h.id for h in ha] == [h.id for h in hb]
    assert ta >= 1


def test_hits_snippets_and_article(db: Path) -> None:
    total, hits = archive.search(db, "لافروف")
    assert total == 1 and hits[0].title and hits[0].title.startswith("«الخارجية الأمريكية»")
    assert "[" in hits[0].snippet
    row = archive.article(db, hits[0].id)
    assert row is not None and len(row["paragraphs"]) == 8 and row["quotes"]
    assert archive.article(db, "no-such-id") is None


def test_filters_and_facets(db: Path) -> None:
    total, _ = archive.search(db, "كورونا")
    only, hits = archive.search(db, "كورونا", site="addustour.com")
    assert 1 <= only < total and all(h.site == "addustour.com" for h in hits)
    assert archive.search(db, "كورونا", date_from="2030")[0] == 0
    f = archive.facets(db)
    assert dict(f["lang"]).get("ar") == 4


def test_reindex_is_idempotent(db: Path, tmp_path: Path) -> None:
    out = next(p for p in db.parent.iterdir() if p.name == "out")
    before = archive.search(db, "وزارة")[0]
    assert archive.index(out, db) == 4
    assert archive.search(db, "وزارة")[0] == before


def test_bad_queries_and_inputs(db: Path, tmp_path: Path) -> None:
    with pytest.raises(khabar.KhabarError, match="no words"):
        archive.search(db, "!!! ...")
    assert archive.search(db, '"; DROP TABLE articles; --')[0] == 0  # SQL-looking text is just words
    assert archive.search(db, "لافروف")[0] == 1  # the table is still there
    with pytest.raises(khabar.KhabarError, match="no run output"):
        archive.index(tmp_path, tmp_path / "x.db")
