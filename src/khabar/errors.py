"""What khabar refuses, as a tree a caller can catch at the level it cares about, and the
kinds of error a batch row can carry. Every message names the input it is about.

    KhabarError
    ├── InputError         the input is not a page khabar can read (binary, a WARC, ...)
    │   └── FetchError     an address could not be fetched as a page (HTTP, time, size)
    ├── ConfigError        a caller's mistake: an unknown format, engine, kind, sort, date
    ├── RunStateError      the output folder cannot take this run as it stands
    │   ├── RunLocked          another run is writing it
    │   ├── SettingsChanged    it holds a run with other settings
    │   ├── InputsChanged      it holds a run whose inputs have changed since
    │   └── DiskFull           the disk filled up; finished shards are kept, run again
    ├── ArchiveError       no archive, not an archive, an older one, no run output to index
    └── ExtractionFailed   the server's extraction process died (out of memory)

Errors in single records never raise in a batch: they become rows with an `ErrorKind`.
"""

from __future__ import annotations

from enum import Enum


class KhabarError(Exception):
    """Base class: anything khabar refuses, with a message a person can act on."""


class InputError(KhabarError):
    """The input cannot be read as a web page (binary, undecodable, wrong kind)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class FetchError(InputError):
    """An address that could not be fetched as a page: HTTP errors, time, size, redirects."""


class ConfigError(KhabarError, ValueError):
    """An argument khabar does not accept (an unknown format, engine, kind, sort, a date
    that is not one, a query with no words)."""


class RunStateError(KhabarError):
    """The output folder cannot take this run as it stands."""


class RunLocked(RunStateError):
    """Another khabar run is writing the output folder."""


class SettingsChanged(RunStateError):
    """The output folder holds a run with other settings: resuming would mix them."""


class InputsChanged(RunStateError):
    """The output folder holds a run whose inputs have changed since it started."""


class DiskFull(RunStateError):
    """The disk filled up during the run; every finished shard is kept for a resume."""


class ArchiveError(KhabarError):
    """The archive cannot be used: missing, not an archive, built by an older khabar, or
    nothing to index."""


class ExtractionFailed(KhabarError):
    """The process extracting a page died (the server runs each extraction in its own)."""


class ErrorKind(str, Enum):
    """Why a batch row is an error or was skipped: the `error_kind` column, and the keys
    of `errors` and `skipped` in `_stats.json`. Readers, extraction and stats share it."""

    # the input could not be read, or not all of it
    UNREADABLE = "unreadable"  # a file that cannot be opened or parsed at all
    TRUNCATED = "truncated"  # the input ends mid-record
    CORRUPT = "corrupt"  # bytes that are no record; the reader resynchronised after them
    CHANGED = "changed"  # the input changed or vanished during the run
    TOO_LARGE = "too-large"  # a record, line, cell or unpacked body over its limit
    BAD_JSON = "bad-json"  # a JSONL line that is not a JSON object
    BAD_ENCODING = "bad-encoding"  # a body whose Content-Encoding does not unpack
    NO_CONTENT = "no-content"  # a row without the field or column that holds the page
    NOT_WARC = "not-warc"  # a .warc file with no WARC records
    # records that are not pages: skipped, counted
    NOT_HTML = "not-html"
    HTTP_STATUS = "http-status"
    WARC_REQUEST = "warc-request"
    WARC_METADATA = "warc-metadata"
    WARC_WARCINFO = "warc-warcinfo"
    WARC_REVISIT = "warc-revisit"
    WARC_RESOURCE = "warc-resource"
    WARC_CONVERSION = "warc-conversion"
    WARC_CONTINUATION = "warc-continuation"
    WARC_OTHER = "warc-other"
    # extraction
    NOT_A_PAGE = "not-a-page"  # the extractor refused it (binary, a WARC inside a record)
    TIMEOUT = "timeout"  # over PAGE_TIMEOUT
    CRASH = "crash"  # an exception khabar did not foresee (a bug: please report it)

    def __str__(self) -> str:
        return self.value

    @classmethod
    def of_record_type(cls, record_type: str) -> ErrorKind:
        """The kind for a WARC (or ARC) record that is not a response."""
        try:
            return cls(f"warc-{record_type}")
        except ValueError:
            return cls.WARC_OTHER
