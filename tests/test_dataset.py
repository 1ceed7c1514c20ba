"""A run's output folder is one dataset: the readers people use open OUTDIR (or its
*.parquet) as it is, with every row, because the stats and state keep out of the shards'
way (`_stats.json`, `.khabar/`). The README shows the same one-liners."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import khabar
from tests.conftest import NEWS_HTML, need


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("dataset")
    pages = tmp / "pages"
    pages.mkdir()
    for name in sorted(p.name for p in need(NEWS_HTML).glob("*.html"))[:6]:
        (pages / name).write_bytes((NEWS_HTML / name).read_bytes())
    khabar.run([str(pages)], tmp / "out", workers=1, shard_size=4, progress=False)  # two shards
    return tmp / "out"


def _rows(outdir: Path) -> int:
    return int(json.loads((outdir / "_stats.json").read_text())["rows_out"])


def test_pyarrow_and_pandas(outdir: Path) -> None:
    import pandas as pd
    import pyarrow.dataset as ds

    assert len(list(outdir.glob("*.parquet"))) == 2
    assert ds.dataset(outdir, format="parquet").count_rows() == _rows(outdir) == 6
    frame = pd.read_parquet(outdir)
    assert len(frame) == 6 and frame["text"].str.len().gt(0).all()


def test_polars_and_duckdb(outdir: Path) -> None:
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    assert pl.read_parquet(outdir / "*.parquet").height == 6
    assert pl.scan_parquet(outdir / "*.parquet").select(pl.len()).collect().item() == 6
    con = duckdb.connect()
    got = con.execute(f"SELECT count(*), count(DISTINCT site) FROM read_parquet('{outdir}/*.parquet')").fetchall()
    assert got[0][0] == 6 and got[0][1] >= 1


def test_hugging_face_datasets(outdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    data = datasets.load_dataset(
        "parquet", data_files=str(outdir / "*.parquet"), split="train", cache_dir=str(tmp_path)
    )
    assert data.num_rows == 6 and set(data.column_names) >= {"id", "url", "site", "title", "text", "page_type"}
