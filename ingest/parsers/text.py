"""Plain text and Markdown: decode, then split pages on form feeds.

Markdown is read as the text a reader sees: heading markers ("## § 15 Dnr KS 2024/00391")
and emphasis wrapped around a whole line ("**Beslut**") are dropped, so a heading is a
plain line like the same heading in a PDF, DOCX or HTML file.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.models import ParsedDocument
from ingest.parsers.encoding import decode_bytes
from ingest.parsers.text_pages import split_counted_pages

PAGE_BREAK = "\f"
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_MD_EMPHASIS = re.compile(r"^([ \t]*)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\2[ \t]*$", re.M)


def parse_text(path: Path) -> ParsedDocument:
    """Return a .txt or .md file's text, one page per form-feed-separated part; without
    form feeds, pages are cut at printed page counters ("12(17)", "Sida 2 av 3").

    A trailing form feed (as pdftotext writes) does not add an empty last page. For
    Markdown the title is the first heading. Refuses ("corrupt") binary data; encodings
    are chosen by `decode_bytes`.
    """
    text = decode_bytes(path.read_bytes(), path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split(PAGE_BREAK)
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    if len(pages) == 1:
        pages = split_counted_pages(text)
    suffix = path.suffix.lower().lstrip(".")
    title = _markdown_title(text) if suffix == "md" else None
    if suffix == "md":
        pages = [markdown_lines(page) for page in pages]
    return ParsedDocument(path=str(path), format=suffix, pages=pages, title=title)


def markdown_lines(text: str) -> str:
    """Return Markdown text with heading markers and whole-line emphasis removed.

    "## § 15 Dnr KS 2024/00391" -> "§ 15 Dnr KS 2024/00391"; "**Beslut**" -> "Beslut".
    Other lines are left as they are; line count and order do not change.
    """
    text = _MD_HEADING.sub(lambda m: m.group(1), text)
    return _MD_EMPHASIS.sub(lambda m: m.group(1) + m.group(3), text)


def _markdown_title(text: str) -> str | None:
    """Return the text of the first ATX heading (`# Title`), or None."""
    match = _MD_HEADING.search(text)
    return match.group(1) if match else None
