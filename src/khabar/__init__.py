"""khabar: clean, structured articles from raw news pages, Arabic first.

>>> import khabar
>>> article = khabar.extract(html_or_crawl_text, url="https://example.com/a")
>>> article.title, article.paragraphs, article.removed
"""

from khabar.errors import InputError, KhabarError
from khabar.extract import extract
from khabar.model import Article, Block, Label, RelatedItem, RemovedBlock

__version__ = "0.1.0"
__all__ = [
    "Article",
    "Block",
    "InputError",
    "KhabarError",
    "Label",
    "RelatedItem",
    "RemovedBlock",
    "__version__",
    "extract",
]
