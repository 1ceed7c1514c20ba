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
    ra, rb = archive.search(db, a), archive.search(db, b)
    assert ra.stories == rb.stories >= 1 and [h.id for h in ra.hits] == [h.id for h in rb.hits]


@pytest.mark.parametrize(
    ("word", "stem"),
    [("فلسطين", "فلسطين"), ("الفلسطينية", "فلسطين"), ("والفلسطينيين", "فلسطين"), ("وزير", "وزير"),
     ("الوزير", "وزير"), ("لبنان", "لبنان"), ("اللبنانيون", "لبنان"), ("فيروس", "فيروس"), ("الفيروسات", "فيروس"),
     ("اقتصاد", "اقتصاد"), ("الاقتصادية", "اقتصاد"), ("حكومات", "حكومه"), ("الحكومي", "حكومه"), ("مليون", "مليون"),
     ("والصين", "الصين"), ("بلدية", "بلد")],
)  # fmt: skip
def test_search_terms_never_eat_a_root_letter(word: str, stem: str) -> None:
    from khabar.lang.stems import search_terms

    assert search_terms(word) == [stem]


def test_hits_snippets_and_article(db: Path) -> None:
    res = archive.search(db, "لافروف")
    assert res.stories == 1 and res.hits[0].title and res.hits[0].title.startswith("«الخارجية الأمريكية»")
    assert "[" in res.hits[0].snippet
    row = archive.article(db, res.hits[0].id)
    assert row is not None and len(row["paragraphs"]) == 8 and row["quotes"] and row["also"] == []
    assert archive.article(db, "no-such-id") is None


def test_phrases_and_prefixes(db: Path) -> None:
    assert archive.search(db, '"وزير الخارجية"').stories >= 1
    assert archive.search(db, '"الخارجية وزير لافروف"').stories == 0  # words there, not in that order
    assert archive.search(db, "لافرو*").stories == archive.search(db, "لافروف").stories == 1
    assert archive.search(db, "لافرو").stories == 0


def test_filters_facets_and_sorting(db: Path) -> None:
    total = archive.search(db, "كورونا").stories
    only = archive.search(db, "كورونا", archive.Filters(site="addustour.com"))
    assert 1 <= only.stories < total and all(h.site == "addustour.com" for h in only.hits)
    assert archive.search(db, "كورونا", archive.Filters(date_from="2030")).stories == 0
    assert dict(archive.facets(db)["lang"]).get("ar") == 4
    narrowed = archive.facets(db, "كورونا", archive.Filters(site="addustour.com"))
    assert dict(narrowed["site"]) == {"addustour.com": only.articles}  # facets recount after filtering
    everything = archive.search(db, None, sort="date").hits
    dates = [h.published for h in everything if h.published]
    assert len(everything) == 4 and dates == sorted(dates, reverse=True)
    with pytest.raises(khabar.ConfigError, match="not a date"):
        archive.Filters(date_from="2020/03")


def test_mentions_quotes_and_export(db: Path) -> None:
    f = archive.facets(db, limit=50)
    assert f["speaker"] and f["place"] and f["month"]
    speaker, n = f["speaker"][0]
    assert archive.search(db, None, archive.Filters(speaker=speaker)).articles == n
    total, quotes = archive.quotes(db, speaker)
    assert total >= 1 and all(q["speaker"] == speaker or speaker in (q["speaker"] or "") for q in quotes)
    assert all(q["id"] and q["title"] for q in quotes)
    rows = list(archive.export(db, "كورونا"))
    assert len(rows) == archive.search(db, "كورونا").articles and all(r["text"] for r in rows)


def test_reindex_is_idempotent(db: Path, tmp_path: Path) -> None:
    out = next(p for p in db.parent.iterdir() if p.name == "out")
    before = archive.search(db, "وزارة").articles
    assert archive.index(out, db) == 4
    assert archive.search(db, "وزارة").articles == before


def test_bad_queries_and_inputs(db: Path, tmp_path: Path) -> None:
    with pytest.raises(khabar.ConfigError, match="no words"):
        archive.search(db, "!!! ...")
    assert archive.search(db, '"; DROP TABLE articles; --').stories == 0  # SQL-looking text is just words
    assert archive.search(db, "لافروف").stories == 1  # the table is still there
    with pytest.raises(khabar.ArchiveError, match="no run output"):
        archive.index(tmp_path, tmp_path / "x.db")
    with pytest.raises(khabar.ArchiveError, match="no archive here"):
        archive.search(tmp_path / "missing.db", "news")
    (tmp_path / "notdb.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(khabar.ArchiveError, match="not a khabar archive"):
        archive.search(tmp_path / "notdb.db", "news")
    import sqlite3

    old = sqlite3.connect(tmp_path / "old.db")  # an archive from before the search terms changed
    old.execute("CREATE TABLE articles (id TEXT)")
    old.commit()
    old.close()
    with pytest.raises(khabar.ArchiveError, match="older khabar"):
        archive.search(tmp_path / "old.db", "news")


def test_only_kept_rows_and_stories_folded(tmp_path: Path) -> None:
    """Two copies of one page and a page the run filtered out: the copy folds into the
    story (listed once, `also` the other), the filtered row is not indexed."""
    pages = tmp_path / "pages"
    pages.mkdir()
    page = need(NEWS_HTML / "youm7.com_htmldate-1691196862.html").read_bytes()
    (pages / "a.html").write_bytes(page)
    (pages / "b.html").write_bytes(page)
    (pages / "short.txt").write_text("سطر قصير واحد فقط لا يصنع مقالا.\n", encoding="utf-8")
    from khabar.batch import Filters

    khabar.run(
        [str(pages)], tmp_path / "out", workers=1, learn_sites=False, progress=False, filters=Filters(min_words=20)
    )
    assert archive.index(tmp_path / "out", tmp_path / "a.db") == 2
    title = (archive.article(tmp_path / "a.db", archive.search(tmp_path / "a.db").hits[0].id) or {})["title"]
    res = archive.search(tmp_path / "a.db", title)
    assert (res.stories, res.articles) == (1, 2) and len(res.hits) == 1 and len(res.hits[0].also) == 1


def test_repeated_ids_are_reported(tmp_path: Path) -> None:
    import json

    text = need(EXAMPLE).read_text(encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": "same", "text": text}, ensure_ascii=False) for _ in range(2)), encoding="utf-8"
    )
    khabar.run([str(src)], tmp_path / "out", workers=1, learn_sites=False, dedup=False, progress=False)
    repeated: list[str] = []
    assert archive.index(tmp_path / "out", tmp_path / "a.db", repeated) == 2 and repeated == ["same"]
    assert archive.search(tmp_path / "a.db", "لافروف").articles == 1
