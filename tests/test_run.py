"""`khabar run` end to end: accounting, formats, filters, site learning, duplicates, and a
run killed with SIGKILL then resumed."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import khabar
from khabar.batch.rows import COLUMNS
from khabar.batch.writers import read_rows
from tests.conftest import NEWS_HTML, SHARED, need

NEWS = SHARED / "corpus" / "ar-news-html"
FINEWEB = SHARED / "corpus" / "ar-fineweb2" / "docs.jsonl"
SITES = SHARED / "corpus" / "ar-sites" / "pages.jsonl.gz"


def rows_of(outdir: Path) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(outdir.glob("*.parquet")) + sorted(outdir.glob("*.jsonl")):
        rows.extend(read_rows(path))
    return rows


def test_every_record_is_a_row(tmp_path: Path, bad_inputs: Path) -> None:
    inputs = [
        str(need(SHARED / "corpus" / "warc-samples" / "whirlwind.warc.gz")),
        str(SHARED / "corpus" / "warc-samples" / "CC-MAIN-20170720121902-20170720141902-00000.warc.wet.gz.truncated"),
        str(bad_inputs / "corrupt-record.warc"),
        str(bad_inputs / "not-json.jsonl"),
        str(bad_inputs / "truncated.jsonl.gz"),
        str(bad_inputs / "not-a-warc.warc.gz"),
        str(bad_inputs / "image.png"),
        str(tmp_path / "missing.jsonl"),
    ]
    stats = khabar.run(inputs, tmp_path / "out", workers=2, shard_size=50, learn_sites=False)
    rows = rows_of(tmp_path / "out")
    assert len(rows) == stats.records_in == stats.rows_out
    expected = 4 + 45 + 5 + 4 + 990 + 1 + 1 + 1
    assert len(rows) == expected
    assert len({r["id"] for r in rows if not r["id"].startswith(str(bad_inputs / "truncated"))}) > 0
    by_status = Counter(r["status"] for r in rows)
    assert by_status == stats.status
    assert (
        by_status["error"] >= 7
    )  # truncated WET, corrupt record, bad JSON, no content, cut gzip, not-a-warc, png, missing
    png = next(r for r in rows if r["id"].endswith("image.png"))
    assert png["status"] == "error" and "PNG image" in png["error"]
    assert list(rows[0]) == COLUMNS
    assert json.loads((tmp_path / "out" / "_stats.json").read_text())["rows_out"] == expected


def test_jsonl_output_filters_and_languages(tmp_path: Path) -> None:
    stats = khabar.run([str(need(FINEWEB))], tmp_path / "out", fmt="jsonl", workers=1, dedup=False,
                       filters=khabar.Filters(langs=("ar",), min_words=100))  # fmt: skip
    rows = rows_of(tmp_path / "out")
    assert len(rows) == 99 and all(p.suffix == ".jsonl" for p in (tmp_path / "out").glob("*.jsonl"))
    for r in rows:
        assert r["kept"] == (r["filtered_by"] is None)
        if r["kept"]:
            assert r["lang"] == "ar" and r["words"] >= 100
    assert any(r["filtered_by"].startswith("min-words") for r in rows if r["filtered_by"])
    assert stats.kept == sum(r["kept"] for r in rows)


def test_site_learning_marks_recurring_blocks(tmp_path: Path) -> None:
    khabar.run([str(need(SITES))], tmp_path / "out", workers=2, dedup=False)
    profile = json.loads((tmp_path / "out" / ".khabar" / "sites.json").read_text())
    assert "arabic.euronews.com" in profile and "akhbaralaan.net" in profile
    rows = [r for r in rows_of(tmp_path / "out") if r["site"] in profile]
    recurring = {
        (r["site"], x["text"]) for r in rows for x in r["removed"] if x["reason"] == "recurs across this site's pages"
    }
    assert len({site for site, _ in recurring}) >= 5
    assert any(r["is_article"] for r in rows)
    # a block that recurs on the site's pages is never part of an article body there
    assert not any((r["site"], p) in recurring for r in rows for p in r["paragraphs"])


def test_one_page_captured_many_times_teaches_no_template(tmp_path: Path) -> None:
    """The same article captured five times (the bytes differ by a capture comment, as
    recaptures do), each capture in its own shard and first-pass task, on two workers:
    still one page of its site, so nothing is learned and its headline and paragraphs stay
    the article's."""
    page = need(NEWS / "youm7.com_htmldate-1691196862.html").read_text(encoding="utf-8")
    copies = tmp_path / "captures.jsonl"
    copies.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"c{i}",
                    "url": f"https://www.youm7.com/story/1691196862?capture={i}",
                    "html": f"{page}<!-- captured {i} -->",
                }
            )
            + "\n"
            for i in range(5)
        )
    )
    stats = khabar.run([str(copies)], tmp_path / "out", workers=2, shard_size=1, dedup=False, enrich=False)
    assert stats.site_learning == {"records_read": 5, "sites": 0, "records_in": 5}
    assert json.loads((tmp_path / "out" / ".khabar" / "sites.json").read_text()) == {}
    alone = khabar.extract(page, enrich=False)
    for row in rows_of(tmp_path / "out"):
        assert row["title"] == alone.title and row["paragraphs"] == alone.paragraphs


