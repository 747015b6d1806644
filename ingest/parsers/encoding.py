"""Decoding text files and web pages: BOMs, UTF-8 with stray bytes repaired, legacy code pages.

Swedish office files come as UTF-8, or from older Windows and Mac tools in a single-byte
code page. `decode_bytes` picks one per file:

1. a byte-order mark names the encoding;
2. valid UTF-8 is UTF-8;
3. UTF-8 with a few bad bytes (fewer than its valid non-ASCII characters) stays UTF-8, and
   each bad byte alone is read as Windows-1252, so one stray "ä" does not garble the rest;
4. otherwise charset-normalizer chooses among the code pages used for Swedish text;
   Windows-1252 (then Latin-1) wins ties and short samples, being by far the commonest.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer

from ingest.errors import UnreadableDocument

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Code pages offered to charset-normalizer, and the ones that win a tie with them.
LEGACY = ("cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850", "utf_16_le", "utf_16_be")
_DEFAULTS = ("cp1252", "latin_1", "iso8859_15")
_ESCAPED = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_REPAIR = {
    0xDC00 + b: chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252")
    for b in range(0x80, 0x100)
}
# Fewer non-ASCII bytes than this give a detector too little to go on.
_MIN_SAMPLE = 8


def decode_bytes(data: bytes, path: Path, declared: str | None = None) -> str:
    """Return `data` as text (see the module docstring for how the encoding is chosen).

    `declared` (an HTML meta charset) is used when `data` decodes with it and is not
    valid UTF-8. Refuses ("corrupt") data with NUL bytes and no UTF-16/32 BOM: that is
    a binary file.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableDocument(path, "corrupt", f"invalid {encoding}: {exc}") from exc
    if b"\x00" in data:
        raise UnreadableDocument(path, "corrupt", "binary data (NUL bytes) in a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    repaired = _utf8_repaired(data)
    if repaired is not None:
        return repaired
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode(_legacy_encoding(data))


def _utf8_repaired(data: bytes) -> str | None:
    """Return `data` as UTF-8 with each invalid byte read as cp1252, or None when the
    invalid bytes are as many as the valid non-ASCII characters (then it is not UTF-8)."""
    text = data.decode("utf-8", "surrogateescape")  # bad bytes become U+DC80..U+DCFF
    bad = sum(1 for _ in _ESCAPED.finditer(text))
    valid = sum(1 for _ in _NON_ASCII.finditer(text)) - bad
    return text.translate(_REPAIR) if valid > bad else None


def _legacy_encoding(data: bytes) -> str:
    """Return the single-byte code page `data` most likely uses (always one that decodes)."""
    fallback = next(e for e in ("cp1252", "latin_1") if _decodes(data, e))
    if sum(1 for b in data if b > 127) < _MIN_SAMPLE:
        return fallback
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY)))
    if not matches:
        return fallback
    best = matches[0]
    if any(m.encoding in _DEFAULTS and m.chaos <= best.chaos for m in matches):
        return fallback
    return best.encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
