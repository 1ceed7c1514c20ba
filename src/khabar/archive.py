"""The searchable archive: a run's articles in SQLite with FTS5 full-text search.

Arabic matches the way a reader expects: the indexed text and every query go through the
same `stems.search_terms` (spelling folded; the article, proclitics and the endings a
reader means cut only where what remains is a word), so «فلسطين» finds «الفلسطينية» and
«والفلسطينيين», and «وزير» is never cut to «زير». A query may hold "an exact phrase" and
prefix* words.

What is indexed is what the run kept (`kept`, status ok). Near-duplicates found by the run
stay as rows but share a story id (`dup_cluster`): a search lists each story once, with the
other outlets that ran it. Enrichment goes to a `mentions` table (people, organisations,
places, cited sources, quoted speakers) for facets and overviews, and quotes to their own
table, searchable by speaker. Re-indexing the same run replaces rows by id: it is idempotent.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from khabar.errors import ArchiveError, ConfigError
from khabar.lang.stems import search_terms

VERSION = 2  # PRAGMA user_version: an archive built with other search terms must be rebuilt
SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT, site TEXT, section TEXT, topic TEXT, lang TEXT, published TEXT, page_type TEXT,
    title TEXT, text TEXT, story TEXT NOT NULL, row TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story);
CREATE TABLE IF NOT EXISTS mentions (article INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_value ON mentions(kind, value);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article);
CREATE TABLE IF NOT EXISTS quotes (
    article INTEGER NOT NULL, speaker TEXT, speaker_key TEXT, verb TEXT, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, body, tokenize = 'unicode61');
"""
COLUMNS = ("site", "section", "topic", "lang", "page_type")  # facets that are columns
MENTIONS = ("person", "org", "place", "source", "speaker")  # facets from the enrichment
FACETS = (*COLUMNS, "month", *MENTIONS)
SORTS = ("relevance", "date", "oldest")
MAX_EXPORT = 100_000
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_QUERY_PART = re.compile(r'"([^"]*)"|(\S+)')


@dataclass
class Filters:
    """What narrows a search. Values are exact; dates are ISO prefixes (2020, 2020-03, 2020-03-15)."""

    site: str | None = None
    section: str | None = None
    topic: str | None = None
    lang: str | None = None
    page_type: str | None = None
    person: str | None = None
    org: str | None = None
    place: str | None = None
    source: str | None = None
    speaker: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and not _DATE.match(value):
                raise ConfigError(
                    f"{name.replace('_', ' ')}: {value!r} is not a date; write 2020, 2020-03 or 2020-03-15"
                )


@dataclass
class AlsoItem:
    """Another article of the same story."""

    id: str
    url: str | None
    site: str | None
    title: str | None


@dataclass
class Hit:
    id: str
    title: str | None
    url: str | None
    site: str | None
    section: str | None
    topic: str | None
    published: str | None
    snippet: str
    score: float
    story: str
    also: list[AlsoItem] = field(default_factory=list)  # the same story elsewhere


@dataclass
class Results:
    stories: int  # matching stories (near-duplicates counted once)
    articles: int  # matching articles
    hits: list[Hit]


def connect(db: str | Path, *, write: bool = False) -> sqlite3.Connection:
    """Open the archive; one built by another version of khabar's search terms is refused."""
    path = Path(db)
    if not write and not path.exists():
        raise ArchiveError(f"{db}: no archive here (build one with `khabar index OUTDIR --db {db}`)")
    try:
        con = sqlite3.connect(str(path))
        version = con.execute("PRAGMA user_version").fetchone()[0]
        has_rows = con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise ArchiveError(f"{db}: not a khabar archive ({e})") from e
    if has_rows and version != VERSION:
        con.close()
        raise ArchiveError(f"{db}: built by an older khabar (archive version {version}, now {VERSION}); "
                          "index the run again into a new file")  # fmt: skip
    con.executescript(SCHEMA)
    con.execute(f"PRAGMA user_version = {VERSION}")
    return con


