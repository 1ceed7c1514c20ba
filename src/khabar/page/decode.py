"""Bytes to text: BOMs, declared charsets, detection, and repair of Arabic mojibake.

Arabic sites serve UTF-8 and windows-1256 in about equal measure, often mislabelled, and
crawls keep UTF-8 text that was once decoded as windows-1256 or latin-1. This module turns
any of that into clean Unicode, or says plainly that the input is not text.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from khabar.errors import InputError

# Magic numbers of formats that are certainly not a web page.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it or give it to `khabar run`)"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00asm", "a WebAssembly module"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)

# Controls that never belong in text: C0 except tab/newline/CR, DEL, C1, and the bidi
# embedding/override/isolate controls and marks that some CMSs sprinkle through Arabic.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[{_CONTROLS}]")
_BLANK = re.compile(rf"[\s{_CONTROLS}]*")

# UTF-8 Arabic read as windows-1256 turns each letter into ط or ظ plus a second glyph;
# read as latin-1/cp1252 it becomes Ø or Ù plus one. Either pair, repeated, is the tell.
_MOJIBAKE_CP1256 = re.compile("[طظ][\u0080-\u00ff\u0600-\u06ff\u0152-\u0192\u02c6-\u203a\u2122]")
_MOJIBAKE_LATIN = re.compile("[ØÙ][\u0080-\u00ff\u0152-\u0192\u02c6-\u203a\u2122]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (0, 9, 10, 13))


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of `data`, or None when it may be text."""
    for magic, name in _BINARY_MAGIC:
        if data.startswith(magic):
            return name
    head = data[:8192]
    if not head or any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if _utf16_without_bom(head):
        return None
    # Control bytes other than whitespace and NUL padding: text has almost none.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    nuls = head.count(0)
    if controls > len(head) * 0.05 or nuls > len(head) * 0.3:
        return "binary data"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: every other byte is zero (Latin) or 0x06 (Arabic)."""
    if len(head) < 64:
        return None
    even, odd = head[0:2000:2], head[1:2000:2]
    for name, hi, lo in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if hi.count(0) + hi.count(6) > len(hi) * 0.9 and lo.count(0) < len(lo) * 0.1:
            return name
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (meta tag or XML declaration)."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, *, source: str | None = None, charset: str | None = None) -> tuple[str, list[str]]:
    """Decode page bytes to text. Returns (text, warnings).

    Order: BOM, the charset the caller got from HTTP, the page's own declaration, strict
    UTF-8, then statistical detection. Raises InputError for data that is not text.
    """
    warnings: list[str] = []
    kind = sniff_binary(data)
    if kind:
        raise InputError(f"this is {kind}, not an HTML page or text", source=source)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), warnings
    utf16 = _utf16_without_bom(data[:8192])
    if utf16:
        return data.decode(utf16, errors="replace"), warnings
    # Bytes that are valid UTF-8 beyond ASCII are UTF-8 whatever a header or the page says:
    # multi-byte sequences almost never come out valid from a single-byte charset by chance.
    utf8: str | None = None
    if not data.isascii():
        try:
            utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            utf8 = None
    for candidate in (charset, declared_charset(data)):
        if not candidate:
            continue
        name = candidate
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            warnings.append(f"unknown charset {name!r} ignored")
            continue
        if codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):  # declared but the bytes are ASCII-compatible
            continue
        if utf8 is not None and codec != "utf-8":
            warnings.append(f"declared charset {codec} ignored: the bytes are valid UTF-8")
            return utf8, warnings
        try:
            return data.decode(codec), warnings
        except UnicodeDecodeError:
            # A page that declares one charset and is in another is common; keep going.
            warnings.append(f"declared charset {codec} does not fit the bytes")
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError as e:
        bad_at = e.start
    # Mostly UTF-8 with a few broken bytes: keep UTF-8, replace the bad bytes.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(8, len(data) // 1000):
        warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced (first at byte {bad_at})")
        return text, warnings
    best = from_bytes(
        data[:200_000], cp_isolation=["cp1256", "utf_8", "iso8859_6", "cp1252", "cp1251", "latin_1"]
    ).best()
    if best is not None and best.encoding:
        warnings.append(f"charset detected as {best.encoding}")
        return data.decode(best.encoding, errors="replace"), warnings
    warnings.append("charset unknown; decoded as UTF-8 with replacement")
    return text, warnings


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Undo UTF-8 that was decoded as windows-1256 or latin-1. Returns (text, what was done)."""
    sample = text[:20_000]
    # "ال", the commonest Arabic pair, read as windows-1256 or latin-1: no tell, no work.
    if "ظ„" not in sample and "Ø§" not in sample and "Ù" not in sample:
        return text, None
    for pattern, codec, name in (
        (_MOJIBAKE_CP1256, "cp1256", "windows-1256"),
        (_MOJIBAKE_LATIN, "cp1252", "latin-1"),
    ):
        hits = len(pattern.findall(sample))
        letters = len(_ARABIC_LETTER.findall(sample)) if codec == "cp1256" else 0
        if hits < 8 or hits * 2 < (letters - 2 * hits) * 0.5:
            continue
        fixed = "\n".join(_undo_line(line, codec) for line in text.split("\n"))
        if fixed != text:
            return fixed, f"repaired mojibake (UTF-8 read as {name})"
    return text, None


def _undo_line(line: str, codec: str) -> str:
    if not line or line.isascii():
        return line
    encodings = ("cp1252", "latin-1") if codec == "cp1252" else (codec,)
    raw = None
    for enc in encodings:
        try:
            raw = line.encode(enc)
            break
        except UnicodeEncodeError:
            continue
    if raw is None:
        raw = _encode_lenient(line, encodings[0])
    fixed = raw.decode("utf-8", errors="replace")
    if fixed.count("\ufffd") <= line.count("\ufffd") + max(1, len(line) // 50):
        return fixed
    return line


def _encode_lenient(line: str, enc: str) -> bytes:
    out = bytearray()
    for ch in line:
        try:
            out += ch.encode(enc)
        except UnicodeEncodeError:
            out += ch.encode("utf-8")
    return bytes(out)


def clean_controls(text: str) -> str:
    """Drop NULs, stray C0/C1 controls and bidi controls; normalise newlines."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def is_blank(text: str) -> bool:
    """Whether a text holds nothing but whitespace and control characters."""
    return _BLANK.fullmatch(text) is not None


def to_text(
    content: str | bytes, *, source: str | None = None, charset: str | None = None, controls: bool = True
) -> tuple[str, list[str]]:
    """Any input to clean Unicode text, with the warnings a user should see.

    `controls=False` leaves control characters for the caller: an HTML page's are dropped
    from its block texts after parsing, which is faster (the text is a fraction of the
    markup) and also catches the bidi marks a page writes as entities (`&rlm;`)."""
    if isinstance(content, bytes):
        text, warnings = decode(content, source=source, charset=charset)
    elif isinstance(content, str):
        text, warnings = content, []
    else:
        raise InputError(f"expected str or bytes, got {type(content).__name__}", source=source)
    text, repaired = repair_mojibake(text)
    if repaired:
        warnings.append(repaired)
    return (clean_controls(text) if controls else text), warnings
