"""Pages: form feeds, printed page counters in text files, PDF pages, and the page of any
character of a chunk."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.models import Chunk, Section, SectionMeta, page_at
from ingest.chunk import chunk_section
from ingest.clean import clean_pages
from ingest.parsers import parse_file
from ingest.parsers.text_pages import split_counted_pages
from ingest.segment import segment_document

CASES = Path(__file__).parent / "data" / "cases"


def _words(text: str) -> int:
    return len(text.split())


def test_page_at_reads_the_page_of_an_offset() -> None:
    chunk = Chunk(
        "c", "d", "a" * 30, "label", SectionMeta(), 0, 2, 4, page_starts=[(0, 2), (10, 3), (20, 4)]
    )
    assert [page_at(chunk, o) for o in (-1, 0, 9, 10, 19, 20, 29, 99)] == [2, 2, 2, 3, 3, 4, 4, 4]
    assert chunk.page_at(15) == 3


def test_a_chunk_without_page_starts_is_on_its_first_page() -> None:
    chunk = Chunk("c", "d", "text", "label", SectionMeta(), 0, 5, 5)
    assert chunk.page_starts == [(0, 5)] and page_at(chunk, 3) == 5


def test_chunks_carry_where_their_pages_start() -> None:
    pages = ["Första sidan. " * 3, "Andra sidan. " * 3, "Tredje sidan slutar här."]
    text = "\n\f".join(pages)
    starts = [(0, 1), (len(pages[0]) + 2, 2), (len(pages[0]) + len(pages[1]) + 4, 3)]
    section = Section(text, SectionMeta(), page_starts=starts)
    chunks = chunk_section(section, "doc", 0, max_tokens=400, count_tokens=_words)
    assert len(chunks) == 1
    chunk = chunks[0]
    assert page_at(chunk, chunk.text.index("Tredje")) == 3
    assert page_at(chunk, chunk.text.index("Andra")) == 2
    assert page_at(chunk, 0) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PROTOKOLL 1(3)\n§ 1\nett\nPROTOKOLL 2(3)\n§ 2\ntvå\nPROTOKOLL 3(3)\n§ 3\ntre\n",
            [
                "PROTOKOLL 1(3)\n§ 1\nett\n",
                "PROTOKOLL 2(3)\n§ 2\ntvå\n",
                "PROTOKOLL 3(3)\n§ 3\ntre\n",
            ],
        ),
        (
            "Kommunstyrelsen\n§ 1 ett\nSida 1 av 2\n§ 2 två\nSida 2 av 2\n",
            ["Kommunstyrelsen\n§ 1 ett\nSida 1 av 2\n", "§ 2 två\nSida 2 av 2\n"],
        ),
        (
            "Bilaga 1 (2) till protokollet\nInget mer.\n",
            ["Bilaga 1 (2) till protokollet\nInget mer.\n"],
        ),
        ("SIDA 1(2)\nett\nSIDA 3(2)\ntre\n", ["SIDA 1(2)\nett\nSIDA 3(2)\ntre\n"]),  # out of order
    ],
)
def test_text_files_are_cut_at_their_page_counters(text: str, expected: list[str]) -> None:
    assert split_counted_pages(text) == expected
    assert "".join(split_counted_pages(text)) == text


def test_a_text_protocol_cites_the_page_its_header_counts(tmp_path: Path) -> None:
    body = "\n".join(f"Rad {n} om ärendet." for n in range(8))
    text = (
        f"SAMMANTRÄDESPROTOKOLL 1(2)\nKommunstyrelsen 2025-01-21\n§ 1 Dnr KS 2025/00011\n{body}\n"
        f"SAMMANTRÄDESPROTOKOLL 2(2)\nKommunstyrelsen 2025-01-21\n§ 2 Dnr KS 2025/00012\n"
        "Budget\n\nKommunstyrelsen godkänner budgeten.\n"
    )
    path = tmp_path / "protokoll.txt"
    path.write_text(text, encoding="utf-8")
    doc = parse_file(path, max_bytes=10**6)
    assert len(doc.pages) == 2
    doc.pages = clean_pages(doc.pages)
    second = next(s for s in segment_document(doc) if s.meta.paragraph == "2")
    assert second.pages == (2, 2)


def test_case_pdf_quoted_sentence_is_on_page_three() -> None:
    doc = parse_file(CASES / "page-cite" / "tre_sidor.pdf", max_bytes=10**7)
    doc.pages = clean_pages(doc.pages)
    section = next(s for s in segment_document(doc) if s.meta.paragraph == "33")
    chunks = chunk_section(section, "doc", 1, max_tokens=200, count_tokens=_words)
    chunk = next(c for c in chunks if "2 340 000" in c.text)
    assert page_at(chunk, chunk.text.index("Tekniska nämnden tilldelar")) == 3
