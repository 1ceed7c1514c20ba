"""The layers import only downward: scripts/check_layers.py on the package as it is, and on
copies with an upward import and a cycle planted, which it must refuse."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

CHECK = REPO / "scripts" / "check_layers.py"


def check(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECK), str(src)], capture_output=True, text=True, timeout=60)


def test_the_package_imports_only_downward() -> None:
    done = check(REPO / "src")
    assert done.returncode == 0, done.stdout


def planted(tmp_path: Path, module: str, line: str) -> Path:
    src = tmp_path / "src"
    shutil.copytree(REPO / "src" / "khabar", src / "khabar", ignore=shutil.ignore_patterns("data", "static"))
    path = src / "khabar" / module
    path.write_text(path.read_text() + f"\n\ndef _planted() -> None:\n    {line}\n")
    return src


def test_an_upward_import_inside_a_function_is_refused(tmp_path: Path) -> None:
    done = check(planted(tmp_path, "model.py", "from khabar.enrich import compute  # noqa"))
    assert done.returncode == 1
    assert "khabar.model (data model) imports khabar.enrich (enrich), a higher layer" in done.stdout


def test_a_cycle_within_a_layer_is_refused(tmp_path: Path) -> None:
    done = check(planted(tmp_path, "lang/normalize.py", "import khabar.lang.stems  # noqa"))
    assert done.returncode == 1
    assert "import cycle:" in done.stdout and "khabar.lang.stems" in done.stdout