def _rows(outdir: Path) -> Iterator[dict[str, Any]]:
    from khabar.batch.writers import read_rows

    files = sorted(outdir.glob("*.parquet")) + sorted(outdir.glob("*.jsonl"))
    if not files:
        raise ArchiveError(f"{outdir}: no run output here (*.parquet or *.jsonl from `khabar run`)")
    for path in files:
        yield from read_rows(path)


def _wanted(row: dict[str, Any]) -> bool:
    if row.get("status") != "ok":
        return False
    kept = row.get("kept")
    return bool(row.get("is_article")) if kept is None else bool(kept)


def _mentions(row: dict[str, Any]) -> set[tuple[str, str]]:
    out = {(e["type"], e["text"]) for e in row.get("entities") or [] if e.get("type") in MENTIONS and e.get("text")}
    out |= {("source", s["name"]) for s in row.get("sources") or [] if s.get("name")}
    out |= {("speaker", q["speaker"]) for q in row.get("quotes") or [] if q.get("speaker")}
    return out


def index(outdir: str | Path, db: str | Path, repeated: list[str] | None = None) -> int:
    """Load the rows a run kept into the archive; returns how many were (re)indexed. An id
    already in the archive is replaced (re-indexing a run is idempotent); an id that comes
    twice in this output (two inputs whose records share an id) keeps its last row, and is
    added to `repeated` so the caller can say so."""
    con = connect(db, write=True)
    n = 0
    seen: set[str] = set()
    with con:
        for row in _rows(Path(outdir)):
            if not _wanted(row):
                continue
            if row["id"] in seen and repeated is not None:
                repeated.append(row["id"])
            seen.add(row["id"])
            old = con.execute("SELECT rowid FROM articles WHERE id = ?", (row["id"],)).fetchone()
            if old:
                for table, key in (
                    ("articles_fts", "rowid"),
                    ("articles", "rowid"),
                    ("mentions", "article"),
                    ("quotes", "article"),
                ):
                    con.execute(f"DELETE FROM {table} WHERE {key} = ?", old)
            cur = con.execute(
                "INSERT INTO articles (id, url, site, section, topic, lang, published, page_type, title, text, story, row) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row["id"], row.get("url"), row.get("site"), row.get("section"), row.get("topic"), row.get("lang"),
                 row.get("published"), row.get("page_type"), row.get("title"), row.get("text"),
                 row.get("dup_cluster") or row["id"], json.dumps(row, ensure_ascii=False, default=str)),
            )  # fmt: skip
            rid = cur.lastrowid
            title, body = (" ".join(search_terms(row.get(k) or "")) for k in ("title", "text"))
            con.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)", (rid, title, body))
            con.executemany("INSERT INTO mentions VALUES (?, ?, ?)", [(rid, k, v) for k, v in _mentions(row)])
            con.executemany(
                "INSERT INTO quotes VALUES (?, ?, ?, ?, ?)",
                [(rid, q.get("speaker"), " ".join(search_terms(q.get("speaker") or "")), q.get("verb"), q["text"])
                 for q in row.get("quotes") or [] if q.get("text")],
            )  # fmt: skip
            n += 1
    con.close()
    return n


def match_expression(query: str) -> str:
    """The FTS5 expression for a user's query: every word must be there (as its stem),
    "quoted words" as a phrase, a word ending in * as a prefix."""
    parts: list[str] = []
    for phrase, word in _QUERY_PART.findall(query):
        if phrase:
            terms = search_terms(phrase)
            if terms:
                parts.append('"' + " ".join(terms) + '"')
        elif word.endswith("*") and len(word) > 1:
            terms = search_terms(word[:-1])
            if terms:
                parts.extend(f'"{t}"' for t in terms[:-1])
                parts.append(f'"{terms[-1]}" *')
        else:
            parts.extend(f'"{t}"' for t in search_terms(word))
    if not parts:
        raise ConfigError(f"the query {query!r} has no words to search for")
    return " AND ".join(parts)


