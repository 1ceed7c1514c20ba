"""Pages from the web: `khabar extract URL` fetches with httpx, within a time and size limit.

Only http(s); redirects are followed (at most MAX_REDIRECTS); a body larger than MAX_BYTES,
an HTTP error status, a response that is not a page (an image, a PDF) or a slow server is an
InputError that names the URL. The charset of the Content-Type header goes with the bytes to
the decoder, which still prefers a BOM and checks the bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from khabar.errors import FetchError
from khabar.limits import FETCH_MAX_BYTES, FETCH_MAX_REDIRECTS, FETCH_TIMEOUT
from khabar.version import __version__

TIMEOUT = FETCH_TIMEOUT
MAX_BYTES = FETCH_MAX_BYTES
MAX_REDIRECTS = FETCH_MAX_REDIRECTS
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml", "")
USER_AGENT = f"khabar/{__version__} (+https://pypi.org/project/khabar/)"


@dataclass
class Fetched:
    url: str  # where the page was found, after redirects
    content: bytes
    charset: str | None


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET one page."""
    import httpx

    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"}
    try:
        client = httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout, headers=headers)
        with client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}", source=url)
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype not in PAGE_TYPES:
                raise FetchError(f"not a web page: the server sends {ctype}", source=url)
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"larger than {max_bytes // 2**20} MB ({int(length):,} bytes)", source=url)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"larger than {max_bytes // 2**20} MB", source=url)
            return Fetched(str(response.url), bytes(body), response.charset_encoding)
    except httpx.TimeoutException as e:
        raise FetchError(f"no answer within {timeout:g} s ({type(e).__name__})", source=url) from e
    except httpx.TooManyRedirects as e:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", source=url) from e
    except httpx.InvalidURL as e:
        raise FetchError(f"not a valid URL ({e})", source=url) from e
    except httpx.HTTPError as e:
        raise FetchError(f"could not fetch: {e}", source=url) from e
