"""The error tree: each refusal is raised as its own class, caught by its parents; and the
`error_kind` of every error row is a member of `khabar.ErrorKind`."""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import khabar
from tests.conftest import EXAMPLE, need


def test_a_locked_output_folder_is_run_locked(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(need(EXAMPLE).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    (out / ".khabar").mkdir(parents=True)
    with open(out / ".khabar" / "lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(khabar.RunLocked) as caught:
            khabar.run([str(page)], str(out), workers=1, progress=False)
    assert isinstance(caught.value, khabar.RunStateError) and isinstance(caught.value, khabar.KhabarError)
    assert str(out) in str(caught.value)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: khabar.extract("<p>x</p>", kind="pdf"), khabar.ConfigError),  # type: ignore[arg-type]
        (lambda: khabar.extract(b"\x89PNG\r\n\x1a\n" + bytes(200)), khabar.InputError),
        (lambda: khabar.run(["x"], "/tmp/never", fmt="csv"), khabar.ConfigError),
    ],
)
def test_each_refusal_has_its_class(call, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error):
        call()
    assert issubclass(error, khabar.KhabarError)


def test_config_errors_are_value_errors() -> None:
    with pytest.raises(ValueError):
        khabar.extract("<p>x</p>", kind="pdf")  # type: ignore[arg-type]


def test_every_error_row_has_a_kind_from_the_enum(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "url": "https://a.example/1", "html": "<p>x</p>"}), "{not json", "[1, 2]",
             json.dumps({"id": "b", "url": "https://a.example/2"})]  # fmt: skip
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "cut.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(40))
    out = tmp_path / "out"
    khabar.run([str(src), str(tmp_path / "cut.jsonl.gz")], str(out), workers=1, progress=False)
    kinds = [k for f in sorted(out.glob("*.parquet")) for k in pq.read_table(f).column("error_kind").to_pylist() if k]
    assert len(kinds) >= 4
    assert set(kinds) <= {k.value for k in khabar.ErrorKind}
    assert {"bad-json", "no-content"} <= set(kinds)
    stats = json.loads((out / "_stats.json").read_text())
    assert set(stats["errors"]) | set(stats["skipped"]) <= {k.value for k in khabar.ErrorKind}
