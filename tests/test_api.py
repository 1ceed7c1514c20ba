"""The HTTP API through a real ASGI client: extraction, search, articles, and bad requests."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from khabar.serve import create_app
from tests.conftest import EXAMPLE, NEWS_HTML, need, served
from tests.test_archive import db  # noqa: F401  (the archive fixture)


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:  # noqa: F811
    return TestClient(create_app(db))


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {"/api/extract", "/api/search", "/api/articles/{article_id}"} <= set(spec["paths"])


def test_the_schema_documents_every_field_of_the_answers(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    article = schemas["ArticleOut"]["properties"]
    assert {"title", "paragraphs", "removed", "blocks", "quotes", "dates", "topic", "page_type"} <= set(article)
    assert set(schemas["Quote"]["properties"]) == {"speaker", "verb", "text", "direct"}
    assert set(schemas["RemovedBlock"]["properties"]) == {"text", "label", "reason", "index"}
    assert "teaser-excerpt" in schemas["Label"]["enum"]
    ok = spec["paths"]["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/SearchPage")
    assert {"also", "snippet", "story"} <= set(schemas["Hit"]["properties"])
    stored = spec["paths"]["/api/articles/{article_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert stored["schema"]["$ref"].endswith("/StoredArticle")


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
        ("get", "/api/search", {"params": {"q": "x" * 501}}, 422),
        ("get", "/api/search", {"params": {"sort": "random"}}, 422),
        ("get", "/api/search", {"params": {"type": "poem"}}, 422),
        ("get", "/api/export", {"params": {"format": "xlsx"}}, 422),
        ("get", "/api/facets", {"params": {"to": "2020-13"}}, 422),
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


def test_browse_facets_quotes_and_export(client: TestClient) -> None:
    everything = client.get("/api/search").json()  # no query: every article, newest first
    assert everything["articles"] == 4 and all("url" in h and "also" in h for h in everything["hits"])
    facets = client.get("/api/facets", params={"q": "كورونا"}).json()
    assert (
        sum(v["count"] for v in facets["lang"]) == client.get("/api/search", params={"q": "كورونا"}).json()["articles"]
    )
    speaker = client.get("/api/facets").json()["speaker"][0]["value"]
    quotes = client.get("/api/quotes", params={"speaker": speaker}).json()
    assert quotes["total"] >= 1 and quotes["quotes"][0]["text"]
    csv = client.get("/api/export", params={"q": "كورونا", "format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    import csv as csvlib
    import io

    lines = list(csvlib.reader(io.StringIO(csv.text.lstrip("\ufeff"))))
    assert lines[0][:3] == ["id", "url", "site"] and "attachment" in csv.headers["content-disposition"]
    jsonl = client.get("/api/export", params={"q": "كورونا"}).text.splitlines()
    import json

    assert len(jsonl) == len(lines) - 1 == sum(v["count"] for v in facets["lang"])
    assert all(json.loads(x)["id"] for x in jsonl)


def test_errors_are_sentences_and_headers_safe(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "كورونا", "from": "2020/03"})
    assert r.status_code == 422 and isinstance(r.json()["detail"], str) and "2020-03" in r.json()["detail"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_docs_are_served_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text.split("<script>")[0]
    js = client.get("/docs-assets/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.content) > 100_000


def test_every_hostile_file_is_4xx_never_5xx(client: TestClient, bad_inputs: Path, tmp_path: Path) -> None:
    """The hostile corpus (shared/corpus/bad-inputs) and the generated cases, each sent as a
    page: an answer for each (a 200, or a 4xx that says why), never a 5xx but 504 for time."""
    from tests.hostile import build

    files = sorted(p for p in bad_inputs.rglob("*") if p.is_file())
    files += [p for c in build(tmp_path) for q in c.paths if q.exists() for p in ([q] if q.is_file() else q.rglob("*"))
              if p.is_file() and p.stat().st_size <= 12 * 1024 * 1024]  # fmt: skip
    assert len(files) >= 30
    for path in files:
        r = client.post("/api/extract", content=path.read_bytes(), headers={"content-type": "text/html"})
        assert r.status_code in (200, 413, 422, 504), (path.name, r.status_code, r.text[:200])
        if r.status_code != 200:
            assert isinstance(r.json()["detail"], str) and r.json()["detail"]


def _server_children(port: int) -> list[int]:
    import subprocess

    out = subprocess.run(["ps", "-eo", "pid=,ppid=,args="], capture_output=True, text=True).stdout
    procs = [line.split(None, 2) for line in out.splitlines() if line.strip()]
    server = [int(pid) for pid, _, args in procs if "khabar.cli serve" in args and f"--port {port}" in args]
    return [int(pid) for pid, ppid, _ in procs if server and int(ppid) == server[0]]


def test_slow_pages_do_not_starve_the_others(db: Path) -> None:  # noqa: F811
    """Six pages slower than the time limit at once: each is given up (504) and its process
    killed, and a normal page sent meanwhile is answered in under 2 s."""
    import threading
    import time

    import httpx

    page = need(EXAMPLE).read_bytes()
    html = (NEWS_HTML / "youm7.com_htmldate-1691196862.html").read_text(encoding="utf-8")
    filler = "".join(f'<div class="c{i % 7}"><p>فقرة رقم {i} من نص طويل يتكرر هنا لتثقل الصفحة.</p><a href="/x{i}">رابط {i}</a></div>'
                     for i in range(24000))  # fmt: skip
    slow = html.replace("</body>", filler + "</body>").encode()
    assert len(slow) < 5 * 1024 * 1024
    with served(db, "--timeout", "1.5") as base:
        port = int(base.rsplit(":", 1)[1])
        answers: list[int] = []

        def send() -> None:
            r = httpx.post(f"{base}/api/extract", content=slow, headers={"content-type": "text/html"}, timeout=60)
            answers.append(r.status_code)

        threads = [threading.Thread(target=send) for _ in range(6)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        t0 = time.perf_counter()
        r = httpx.post(
            f"{base}/api/extract?kind=text", content=page, headers={"content-type": "text/plain"}, timeout=30
        )
        took = time.perf_counter() - t0
        for t in threads:
            t.join()
        assert r.status_code == 200 and took < 2.0, took
        assert answers == [504] * 6
        time.sleep(0.3)
        assert _server_children(port) == []  # nothing left running
