"""The searchable archive: a run's articles in SQLite with FTS5 full-text search.

Arabic matches the way a reader expects: the indexed text and every query go through the
same `arabic.search_terms` (tashkeel, tatweel, alef/hamza forms, taa marbuta and alef
maqsura folded; the article and one proclitic و ف ب ل stripped), so «الأوكرانيين»,
«الاوكرانيين» and «والأوكرانيين» find each other. Re-indexing the same run replaces rows by
id: it is idempotent.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khabar.arabic import search_terms
from khabar.errors import KhabarError

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT, site TEXT, section TEXT, topic TEXT, lang TEXT, published TEXT,
    title TEXT, text TEXT, row TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, body, tokenize = 'unicode61');
"""
FACETS = ("site", "section", "topic", "lang")


@dataclass
class Hit:
    id: str
    title: str | None
    site: str | None
    published: str | None
    snippet: str
    score: float


def connect(db: str | Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(db))
    con.executescript(SCHEMA)
    return con


def _rows(outdir: Path) -> Iterator[dict[str, Any]]:
    from khabar.batch.writers import read_rows

    files = sorted(outdir.glob("*.parquet")) + sorted(outdir.glob("*.jsonl"))
    if not files:
        raise KhabarError(f"{outdir}: no run output here (*.parquet or *.jsonl from `khabar run`)")
    for path in files:
        yield from read_rows(path)


def index(outdir: str | Path, db: str | Path) -> int:
    """Load a run's article rows into the archive; returns how many were (re)indexed."""
    con = connect(db)
    n = 0
    with con:
        for row in _rows(Path(outdir)):
            if row.get("status") != "ok" or not row.get("is_article"):
                continue
            old = con.execute("SELECT rowid FROM articles WHERE id = ?", (row["id"],)).fetchone()
            if old:
                con.execute("DELETE FROM articles_fts WHERE rowid = ?", old)
                con.execute("DELETE FROM articles WHERE rowid = ?", old)
            cur = con.execute(
                "INSERT INTO articles (id, url, site, section, topic, lang, published, title, text, row) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row["id"], row.get("url"), row.get("site"), row.get("section"), row.get("topic"), row.get("lang"),
                 row.get("published"), row.get("title"), row.get("text"), json.dumps(row, ensure_ascii=False, default=str)),
            )  # fmt: skip
            con.execute(
                "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                (
                    cur.lastrowid,
                    " ".join(search_terms(row.get("title") or "")),
                    " ".join(search_terms(row.get("text") or "")),
                ),
            )
            n += 1
    con.close()
    return n


def _match(query: str) -> str:
    terms = search_terms(query)
    if not terms:
        raise KhabarError("the query has no words to search for")
    return " AND ".join(f'"{t}"' for t in terms)


def search(
    db: str | Path,
    query: str,
    *,
    site: str | None = None,
    section: str | None = None,
    topic: str | None = None,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[int, list[Hit]]:
    """(total hits, one page of hits), best first. Filters are exact; dates are ISO prefixes."""
    where = ["articles_fts MATCH ?"]
    args: list[Any] = [_match(query)]
    for name, value in (("site", site), ("section", section), ("topic", topic), ("lang", lang)):
        if value:
            where.append(f"a.{name} = ?")
            args.append(value)
    if date_from:
        where.append("a.published >= ?")
        args.append(date_from)
    if date_to:
        where.append("substr(a.published, 1, ?) <= ?")
        args.extend([len(date_to), date_to])
    sql_where = " AND ".join(where)
    con = connect(db)
    try:
        total = con.execute(
            f"SELECT count(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE {sql_where}", args
        ).fetchone()[0]
        rows = con.execute(
            f"SELECT a.id, a.title, a.site, a.published, a.text, bm25(articles_fts, 5.0, 1.0) FROM articles_fts "
            f"JOIN articles a ON a.rowid = articles_fts.rowid WHERE {sql_where} "
            "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
    finally:
        con.close()
    wanted = set(search_terms(query))
    return total, [Hit(r[0], r[1], r[2], r[3], snippet(r[4] or "", wanted), -float(r[5])) for r in rows]


def snippet(text: str, wanted: set[str], width: int = 30) -> str:
    """A window of the original text around the first words that match, marked «[...]»."""
    words = text.split()
    marks = [i for i, w in enumerate(words) if set(search_terms(w)) & wanted]
    if not marks:
        return " ".join(words[:width])
    start = max(0, marks[0] - width // 3)
    shown = [f"[{w}]" if i in marks else w for i, w in enumerate(words[start : start + width], start)]
    return ("… " if start else "") + " ".join(shown) + (" …" if start + width < len(words) else "")


def article(db: str | Path, article_id: str) -> dict[str, Any] | None:
    con = connect(db)
    try:
        row = con.execute("SELECT row FROM articles WHERE id = ?", (article_id,)).fetchone()
    finally:
        con.close()
    return json.loads(row[0]) if row else None


def facets(db: str | Path) -> dict[str, list[tuple[str, int]]]:
    """Values of each facet with their counts, most common first."""
    con = connect(db)
    try:
        return {
            f: con.execute(
                f"SELECT {f}, count(*) FROM articles WHERE {f} IS NOT NULL GROUP BY {f} ORDER BY count(*) DESC LIMIT 50"
            ).fetchall()
            for f in FACETS
        }
    finally:
        con.close()
