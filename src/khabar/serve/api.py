"""The HTTP API (FastAPI): extract a page on the spot, search the archive, read an article,
see what a search is made of, export it.

Every bad request is a 4xx with a sentence in `detail`, never a 500: bodies over the size
limit (413), binary or undecodable bodies and unsupported content types (415/422), invalid
parameters (422), unknown ids (404). Extraction runs in a worker thread with a time limit
(504). `/docs` is served from the Swagger UI files the `swagger-ui-py` package ships: no
request leaves the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles

from khabar import __version__, archive
from khabar.enrich import extract
from khabar.errors import ExtractionFailed, InputError, KhabarError
from khabar.limits import EXTRACT_MEMORY, EXTRACT_TIMEOUT, MAX_BODY
from khabar.model import PAGE_TYPES
from khabar.page import KINDS
from khabar.serve.schemas import ArticleOut, FacetCount, Health, QuotesPage, SearchPage, StoredArticle

TIMEOUT = EXTRACT_TIMEOUT
EXTRACTIONS = max(4, 4 * (os.cpu_count() or 1))  # extraction processes at once; more wait their turn
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/octet-stream", "")
DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
# The same query parameters select articles for search, facets, quotes and export.
Text = Annotated[str | None, Query(max_length=200)]
Q = Annotated[str | None, Query(max_length=500, description='words; "a phrase"; prefix*')]
From = Annotated[str | None, Query(alias="from", pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]
To = Annotated[str | None, Query(alias="to", pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]
PageType = Annotated[str | None, Query(alias="type", max_length=20)]
Sort = Annotated[str, Query(pattern="^(relevance|date|oldest)$")]


def _sentence(exc: RequestValidationError) -> str:
    """FastAPI's list of validation errors as one sentence a person can act on."""
    parts = []
    for err in exc.errors():
        where = str(err.get("loc", ["?"])[-1])
        if where == "from" or where == "to":
            parts.append(f"{where}: {err.get('input')!r} is not a date; write 2020, 2020-03 or 2020-03-15")
        else:
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _child(conn: Any, body: bytes, url: str | None, kind: str) -> None:
    """In a forked process: extract, send the result back, exit. Whatever goes wrong is a
    message, never a hang: a page that takes too long is killed by the parent."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (EXTRACT_MEMORY, EXTRACT_MEMORY))
        article = extract(body, url=url, kind=kind, source="request body")  # type: ignore[arg-type]
        conn.send((True, article.to_dict(with_blocks=True)))
    except KhabarError as e:
        conn.send((False, str(e)))
    except MemoryError:
        conn.send((False, f"request body: the page needs more than {EXTRACT_MEMORY // 2**30} GB to extract"))
    except BaseException as e:
        conn.send((False, f"request body: could not extract this page ({type(e).__name__}: {str(e)[:200]})"))
    finally:
        conn.close()
        os._exit(0)


def extract_isolated(body: bytes, url: str | None, kind: str, timeout: float) -> dict[str, Any]:
    """Extract in a process of its own, killed after `timeout` seconds: a hostile page can
    neither take the server's memory nor keep a CPU after its request has been answered."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, body, url, kind), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise TimeoutError
        ok, payload = receive.recv()
    except EOFError as e:
        raise ExtractionFailed("request body: the extraction process died (out of memory?)") from e
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receive.close()
    if not ok:
        raise InputError(payload)
    return payload  # type: ignore[no-any-return]