def test_first_pass_reads_only_sites_that_can_learn(tmp_path: Path) -> None:
    """A site with fewer than 4 pages in the corpus can learn nothing, so the first pass
    does not parse its pages; the same page seen again is read once (ar-sites gives several
    captures of one address, on different days: those are different pages)."""
    with gzip.open(need(SITES), "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    many = [r for r in rows if r["url"] and "akhbaralaan.net" in r["url"]]
    few = [r for r in rows if r["url"] and "//arabic.rt.com" in r["url"]]
    assert len(many) == 10 and len(few) == 3
    again = {**many[0], "id": "again", "url": many[0]["url"] + "#again"}  # same content
    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps(r) + "\n" for r in [*many, *few, again]))
    stats = khabar.run([str(pages)], tmp_path / "out", workers=1, dedup=False, enrich=False)
    profile = json.loads((tmp_path / "out" / ".khabar" / "sites.json").read_text())
    assert "akhbaralaan.net" in profile and "arabic.rt.com" not in profile
    assert stats.site_learning == {"records_read": 10, "sites": 1, "records_in": 14}
    assert stats.rows_out == 14


def test_near_duplicates_are_marked_not_dropped(tmp_path: Path) -> None:
    page = need(NEWS / "youm7.com_htmldate-1691196862.html")
    copies = tmp_path / "pages"
    copies.mkdir()
    for i in range(3):
        (copies / f"copy{i}.html").write_bytes(page.read_bytes())
    (copies / "other.html").write_bytes((NEWS / "vetogate.com_metahtml-3922170.html").read_bytes())
    stats = khabar.run([str(copies)], tmp_path / "out", workers=1, learn_sites=False)
    rows = sorted(rows_of(tmp_path / "out"), key=lambda r: r["id"])
    assert [r["is_duplicate"] for r in rows] == [False, True, True, False]
    assert rows[0]["dup_cluster"] == rows[1]["dup_cluster"] == rows[2]["dup_cluster"] == rows[0]["id"]
    assert rows[3]["dup_cluster"] is None
    assert stats.duplicates["duplicates"] == 2


def test_other_settings_in_the_same_folder_are_refused(tmp_path: Path) -> None:
    khabar.run([str(need(FINEWEB))], tmp_path / "out", workers=1, dedup=False, learn_sites=False)
    with pytest.raises(khabar.SettingsChanged, match="other settings"):
        khabar.run([str(FINEWEB)], tmp_path / "out", workers=1, dedup=True, learn_sites=False)


