"""File parsers: one per format, behind `parse_file`, which turns every failure into
UnreadableDocument so the pipeline can skip the file, record why and go on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from index.models import ParsedDocument
from index.text import normalise_text
from ingest.errors import UnreadableDocument
from ingest.parsers.docx import parse_docx
from ingest.parsers.html import parse_html
from ingest.parsers.pdf import over_pages, parse_pdf
from ingest.parsers.text import parse_text

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")

_PARSERS: dict[str, Callable[[Path], ParsedDocument]] = {
    ".html": parse_html,
    ".htm": parse_html,
    ".txt": parse_text,
    ".md": parse_text,
}

__all__ = ["SUPPORTED_SUFFIXES", "ParseLimits", "parse_file"]


@dataclass(frozen=True)
class ParseLimits:
    """Budgets one file must stay within; None means no limit."""

    max_pages: int | None = None
    max_chars: int | None = None
    max_unpacked_bytes: int | None = None


def parse_file(
    path: Path, max_bytes: int, ocr: bool = True, limits: ParseLimits | None = None
) -> ParsedDocument:
    """Return the file's text page by page (`pages[0]` is page 1), uncleaned but in the
    project's normal form (`index.text.normalise_text`: NFC, no soft hyphens or zero-width
    characters, plain spaces).

    Dispatches on the suffix (case-insensitive). `ocr` allows OCR of PDF pages without
    a text layer. Raises UnreadableDocument, and nothing else, for: an unknown suffix
    ("unsupported"), a file larger than `max_bytes` ("oversized"), a zero-byte or
    whitespace-only file ("empty"), and each parser's own refusals ("corrupt",
    "encrypted", "no_text_layer", "ocr_failed"). A missing or unreadable file is
    reported as "corrupt". Over `limits`: "over_pages", "over_chars", "over_unpacked_size".
    """
    limits = limits or ParseLimits()
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no suffix"
        raise UnreadableDocument(path, "unsupported", f"unsupported file type ({shown})")
    size = _size(path)
    if size > max_bytes:
        raise UnreadableDocument(
            path, "oversized", f"file is {size} bytes, over the limit of {max_bytes}"
        )
    if size == 0:
        raise UnreadableDocument(path, "empty", "file is empty (0 bytes)")
    document = _parse(path, suffix, ocr, limits)
    if limits.max_pages is not None and len(document.pages) > limits.max_pages:
        raise over_pages(path, len(document.pages), limits.max_pages)
    chars = sum(len(page) for page in document.pages)
    if limits.max_chars is not None and chars > limits.max_chars:
        raise UnreadableDocument(
            path, "over_chars", f"{chars} characters, over the limit of {limits.max_chars}"
        )
    document.pages = [normalise_text(page) for page in document.pages]
    document.title = normalise_text(document.title) if document.title else None
    if not any(page.strip() for page in document.pages):
        raise UnreadableDocument(path, "empty", "file holds no text, only whitespace")
    return document


def _size(path: Path) -> int:
    """Return the file's size in bytes; refuses ("corrupt") a path that is not a readable file."""
    try:
        if not path.is_file():
            raise UnreadableDocument(path, "corrupt", "not a regular file or does not exist")
        return path.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(path, "corrupt", f"cannot read file: {exc}") from exc


def _parse(path: Path, suffix: str, ocr: bool, limits: ParseLimits) -> ParsedDocument:
    """Run the suffix's parser and wrap whatever a library raises into UnreadableDocument."""
    try:
        if suffix == ".pdf":
            return parse_pdf(path, ocr=ocr, max_pages=limits.max_pages)
        if suffix == ".docx":
            return parse_docx(path, limits.max_unpacked_bytes)
        return _PARSERS[suffix](path)
    except (UnreadableDocument, MemoryError):
        raise
    except RecursionError as exc:
        raise UnreadableDocument(path, "corrupt", "structure nested too deeply") from exc
    except Exception as exc:  # the last line of defence: no library error may escape
        detail = f"{type(exc).__name__}: {exc}"
        raise UnreadableDocument(path, "corrupt", f"parsing failed: {detail}") from exc