def create_app(db: str | Path | None = None, *, timeout: float = TIMEOUT) -> FastAPI:
    if db is not None:
        with contextlib.closing(archive.connect(db)):  # a missing or foreign file is refused now, not per request
            pass
    extract("<p>khabar</p>", enrich=True).to_dict()  # load the models before extraction processes fork
    waiting = ThreadPoolExecutor(max_workers=EXTRACTIONS, thread_name_prefix="khabar-extract")
    turns = asyncio.Semaphore(EXTRACTIONS)
    app = FastAPI(title="khabar", version=__version__, docs_url=None, redoc_url=None,
                  description="Clean, structured articles from news pages; a searchable archive of them.")  # fmt: skip
    state: dict[str, Any] = {"db": str(db) if db else None}

    @app.exception_handler(KhabarError)
    async def khabar_error(_: Request, exc: KhabarError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": _sentence(exc)})

    @app.middleware("http")
    async def no_sniffing(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        # the page and the docs are one file each with inline script and style; nothing is
        # loaded from elsewhere, and nothing may be
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
        )
        return response

    page = (resources.files("khabar") / "serve" / "static" / "index.html").read_text(encoding="utf-8")
    try:  # Swagger UI 5 (reads OpenAPI 3.1) as the swagger-ui-py package ships it
        import swagger_ui  # type: ignore[import-untyped]

        assets = Path(swagger_ui.__file__).parent / "static"
        app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")
        docs_ready = (assets / "swagger-ui-bundle.js").exists()
    except ImportError:
        docs_ready = False

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index_page() -> str:
        """The web page: search, read, inspect, paste a page. No asset comes from elsewhere."""
        return page

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs() -> HTMLResponse:
        if not docs_ready:
            raise HTTPException(404, "API docs need the swagger-ui-py package: pip install 'khabar[serve]'")
        return get_swagger_ui_html(openapi_url="/openapi.json", title="khabar API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png")  # fmt: skip

    @app.get("/healthz")
    async def healthz() -> Health:
        return Health(status="ok", version=__version__, archive=bool(state["db"]))

    @app.post("/api/extract")
    async def extract_page(
        request: Request,
        url: Annotated[str | None, Query(max_length=2048)] = None,
        kind: Annotated[str, Query(pattern="^(auto|html|text)$")] = "auto",
    ) -> ArticleOut:
        """Extract the article from the page in the request body (HTML or crawl text)."""
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if ctype not in TEXT_TYPES:
            raise HTTPException(415, f"send the page as text/html or text/plain, not {ctype}")
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY:
            raise HTTPException(413, f"page larger than {MAX_BODY // 2**20} MB")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise HTTPException(413, f"page larger than {MAX_BODY // 2**20} MB")
        if not body.strip():
            raise HTTPException(422, "empty body: send the page's HTML or text")
        assert kind in KINDS
        loop = asyncio.get_running_loop()
        try:
            async with turns:
                got = await loop.run_in_executor(waiting, extract_isolated, body, url, kind, timeout)
                return ArticleOut.model_validate(got)
        except TimeoutError as e:
            raise HTTPException(504, f"extraction took longer than {timeout:g} s; the page was given up") from e
        except KhabarError as e:
            raise HTTPException(422, str(e)) from e

    def _db() -> str:
        if not state["db"]:
            raise HTTPException(404, "no archive: start the server with --db")
        return str(state["db"])

    def _filters(site: str | None, section: str | None, topic: str | None, lang: str | None, page_type: str | None,
                 person: str | None, org: str | None, place: str | None, source: str | None, speaker: str | None,
                 date_from: str | None, date_to: str | None) -> archive.Filters:  # fmt: skip
        if page_type and page_type not in PAGE_TYPES:
            raise HTTPException(422, f"type: {page_type!r} is not a page type ({', '.join(PAGE_TYPES)})")
        return archive.Filters(
            site, section, topic, lang, page_type, person, org, place, source, speaker, date_from, date_to
        )

    @app.get("/api/search")
    async def search(
        q: Q = None, site: Text = None, section: Text = None, topic: Text = None, lang: Text = None,
        page_type: PageType = None, person: Text = None, org: Text = None, place: Text = None, source: Text = None,
        speaker: Text = None, date_from: From = None, date_to: To = None, sort: Sort = "relevance",
        page: Annotated[int, Query(ge=1, le=1000)] = 1, size: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> SearchPage:  # fmt: skip
        """Full-text search, one entry per story (`also`: the same story elsewhere). Arabic
        spelling, clitics and endings do not matter. Without `q`: all articles, newest first."""
        f = _filters(site, section, topic, lang, page_type, person, org, place, source, speaker, date_from, date_to)
        res = await asyncio.to_thread(archive.search, _db(), q, f, sort=sort, limit=size, offset=(page - 1) * size)
        return SearchPage(total=res.stories, stories=res.stories, articles=res.articles, page=page, size=size,
                          hits=res.hits)  # fmt: skip

    @app.get("/api/facets")
    async def facets(
        q: Q = None, site: Text = None, section: Text = None, topic: Text = None, lang: Text = None,
        page_type: PageType = None, person: Text = None, org: Text = None, place: Text = None, source: Text = None,
        speaker: Text = None, date_from: From = None, date_to: To = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 12,
    ) -> dict[str, list[FacetCount]]:  # fmt: skip
        """What the matching articles are made of: sites, sections, topics, languages, page
        types, months, and the people, organisations, places, sources and speakers in them."""
        f = _filters(site, section, topic, lang, page_type, person, org, place, source, speaker, date_from, date_to)
        got = await asyncio.to_thread(archive.facets, _db(), q, f, limit=limit)
        return {k: [FacetCount(value=str(v), count=c) for v, c in rows] for k, rows in got.items()}

    @app.get("/api/quotes")
    async def quotes(
        speaker: Text = None, q: Q = None,
        page: Annotated[int, Query(ge=1, le=1000)] = 1, size: Annotated[int, Query(ge=1, le=100)] = 50,
    ) -> QuotesPage:  # fmt: skip
        """Who said what: quotes by speaker (spelling folded), in articles matching `q`."""
        total, rows = await asyncio.to_thread(archive.quotes, _db(), speaker, q, limit=size, offset=(page - 1) * size)
        return QuotesPage.model_validate({"total": total, "page": page, "size": size, "quotes": rows})

    @app.get("/api/export")
    async def export(
        format: Annotated[str, Query(pattern="^(csv|jsonl)$")] = "jsonl",
        q: Q = None, site: Text = None, section: Text = None, topic: Text = None, lang: Text = None,
        page_type: PageType = None, person: Text = None, org: Text = None, place: Text = None, source: Text = None,
        speaker: Text = None, date_from: From = None, date_to: To = None, sort: Sort = "relevance",
    ) -> StreamingResponse:  # fmt: skip
        """A search's articles (near-duplicates included, with their story id) as CSV or JSONL."""
        f = _filters(site, section, topic, lang, page_type, person, org, place, source, speaker, date_from, date_to)
        rows = await asyncio.to_thread(lambda: list(archive.export(_db(), q, f, sort=sort)))
        media = "text/csv" if format == "csv" else "application/x-ndjson"
        headers = {"Content-Disposition": f'attachment; filename="khabar-search.{format}"'}
        return StreamingResponse(_csv(rows) if format == "csv" else _jsonl(rows), media_type=media, headers=headers)

    @app.get("/api/articles/{article_id:path}")
    async def get_article(article_id: str) -> StoredArticle:
        row = await asyncio.to_thread(archive.article, _db(), article_id)
        if row is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return StoredArticle.model_validate(row)

    return app


def _csv(rows: list[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    out = csv.DictWriter(buf, fieldnames=archive.EXPORT_FIELDS)
    buf.write("\ufeff")  # so that spreadsheet programs read the Arabic as UTF-8
    out.writeheader()
    for row in rows:
        out.writerow(row)
        if buf.tell() > 1 << 16:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _jsonl(rows: list[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"
