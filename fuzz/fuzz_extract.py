"""atheris fuzz target: any bytes through khabar's page reader and labeller.

    python fuzz/fuzz_extract.py -max_total_time=60 [corpus_dir]

Whatever the bytes, `khabar.extract` returns an Article or raises InputError (input that is
not a page); anything else is a bug. The seed corpus is a handful of real pages; the test
suite runs this for a bounded time (tests/test_properties.py).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import khabar
    from khabar.errors import InputError


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    kind = fdp.PickValueInList(["auto", "html", "text"])
    page = fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        article = khabar.extract(page, kind=kind, enrich=True)
    except InputError:
        return
    article.to_dict(with_blocks=True)
    assert all(p in article.text for p in article.paragraphs)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
