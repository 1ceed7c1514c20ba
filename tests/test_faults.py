"""Faults around a run: a second run on the same folder, the main process killed, the
inputs changed; every hostile input of tests/hostile.py run through `khabar run`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import NEWS_HTML, need
from tests.hostile import build

KHABAR = [sys.executable, "-m", "khabar.cli"]
# runs a command and prints the peak RSS of its process tree's largest member
MEASURED = [sys.executable, "-c", "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
            "print('peak-kb=%d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(r.returncode)"]  # fmt: skip


def _corpus(tmp: Path, copies: int) -> Path:
    pages = tmp / "pages"
    pages.mkdir()
    for k in range(copies):
        for p in sorted(need(NEWS_HTML).glob("*.html")):
            (pages / f"{k}-{p.name}").write_bytes(p.read_bytes())
    return pages


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False


def test_a_second_run_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    pages = _corpus(tmp_path, 6)
    out = tmp_path / "out"
    first = subprocess.Popen([*KHABAR, "run", str(pages), "-o", str(out), "--workers", "1", "--no-progress"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    lock = out / ".khabar" / "lock"
    for _ in range(200):
        if lock.exists() and lock.read_text().startswith("pid"):
            break
        time.sleep(0.05)
    second = subprocess.run(
        [*KHABAR, "run", str(pages), "-o", str(out), "--no-progress"], capture_output=True, text=True
    )
    assert first.wait(timeout=120) == 0
    assert second.returncode == 1 and "being written by another khabar run" in second.stderr
    assert "Traceback" not in second.stderr
    stats = json.loads((out / "_stats.json").read_text())
    assert stats["rows_out"] == stats["records_in"] == 6 * len(list(NEWS_HTML.glob("*.html")))
    again = subprocess.run(
        [*KHABAR, "run", str(pages), "-o", str(out), "--no-progress"], capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr  # the lock went with the first run


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_workers_die_with_the_main_process(tmp_path: Path) -> None:
    pages = _corpus(tmp_path, 12)
    main = subprocess.Popen([*KHABAR, "run", str(pages), "-o", str(tmp_path / "out"), "--workers", "2", "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    workers: list[int] = []
    for _ in range(300):
        workers = _children(main.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    assert len(workers) >= 2, "the pool did not start"
    os.kill(main.pid, signal.SIGKILL)
    main.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build(tmp_path_factory.mktemp("hostile"))


def test_every_hostile_input_is_accounted_for(cases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rows out = records the input holds (counted by the generator), or fewer with an
    error row that says where the input broke; no traceback, each under 10 s and 500 MB."""
    import pyarrow.parquet as pq

    for n, case in enumerate(cases):
        out = tmp_path / f"out{n}"
        fmt = "jsonl" if "jsonl" in case.name else "parquet"
        t0 = time.time()
        p = subprocess.run([*MEASURED, *KHABAR, "run", *map(str, case.paths), "-o", str(out), "--workers", "1",
                            "--no-progress", "--format", fmt], capture_output=True, text=True, timeout=60)  # fmt: skip
        took = time.time() - t0
        assert p.returncode == 0 and "Traceback" not in p.stderr, (case.name, p.stderr[-800:])
        peak_mb = int(p.stderr.strip().splitlines()[-1].split("peak-kb=")[1]) / 1024
        assert took < 10 and peak_mb < 500, (case.name, took, peak_mb)
        if fmt == "jsonl":
            rows = [json.loads(line) for f in sorted(out.glob("*.jsonl")) for line in f.read_text().splitlines()]
        else:
            rows = [r for f in sorted(out.glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
        broken = [r for r in rows if r["error_kind"] in ("truncated", "corrupt")]
        assert len(rows) == case.records or (broken and len(rows) < case.records), (case.name, len(rows), case.records)
        stats = json.loads((out / "_stats.json").read_text())
        assert stats["rows_out"] == len(rows) and stats["accounted"], (case.name, stats["records_in"], len(rows))
        if stats["input_complete"]:  # khabar's own count, apart from its readers, agrees with the generator's
            assert stats["records_in"] == case.records, (case.name, stats["records_in"], case.records)


def test_files_a_folder_holds_but_are_not_read_are_counted(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_bytes((need(NEWS_HTML) / "youm7.com_htmldate-1691196862.html").read_bytes())
    (pages / "notes.docx").write_bytes(b"PK\x03\x04 not a page")
    os.symlink(pages / "missing.html", pages / "dangling.html")
    p = subprocess.run(
        [*KHABAR, "run", str(pages), "-o", str(tmp_path / "out"), "--no-progress"], capture_output=True, text=True
    )
    assert p.returncode == 0 and "2 files in the folders were not read" in p.stderr
    stats = json.loads((tmp_path / "out" / "_stats.json").read_text())
    assert stats["files_not_read"]["why"] == {"unknown suffix": 1, "dangling link": 1} and stats["rows_out"] == 1


def test_serve_checks_its_archive_at_start(tmp_path: Path) -> None:
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not SQLite" * 100)
    p = subprocess.run([*KHABAR, "serve", "--db", str(bad), "--port", "1"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 1 and "not a khabar archive" in p.stderr and "Traceback" not in p.stderr


def test_a_page_over_the_time_limit_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a batch a slow page costs its own row (kind timeout), not the worker."""
    import khabar
    import khabar.batch.chunks as chunks

    khabar.extract("<p>تحميل النماذج أولا.</p>").to_dict()  # models loaded before the tight limit
    monkeypatch.setattr(chunks, "PAGE_TIMEOUT", 0.05)
    pages = tmp_path / "pages"
    pages.mkdir()
    html = (need(NEWS_HTML) / "youm7.com_htmldate-1691196862.html").read_text(encoding="utf-8")
    filler = "".join(f"<div><p>فقرة رقم {i} من نص طويل يتكرر لتثقل الصفحة.</p></div>" for i in range(20000))
    (pages / "slow.html").write_text(html.replace("</body>", filler + "</body>"), encoding="utf-8")
    (pages / "tiny.txt").write_text("سطر.\n", encoding="utf-8")
    stats = khabar.run([str(pages)], tmp_path / "out", workers=1, learn_sites=False, progress=False)
    assert stats.rows_out == 2 and stats.errors == {"timeout": 1}


def test_a_full_disk_is_a_sentence_and_the_run_resumes(tmp_path: Path) -> None:
    """In a mount namespace of its own, the output folder on a tmpfs too small for the run:
    a sentence and exit 1; the same tmpfs made larger, the same command finishes the run."""
    import shutil

    if (
        shutil.which("unshare") is None
        or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0
    ):
        pytest.skip("needs unshare -m (a mount namespace)")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    run = f"{sys.executable} -m khabar.cli run {need(NEWS_HTML)} -o {mnt}/out --workers 1 --no-progress --no-site-learning"
    script = (f"mount -t tmpfs -o size=400k tmpfs {mnt} || exit 99; {run}; echo first=$?; "
              f"mount -o remount,size=64m {mnt}; {run}; echo second=$?; cat {mnt}/out/_stats.json")  # fmt: skip
    p = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    if "first=" not in p.stdout:
        pytest.skip(f"could not mount a tmpfs here: {p.stderr[-200:]}")
    assert "first=1" in p.stdout and "the disk is full" in p.stderr and "Traceback" not in p.stderr
    assert "second=0" in p.stdout
    stats = json.loads(p.stdout.split("second=0", 1)[1])
    assert stats["rows_out"] == stats["records_in"] == len(list(NEWS_HTML.glob("*.html")))
