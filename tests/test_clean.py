"""clean_pages: hyphenation, page furniture, repeated headers and whitespace."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.clean import clean_pages, is_furniture

ROOT = Path(__file__).parent.parent


def clean_one(text: str) -> str:
    (page,) = clean_pages([text])
    return page


# ---- hyphenation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "den pedagogiska verk-\nsamheten i förskolan",
            "den pedagogiska verksamheten\ni förskolan",
        ),
        (
            "den pedagogiska verk-\n samheten i förskolan",
            "den pedagogiska verksamheten\ni förskolan",
        ),
        ("verk- \nsamheten.", "verksamheten."),
        ("Riktlinje för IT-\nsäkerhet i skolan", "Riktlinje för IT-säkerhet\ni skolan"),
        ("enligt KS-\nbeslut", "enligt KS-beslut"),
        ("via kommunens e-\ntjänster", "via kommunens e-tjänster"),
        ("Introdukt-\nion och utbildning", "Introduktion\noch utbildning"),
        # a blank line between, as in double-spaced extractions
        (
            "planerings- och utvecklings-\n\narbetet, och på",
            "planerings- och utvecklingsarbetet,\n\noch på",
        ),
    ],
)
def test_hyphenated_line_breaks_are_rejoined(text, expected):
    assert clean_one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "kultur-\noch fritidsnämnden",  # a shortened compound before "och"
        "vård-\neller omsorgsbehov",
        "programmet 2024-\n2027 antas",  # a number range
        "Beslut -\nProgram för digital utveckling",  # a dash, not a hyphen
        "finner att ord-\nNämnden för funktionsstöd",  # a capital: a header or a new sentence
        "verk-\n\n\nsamheten",  # two blank lines: a real break
    ],
)
def test_real_hyphens_and_breaks_are_kept(text):
    assert clean_one(text) == text.replace("\n\n\n", "\n\n")


def test_hyphenation_is_rejoined_across_pages_and_furniture():
    pages = [
        "Förvaltningen bedömer att verk-\nJusterandes signatur Utdragsbestyrkande",
        "SAMMANTRÄDESPROTOKOLL 2 (2)\nsamheten fungerar väl.",
    ]
    assert clean_pages(pages) == ["Förvaltningen bedömer att verksamheten", "fungerar väl."]


def test_page_that_was_only_a_word_fragment_becomes_empty():
    assert clean_pages(["text om verk-", "samheten"]) == ["text om verksamheten", ""]


# ---- furniture --------------------------------------------------------------------------

FURNITURE = [
    "Justerandes signatur",
    "Utdragsbestyrkande",
    "Justerandes signatur Utdragsbestyrkande",
    " Justerandes signatur Utdragsbestyrkande ",
    "JusterandesWEnatur Utdragsbestyrkande",  # OCR garble from a real protocol
    "Justerandes signatur Utdragstestvrkande",
    "SAMMANTRÄDESPROTOKOLL 1 (2)",
    "SAMMANTRÄDESPROTOKOLL 12(17)",
    "Sida 1 (1)",
    "Sida",
    "1/2",
    "Sida 3 av 12",
    "3 (74)",
    "Göteborgs Stad Kommunfullmäktige, protokoll",
    "Göteborgs Stad kommunstyrelsens protokoll",
]

CONTENT = [
    "Beslut",
    "Justering av protokollet sker den 5 mars.",
    "Justerare: Anna Berg (S)",
    "Protokollet justeras av ordföranden.",
    "Sidan 3 i bilagan visar kostnaderna.",
    "2023/24",
    "12/2023",
    "Göteborgs Stad har fört protokoll över mötet",
    "Antal ledamöter: 13 (15 ordinarie)",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_dropped(line):
    assert clean_one(f"Före\n{line}\nEfter") == "Före\nEfter"


@pytest.mark.parametrize("line", CONTENT)
def test_content_lines_are_not_furniture(line):
    assert not is_furniture(line.strip())
    assert clean_one(f"Före\n{line}\nEfter") == f"Före\n{line}\nEfter"


def test_bare_page_numbers_go_only_at_page_edges():
    assert clean_one("3\nAntal röster\n43\nledamöter\n4") == "Antal röster\n43\nledamöter"


def test_counter_header_with_figures_is_kept_once_without_the_counter():
    pages = [
        "Yttrande Diarienummer 2023-01-10 KS 2022/123 1(3)\nFörsta sidan.",
        "Yttrande Diarienummer 2023-01-10 KS 2022/123 2(3)\nAndra sidan.",
        "Yttrande Diarienummer 2023-01-10 KS 2022/123 3(3)\nTredje sidan.",
    ]
    assert clean_pages(pages) == [
        "Yttrande Diarienummer 2023-01-10 KS 2022/123\nFörsta sidan.",
        "Andra sidan.",
        "Tredje sidan.",
    ]


def test_repeated_header_is_kept_on_first_page_and_footer_dropped_everywhere():
    pages = [
        f"Ödeshögs kommun\nÅrsredovisning 2023\nText på sida {n}.\n\nBox 100, 599 21 Ödeshög\n{n}"
        for n in range(1, 5)
    ]
    assert clean_pages(pages) == [
        "Ödeshögs kommun\nÅrsredovisning 2023\nText på sida 1.",
        "Text på sida 2.",
        "Text på sida 3.",
        "Text på sida 4.",
    ]


def test_two_pages_are_too_few_to_call_a_line_a_running_header():
    pages = ["Beslut\nText ett.", "Beslut\nText två."]
    assert clean_pages(pages) == pages


# ---- Göteborg protocols (pdftotext output) ------------------------------------------------

KS_EXCERPT = """Göteborgs Stad
Kommunstyrelsen
Protokoll
Sammanträdesdatum: 2024-03-06

