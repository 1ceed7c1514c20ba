"""`khabar extract URL`: pages fetched from a real HTTP server on 127.0.0.1, with its
redirects, errors, slow answers and oversized bodies."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from khabar.errors import FetchError
from khabar.fetch import fetch
from tests.conftest import NEWS_HTML, need
from tests.test_cli import run

PAGE = "youm7.com_htmldate-1691196862.html"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == "/story":
            self._send(200, "text/html; charset=utf-8", (NEWS_HTML / PAGE).read_bytes())
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/story")
            self.end_headers()
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif path == "/image":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
        elif path == "/huge":
            self._send(200, "text/html", b"<p>" + b"x" * (3 * 1024 * 1024))
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", b"<p>late</p>")
        else:
            self._send(404, "text/html", b"<h1>Not Found</h1>")

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_extract_a_url(site: str) -> None:
    need(NEWS_HTML / PAGE)  # the page /story serves
    p = run("extract", f"{site}/moved", "--format", "json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["url"] == f"{site}/story" and d["site"] == "127.0.0.1" and len(d["paragraphs"]) >= 3


def test_a_list_of_urls_with_bad_ones(site: str, tmp_path: Path) -> None:
    need(NEWS_HTML / PAGE)
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# pages to read\n{site}/story\n{site}/gone\n\n{site}/image  # not a page\n", encoding="utf-8")
    p = run("extract", "--urls", str(listed), "--format", "jsonl")
    assert p.returncode == 1
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["source"] for r in rows] == [f"{site}/story", f"{site}/gone", f"{site}/image"]
    assert rows[0]["paragraphs"] and "HTTP 404" in rows[1]["error"] and "image/png" in rows[2]["error"]
    assert f"{site}/gone: HTTP 404" in p.stderr
    listed.write_text("fa/node/41.html\n", encoding="utf-8")
    assert run("extract", "--urls", str(listed)).returncode == 2


def test_limits(site: str) -> None:
    with pytest.raises(FetchError, match=r"/huge: larger than 1 MB"):
        fetch(f"{site}/huge", max_bytes=1024 * 1024)
    with pytest.raises(FetchError, match=r"/slow: no answer within 0.5 s"):
        fetch(f"{site}/slow", timeout=0.5)
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{site}/loop")
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens
    with pytest.raises(FetchError, match="could not fetch"):
        fetch(closed, timeout=2)
    p = run("extract", f"{site}/slow", "--timeout", "0.5")
    assert p.returncode == 1 and "no answer within 0.5 s" in p.stderr
