"""The shared failing cases (tests/data/cases/, copied from ../shared/cases) and variants of
each kind: metadata read from layouts other than the two we started from."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pytest

from index.knowledge_base import KnowledgeBase
from index.models import Filters, Section
from index.retriever import Retriever
from ingest.clean import clean_pages
from ingest.parsers import parse_file
from ingest.pipeline import Ingester
from ingest.segment import segment_document

CASES = Path(__file__).parent / "data" / "cases"


def sections_of(path: Path) -> list[Section]:
    doc = parse_file(path, max_bytes=10**7)
    doc.pages = clean_pages(doc.pages)
    return segment_document(doc)


def paragraph(sections: list[Section], number: str, last: bool = True) -> Section:
    found = [s for s in sections if s.meta.paragraph == number]
    assert found, f"no § {number} in {[s.meta.paragraph for s in sections]}"
    return found[-1] if last else found[0]


# --- nfd-text -----------------------------------------------------------------------------


def test_nfd_protocol_reads_like_its_nfc_twin() -> None:
    nfc = sections_of(CASES / "nfd-text" / "aldrenamnden_nfc.txt")
    nfd = sections_of(CASES / "nfd-text" / "aldrenamnden_nfd.txt")
    assert [(s.text, s.meta) for s in nfd] == [(s.text, s.meta) for s in nfc]
    assert paragraph(nfd, "7").meta.organ == "Äldrenämnden"


# --- md-heading ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kf_renhallning.md", "kf_renhallning_plain.md"])
def test_markdown_heading_gives_paragraph_dnr_and_organ(name: str) -> None:
    section = paragraph(sections_of(CASES / "md-heading" / name), "15")
    assert (section.meta.dnr, section.meta.organ, section.meta.date) == (
        "KS 2024/00391",
        "Kommunfullmäktige",
        "2025-02-24",
    )


@pytest.mark.parametrize(
    "heading",
    ["### § 15 Dnr KS 2024/00391 ###", "**§ 15 Dnr KS 2024/00391**", "## § 15 KS 2024/00391"],
)
def test_markdown_heading_variants(tmp_path: Path, heading: str) -> None:
    path = tmp_path / "kf.md"
    path.write_text(
        f"# Kommunfullmäktige 2025-02-24\n\n{heading}\n\nRenhållningstaxa\n\n"
        "Kommunfullmäktige antar taxan.\n",
        encoding="utf-8",
    )
    section = paragraph(sections_of(path), "15")
    assert (section.meta.dnr, section.meta.organ) == ("KS 2024/00391", "Kommunfullmäktige")


# --- docx-header --------------------------------------------------------------------------


def test_docx_page_header_gives_dnr_office_and_date() -> None:
    (section,) = sections_of(CASES / "docx-header" / "tjansteskrivelse_bistand.docx")
    meta = section.meta
    assert (meta.dnr, meta.date, meta.organ, meta.doc_type) == (
        "SN 2025/00027",
        "2025-02-10",
        "Socialnämnden",
        "tjänsteutlåtande",
    )
    assert "690 kronor per månad" in section.text


def test_docx_footer_and_table_are_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "Postadress Box 1\tDnr BN 2025/00031-2.3"
    document.add_heading("Yttrande över detaljplan för Ekudden", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Datum", "2025-03-03"
    table.cell(1, 0).text, table.cell(1, 1).text = "Mottagare", "Byggnadsnämnden"
    document.add_paragraph("Förvaltningen tillstyrker planen.")
    path = tmp_path / "yttrande.docx"
    document.save(path)
    doc = parse_file(path, max_bytes=10**7)
    assert "Datum | 2025-03-03" in doc.pages[0]
    assert doc.pages[-1].rstrip().endswith("Dnr BN 2025/00031-2.3")
    assert sections_of(path)[0].meta.dnr == "BN 2025/00031-2.3"


# --- dnr-noprefix -------------------------------------------------------------------------


def test_dnr_without_prefix_is_read_on_the_paragraph() -> None:
    sections = sections_of(CASES / "dnr-noprefix" / "ks_protokoll_innehall.pdf")
    section = paragraph(sections, "2")
    assert section.meta.dnr == "2025-00013"
    assert "3,4 miljoner kronor" in section.text
    assert Filters(dnr="2025-00013").matches(_fields(section))
    assert Filters(dnr="2025/13").matches(_fields(section))
    assert not Filters(dnr="KS 2025-00013").matches(_fields(section))


@pytest.mark.parametrize("dnr", ["00322/2025", "2024/123 (1.3.2)", "KS/2024:391", "BN-AU 2025/12"])
def test_other_diarium_forms_on_a_paragraph_line(tmp_path: Path, dnr: str) -> None:
    path = tmp_path / "protokoll.txt"
    path.write_text(
        f"Byggnadsnämnden 2025-03-11\n\n§ 9 Dnr {dnr}\nBygglov\n\nBeslut\nNämnden beviljar.\n",
        encoding="utf-8",
    )
    assert paragraph(sections_of(path), "9").meta.dnr == dnr


def _fields(section: Section) -> dict[str, str]:
    meta = section.meta
    return {
        "municipality": meta.municipality or "",
        "organ": meta.organ or "",
        "doc_type": meta.doc_type,
        "date": meta.date or "",
        "dnr": meta.dnr or "",
    }


# --- the whole path: ingest, then filter and search --------------------------------------


@pytest.fixture(scope="module")
def case_index(tmp_path_factory, embedder, settings_factory) -> Retriever:
    root = tmp_path_factory.mktemp("cases")
    settings = settings_factory(root / "index")
    files = [
        CASES / "nfd-text" / "aldrenamnden_nfd.txt",
        CASES / "md-heading" / "kf_renhallning.md",
        CASES / "docx-header" / "tjansteskrivelse_bistand.docx",
        CASES / "dnr-noprefix" / "ks_protokoll_innehall.pdf",
        CASES / "hidden-text" / "bidrag_vit_text.pdf",
        CASES / "hidden-text" / "beslut_dolt.html",
    ]
    report = Ingester(settings.ingest, settings.index, embedder).run(files, progress=False)
    hidden = {Path(f.path).name: f.hidden_chars for f in report.files}
    assert hidden["bidrag_vit_text.pdf"] > 0 and hidden["beslut_dolt.html"] > 0
    assert hidden["kf_renhallning.md"] == 0
    return Retriever(KnowledgeBase.open_for_reading(settings.index.dir, embedder))


@pytest.mark.parametrize(
    ("question", "filters", "expected"),
    [
        (
            unicodedata.normalize("NFD", "Vem reserverade sig i äldrenämnden?"),
            Filters(organ=unicodedata.normalize("NFD", "Äldrenämnden")),
            "Göran Åkesson",
        ),
        ("Vad blir grundavgiften för en villa?", Filters(dnr="ks 2024/391"), "2 150 kronor"),
        ("Vad är normen för hushållsel?", Filters(dnr="SN 2025/00027"), "690 kronor"),
        ("Vad beslutades om årsredovisningen?", Filters(dnr="2025-00013"), "3,4 miljoner"),
    ],
)
def test_filtered_search_finds_the_case(
    case_index: Retriever, question: str, filters: Filters, expected: str
) -> None:
    hits = case_index.search(question, k=3, filters=filters)
    assert hits and expected in hits[0].chunk.text


def test_hidden_text_never_reaches_the_index(case_index: Retriever) -> None:
    texts = " ".join(c.text for c in case_index.kb.catalog.iter_chunks())
    assert "48 000 kronor" in texts and "6 procent" in texts
    assert "4 800 000" not in texts and "60 procent" not in texts