def test_inputs_changed_since_the_run_are_refused(tmp_path: Path) -> None:
    """A page added to an input folder would shift every later shard against the ones
    already written: the run says so instead of resuming."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in sorted(need(NEWS).glob("*.html"))[:3]:
        (pages / page.name).write_bytes(page.read_bytes())
    khabar.run([str(pages)], tmp_path / "out", workers=1, learn_sites=False, enrich=False)
    khabar.run([str(pages)], tmp_path / "out", workers=1, learn_sites=False, enrich=False)  # same: fine
    (pages / "0-new.html").write_bytes(need(NEWS / "youm7.com_htmldate-1691196862.html").read_bytes())
    with pytest.raises(khabar.InputsChanged, match="inputs changed"):
        khabar.run([str(pages)], tmp_path / "out", workers=1, learn_sites=False, enrich=False)


def _cli_run(outdir: Path, *extra: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "khabar.cli", "run", str(NEWS), str(FINEWEB), "-o", str(outdir),
           "--workers", "2", "--shard-size", "6", "--no-progress", *extra]  # fmt: skip
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _signature(rows: list[dict]) -> list[tuple]:
    return sorted((r["id"], r["status"], r["title"], r["text"], r["is_duplicate"], r["dup_cluster"]) for r in rows)


def _reached(outdir: Path, stage: str) -> bool:
    state = outdir / ".khabar"
    if stage == "learning":
        return (state / "run.json").exists()
    if stage == "extracting":
        return len(list((state / "summaries").glob("*.json"))) >= 6 if (state / "summaries").exists() else False
    return any(outdir.glob("*.parquet"))  # publishing


@pytest.mark.parametrize("stage", ["learning", "extracting", "publishing"])
def test_kill_9_then_resume_gives_the_same_rows(tmp_path: Path, stage: str) -> None:
    """SIGKILL the run (main process and workers) in each of its passes, run the same
    command again: the output has exactly the rows of an uninterrupted run."""
    need(NEWS)
    reference = tmp_path / "reference"
    assert _cli_run(reference).wait(timeout=300) == 0
    resumed = tmp_path / "resumed"
    proc = _cli_run(resumed)
    deadline = time.monotonic() + 120
    while not _reached(resumed, stage) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, f"the run ended before it could be killed while {stage}"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert not (resumed / "_stats.json").exists()  # it really was interrupted
    again = _cli_run(resumed)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    ref_rows, res_rows = rows_of(reference), rows_of(resumed)
    assert len(res_rows) == len(ref_rows) == 44 + 99  # the folder's 44 pages, FineWeb's 99 documents
    assert _signature(res_rows) == _signature(ref_rows)
    assert not list(resumed.glob(".*.tmp-*"))  # no half-written shard was published


def test_parquet_schema_is_the_documented_one(tmp_path: Path) -> None:
    khabar.run([str(need(FINEWEB))], tmp_path / "out", workers=1, dedup=False, learn_sites=False)
    schema = pq.read_schema(next((tmp_path / "out").glob("*.parquet")))
    assert schema.names == COLUMNS


def test_log_lines_say_how_far_and_how_long_left(tmp_path: Path, monkeypatch, capsys) -> None:
    """Off a terminal, progress is a log line; once the first read has counted the records,
    the extraction's lines say how many of how many and about how long is left."""
    from khabar.batch import progress

    monkeypatch.setattr(progress, "LOG_EVERY", 0.0)
    khabar.run([str(need(FINEWEB))], tmp_path / "out", workers=1, dedup=False, enrich=False, progress=False)
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("khabar: extracting: ")]
    assert lines and all(" of 99 records" in line and "s left" in line for line in lines[:-1]), lines
    assert len(lines) >= 2 and lines[-1].startswith("khabar: extracting: 99 records in ")


def test_workers_read_their_own_shards_and_find_the_same_records(tmp_path: Path, bad_inputs: Path) -> None:
    """With site learning, the first read notes where each shard starts, and workers read
    their shards themselves: every record must come out as the whole read gives it, and a
    file that cannot be entered mid-way (one gzip stream for the whole WARC) is read whole."""
    from khabar.batch.executor import Executor
    from khabar.batch.learn import survey_inputs
    from khabar.batch.progress import Progress
    from khabar.readers import expand, read_slice, read_source

    whirlwind = need(SHARED / "corpus" / "warc-samples" / "whirlwind.warc.gz")
    one_stream = tmp_path / "one-stream.warc.gz"
    with gzip.open(whirlwind) as f:
        one_stream.write_bytes(gzip.compress(f.read()))  # a valid WARC, but not gzipped record by record
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in sorted(NEWS.glob("*.html"))[:5]:
        (folder / page.name).write_bytes(page.read_bytes())
    wet = SHARED / "corpus" / "warc-samples" / "CC-MAIN-20170720121902-20170720141902-00000.warc.wet.gz.truncated"
    inputs = [whirlwind, wet, bad_inputs / "corrupt-record.warc", one_stream, folder]
    sources = expand([str(p) for p in inputs])
    survey = survey_inputs(sources, 2, Progress(enabled=False), Executor("local", 1, None))
    assert sorted(survey.plan) == [0, 1, 2, 4]  # not the one-stream WARC
    assert (
        survey_inputs(sources, 3, Progress(enabled=False), Executor("local", 1, None)).plan.keys() == survey.plan.keys()
    )
    pool = Executor("local", 2, None)
    try:  # the sources surveyed in parallel, merged in order: the same as one read
        assert survey_inputs(sources, 2, Progress(enabled=False), pool) == survey
    finally:
        pool.close()
    key = lambda r: (r.id, r.position, r.status, r.error_kind, r.url, r.content)  # noqa: E731
    for si, plan in survey.plan.items():
        whole = [key(r) for r in read_source(sources[si])]
        assert [key(r) for _, part in plan for r in read_slice(part)] == whole
    assert survey.total == sum(len(list(read_source(s))) for s in sources)


