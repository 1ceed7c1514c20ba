"""The Ray engine on a real two-node Ray cluster on this machine, against the local engine.

Ray binds to the machine's interface address, never to loopback alone, so the cluster and
the run live in a fresh network namespace whose only interface is loopback (`unshare -n`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED, need
from tests.test_run import rows_of

ray = pytest.importorskip("ray")


def _short_tmp() -> str:
    """Ray's own folder for the test: short, since Ray's socket paths must fit in 107 bytes,
    and new, so that no cluster file of an earlier run is found."""
    import tempfile

    return tempfile.mkdtemp(prefix="kray", dir="/tmp")


SCRIPT = """
set -e
ip link set lo up
export RAY_USAGE_STATS_ENABLED=0 RAY_AUTH_MODE=disabled HOME={raytmp}
unset RAY_ADDRESS
BIN={bin}
$BIN/ray start --head --node-ip-address=127.0.0.1 --port={port} --num-cpus=1 --include-dashboard=false \\
    --disable-usage-stats --temp-dir={raytmp} > {tmp}/head.log 2>&1
$BIN/ray start --address=127.0.0.1:{port} --node-ip-address=127.0.0.1 --num-cpus=1 --disable-usage-stats \\
    > {tmp}/worker.log 2>&1
status=0
$BIN/python -c "import ray; ray.init(address='127.0.0.1:{port}'); assert len([n for n in ray.nodes() if n['Alive']]) == 2" \\
    || status=1
$BIN/khabar run {inputs} -o {out} --engine ray --ray-address 127.0.0.1:{port} --shard-size 10 --no-progress \\
    > {tmp}/run.log 2>&1 || status=2
$BIN/ray stop --force > /dev/null 2>&1 || true
exit $status
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0, reason="needs root and unshare")
def test_ray_two_nodes_equals_local(tmp_path: Path) -> None:
    inputs = [str(need(SHARED / "corpus" / "ar-news-html")), str(SHARED / "corpus" / "ar-fineweb2" / "docs.jsonl")]
    local = tmp_path / "local"
    subprocess.run([sys.executable, "-m", "khabar.cli", "run", *inputs, "-o", str(local), "--shard-size", "10",
                    "--workers", "2", "--no-progress"], check=True, capture_output=True)  # fmt: skip
    script = SCRIPT.format(bin=Path(sys.executable).parent, port=6391, tmp=tmp_path, out=tmp_path / "ray",
                           inputs=" ".join(inputs), raytmp=_short_tmp())  # fmt: skip
    p = subprocess.run(["unshare", "-n", "sh", "-c", script], capture_output=True, text=True, timeout=600)
    logs = "\n".join(
        (tmp_path / n).read_text() for n in ("head.log", "worker.log", "run.log") if (tmp_path / n).exists()
    )
    assert p.returncode == 0, f"{p.stderr}\n{logs}"
    # both nodes are on this machine: Ray's workers read the folder's shards themselves,
    # and the JSONL file (which cannot be entered mid-way) is read and sent by the driver
    plan = json.loads((tmp_path / "ray" / ".khabar" / "plan.json").read_text())
    assert list(plan) == ["0"] and len(plan["0"]) == 5
    ray_rows, local_rows = rows_of(tmp_path / "ray"), rows_of(local)
    assert len(ray_rows) == len(local_rows) == 44 + 99
    key = lambda r: r["id"]  # noqa: E731
    for a, b in zip(sorted(ray_rows, key=key), sorted(local_rows, key=key), strict=True):
        assert a == b  # row for row, every column


RAY_DATA = """
set -e
ip link set lo up
export RAY_USAGE_STATS_ENABLED=0 RAY_AUTH_MODE=disabled HOME={raytmp}
unset RAY_ADDRESS
{python} - <<'PY'
import json, ray, khabar
from khabar.batch.ray_data import ExtractBatch
ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, _temp_dir="{raytmp}")
pages = json.load(open("{pages}"))
ds = ray.data.from_items(pages).map_batches(ExtractBatch, concurrency=1, batch_size=4)
rows = sorted(ds.take_all(), key=lambda r: r["id"])
json.dump([[r["id"], r["title"], r["text"], r["status"]] for r in rows], open("{out}", "w"), ensure_ascii=False)
PY
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0, reason="needs root and unshare")
def test_ray_data_entry_point(tmp_path: Path) -> None:
    import json

    import khabar

    pytest.importorskip("ray.data")
    news = need(SHARED / "corpus" / "ar-news-html")
    pages = [
        {"id": p.name, "html": p.read_text(encoding="utf-8", errors="replace")} for p in sorted(news.glob("y*.html"))
    ]
    pages.append({"id": "zz-broken", "body": "no content column"})
    (tmp_path / "pages.json").write_text(json.dumps(pages, ensure_ascii=False))
    script = RAY_DATA.format(python=sys.executable, pages=tmp_path / "pages.json", out=tmp_path / "out.json",
                             raytmp=_short_tmp())  # fmt: skip
    p = subprocess.run(["unshare", "-n", "sh", "-c", script], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    got = json.loads((tmp_path / "out.json").read_text())
    assert [g[0] for g in got] == [p["id"] for p in pages]
    for (rid, title, text, status), page in zip(got, pages, strict=True):
        if rid == "zz-broken":
            assert status == "error"
            continue
        a = khabar.extract(page["html"])
        assert (title, text, status) == (a.title, a.text, "ok")