§ 183 Ärendenummer SLK-2024-00074

Anmälan av jäv vid sammanträdet samt val av justerare
Beslut

återremissyrkandet från M, D, L och KD och finner att det avslagits. Omröstning begärs.

Kommunstyrelsen

Omröstning

Protokoll nr 7
Sammanträdesdatum: 2024-03-06

Godkänd voteringsproposition: "Ja för avslag och Nej för bifall till återremissyrkandet

Göteborgs Stad Kommunstyrelsen, protokoll

§ 184 Ärendenummer SLK-2023-01079
Protokollsutdrag skickas till
Kommunstyrelsen
"""

KS_CLEANED = """Göteborgs Stad
Kommunstyrelsen
Protokoll
Sammanträdesdatum: 2024-03-06

§ 183 Ärendenummer SLK-2024-00074

Anmälan av jäv vid sammanträdet samt val av justerare
Beslut

återremissyrkandet från M, D, L och KD och finner att det avslagits. Omröstning begärs.

Omröstning

Godkänd voteringsproposition: "Ja för avslag och Nej för bifall till återremissyrkandet

§ 184 Ärendenummer SLK-2023-01079
Protokollsutdrag skickas till
Kommunstyrelsen"""


def test_goteborg_repeated_protocol_header_without_page_breaks():
    assert clean_pages([KS_EXCERPT]) == [KS_CLEANED]


KF_PAGES = [
    "Göteborgs Stad\nKommunfullmäktige\nProtokoll\nSammanträdesdatum: 2023-01-26\n\n§1\n"
    "Bestämmande av tid för justering\nBeslut\n\nOrdföranden justerar protokollet.\n\n"
    "Göteborgs Stad Kommunfullmäktige, protokoll\n\n3 (74)\n\n",
    "Kommunfullmäktige\n\nProtokoll (nr 1)\nSammanträdesdatum: 2023-01-26\n\n§2\nFrågestund\n"
    "Axel Josefson (M) ställer en fråga.\n\nGöteborgs Stad Kommunfullmäktige, protokoll\n\n"
    "4 (74)\n\n",
    "Kommunfullmäktige\n\nProtokoll (nr 1)\nSammanträdesdatum: 2023-01-26\n\nHandling\n"
    "2023 nr 10.\n\nGöteborgs Stad Kommunfullmäktige, protokoll\n\n5 (74)\n\n",
]


def test_goteborg_page_headers_are_dropped_after_the_first_page():
    assert clean_pages(KF_PAGES) == [
        "Göteborgs Stad\nKommunfullmäktige\nProtokoll\nSammanträdesdatum: 2023-01-26\n\n§1\n"
        "Bestämmande av tid för justering\nBeslut\n\nOrdföranden justerar protokollet.",
        "§2\nFrågestund\nAxel Josefson (M) ställer en fråga.",
        "Handling\n2023 nr 10.",
    ]


# ---- whitespace -------------------------------------------------------------------------


def test_whitespace_is_normalised_but_paragraphs_stay_apart():
    text = "  Första\u00a0stycket,   rad ett.  \n\trad två.\n\n\n\nAndra stycket.\x08\n\n"
    assert clean_one(text) == "Första stycket, rad ett.\nrad två.\n\nAndra stycket."


def test_soft_hyphen_at_line_end_joins_and_elsewhere_vanishes():
    assert clean_one("verk\u00ad\nsamheten och för\u00adskolan") == "verksamheten\noch förskolan"


def test_page_count_is_kept():
    assert clean_pages(["", "Sida 2 av 3", "Text"]) == ["", "", "Text"]
    assert clean_pages([]) == []


# ---- a real file ------------------------------------------------------------------------


def test_real_vasteras_compilation_loses_furniture_and_keeps_paragraph_heads():
    (sample,) = (ROOT / "data" / "sample").glob("001_*.txt")
    (cleaned,) = clean_pages([sample.read_text(encoding="utf-8")])
    for furniture in (
        "Justerandes signatur",
        "Utdragsbestyrkande",
        "JusterandesWEnatur",
        "SAMMANTRÄDESPROTOKOLL 12(17)",
        "\nSida\n",
        "\n1 (1)\n",
    ):
        assert furniture not in cleaned
    for kept in (
        "§ 10 Dnr KS 2023/00315-1.2.2",
        "§ 79 Dnr KUN 2023/00085-1.7.1",
        "Kulturnämnden",
        "utvecklingsarbetet",
        "verksamhetsutvecklingen",
    ):
        assert kept in cleaned