def test_inputs_surveyed_in_parallel_sample_what_one_read_samples(tmp_path: Path) -> None:
    from khabar.batch.executor import Executor
    from khabar.batch.learn import survey_inputs
    from khabar.batch.progress import Progress
    from khabar.readers import expand, read_source

    with gzip.open(need(SITES), "rt") as f:
        lines = f.readlines()[:90]
    (tmp_path / "all.jsonl").write_text("".join(lines))
    for k in range(3):  # the same records in three files, the sites' pages spread over them
        (tmp_path / f"part{k}.jsonl").write_text("".join(lines[k * 30 : (k + 1) * 30]))

    def sampled(paths: list[Path], workers: int) -> set[str]:
        sources = expand([str(p) for p in paths])
        runner = Executor("local", workers, None)
        try:
            survey = survey_inputs(sources, 10, Progress(enabled=False), runner)
        finally:
            runner.close()
        ids = {(si, r.position): r.id for si, s in enumerate(sources) for r in read_source(s)}
        assert survey.total == len(ids) == 90
        return {ids[si, p] for si, wanted in survey.sample.items() for p in wanted}

    one = sampled([tmp_path / "all.jsonl"], 1)
    assert 10 < len(one) < 90  # some sites can learn, some cannot
    parts = [tmp_path / f"part{k}.jsonl" for k in range(3)]
    assert sampled(parts, 2) == sampled(parts, 1) == one


def test_processes_khabar_owns_write_parquet_without_importing_pandas(tmp_path: Path) -> None:
    """pyarrow imports pandas (0.45 s, ~60 MB) on first use unless it looks absent; the
    `khabar run` process and its workers hide it, and must still read and write shards."""
    page = need(NEWS / "youm7.com_htmldate-1691196862.html")
    code = (
        "import sys; from khabar.batch.executor import hide_pandas; hide_pandas(); import khabar; "
        f"khabar.run([{str(page)!r}], {str(tmp_path / 'out')!r}, workers=2, progress=False); "
        f"from khabar.batch.writers import read_rows; from pathlib import Path; "
        f"assert [read_rows(p) for p in Path({str(tmp_path / 'out')!r}).glob('*.parquet')]; "
        "assert 'pandas' not in sys.modules, 'pandas was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    rows = rows_of(tmp_path / "out")
    assert len(rows) == 1 and rows[0]["status"] == "ok" and rows[0]["title"]


def test_records_without_a_site_are_not_parsed_by_the_first_pass(tmp_path: Path) -> None:
    """A JSONL without URLs names no site: the first pass has nothing to learn there and
    parses none of its records."""
    with gzip.open(need(SITES), "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f][:30]
    pages = tmp_path / "nourl.jsonl"
    pages.write_text("".join(json.dumps({"id": r["id"], "html": r["html"]}) + "\n" for r in rows if r.get("html")))
    stats = khabar.run([str(pages)], tmp_path / "out", workers=1, dedup=False, enrich=False, progress=False)
    assert stats.site_learning["records_read"] == 0 and stats.rows_out == stats.records_in > 20


def test_workers_replaced_every_few_tasks_give_the_same_rows(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The pool is drained and forked anew every TASKS_PER_WORKER tasks a worker (so a long
    run's workers keep a small corpus's memory); with a new generation every task, the rows
    are the ones one generation gives."""
    import pyarrow.parquet as pq

    import khabar.batch.executor as executor

    pages = tmp_path / "pages"
    pages.mkdir()
    for p in sorted(need(NEWS_HTML).glob("*.html"))[:12]:
        (pages / p.name).write_bytes(p.read_bytes())

    def rows(out: Path) -> list[tuple[str, str, bool]]:
        table = pq.read_table(sorted(out.glob("*.parquet")))
        return sorted(zip(table.column("id").to_pylist(), table.column("text").to_pylist(),
                          table.column("is_duplicate").to_pylist()))  # fmt: skip

    khabar.run([str(pages)], tmp_path / "one", workers=2, shard_size=2, progress=False)
    monkeypatch.setattr(executor, "TASKS_PER_WORKER", 1)
    khabar.run([str(pages)], tmp_path / "many", workers=2, shard_size=2, progress=False)
    assert rows(tmp_path / "one") == rows(tmp_path / "many")
