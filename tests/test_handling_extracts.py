"""Protocol extracts bundled in a handling: each is its own section with its organ, §, Dnr
and date, and with the secretary, chair and adjusters of its own signature block.

The handling in tests/data/handlingar is written here after the Göteborg layout: one extract
stands under its office's logo ("Kultur") and names its organ in its head, and its
signature row shares a line with the head repeated on its last page; the other stands under
its organ's name and signs with labels over names across signature lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.furniture import read_extract, read_meeting
from ingest.parsers import parse_file
from ingest.segment import segment_document

HANDLINGAR = Path(__file__).parent / "data" / "handlingar"
GAP = " " * 30


@pytest.fixture(scope="module")
def sections():
    doc = parse_file(HANDLINGAR / "handling-2025-nr-12.txt", 10**7)
    return [s for s in segment_document(doc) if s.meta.doc_type == "protokoll"]


def test_each_extract_is_a_section_of_its_own_organ(sections):
    found = [(s.meta.organ, s.meta.paragraph, s.meta.dnr, s.meta.date) for s in sections]
    assert found == [
        ("Kulturnämnden", "14", "0840/24", "2025-01-30"),
        ("Kretslopp och vattennämnden", "30", "0916/24", "2025-02-09"),
    ]


def test_an_extract_is_signed_by_its_own_people(sections):
    signed = [
        (s.meta.secretary, s.meta.chair, s.meta.adjusters, s.meta.adjusted_on) for s in sections
    ]
    assert signed == [
        ("Anna Lind", "Per Holm", ["Eva Strand"], "2025-02-06"),
        ("Mats Lund", "Jon Berg", ["Karl Ek"], "2025-02-12"),
    ]


def test_the_repeated_head_of_a_last_page_is_no_new_extract(sections):
    assert len(sections) == 2
    assert "Per Holm" in sections[0].text


def test_a_title_after_a_bare_paragraph_line(sections):
    assert sections[1].meta.title.startswith("Yttrande över remiss av motion")


@pytest.mark.parametrize(
    ("text", "chair", "adjusters"),
    [
        (f"Ordförande{GAP}Justerande Per Holm{GAP}Eva Strand", "Per Holm", ["Eva Strand"]),
        (f"Ordförande{GAP}Justerande\n\nPer Holm{GAP}Eva Strand", "Per Holm", ["Eva Strand"]),
        (f"Ordförande{GAP}Justerande\n____{GAP}____ Per Holm{GAP}Eva Strand", "Per Holm",
         ["Eva Strand"]),
    ],
)  # fmt: skip
def test_a_row_of_labels_pairs_with_a_row_of_names(text, chair, adjusters):
    meeting = read_meeting(text)
    assert (meeting.chair, meeting.adjusters) == (chair, adjusters)


def test_names_a_row_cannot_pair_are_not_assigned_by_position():
    # Two labels over three names: which name signs for which label is unknown.
    meeting = read_meeting(f"Ordförande{GAP}Justerande\nPer Holm{GAP}Eva Strand{GAP}Ola Berg")
    assert (meeting.chair, meeting.adjusters) == (None, [])


def test_an_extract_without_a_signature_block_has_no_furniture():
    assert read_extract("§ 14 Yttrande över motion\n\nKulturnämnden avstyrker.").is_empty()


@pytest.fixture(scope="module")
def handling_assistant(assistant_over):
    return assistant_over(HANDLINGAR, "handlingar")


@pytest.mark.parametrize(
    ("question", "name", "organ"),
    [
        ("Vem var sekreterare när kulturnämnden behandlade motionen om skulpturen?",
         "Anna Lind", "Kulturnämnden"),
        ("Vem justerade kulturnämndens protokoll om motionen om skulpturen?", "Eva Strand",
         "Kulturnämnden"),
        ("Vem var sekreterare när kretslopp och vattennämnden yttrade sig över motionen?",
         "Mats Lund", "Kretslopp och vattennämnden"),
    ],
)  # fmt: skip
def test_a_meeting_role_is_answered_from_the_named_organs_extract(
    handling_assistant, question, name, organ
):
    answer = handling_assistant.ask(question)
    assert answer.supported and name in answer.text, answer.text
    assert answer.citations[0].organ == organ


def test_an_extract_without_its_own_signature_block_takes_no_one_elses():
    text = (
        "§ 269 Ärendenummer SMF-2025-00158 Redovisning av uppdrag\n\n"
        "Beslut Stadsmiljönämnden godkänner svaret.\n\n"
        "Protokollsutdrag skickas till Kommunfullmäktige\n\n"
        "Förvaltnings AB Framtiden\n\nStyrelsehandling nr 9a\n\nÅrsrapport 2025\n\n"
        f"Vid protokollet Sekreterare Johanna Nyström\n\nOrdförande{GAP}Justerande\n\n"
        f"Lars Johansson{GAP}Cecilia Magnusson\n"
    )
    assert read_extract(text).is_empty()


def test_names_above_a_row_of_labels_pair_with_it():
    text = (
        "Dag för justering 2025-11-30\n\nVid protokollet Johan Holm\n\nSekreterare\n\n"
        f"Axel Berg{GAP}Karin Lind\n\nOrdförande{GAP}Justerande\n\nGöteborgs Stadshus AB\n"
    )
    meeting = read_extract(text)
    assert (meeting.secretary, meeting.chair, meeting.adjusters) == (
        "Johan Holm",
        "Axel Berg",
        ["Karin Lind"],
    )


def test_a_signature_block_ends_where_a_letter_begins():
    text = (
        "Vid protokollet Sekreterare Lina Ek\n\nOrdförande Anna Berg\n\n"
        f"Justerande{GAP}Justerande Håkan Eld{GAP}Maria Borg\n\n"
        "Justerande Lisa Sund Andersson\n\nFRÅN:       Wistrand Advokatbyrå\n\n"
        "Stadsledningskontoret Kartläggning\n"
    )
    meeting = read_extract(text)
    assert meeting.adjusters == ["Håkan Eld", "Maria Borg", "Lisa Sund Andersson"]


def test_a_boards_extract_names_its_body_in_its_head():
    """A company board's extract says which body kept the protocol after the meeting it was
    kept at ("fört vid styrelsesammanträde Norrby Bostäder AB 2025-03-04"); its head repeated
    on a later page opens no new section, and a signature block above the § leaves the title
    to the § line."""
    doc = parse_file(HANDLINGAR / "handling-2025-nr-31.txt", 10**7)
    extracts = [s for s in segment_document(doc) if s.meta.doc_type == "protokoll"]
    found = [(s.meta.organ, s.meta.paragraph, s.meta.date, s.meta.title) for s in extracts]
    assert found == [
        ("Norrby Bostäder AB", "7", "2025-03-04", "Remisser och motioner"),
        (
            "Norrby Energi",
            "12",
            "2025-03-11",
            "Remiss Motion om att sälja bostäder i Norrby Styrelsen tillstyrker motionen.",
        ),
    ]
    assert "Med röstsiffrorna 5 Ja och 2 Nej" in extracts[0].text
    assert extracts[0].meta.secretary == "Lisa Holm"
