"""Shared fixtures: the real pages in ../shared and the hostile inputs built from them."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KHABAR_SHARED", REPO.parent / "shared"))
EXAMPLE = SHARED / "examples" / "alkhaleej-state-dept.txt"
NEWS_HTML = SHARED / "corpus" / "ar-news-html"


def need(path: Path) -> Path:
    """The path, or a skip (a failure in CI, where shared/ must be there)."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI runs with shared/ beside the checkout")
        pytest.skip(f"{path} is not here (set KHABAR_SHARED)")
    return path


@pytest.fixture(scope="session")
def example_text() -> str:
    return need(EXAMPLE).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def train_script() -> ModuleType:
    """scripts/train_labeller.py as a module (a script, not part of the package): its data
    steps run in tests without LightGBM, which it imports only to train."""
    spec = importlib.util.spec_from_file_location("train_labeller", REPO / "scripts" / "train_labeller.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def news_page():
    def load(name: str) -> bytes:
        return need(NEWS_HTML / name).read_bytes()

    return load


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 22 hostile inputs of shared/corpus/bad-inputs, written once per session."""
    script = need(SHARED / "corpus" / "bad-inputs" / "make_bad_inputs.py")
    out = tmp_path_factory.mktemp("bad-inputs")
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)
    return out


@contextmanager
def served(db: Path, *options: str) -> Iterator[str]:
    """`khabar serve --db DB` on a free port of 127.0.0.1, as a user starts it; its base URL."""
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "khabar.cli", "serve", "--db", str(db), "--port", str(port), *options]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
