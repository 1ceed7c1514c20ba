"""The `khabar` command line."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import click

from khabar.archive import SORTS
from khabar.enrich import extract
from khabar.errors import InputError, KhabarError
from khabar.fetch import fetch, is_url
from khabar.limits import MAX_INPUT_BYTES
from khabar.model import LABEL_DESCRIPTIONS, PAGE_TYPES, Article, Label
from khabar.page import KINDS
from khabar.version import __version__

FORMATS = ("json", "jsonl", "text", "markdown", "summary")
LANG_CODE = re.compile(r"^[a-z]{2,3}$")


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory (use `khabar run` for folders)", source=str(path))
    if p.stat().st_size > MAX_INPUT_BYTES:
        raise InputError(f"larger than {MAX_INPUT_BYTES // 2**20} MB; not a single page", source=str(path))
    return p.read_bytes()


def _markdown(a: Article, blocks: bool = False) -> str:
    lines = [f"# {a.title or '(no title)'}", ""]
    meta = [
        f"{k}: {v}"
        for k, v in (("site", a.site), ("section", a.section), ("published", a.published), ("lang", a.lang))
        if v
    ]
    if a.authors:
        meta.append("authors: " + ", ".join(a.authors))
    if meta:
        lines += ["*" + " · ".join(meta) + "*", ""]
    if not a.is_article:
        lines += [f"_(not an article: a {a.page_type} page; its main content follows)_", ""]
    lines += _markdown_body(a)
    if a.related:
        lines += ["## Related", ""]
        lines += [f"- {r.title}" + (f" — {r.excerpt}" if r.excerpt else "") for r in a.related]
        lines.append("")
    if blocks:  # every block of the page, in order, with its label and why
        lines += ["## Blocks", ""]
        for b in a.blocks:
            kept = b.label in (Label.BODY, Label.TITLE)
            text = b.text if len(b.text) <= 120 else b.text[:119] + "…"
            lines.append(f"- `{b.label.value}` {'kept' if kept else 'removed'} ({b.reason}): {text}")
    return "\n".join(lines)


def _markdown_body(a: Article) -> list[str]:
    """Paragraphs as markdown: headings, list items, quotes, code, and table cells of one
    row (one enclosing element) as a table row."""
    out: list[str] = []
    kinds = a.structure or ["paragraph"] * len(a.paragraphs)
    rows = [a.blocks[i].path[-2] if i < len(a.blocks) and len(a.blocks[i].path) > 1 else -1 for i in a.paragraph_index]
    k = 0
    while k < len(a.paragraphs):
        text, kind = a.paragraphs[k], kinds[k]
        if kind == "table-cell":
            row = rows[k] if k < len(rows) else -1
            cells = [text]
            while k + 1 < len(a.paragraphs) and kinds[k + 1] == "table-cell" and rows[k + 1] == row:
                k += 1
                cells.append(a.paragraphs[k])
            first_row = not out or not out[-1].startswith("|")
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            if first_row:  # markdown tables need a header rule: the first row serves as header
                out.append("|" + "---|" * len(cells))
            if k + 1 >= len(a.paragraphs) or kinds[k + 1] != "table-cell":
                out.append("")
        elif kind == "heading":
            out += [f"## {text}", ""]
        elif kind == "list-item":
            out.append(f"- {text}")
            if k + 1 >= len(a.paragraphs) or kinds[k + 1] != "list-item":
                out.append("")
        elif kind == "quote":
            out += [f"> {text}", ""]
        elif kind == "code":
            out += ["```", text, "```", ""]
        else:
            out += [text, ""]
        k += 1
    return out


def _summary(source: str, a: Article) -> str:
    words = len(a.text.split())
    kind = "article" if a.is_article else f"{a.page_type} page"
    return f"{source}: {kind}, {len(a.paragraphs)} paragraphs, {words} words, {len(a.removed)} removed — {a.title or '(no title)'}"


def _dumps(obj: Any, pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="khabar")
def cli() -> None:
    """khabar: clean, structured articles from raw news pages, Arabic first."""


@cli.command("extract")
@click.argument("paths", nargs=-1)
@click.option("--input", "kind", type=click.Choice(KINDS), default="auto", show_default=True, help="Input kind.")
@click.option("--url", default=None, help="The page's URL (one input only): sets url and site.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None, help="json for one input, jsonl for several."
)
@click.option("--blocks", is_flag=True, help="Include every block with its label and reason (json, jsonl, markdown).")
@click.option("--enrich/--no-enrich", default=True, show_default=True, help="Dates, quotes, sources, entities, topic.")
@click.option("--urls", "url_list", type=click.File("r", encoding="utf-8"), default=None,
              help="A file of page addresses to fetch, one per line (# starts a comment).")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=15.0, show_default=True,
              help="Seconds to wait for a server, per fetched page.")  # fmt: skip
def extract_cmd(
    paths: tuple[str, ...], kind: str, url: str | None, fmt: str | None, blocks: bool, enrich: bool,
    url_list: Any, timeout: float,
) -> None:  # fmt: skip
    """Extract the article from each page in PATHS: files (HTML or crawl text), - for
    stdin, or http(s) addresses, fetched with a time and size limit.

    A bad input is reported on stderr with its name; the others are still processed, and
    the exit status is 1 if any input failed.
    """
    if url_list is not None:
        listed = [ln.split("#")[0].strip() for ln in url_list]
        bad = [u for u in listed if u and not is_url(u)]
        if bad:
            raise click.BadParameter(f"not http(s) addresses: {', '.join(bad[:3])}", param_hint="--urls")
        paths = (*paths, *(u for u in listed if u))
    if not paths:
        raise click.UsageError("give at least one page: a file, -, an http(s) address, or --urls FILE")
    if url and len(paths) > 1:
        raise click.UsageError("--url applies to one input only")
    fmt = fmt or ("json" if len(paths) == 1 else "jsonl")
    failed = 0
    for path in paths:
        source = "<stdin>" if path == "-" else path
        try:
            if is_url(path):
                page = fetch(path, timeout=timeout)
                article = extract(page.content, url=url or page.url, kind=kind, charset=page.charset,  # type: ignore[arg-type]
                                  source=path, enrich=enrich)  # fmt: skip
            else:
                article = extract(_read(path), url=url, kind=kind, source=source, enrich=enrich)  # type: ignore[arg-type]
        except (KhabarError, OSError) as e:
            failed += 1
            msg = str(e) if isinstance(e, KhabarError) else f"{source}: {e.strerror or e}"
            click.echo(f"khabar: error: {msg}", err=True)
            if fmt == "jsonl":
                click.echo(_dumps({"source": source, "error": msg}, False))
            continue
        for w in article.warnings:
            click.echo(f"khabar: warning: {source}: {w}", err=True)
        data = article.to_dict(with_blocks=blocks)
        if fmt == "json":
            click.echo(_dumps(data, True))
        elif fmt == "jsonl":
            click.echo(_dumps({"source": source, **data}, False))
        elif fmt == "text":
            click.echo("\n".join(filter(None, [article.title, article.text])) + "\n")
        elif fmt == "markdown":
            click.echo(_markdown(article, blocks))
        else:
            click.echo(_summary(source, article))
    if failed:
        sys.exit(1)


@cli.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "jsonl"]), default="parquet", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Worker processes [default: all cores].")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--ray-address", default=None, help="Ray cluster address (default: start a local one).")
@click.option("--shared-inputs", is_flag=True,
              help="Every Ray node sees the inputs at the same paths: workers read their own shards "
                   "(automatic when all nodes are on this machine).")  # fmt: skip
@click.option("--shard-size", type=click.IntRange(min=1), default=100, show_default=True, help="Records per shard.")
@click.option("--site-learning/--no-site-learning", default=True, show_default=True,
              help="First pass: learn each site's recurring blocks.")  # fmt: skip
@click.option("--dedup/--no-dedup", default=True, show_default=True, help="Mark near-duplicate articles.")
@click.option("--lang", "langs", default=None, help="Keep only these languages, comma-separated (e.g. ar).")
@click.option("--min-words", type=click.IntRange(min=0), default=0, show_default=True, help="Shortest body kept.")
@click.option("--keep-non-articles", is_flag=True, help="Keep every page type, not only articles.")
@click.option("--types", "types", default=None,
              help=f"Keep only these page types, comma-separated ({', '.join(PAGE_TYPES)}).")  # fmt: skip
@click.option("--enrich/--no-enrich", default=True, show_default=True, help="Dates, quotes, sources, entities, topic.")
@click.option("--progress/--no-progress", default=None, help="Progress bar [default: on a terminal].")
def run_cmd(
    inputs: tuple[str, ...], outdir: str, fmt: str, workers: int | None, engine: str, ray_address: str | None,
    shared_inputs: bool, shard_size: int, site_learning: bool, dedup: bool, langs: str | None, min_words: int,
    keep_non_articles: bool, types: str | None, enrich: bool, progress: bool | None,
) -> None:  # fmt: skip
    """Process a corpus: WARC/ARC, WET, JSONL(.gz/.zst), Parquet, folders or globs of pages.

    Writes one row per input record (status ok, error or skipped) as sharded Parquet or
    JSONL in OUTDIR, and OUTDIR/_stats.json. Run the same command again to resume.
    """
    from khabar.batch import Filters, run

    if engine == "local":
        from khabar.batch.executor import hide_pandas

        hide_pandas()
    import glob
    import os

    from khabar.readers import match

    missing = [i for i in inputs if not (match(i) if glob.has_magic(i) else os.path.lexists(i))]
    if missing:
        raise click.BadParameter(f"no such file, folder or match: {', '.join(missing)}", param_hint="INPUTS")
    lang_codes = tuple(x.strip().lower() for x in langs.split(",") if x.strip()) if langs is not None else None
    bad_langs = [x for x in lang_codes or () if not LANG_CODE.match(x)]
    if bad_langs or lang_codes == ():
        raise click.BadParameter(f"{', '.join(bad_langs) or 'nothing'}: give ISO 639 language codes, such as ar, en, fa, ur",
                                 param_hint="--lang")  # fmt: skip
    wanted = tuple(t.strip() for t in types.split(",") if t.strip()) if types is not None else None
    unknown = [t for t in wanted or () if t not in PAGE_TYPES]
    if unknown or wanted == ():
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'}: page types are {', '.join(PAGE_TYPES)}",
                                 param_hint="--types")  # fmt: skip
    filters = Filters(
        langs=lang_codes,
        min_words=min_words,
        articles_only=not keep_non_articles,
        types=None if keep_non_articles else wanted,
    )
    try:
        stats = run(list(inputs), outdir, fmt=fmt, workers=workers, engine=engine, ray_address=ray_address,
                    shared_inputs=shared_inputs,
                    shard_size=shard_size, learn_sites=site_learning, dedup=dedup, filters=filters, enrich=enrich,
                    progress=progress)  # fmt: skip
    except KhabarError as e:
        raise click.ClickException(str(e)) from e
    this = stats.this_run
    if not stats.accounted:
        click.echo(f"khabar: warning: the inputs hold {stats.records_in:,} records and the run wrote "
                   f"{stats.rows_out:,} rows; please report this", err=True)  # fmt: skip
    unread = stats.files_not_read
    if unread.count:
        why = ", ".join(f"{k} {v:,}" for k, v in unread.why.items())
        click.echo(f"khabar: {unread.count:,} files in the folders were not read ({why}); see {outdir}/_stats.json",
                   err=True)  # fmt: skip
    errors = stats.status.get("error", 0)
    if errors:
        kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(stats.errors.items()))
        click.echo(f"khabar: {errors:,} records could not be read or extracted ({kinds}); "
                   "each is a row with status error", err=True)  # fmt: skip
    click.echo(
        f"{stats.records_in:,} records in, {stats.rows_out:,} rows out "
        f"({', '.join(f'{k} {v:,}' for k, v in stats.status.items())}); "
        f"{stats.kept:,} kept, {stats.duplicates.get('duplicates', 0):,} near-duplicates; "
        f"this run {this.records:,} records at {this.records_per_s or 0:,.1f}/s -> {outdir}"
    )


@cli.command("index")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="SQLite file (created if missing).")
def index_cmd(outdir: str, db: str) -> None:
    """Load the articles of a `khabar run` OUTDIR into a searchable SQLite archive."""
    from khabar.archive import index

    repeated: list[str] = []
    try:
        n = index(outdir, db, repeated)
    except KhabarError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"{n:,} articles indexed into {db}")
    if repeated:
        click.echo(f"khabar: {len(repeated):,} ids came more than once (the last row of each is kept), "
                   f"e.g. {repeated[0]!r}", err=True)  # fmt: skip


@cli.command("search")
@click.argument("query", required=False, default="")
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--site", default=None)
@click.option("--section", default=None)
@click.option("--topic", default=None)
@click.option("--lang", default=None)
@click.option("--type", "page_type", type=click.Choice(PAGE_TYPES), default=None, help="Page type.")
@click.option("--person", default=None, help="Articles that mention this person.")
@click.option("--org", default=None, help="Articles that mention this organisation.")
@click.option("--place", default=None, help="Articles that mention this place.")
@click.option("--source", default=None, help="Articles that cite this outlet or agency.")
@click.option("--speaker", default=None, help="Articles that quote this speaker.")
@click.option("--from", "date_from", default=None, help="Published on or after (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", default=None, help="Published on or before (YYYY[-MM[-DD]]).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Stories to skip.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True)
def search_cmd(query: str, db: str, sort: str, limit: int, offset: int, fmt: str, **filters: str | None) -> None:
    """Search the archive (Arabic spelling, clitics and endings do not matter; "a phrase" and
    prefix* work). Without QUERY, every article that passes the filters, newest first.
    Each story is listed once, with the other outlets that ran it."""
    from khabar.archive import filters_from, hit_dict, search

    try:
        res = search(db, query, filters_from(filters), sort=sort, limit=limit, offset=offset)
    except KhabarError as e:
        raise click.ClickException(str(e)) from e
    if fmt == "json":
        click.echo(_dumps({"stories": res.stories, "articles": res.articles, "offset": offset,
                           "hits": [hit_dict(h) for h in res.hits]}, True))  # fmt: skip
        return
    if fmt == "jsonl":
        for h in res.hits:
            click.echo(_dumps(hit_dict(h), False))
        return
    shown = f"{offset + 1:,}-{offset + len(res.hits):,} of " if res.hits else ""
    click.echo(f"{shown}{res.stories:,} stories ({res.articles:,} articles)")
    for h in res.hits:
        where = " · ".join(x for x in (h.site, h.published) if x)
        click.echo(
            f"\n{h.title or '(no title)'}"
            + (f"  [{where}]" if where else "")
            + f"\n  {unquote(h.url) if h.url else h.id}\n  {h.snippet}"
        )
        if h.also:
            click.echo("  also: " + ", ".join(a.site or a.id for a in h.also))


@cli.command("serve")
@click.option("--db", default=None, type=click.Path(exists=True, dir_okay=False), help="Archive from `khabar index`.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=20.0, show_default=True,
              help="Seconds an extraction may take before it is given up (504).")  # fmt: skip
def serve_cmd(db: str | None, host: str, port: int, timeout: float) -> None:
    """Serve the HTTP API (/api/extract, /api/search, /api/articles/ID, /openapi.json)."""
    try:
        import uvicorn

        from khabar.serve import create_app
    except ImportError as e:
        raise click.ClickException("serving needs the serve extra: pip install 'khabar[serve]'") from e
    try:
        app = create_app(db, timeout=timeout)
    except KhabarError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"khabar: serving on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command("labels")
@click.option("--model", is_flag=True, help="Also say what the shipped labeller was trained on.")
def labels_cmd(model: bool) -> None:
    """List the block labels and page types khabar uses, with what each means."""
    for label, text in LABEL_DESCRIPTIONS.items():
        click.echo(f"{label.value:16} {text}")
    click.echo(f"page types: {', '.join(PAGE_TYPES)}")
    if model:
        from khabar.label.scorer import models

        click.echo(f"labeller: {models().trained_on}")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
