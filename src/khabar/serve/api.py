"""The HTTP API (FastAPI): extract a page on the spot, search the archive, read an article.

Every bad request is a 4xx with a message, never a 500: bodies over the size limit (413),
binary or undecodable bodies and unsupported content types (415/422), invalid parameters
(422), unknown ids (404). Extraction runs in a worker thread with a time limit (504).
"""

from __future__ import annotations

import asyncio
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from khabar import __version__, archive
from khabar.errors import KhabarError
from khabar.extract import KINDS, extract

MAX_BODY = 5 * 1024 * 1024  # a page larger than this is refused (413)
TIMEOUT = 20.0  # seconds an extraction may take (504 after)
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/octet-stream", "")


def create_app(db: str | Path | None = None) -> FastAPI:
    app = FastAPI(title="khabar", version=__version__, description="Clean, structured articles from news pages.")
    state: dict[str, Any] = {"db": str(db) if db else None}

    @app.exception_handler(KhabarError)
    async def khabar_error(_: Request, exc: KhabarError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    page = (resources.files("khabar") / "serve" / "static" / "index.html").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index_page() -> str:
        """The web page: search, read, inspect, paste a page. No asset comes from elsewhere."""
        return page

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "archive": bool(state["db"])}

    @app.post("/api/extract")
    async def extract_page(
        request: Request,
        url: Annotated[str | None, Query(max_length=2048)] = None,
        kind: Annotated[str, Query(pattern="^(auto|html|text)$")] = "auto",
    ) -> dict[str, Any]:
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
        try:
            article = await asyncio.wait_for(
                asyncio.to_thread(extract, body, url=url, kind=kind, source="request body"),  # type: ignore[arg-type]
                timeout=TIMEOUT,
            )
        except TimeoutError as e:
            raise HTTPException(504, f"extraction took longer than {TIMEOUT:.0f} s") from e
        except KhabarError as e:
            raise HTTPException(422, str(e)) from e
        return article.to_dict(with_blocks=True)

    def _db() -> str:
        if not state["db"]:
            raise HTTPException(404, "no archive: start the server with --db")
        return str(state["db"])

    @app.get("/api/search")
    async def search(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        site: Annotated[str | None, Query(max_length=200)] = None,
        section: Annotated[str | None, Query(max_length=200)] = None,
        topic: Annotated[str | None, Query(max_length=100)] = None,
        lang: Annotated[str | None, Query(max_length=10)] = None,
        date_from: Annotated[str | None, Query(alias="from", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
        date_to: Annotated[str | None, Query(alias="to", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
        page: Annotated[int, Query(ge=1, le=1000)] = 1,
        size: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> dict[str, Any]:
        """Full-text search; Arabic spelling variants and clitics do not matter."""
        total, hits = archive.search(_db(), q, site=site, section=section, topic=topic, lang=lang,
                                     date_from=date_from, date_to=date_to, limit=size, offset=(page - 1) * size)  # fmt: skip
        return {"total": total, "page": page, "size": size, "hits": [h.__dict__ for h in hits]}

    @app.get("/api/facets")
    async def facets() -> dict[str, Any]:
        return {k: [{"value": v, "count": c} for v, c in rows] for k, rows in archive.facets(_db()).items()}

    @app.get("/api/articles/{article_id:path}")
    async def get_article(article_id: str) -> dict[str, Any]:
        row = archive.article(_db(), article_id)
        if row is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return row

    return app
