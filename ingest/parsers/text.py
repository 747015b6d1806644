"""Plain text and Markdown: decode, then split pages on form feeds."""

from __future__ import annotations

import re
from pathlib import Path

from index.models import ParsedDocument
from ingest.parsers.encoding import decode_bytes

PAGE_BREAK = "\f"
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def parse_text(path: Path) -> ParsedDocument:
    """Return a .txt or .md file's text, one page per form-feed-separated part.

    A trailing form feed (as pdftotext writes) does not add an empty last page. For
    Markdown the title is the first heading. Refuses ("corrupt") binary data; encodings
    are chosen by `decode_bytes`.
    """
    text = decode_bytes(path.read_bytes(), path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split(PAGE_BREAK)
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    suffix = path.suffix.lower().lstrip(".")
    title = _markdown_title(text) if suffix == "md" else None
    return ParsedDocument(path=str(path), format=suffix, pages=pages, title=title)


def _markdown_title(text: str) -> str | None:
    """Return the text of the first ATX heading (`# Title`), or None."""
    match = _MD_HEADING.search(text)
    return match.group(1) if match else None