def _where(query: str | None, filters: Filters) -> tuple[str, str, list[Any]]:
    """(FROM clause, WHERE clause, arguments) selecting the matching articles as `a`."""
    where: list[str] = []
    args: list[Any] = []
    source = "articles a"
    if query and query.strip():
        source = "articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        where.append("articles_fts MATCH ?")
        args.append(match_expression(query))
    for name in COLUMNS:
        if value := getattr(filters, name):
            where.append(f"a.{name} = ?")
            args.append(value)
    for kind in MENTIONS:
        if value := getattr(filters, kind):
            where.append("a.rowid IN (SELECT article FROM mentions WHERE kind = ? AND value = ?)")
            args.extend([kind, value])
    if filters.date_from:
        where.append("a.published >= ?")
        args.append(filters.date_from)
    if filters.date_to:
        where.append("substr(a.published, 1, ?) <= ?")
        args.extend([len(filters.date_to), filters.date_to])
    return source, " AND ".join(where) or "1", args


def search(
    db: str | Path,
    query: str | None = None,
    filters: Filters | None = None,
    *,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """One page of matching stories, best (or newest) first. Without a query: every article
    that passes the filters, newest first."""
    if sort not in SORTS:
        raise ConfigError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    filters = filters or Filters()
    source, where, args = _where(query, filters)
    ranked = bool(query and query.strip())
    rank = "bm25(articles_fts, 5.0, 1.0)" if ranked else "0.0"
    order = {"relevance": "best.rank, best.published DESC" if ranked else "best.published DESC",
             "date": "best.published DESC, best.rank",
             "oldest": "best.published IS NULL, best.published, best.rank"}[sort]  # fmt: skip
    matched = (
        f"WITH m AS (SELECT a.rowid AS rid, a.story, a.published, {rank} AS rank FROM {source} WHERE {where}), "
        "best AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY story ORDER BY rank, published DESC) AS n FROM m) "
    )
    con = connect(db)
    try:
        stories, articles = con.execute(
            f"{matched} SELECT count(*) FILTER (WHERE n = 1), count(*) FROM best", args
        ).fetchone()
        rows = con.execute(
            f"{matched} SELECT a.id, a.title, a.url, a.site, a.section, a.topic, a.published, a.text, best.rank, a.story "
            f"FROM best JOIN articles a ON a.rowid = best.rid WHERE n = 1 ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        also: dict[str, list[AlsoItem]] = {}
        if rows:
            ids = [r[0] for r in rows]
            marks = ",".join("?" * len(rows))
            for story, aid, url, site, title in con.execute(
                f"SELECT story, id, url, site, title FROM articles WHERE story IN ({marks}) AND id NOT IN ({marks}) "
                "ORDER BY published",
                [*(r[9] for r in rows), *ids],
            ):
                also.setdefault(story, []).append(AlsoItem(aid, url, site, title))
    finally:
        con.close()
    wanted = set(search_terms(query or ""))
    hits = [Hit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], snippet(r[7] or "", wanted), -float(r[8]), r[9], also.get(r[9], []))
            for r in rows]  # fmt: skip
    return Results(stories, articles, hits)


