"""khabar: clean, structured articles from raw news pages, Arabic first.

    >>> import khabar
    >>> article = khabar.extract(html_or_crawl_text, url="https://example.com/a")
    >>> article.title, article.paragraphs, article.removed
    >>> khabar.run(["crawl.warc.gz"], "out/")   # a whole corpus: one row per record

`run` and `Filters` load the batch machinery (pyarrow, numpy) on first use, so that
`import khabar` for single pages stays light.
"""

from typing import TYPE_CHECKING, Any

from khabar.enrich import extract
from khabar.errors import (
    ArchiveError,
    ConfigError,
    DiskFull,
    ErrorKind,
    ExtractionFailed,
    FetchError,
    InputError,
    InputsChanged,
    KhabarError,
    RunLocked,
    RunStateError,
    SettingsChanged,
)
from khabar.model import Article, Block, Label, RelatedItem, RemovedBlock
from khabar.version import __version__

if TYPE_CHECKING:
    from khabar.batch import Filters, run

__all__ = [
    "ArchiveError",
    "Article",
    "Block",
    "ConfigError",
    "DiskFull",
    "ErrorKind",
    "ExtractionFailed",
    "FetchError",
    "Filters",
    "InputError",
    "InputsChanged",
    "KhabarError",
    "Label",
    "RelatedItem",
    "RemovedBlock",
    "RunLocked",
    "RunStateError",
    "SettingsChanged",
    "__version__",
    "extract",
    "run",
]


def __getattr__(name: str) -> Any:
    if name in ("run", "Filters"):
        import khabar.batch

        return getattr(khabar.batch, name)
    raise AttributeError(f"module 'khabar' has no attribute {name!r}")
