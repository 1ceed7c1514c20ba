"""Sites from addresses: what every layer that names a page's site agrees on."""

from __future__ import annotations

from urllib.parse import urlsplit


def site_of(url: str | None) -> str | None:
    """The site (host without www.) of an absolute http(s) URL; None for anything else: a
    relative address such as «fa/node/41.html» names no site."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return host.removeprefix("www.")


def clean_site(site: str | None) -> str | None:
    """A site name given with a record (a JSONL or Parquet `site` field), as site_of writes it."""
    site = (site or "").strip().lower().removeprefix("www.")
    return site or None
