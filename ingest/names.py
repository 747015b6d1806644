"""File names that are not valid UTF-8: a safe, reversible text form for the catalog and report.

Python gives such names to us with lone surrogates (PEP 383), which SQLite and UTF-8 JSON
refuse. We store them with each undecodable byte written as `\\xNN` instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_ESCAPED_BYTE = re.compile(r"\\x([0-9a-f]{2})")


def safe_text(text: str) -> str:
    """Return `text` with every lone surrogate written as a `\\xNN` byte escape.

    Valid text comes back unchanged; the result always encodes as UTF-8.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that did not come from undecodable bytes
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def path_key(path: Path) -> str:
    """Return the catalog key of a file: its path as text, undecodable bytes escaped."""
    return safe_text(str(path))


def key_path(key: str) -> Path:
    """Return the path a catalog key names (the inverse of `path_key`).

    A key without escapes is its own path. One with `\\xNN` escapes is turned back into
    bytes, unless a file by the literal name exists (a name may hold a real backslash).
    """
    literal = Path(key)
    if "\\x" not in key or literal.exists():
        return literal
    raw = _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), key)
    return Path(os.fsdecode(os.fsencode(raw)))
