"""Variants of the layout faults the layout corpus stands for (tests/data/layouts/): § line
forms, Dnr forms, tables of contents, kallelser, labelled header fields, HTML protocols, and
the accuracy report's own scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.layouts import score_folder
from index.dnr import dnr_matches, parse_dnr
from index.models import ParsedDocument, Section
from ingest.clean import clean_pages
from ingest.doctype import detect_doc_type
from ingest.parsers import parse_file
from ingest.segment import segment_document
from ingest.segment_header import header_lines
from ingest.segment_starts import ParagraphLine, read_paragraph


def segment_text(text: str, name: str = "protokoll.txt") -> list[Section]:
    pages = text.split("\f")
    return segment_document(ParsedDocument(path=name, format="txt", pages=pages))


def paragraphs(sections: list[Section]) -> dict[str, list[Section]]:
    found: dict[str, list[Section]] = {}
    for section in sections:
        if section.kind == "paragraf":
            found.setdefault(section.meta.paragraph or "", []).append(section)
    return found


# --- § lines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("§ 26", ParagraphLine("26")),
        ("§ 26 Dnr KS 2024/14", ParagraphLine("26", "Dnr KS 2024/14")),
        ("KF § 41", ParagraphLine("41")),
        ("Ks § 108   Dnr 00041/2025", ParagraphLine("108", "Dnr 00041/2025")),
        ("AU § 3 Dnr 2025/17", ParagraphLine("3", "Dnr 2025/17")),
        ("KS § 110 KS/2025:214", ParagraphLine("110", "KS/2025:214")),
        ("§ 13 | Dnr ASN 2024/187", ParagraphLine("13", "Dnr ASN 2024/187")),
        ("§ 13 |", ParagraphLine("13")),
        (
            "KSKF/2025:1 § 235 Val till kommunala uppdrag",
            ParagraphLine("235", "KSKF/2025:1", "Val till kommunala uppdrag"),
        ),
        ("BN 2025/77 § 4", ParagraphLine("4", "BN 2025/77")),
    ],
)
def test_paragraph_line_forms(line: str, expected: ParagraphLine) -> None:
    assert read_paragraph(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Se § 12",
        "Om § 12",
        "§ 12 kommunallagen gäller",
        "enligt 5 kap. § 3",
        "Paragrafer §§ 1-4",
        "2025-06-10 § 12",
    ],
)
def test_running_text_is_no_paragraph_line(line: str) -> None:
    assert read_paragraph(line) is None


# --- Dnr forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed", "key"),
    [
        ("SN 18/0098", "SN 18/0098", "SN 2018/98"),
        ("KS 02-820 107", "KS 02-820 107", "KS 2002/820-107"),
        ("KS 24-815 107 Bildning av bolag", "KS 24-815 107", "KS 2024/815-107"),
        ("BN 99/0412", "BN 99/0412", "BN 1999/412"),
        ("KS 12/2025", "KS 12/2025", "KS 2025/12"),
        ("KS 2024/14 200 personer", "KS 2024/14", "KS 2024/14"),
        ("0496/22", "0496/22", "2022/496"),
    ],
)
def test_dnr_forms_with_two_digit_years(text: str, printed: str, key: str) -> None:
    found = parse_dnr(text)
    assert found is not None
    assert (found.printed, found.key) == (printed, key)


def test_two_digit_year_first_needs_a_prefix() -> None:
    assert parse_dnr("18/0098") is None  # a running number and a year, or the reverse
    assert dnr_matches("SN 2018/98", "SN 18/0098")
    assert dnr_matches("ks 02-820", "KS 02-820 107")
    assert not dnr_matches("KS 2002/821", "KS 02-820 107")


# --- Tables of contents -------------------------------------------------------------------

_BODY = """§ 1 Dnr KS 2025/11
Förändring av ärendelista
Beslut
Kommunstyrelsen godkänner ärendelistan.
§ 2 Dnr KS 2025/13
Årsredovisning 2024
Beslut
Kommunstyrelsen godkänner årsredovisningen.
§ 3 Dnr KS 2024/754
Parkeringsavgifter
Beslut
Timtaxan blir 25 kronor.
"""


@pytest.mark.parametrize(
    "toc",
    [
        # dot leaders and page numbers under "Innehåll"
        "Innehåll\n§ 1 Dnr KS 2025/11\nFörändring av ärendelista ...... 3\n"
        "§ 2 Dnr KS 2025/13\nÅrsredovisning 2024 ...... 3\n§ 3 Dnr KS 2024/754\n"
        "Parkeringsavgifter ...... 4\n",
        # titles on the § lines, under "Ärendeförteckning"
        "Ärendeförteckning\n§ 1 Dnr KS 2025/11 Förändring av ärendelista\n"
        "§ 2 Dnr KS 2025/13 Årsredovisning 2024\n§ 3 Dnr KS 2024/754 Parkeringsavgifter\n",
        # bare § numbers in a column, no heading: no text between them
        "§ 1\n§ 2\n§ 3\nFörändring av ärendelista\nÅrsredovisning 2024\nParkeringsavgifter\n",
        # on a page of its own, with a page header
        "KOMMUNSTYRELSEN 2 (4)\nParagrafförteckning\n§ 1 Dnr KS 2025/11\n§ 2 Dnr KS 2025/13\n"
        "§ 3 Dnr KS 2024/754\n\f",
    ],
)
def test_table_of_contents_gives_no_sections_and_keeps_titles(toc: str) -> None:
    head = "SAMMANTRÄDESPROTOKOLL\nKommunstyrelsen\nSammanträdesdatum 2025-01-21\n"
    found = paragraphs(segment_text(head + toc + _BODY))
    assert {k: len(v) for k, v in found.items()} == {"1": 1, "2": 1, "3": 1}
    assert [found[k][0].meta.title for k in "123"] == [
        "Förändring av ärendelista",
        "Årsredovisning 2024",
        "Parkeringsavgifter",
    ]
    assert [found[k][0].meta.dnr for k in "123"] == ["KS 2025/11", "KS 2025/13", "KS 2024/754"]


def test_dagordning_inside_a_paragraph_takes_nothing_with_it() -> None:
    text = (
        "SAMMANTRÄDESPROTOKOLL\nKommunstyrelsen 2025-01-21\n§ 1 Dnr KS 2025/1\n"
        "Godkännande av dagordning\nDagordning\nDagordningen godkänns.\n" + _BODY.split("§ 2")[0]
    )
    text += "§ 2 Dnr KS 2025/13\nÅrsredovisning 2024\nBeslut\nGodkänns.\n"
    found = paragraphs(segment_text(text))
    assert sorted(found) == ["1", "2"]


def test_agenda_list_of_a_kallelse_gives_no_items() -> None:
    text = (
        "KALLELSE\nBygg- och miljönämnden kallas till sammanträde tisdagen den 3 juni 2025 "
        "kl. 13.00.\n\nFöredragningslista\n1. Val av justerare\n2. Bygglov för förskola\n"
        "3. Tillsynsplan 2025\n\f1. Val av justerare\nAnna Ek (C) föreslås.\n\n"
        "2. Bygglov för förskola\nDnr BMN 2025/201\nFörslag till beslut\nBygglov beviljas.\n\n"
        "3. Tillsynsplan 2025\nÄrendenummer BMN 2025/9\nNämnden antar planen.\n"
    )
    sections = segment_text(text, "kallelse.txt")
    items = [s for s in sections if s.kind == "punkt"]
    assert [(s.meta.title, s.meta.dnr, s.pages[0]) for s in items] == [
        ("Val av justerare", None, 2),
        ("Bygglov för förskola", "BMN 2025/201", 2),
        ("Tillsynsplan 2025", "BMN 2025/9", 2),
    ]
    assert {(s.meta.doc_type, s.meta.organ, s.meta.date) for s in items} == {
        ("kallelse", "Bygg- och miljönämnden", "2025-06-03")
    }
    assert all(s.meta.paragraph is None for s in sections)


# --- Document types -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "doc_type"),
    [
        ("KALLELSE\nKommunstyrelsen\n1. Upprop", "k.txt", "kallelse"),
        ("Föredragningslista\nSocialnämnden 2025-02-03\n1. Val av justerare", "f.docx", "kallelse"),
        ("Kultur- och fritidsnämnden kallas härmed till sammanträde", "k.html", "kallelse"),
        ("KF § 41\nVal\nKF § 42 Dnr KS 24-815 107\nBolag", "kf.html", "protokoll"),
        ("Nämnd: | Socialnämnden\nANSLAG/BEVIS\nProtokollet är justerat.", "p.html", "protokoll"),
        ("Öppettider för biblioteket\nSenast uppdaterad: 2025-01-02", "b.html", "webbsida"),
        ("KSKF/2025:1 § 235 Val\nKS/2025:118 § 236 Motion", "p.txt", "protokoll"),
    ],
)
def test_document_types_from_content(text: str, name: str, doc_type: str) -> None:
    assert detect_doc_type(text, name) == doc_type


# --- Header fields ------------------------------------------------------------------------


def test_header_lines_pair_a_label_row_with_its_values() -> None:
    rows = [
        "Datum | Vår beteckning | Er beteckning",
        "2025-08-28 | SN 25/0098",
        "Nämnd: | Arbetsmarknads- och socialnämnden",
        "Kommunstyrelsen  3 (22)",
        "Kommunstyrelsen 2025-04-07 3",
        "Ordinarie ledamöter | Tjg | Ej tjg",
    ]
    assert header_lines(rows) == [
        "Datum 2025-08-28",
        "Vår beteckning SN 25/0098",
        "Nämnd: Arbetsmarknads- och socialnämnden",
        "Kommunstyrelsen",
        "Kommunstyrelsen 2025-04-07",
        "Ordinarie ledamöter",
        "Tjg",
        "Ej tjg",
    ]


@pytest.mark.parametrize(
    "field",
    [
        "Organ och sammanträdesdatum Socialnämnden 2025-06-10",
        "Nämnd/Styrelse | Socialnämnden\nSammanträdesdatum | 2025-06-10",
        "Nämnd | Sammanträdesdatum\nSocialnämnden | 2025-06-10",
    ],
)
def test_labelled_fields_give_organ_and_meeting_date(field: str) -> None:
    text = (
        "Plats och tid Kommunhuset kl 09.00\nJusteringens plats och tid 2025-06-16\n"
        + "\n".join(f"Ledamot {k}" for k in range(14))
        + f"\nANSLAG/BEVIS\n{field}\n§ 5 Dnr SN 2025/40\nRiktlinjer\nBeslut\nAntas.\n"
    )
    (section,) = [s for s in segment_text(text) if s.kind == "paragraf"]
    assert (section.meta.organ, section.meta.date) == ("Socialnämnden", "2025-06-10")


# --- The accuracy report ------------------------------------------------------------------


def _gold(folder: Path, text: str, units: list[dict[str, object]]) -> None:
    (folder / "p.txt").write_text(text, encoding="utf-8")
    entry = {"file": "p.txt", "doc_type": "protokoll", "paragraphs": units}
    (folder / "gold.json").write_text(json.dumps([entry]), encoding="utf-8")


def test_report_scores_a_missing_or_doubled_paragraph_zero(tmp_path: Path) -> None:
    text = (
        "SAMMANTRÄDESPROTOKOLL\nKommunstyrelsen 2025-01-21\n§ 5 Dnr KS 2025/3\nTaxa\nBeslut\n"
        "Antas.\n§ 5 Dnr KS 2025/3\nTaxa igen\nBeslut\nAntas.\n"
    )
    unit = {"dnr": "KS 2025/3", "organ": "Kommunstyrelsen", "date": "2025-01-21", "page": 1}
    _gold(tmp_path, text, [{"paragraph": "5", **unit}, {"paragraph": "6", **unit}])
    scores = score_folder(tmp_path)
    assert scores["paragraph"] == [False, False]  # § 5 gives two sections; § 6 is missing
    assert scores["dnr"] == [True, False]


def test_case_pdf_table_of_contents_gives_one_section_per_paragraph() -> None:
    case = Path(__file__).parent / "data" / "cases" / "dnr-noprefix" / "ks_protokoll_innehall.pdf"
    doc = parse_file(case, max_bytes=10**7)
    doc.pages = clean_pages(doc.pages)
    found = paragraphs(segment_document(doc))
    assert {k: len(v) for k, v in found.items()} == {"1": 1, "2": 1, "3": 1, "4": 1}
    assert [found[k][0].pages[0] for k in "1234"] == [3, 3, 4, 5]
    assert found["2"][0].meta.title == "Årsredovisning för kommunstyrelsen 2024"


# --- Titles in text without blank lines ---------------------------------------------------


@pytest.mark.parametrize(
    ("after", "title"),
    [
        # the body's first sentence, full width and wrapped, right under the title
        (
            "Kommunchefens rapport\nKommunchefen Eva Strand rapporterar om rekryteringen av en "
            "ny skolchef och om\narbetet med översiktsplanen.\n",
            "Kommunchefens rapport",
        ),
        (
            "Ordningsfråga\nKlockan är 21:24 och ordföranden frågar om mötet ska fortsätta.\n",
            "Ordningsfråga",
        ),
        # a "<organ>s beslut" subheading ends the title
        ("Taxa för tillsyn 2026\nKommunstyrelsens beslut\nTaxan antas.\n", "Taxa för tillsyn 2026"),
        # a wrapped title: a short capitalised line, and a line after "om"/"från"
        (
            "Motion av Anna Berg (L) om hur Göteborgs\nStad ska förhålla sig till AI\nBeslut\n"
            "Ärendet bordläggs till den 19 juni 2024.\n",
            "Motion av Anna Berg (L) om hur Göteborgs Stad ska förhålla sig till AI",
        ),
        (
            "Begäran om överlåtelse av tillsynsansvar från Länsstyrelsen\nVästra Götaland för "
            "vattenverksamhet enligt 11 kap.\nmiljöbalken\nBeslut\nBegäran bifalls.\n",
            "Begäran om överlåtelse av tillsynsansvar från Länsstyrelsen Västra Götaland för "
            "vattenverksamhet enligt 11 kap. miljöbalken",
        ),
    ],
)
def test_title_ends_where_the_body_begins(after: str, title: str) -> None:
    text = "SAMMANTRÄDESPROTOKOLL\nKommunstyrelsen 2025-04-07\n§ 108 Dnr KS 2025/41\n" + after
    (section,) = paragraphs(segment_text(text))["108"]
    assert section.meta.title == title
