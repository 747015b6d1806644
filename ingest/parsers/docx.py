"""DOCX parsing with python-docx: body paragraphs and tables in order, split on page breaks.

We walk the body XML ourselves because python-docx lists paragraphs and tables
separately and would lose their order. Page headers come first and page footers last,
each once, with their tab stops as line breaks: municipal templates put the Dnr, the
office and the date there ("Socialförvaltningen<tab>2025-02-10"). Deleted (tracked) text
is left out; an explicit page break (`<w:br w:type="page"/>` or "page break before")
starts a new page. Word's own layout breaks are not explicit and are ignored.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from index.models import ParsedDocument
from ingest.errors import UnreadableDocument

PAGE_BREAK = "\f"
Block = tuple[str, str]
_HEADING_STYLES = ("heading", "rubrik", "title")


def parse_docx(path: Path, max_unpacked_bytes: int | None = None) -> ParsedDocument:
    """Return the document's text as pages split on explicit page breaks.

    Paragraphs are separated by blank lines; list items and table rows by single line
    breaks, a row's cells by " | ". Refuses ("corrupt") a file that is not a Word
    document or whose XML is broken, and ("over_unpacked_size") one that unpacks to more
    than `max_unpacked_bytes`.
    """
    try:
        if max_unpacked_bytes is not None:
            check_unpacked_size(path, max_unpacked_bytes)
        document = docx.Document(str(path))
        headers, footers = _margins(document)
        blocks = headers + list(_blocks(document.element.body)) + footers
        title = (document.core_properties.title or "").strip() or None
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
    ) as exc:
        raise UnreadableDocument(path, "corrupt", f"not a readable DOCX file: {exc}") from exc
    pages = _join_blocks(blocks).split(PAGE_BREAK)
    if title is None:
        title = next((text for kind, text in blocks if kind == "heading"), None)
    return ParsedDocument(path=str(path), format="docx", pages=pages, title=title)


def check_unpacked_size(path: Path, limit: int) -> None:
    """Refuse ("over_unpacked_size") a ZIP container whose members unpack to more than
    `limit` bytes: first by the sizes it declares, then by actually unpacking it (in
    1 MB pieces, stopping at the limit), since declared sizes can lie."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        declared = sum(info.file_size for info in members)
        if declared > limit:
            raise _over_unpacked(path, declared, limit, "declares")
        total = 0
        for info in members:
            with archive.open(info) as member:
                while piece := member.read(1 << 20):
                    total += len(piece)
                    if total > limit:
                        raise _over_unpacked(path, total, limit, "unpacks to over")


def _over_unpacked(path: Path, size: int, limit: int, verb: str) -> UnreadableDocument:
    return UnreadableDocument(
        path, "over_unpacked_size", f"archive {verb} {size} bytes, over the limit of {limit}"
    )


def _margins(document: docx.document.Document) -> tuple[list[Block], list[Block]]:
    """Return the blocks of every distinct page header and page footer, each once.

    A header linked to the previous section's is the same part and is not read again.
    """
    found: dict[str, list[Block]] = {"header": [], "footer": []}
    seen: set[str] = set()
    for section in document.sections:
        for kind in ("header", "footer"):
            for part in (
                getattr(section, f"first_page_{kind}"),
                getattr(section, kind),
                getattr(section, f"even_page_{kind}"),
            ):
                if part.is_linked_to_previous:
                    continue
                for block_kind, text in _blocks(part._element):
                    for line in _tab_lines(text):
                        if line not in seen:
                            seen.add(line)
                            found[kind].append(("row" if block_kind == "row" else "item", line))
    return found["header"], found["footer"]


def _tab_lines(text: str) -> list[str]:
    """Return a header paragraph's text split at tabs and line breaks into clean lines."""
    return [" ".join(part.split()) for part in re.split(r"[\t\n]+", text) if part.strip()]


def _blocks(container: etree._Element) -> Iterator[Block]:
    """Yield (kind, text) for each paragraph or table row, in document order.

    kind is "heading", "item", "row", "para" or "break" (a page break of its own).
    """
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield from _paragraph(child)
        elif child.tag == qn("w:tbl"):
            yield from _table(child)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _paragraph(p: etree._Element) -> Iterator[tuple[str, str]]:
    """Yield the paragraph's text, with a "break" block wherever it breaks the page."""
    kind = _paragraph_kind(p)
    properties = p.find(qn("w:pPr"))
    if properties is not None and properties.find(qn("w:pageBreakBefore")) is not None:
        yield "break", ""
    parts: list[str] = []
    for element in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if element.tag == qn("w:t"):
            parts.append(_run_text(element))
        elif element.tag == qn("w:tab"):
            parts.append("\t")
        elif element.get(qn("w:type")) == "page":
            yield from _text_block(kind, parts)
            yield "break", ""
            parts = []
        else:
            parts.append("\n")
    yield from _text_block(kind, parts)


def _run_text(t: etree._Element) -> str:
    """Return a `<w:t>`'s text. Entity references are not resolved (that would let a file
    pull in other files), so they are left out, but the text after them is kept."""
    return (t.text or "") + "".join(child.tail or "" for child in t)


def _text_block(kind: str, parts: list[str]) -> Iterator[tuple[str, str]]:
    text = "".join(parts).strip()
    if text:
        yield kind, text


def _paragraph_kind(p: etree._Element) -> str:
    """Return "heading", "item" (a list item) or "para" from the paragraph's style."""
    properties = p.find(qn("w:pPr"))
    if properties is None:
        return "para"
    style = properties.find(qn("w:pStyle"))
    name = (style.get(qn("w:val")) or "").casefold() if style is not None else ""
    if name.startswith(_HEADING_STYLES):
        return "heading"
    if properties.find(qn("w:numPr")) is not None or name.startswith(("list", "liststycke")):
        return "item"
    return "para"


def _table(tbl: etree._Element) -> Iterator[tuple[str, str]]:
    """Yield one "row" block per table row: its non-empty cells joined by " | "."""
    for row in tbl.iterchildren(qn("w:tr")):
        cells = [_cell_text(cell) for cell in row.iterchildren(qn("w:tc"))]
        text = " | ".join(cell for cell in cells if cell)
        if text:
            yield "row", text


def _cell_text(cell: etree._Element) -> str:
    """Return a cell's paragraphs (nested tables included) as one line."""
    texts = [text for kind, text in _blocks(cell) if kind != "break"]
    return " ".join(" ".join(texts).split())


def _join_blocks(blocks: list[tuple[str, str]]) -> str:
    """Join blocks into text: blank lines between paragraphs, single breaks inside runs
    of list items or table rows, and PAGE_BREAK at page breaks."""
    out: list[str] = []
    previous = "break"
    for kind, text in blocks:
        if kind == "break":
            out.append(PAGE_BREAK)
        elif previous == "break":
            out.append(text)
        elif kind == previous and kind in ("item", "row"):
            out.append("\n" + text)
        else:
            out.append("\n\n" + text)
        previous = kind
    return "".join(out)
