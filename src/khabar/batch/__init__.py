"""Batch processing of whole corpora: `khabar.run` and the Ray entry points."""

from khabar.batch.engine import run
from khabar.batch.filters import Filters

__all__ = ["Filters", "run"]
