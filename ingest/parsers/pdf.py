"""PDF parsing with pypdf: one string per page, with OCR for pages that have no text."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from index.models import ParsedDocument
from ingest.errors import UnreadableDocument
from ingest.parsers import ocr as ocr_tools
from ingest.parsers.pdf_visible import visible_text

log = logging.getLogger(__name__)

# Titles that PDF producers write instead of a real one.
_JUNK_TITLE = re.compile(r"^(microsoft (word|powerpoint)|untitled|namnlös|dokument\d*$)", re.I)


def parse_pdf(path: Path, ocr: bool = True, max_pages: int | None = None) -> ParsedDocument:
    """Return the text of each page of the PDF at `path` (`pages[0]` is page 1).

    Pages without a text layer are read with OCR when `ocr` is True and the tools are
    installed. Refuses (UnreadableDocument) a broken file ("corrupt"), a password it
    cannot open ("encrypted"), a file with no text at all ("no_text_layer") and an
    image-only file whose OCR fails ("ocr_failed"), and one with more than `max_pages`
    pages ("over_pages"), before any page is read.
    """
    reader = _open(path)
    if max_pages is not None and len(reader.pages) > max_pages:
        raise over_pages(path, len(reader.pages), max_pages)
    pages, hidden = _extract_pages(reader, path)
    missing = [i for i, text in enumerate(pages) if not text.strip()]
    if missing:
        _fill_with_ocr(pages, missing, reader, path, ocr)
    return ParsedDocument(
        path=str(path), format="pdf", pages=pages, title=_title(reader), hidden_chars=hidden
    )


def over_pages(path: Path, pages: int, limit: int) -> UnreadableDocument:
    return UnreadableDocument(path, "over_pages", f"{pages} pages, over the limit of {limit}")


def _open(path: Path) -> PdfReader:
    """Open the PDF, decrypting it with the empty password when that is enough."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(path, "encrypted", "PDF is password-protected")
        if len(reader.pages) == 0:
            raise UnreadableDocument(path, "corrupt", "PDF has no pages")
    except UnreadableDocument:
        raise
    except (DependencyError, FileNotDecryptedError) as exc:
        # AES needs the `cryptography` package; without it the file cannot be opened.
        raise UnreadableDocument(path, "encrypted", f"cannot decrypt PDF: {exc}") from exc
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableDocument(path, "corrupt", f"broken PDF: {exc}") from exc
    return reader


def _extract_pages(reader: PdfReader, path: Path) -> tuple[list[str], int]:
    """Return each page's visible text (see `pdf_visible`) and the count of hidden
    characters left out; a page whose extraction fails counts as empty.

    Refuses ("corrupt") a file where every page fails.
    """
    pages: list[str] = []
    hidden = failures = 0
    last_error: Exception | None = None
    for number, page in enumerate(reader.pages, start=1):
        try:
            text, left_out = visible_text(page)
            pages.append(text)
            hidden += left_out
        except Exception as exc:  # pypdf raises many types on bad pages
            log.warning("%s: page %d: text extraction failed: %s", path, number, exc)
            pages.append("")
            failures += 1
            last_error = exc
    if failures == len(pages):
        raise UnreadableDocument(
            path, "corrupt", f"text extraction failed on every page: {last_error}"
        ) from last_error
    return pages, hidden


def _fill_with_ocr(
    pages: list[str], missing: list[int], reader: PdfReader, path: Path, ocr_enabled: bool
) -> None:
    """OCR the pages at indexes `missing` in place.

    Refuses the file only when no page has text afterwards: "no_text_layer" when OCR is
    off, unavailable or reads nothing, "ocr_failed" when the OCR tools fail.
    """
    nothing_else = len(missing) == len(pages)
    if not (ocr_enabled and ocr_tools.ocr_available()):
        if nothing_else:
            why = "OCR is disabled" if not ocr_enabled else "OCR (tesseract with swe) is missing"
            raise UnreadableDocument(path, "no_text_layer", f"PDF has no text layer and {why}")
        return
    failure: UnreadableDocument | None = None
    for index in missing:
        if not _has_images(reader, index):
            continue
        try:
            text = ocr_tools.ocr_pdf_page(path, index + 1)
        except UnreadableDocument as exc:
            log.warning("%s: page %d: %s", path, index + 1, exc.message)
            failure = exc
            continue
        pages[index] = text if _has_words(text) else ""
    if any(text.strip() for text in pages):
        return
    if failure is not None:
        raise failure
    raise UnreadableDocument(path, "no_text_layer", "PDF has no text layer and OCR found none")


def _has_images(reader: PdfReader, index: int) -> bool:
    """Return True when the page draws any image or form XObject (worth OCR at all)."""
    try:
        resources = reader.pages[index].get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        return bool(xobjects and len(xobjects.get_object()) > 0)
    except Exception:  # when unsure, let OCR decide
        return True


def _has_words(text: str) -> bool:
    """Return True when OCR output holds at least one word, not just specks."""
    return re.search(r"\w{2,}", text) is not None


def _title(reader: PdfReader) -> str | None:
    """Return the document-info title unless it is missing or producer boilerplate."""
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # a broken info dictionary is no reason to fail
        return None
    if not title or not str(title).strip() or _JUNK_TITLE.match(str(title).strip()):
        return None
    return str(title).strip()
