"""Questions about a meeting itself (chair, minutes, justerare, attendees, place, time),
answered from the furniture ingest reads, over the four furniture layouts in
tests/data/furniture ingested by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.meeting import asked_field, question_dates

FURNITURE = Path(__file__).parent / "data" / "furniture"


@pytest.fixture(scope="module")
def meetings(assistant_over):
    return assistant_over(FURNITURE, "meetings")


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Vem förde protokollet vid mötet?", "secretary"),
        ("Vem var sekreterare när kultur- och fritidsnämnden sammanträdde?", "secretary"),
        ("Who took the minutes at the meeting?", "secretary"),
        ("Vilka justerade protokollet?", "adjusters"),
        ("Who verified the minutes of the board meeting?", "adjusters"),
        ("Vem var ordförande vid sammanträdet?", "chair"),
        ("Who chaired the meeting?", "chair"),
        ("Vem justerade protokollet från mötet den 14 november?", "adjusters"),
        ("Vilka deltog i styrelsemötet?", "attendees"),
        ("Vilka personer deltog i mötet?", "attendees"),
        ("Vilka kommuner deltog i styrgruppsmötet?", None),  # bodies: quoted, not furniture
        ("Which municipalities took part in the meeting?", None),
        ("Vilka kommuner hade deltagare på styrgruppsmötet?", None),
        ("Var hölls sammanträdet?", "place"),
        ("Where was the meeting held?", "place"),
        ("När hölls mötet?", "date"),
        ("Vem tog över ordförandeskapet i 4M?", None),  # a chairmanship, not a meeting's chair
        ("Vem efterträdde Sofia Berg som ordförande i styrgruppen?", None),  # no meeting named
        ("Vem var ordförande i tekniska nämnden 2023?", None),
        ("Vem är kommundirektör i Arboga?", None),
        ("Vad kostar avtalet?", None),
    ],
)
def test_the_field_a_question_asks_for(question, field):
    assert asked_field(question) == field


def test_dates_named_in_a_question():
    assert question_dates("mötet den 14 november 2023 och 2024-03-12") == {
        "2023-11-14",
        "2024-03-12",
    }


@pytest.mark.parametrize(
    ("question", "expected", "page"),
    [
        ("Vem förde protokollet vid kultur- och fritidsnämndens sammanträde?", "Karin Ström", 1),
        ("Vem var protokollförare på räddningstjänstens styrelsemöte?", "Mats Eklund", 1),
        ("Vilka justerade protokollet från räddningstjänstens styrelsemöte?", "Sara Lind", 1),
        ("Who chaired the meeting on 12 March 2024?", "Lena Holm", 1),
        ("Var hölls sammanträdet den 14 november 2023?", "Folkets hus", 1),
    ],
)
def test_meeting_questions_are_answered_from_the_furniture(meetings, question, expected, page):
    answer = meetings.ask(question)
    assert answer.supported, answer.text
    assert expected in answer.text.splitlines()[0]
    assert answer.citations and expected in answer.citations[0].snippet
    assert answer.citations[0].page == page


def test_the_chair_adjusts_the_protocol_with_the_adjusters(meetings):
    """Kommunallagen: a protocol is adjusted by the chair and at least one member, so a
    question for who adjusts it names the chair with the adjusters."""
    answer = meetings.ask("Vilka justerade protokollet från räddningstjänstens styrelsemöte?")
    first = answer.text.splitlines()[0]
    assert "Sara Lind" in first and "ordföranden Gunnel Viker" in first
