"""Every limit khabar puts on its input, in one place.

A crawl holds pages built to break parsers (nesting 100,000 deep, half a million
attributes, gzip bombs, 90 MB cells). Each limit below turns such an input into an error
row (in a batch) or a 4xx/504 answer (in the API) that says which limit it met, instead
of a crash, a hang or a process eating the machine. The modules that apply them import
them from here; the README's "Limits" table lists them.
"""

from __future__ import annotations

# sizes of one page, by where it comes from
MAX_INPUT_BYTES = 256 * 1024 * 1024  # `khabar extract FILE` or stdin
MAX_FILE = 64 * 1024 * 1024  # a page file in a folder given to `khabar run`
MAX_LINE = 64 * 1024 * 1024  # a JSONL line
MAX_CELL = 64 * 1024 * 1024  # a Parquet cell
MAX_RECORD = 40 * 1024 * 1024  # a WARC record, and its body once unpacked (gzip/deflate)
MAX_BODY = 5 * 1024 * 1024  # a page POSTed to /api/extract (413 above)
FETCH_MAX_BYTES = 20 * 1024 * 1024  # a page fetched from a URL

# the shape of one page
MAX_DEPTH = 256  # HTML elements nested deeper are dropped before parsing (Blink stops near 512)
MANY_TAGS = 10_000  # from this many tags on, a page's nesting is measured before parsing
MAX_TAG_CHARS = 32 * 1024  # a start tag longer than this keeps its name, not its attributes
MAX_HTML_BLOCKS = 50_000  # text blocks read from one HTML page
MAX_TEXT_BLOCKS = 100_000  # lines read from one crawl-text page
MAX_JSONLD_CHARS = 2 * 1024 * 1024  # a JSON-LD script larger than this is not read
# (JSON nested deeper than Python's parser goes — a JSONL line, a JSON-LD script — is an
# error row or an unread script, never a crash)

# time and memory
EXTRACT_TIMEOUT = 20.0  # seconds the API gives one page; its process is then killed (504)
PAGE_TIMEOUT = 60.0  # seconds `khabar run` gives one page (extraction and enrichment): an error row after
EXTRACT_MEMORY = 2 * 1024**3  # bytes of address space the API's extraction process may take
FETCH_TIMEOUT = 15.0  # seconds to connect to a server and for each read
FETCH_MAX_REDIRECTS = 5

# the first pass of `khabar run` (site learning)
LEARN_PAGES = 500  # pages per site parsed to learn its template
