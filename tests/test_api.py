"""The HTTP API through a real ASGI client: extraction, search, articles, and bad requests."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from khabar.serve import create_app
from tests.conftest import EXAMPLE, need, served
from tests.test_archive import db  # noqa: F401  (the archive fixture)


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:  # noqa: F811
    return TestClient(create_app(db))


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {"/api/extract", "/api/search", "/api/articles/{article_id}"} <= set(spec["paths"])


def test_extract(client: TestClient) -> None:
    r = client.post(
        "/api/extract?kind=text", content=need(EXAMPLE).read_bytes(), headers={"content-type": "text/plain"}
    )
    assert r.status_code == 200
    d = r.json()
    assert len(d["paragraphs"]) == 8 and d["quotes"] and d["blocks"][0]["label"] == "related-heading"


def test_search_and_article(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "الاوكرانيين"})
    assert r.status_code == 200 and r.json()["total"] == 1
    hit = r.json()["hits"][0]
    art = client.get(f"/api/articles/{hit['id']}")
    assert art.status_code == 200 and len(art.json()["paragraphs"]) == 8
    assert client.get("/api/facets").json()["lang"][0]["value"] == "ar"


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"),
    [
        ("post", "/api/extract", {"content": b"x" * (6 * 1024 * 1024), "headers": {"content-type": "text/html"}}, 413),
        (
            "post",
            "/api/extract",
            {"content": b"\x89PNG\r\n\x1a\n\x00\x00", "headers": {"content-type": "text/html"}},
            422,
        ),
        ("post", "/api/extract", {"content": b"{}", "headers": {"content-type": "application/json"}}, 415),
        ("post", "/api/extract", {"content": b"   ", "headers": {"content-type": "text/plain"}}, 422),
        ("post", "/api/extract?kind=pdf", {"content": b"<p>x</p>", "headers": {"content-type": "text/html"}}, 422),
        ("get", "/api/search", {"params": {"q": ""}}, 422),
        ("get", "/api/search", {"params": {"q": "x", "page": "0"}}, 422),
        ("get", "/api/search", {"params": {"q": "x", "from": "yesterday"}}, 422),
        ("get", "/api/search", {"params": {"q": "!!!"}}, 422),
        ("get", "/api/articles/../../etc/passwd", {}, 404),
        ("get", "/api/articles/nope", {}, 404),
    ],
)
def test_bad_requests_are_4xx(client: TestClient, method: str, url: str, kwargs: dict, status: int) -> None:
    r = getattr(client, method)(url, **kwargs)
    assert r.status_code == status, r.text
    assert client.get("/healthz").status_code == 200  # still up


def test_sql_looking_query_is_just_words(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "'; DROP TABLE articles; --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/search", params={"q": "لافروف"}).json()["total"] == 1


def test_khabar_serve_on_loopback(db: Path) -> None:  # noqa: F811
    """The real server, started as a user starts it, answering over TCP on 127.0.0.1."""
    import httpx

    with served(db) as base:
        r = httpx.get(f"{base}/api/search", params={"q": "لافروف"}, timeout=10)
        assert r.status_code == 200 and r.json()["total"] == 1
        r = httpx.post(f"{base}/api/extract", content=b"\x00" * 100, headers={"content-type": "text/plain"}, timeout=10)
        assert r.status_code == 422  # binary: refused, and the server stays up
        assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