def snippet(text: str, wanted: set[str], width: int = 30) -> str:
    """A window of the original text around the first words that match, marked «[...]»."""
    words = text.split()
    marks = [i for i, w in enumerate(words) if wanted and set(search_terms(w)) & wanted]
    if not marks:
        return " ".join(words[:width]) + (" …" if len(words) > width else "")
    start = max(0, marks[0] - width // 3)
    shown = [f"[{w}]" if i in marks else w for i, w in enumerate(words[start : start + width], start)]
    return ("… " if start else "") + " ".join(shown) + (" …" if start + width < len(words) else "")


def article(db: str | Path, article_id: str) -> dict[str, Any] | None:
    """The full row of one article, with the other outlets that ran the same story."""
    con = connect(db)
    try:
        got = con.execute("SELECT row, story FROM articles WHERE id = ?", (article_id,)).fetchone()
        if not got:
            return None
        also = con.execute(
            "SELECT id, url, site, title FROM articles WHERE story = ? AND id != ? ORDER BY published",
            (got[1], article_id),
        ).fetchall()
    finally:
        con.close()
    row: dict[str, Any] = json.loads(got[0])
    row["also"] = [dict(zip(("id", "url", "site", "title"), a)) for a in also]
    return row


def facets(
    db: str | Path, query: str | None = None, filters: Filters | None = None, *, limit: int = 12
) -> dict[str, list[tuple[str, int]]]:
    """For the articles a search matches (all, without one): each facet's values with how
    many of them have it, most common first; `month` is in date order."""
    source, where, args = _where(query, filters or Filters())
    con = connect(db)
    try:
        con.execute("CREATE TEMP TABLE hits AS SELECT a.rowid AS rid FROM " + source + " WHERE " + where, args)
        out: dict[str, list[tuple[str, int]]] = {}
        for name in COLUMNS:
            out[name] = con.execute(
                f"SELECT {name}, count(*) c FROM articles WHERE rowid IN (SELECT rid FROM hits) AND {name} IS NOT NULL "
                f"GROUP BY {name} ORDER BY c DESC, {name} LIMIT ?",
                (limit,),
            ).fetchall()
        out["month"] = con.execute(
            "SELECT substr(published, 1, 7) m, count(*) FROM articles WHERE rowid IN (SELECT rid FROM hits) "
            "AND published IS NOT NULL GROUP BY m ORDER BY m"
        ).fetchall()
        for kind in MENTIONS:
            out[kind] = con.execute(
                "SELECT value, count(DISTINCT article) c FROM mentions WHERE kind = ? AND article IN (SELECT rid FROM hits) "
                "GROUP BY value ORDER BY c DESC, value LIMIT ?",
                (kind, limit),
            ).fetchall()
    finally:
        con.close()
    return out


def quotes(
    db: str | Path, speaker: str | None = None, query: str | None = None, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """Who said what: quotes whose speaker's name holds `speaker` (spelling folded as in
    search), and whose article matches `query`; newest first."""
    where, args = ["1"], []
    if speaker and speaker.strip():
        key = " ".join(search_terms(speaker))
        if not key:
            raise ConfigError(f"the speaker {speaker!r} has no words to search for")
        where.append("(' ' || q.speaker_key || ' ') LIKE ?")
        args.append(f"% {key} %")
    if query and query.strip():
        where.append("q.article IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        args.append(match_expression(query))
    sql = " AND ".join(where)
    con = connect(db)
    try:
        total = con.execute(f"SELECT count(*) FROM quotes q WHERE {sql}", args).fetchone()[0]
        rows = con.execute(
            f"SELECT q.speaker, q.verb, q.text, a.id, a.title, a.url, a.site, a.published FROM quotes q "
            f"JOIN articles a ON a.rowid = q.article WHERE {sql} ORDER BY a.published DESC LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
    finally:
        con.close()
    keys = ("speaker", "verb", "text", "id", "title", "url", "site", "published")
    return total, [dict(zip(keys, r)) for r in rows]


EXPORT_FIELDS = ("id", "url", "site", "section", "topic", "lang", "published", "title", "text", "story")


def export(
    db: str | Path, query: str | None = None, filters: Filters | None = None, *, sort: str = "relevance"
) -> Iterator[dict[str, Any]]:
    """Every article a search matches (near-duplicates included, each with its story id), as
    flat rows in the search's order; at most MAX_EXPORT."""
    if sort not in SORTS:
        raise ConfigError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    source, where, args = _where(query, filters or Filters())
    ranked = bool(query and query.strip())
    order = {"relevance": "bm25(articles_fts, 5.0, 1.0), a.published DESC" if ranked else "a.published DESC",
             "date": "a.published DESC", "oldest": "a.published IS NULL, a.published"}[sort]  # fmt: skip
    cols = ", ".join(f"a.{c}" for c in EXPORT_FIELDS)
    con = connect(db)
    try:
        for row in con.execute(
            f"SELECT {cols} FROM {source} WHERE {where} ORDER BY {order} LIMIT ?", [*args, MAX_EXPORT]
        ):
            yield dict(zip(EXPORT_FIELDS, row))
    finally:
        con.close()


def filters_from(values: dict[str, Any]) -> Filters:
    """Filters from a mapping (CLI options, query parameters): unknown keys are ignored."""
    names = {f.name for f in fields(Filters)}
    return Filters(**{k: v for k, v in values.items() if k in names and v})


def hit_dict(hit: Hit) -> dict[str, Any]:
    return asdict(hit)
