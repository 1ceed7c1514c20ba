"""schemathesis against the API's own OpenAPI schema: generated requests never get a 500."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from khabar.serve import create_app  # noqa: E402

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(None))


@schema.parametrize()
@pytest.mark.filterwarnings("ignore")
def test_no_server_errors(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
