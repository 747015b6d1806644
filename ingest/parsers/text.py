"""Plain text and Markdown: decode, then split pages on form feeds.

Markdown is read as the text a reader sees: heading markers ("## § 15 Dnr KS 2024/00391")
and emphasis wrapped around a whole line ("**Beslut**") are dropped, so a heading is a
plain line like the same heading in a PDF, DOCX or HTML file.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from index.models import ParsedDocument
from ingest.errors import UnreadableDocument
from ingest.parsers.text_pages import split_counted_pages

PAGE_BREAK = "\f"
# Tried in order; latin-1 maps every byte, so decoding never fails after it.
ENCODINGS = ("utf-8", "cp1252", "latin-1")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_MD_EMPHASIS = re.compile(r"^([ \t]*)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\2[ \t]*$", re.M)


def parse_text(path: Path) -> ParsedDocument:
    """Return a .txt or .md file's text, one page per form-feed-separated part; without
    form feeds, pages are cut at printed page counters ("12(17)", "Sida 2 av 3").

    A trailing form feed (as pdftotext writes) does not add an empty last page. For
    Markdown the title is the first heading. Refuses ("corrupt") binary data.
    """
    text = decode_text(path.read_bytes(), path)
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


def decode_text(data: bytes, path: Path) -> str:
    """Return `data` decoded: a BOM's encoding, else UTF-8, else cp1252, else latin-1.

    Refuses ("corrupt") data with NUL bytes and no UTF-16/32 BOM: that is a binary file.
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableDocument(path, "corrupt", f"invalid {encoding}: {exc}") from exc
    if b"\x00" in data:
        raise UnreadableDocument(path, "corrupt", "binary data (NUL bytes) in a text file")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")


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
