"""A question that dates a meeting ("i maj 2024", "on 29 May 2024") is answered from that
meeting's §, not from a look-alike § of another meeting.

Two protocols of one board written here, ingested by the real pipeline with the real
embedder: the same kind of matter was voted on in March and in May, with other counts.
"""

from __future__ import annotations

import pytest

from assistant.answer.meeting import meeting_times

_PROTOCOL = """Norrvalla kommun
Kommunstyrelsen
Protokoll
Sammanträdesdatum: {date}

§ {paragraph} Ärendenummer KS-2024-{dnr}
Återrapportering av uppdrag från kommunfullmäktige, {batch}
Beslut

Kommunstyrelsen föreslår att kommunfullmäktige förklarar uppdragen fullgjorda.

Omröstning
Ordföranden ställer proposition på bifall till stadsledningskontorets förslag och finner
att kommunstyrelsen beslutat bifalla förslaget. Omröstning begärs.
{yes} röstar Ja ({n_yes}).
{no} röstar Nej ({n_no}).

Handling
Stadsledningskontorets tjänsteutlåtande.
"""

_MEETINGS = (
    ("ks-2024-03-13", "2024-03-13", "201", "00077", "september 2023",
     "Anna Berg (S), Olof Ek (V), Sara Lind (MP), Karl Holm (S), Eva Sund (V), "
     "Per Ås (S), Lisa Dahl (S) och Omar Said (V)", 8,
     "Nils Gran (M) och Maja Strand (L)", 2),
    ("ks-2024-05-29", "2024-05-29", "495", "00197", "december 2023",
     "Anna Berg (S), Olof Ek (V), Sara Lind (MP), Karl Holm (S), Eva Sund (V), "
     "Per Ås (S) och Lisa Dahl (S)", 7,
     "Nils Gran (M), Maja Strand (L), Jon Björk (KD), Ida Falk (M) och Ali Sandberg (SD)", 5),
)  # fmt: skip


@pytest.fixture(scope="module")
def board(tmp_path_factory, assistant_over):
    folder = tmp_path_factory.mktemp("board")
    for stem, date, paragraph, dnr, batch, yes, n_yes, no, n_no in _MEETINGS:
        (folder / f"{stem}-protokoll.txt").write_text(
            _PROTOCOL.format(
                date=date,
                paragraph=paragraph,
                dnr=dnr,
                batch=batch,
                yes=yes,
                n_yes=n_yes,
                no=no,
                n_no=n_no,
            ),  # fmt: skip
            encoding="utf-8",
        )
    return assistant_over(folder, "board")


@pytest.mark.parametrize(
    ("question", "times"),
    [
        ("Vad beslutade kommunstyrelsen i maj 2024?", {"2024-05"}),
        ("Who abstained at the board meeting on 29 May 2024?", {"2024-05-29"}),
        ("Who abstained at the board meeting on May 29, 2024?", {"2024-05-29"}),
        ("Hur hanterade fullmäktige den 7 september 2023 redovisningen om uppdrag december 2023?",
         {"2023-09-07"}),
        ("Vem justerade protokollet från sammanträdet den 12 juni 2024?", {"2024-06-12"}),
        # a time after anything but an organ or a meeting dates a matter or a document
        ("Vilka nämnder antog förvaltningens yttrande daterat 2023-04-20?", set()),
        ("Vilka partier reserverade sig mot kompletterande budget i oktober 2023?", set()),
        ("Vad kostar budget 2024?", set()),  # a year alone dates nothing
        # a meeting named to date something else, and words that only end like an organ
        ("Vad har hänt sedan kommunstyrelsens sammanträde i maj 2024?", set()),
        ("What happened after the council meeting in March 2024?", set()),
        ("What did the new dashboard in May 2024 show?", set()),
    ],
)  # fmt: skip
def test_the_times_a_question_dates_a_meeting_by(question, times):
    assert meeting_times(question) == times


@pytest.mark.parametrize(
    ("question", "count", "date"),
    [
        ("Hur många ledamöter röstade nej när kommunstyrelsen i maj 2024 behandlade "
         "återrapporteringen av uppdrag?", "Nej (5)", "2024-05-29"),
        ("Hur många ledamöter röstade nej när kommunstyrelsen i mars 2024 behandlade "
         "återrapporteringen av uppdrag?", "Nej (2)", "2024-03-13"),
        ("How many members voted no at the executive board meeting on 29 May 2024?",
         "Nej (5)", "2024-05-29"),
        ("How many members voted no at the executive board meeting in March 2024?",
         "Nej (2)", "2024-03-13"),
        # the month dates the matter, not the meeting: the question is answered as undated
        ("Hur många ledamöter röstade nej om återrapporteringen av uppdrag december 2023?",
         "Nej (5)", "2024-05-29"),
        ("Hur många ledamöter röstade nej om återrapporteringen av uppdrag september 2023?",
         "Nej (2)", "2024-03-13"),
    ],
)  # fmt: skip
def test_a_dated_question_is_answered_from_that_meeting(board, question, count, date):
    answer = board.ask(question)
    assert answer.supported, answer.text
    first = answer.citations[0]
    assert first.date == date, answer.text
    assert count in first.snippet, answer.text


def test_a_yttrande_with_a_borrowed_paragraph_is_no_meeting_record():
    """A yttrande has no § of its own; the § it shows is the decision's that adopted it. Its
    own date is the yttrande's, so a dated question keeps it."""
    from assistant.answer.extractive import Passage
    from assistant.answer.meeting import in_named_meeting
    from assistant.answer.support import TermSet
    from index.models import Chunk, Hit, SectionMeta

    def passage(date: str, own_paragraph: str | None, shown: str | None) -> Passage:
        meta = SectionMeta(organ="Kommunstyrelsen", paragraph=own_paragraph, date=date)
        chunk = Chunk(date, "doc", "Text.", "", meta, 0, 1, 1, "paragraph")
        return Passage(Hit(chunk, 1.0), 0, [], TermSet(), "", "Text.", "", shown)

    kept = in_named_meeting(
        [
            passage("2024-05-29", "12", "12"),  # the § of the May meeting
            passage("2024-04-20", None, "12"),  # the yttrande that § adopted
            passage("2023-06-08", "40", "40"),  # a § of another meeting
        ],
        "Vad tyckte kommunstyrelsen i maj 2024 om planen?",
    )
    assert [p.hit.chunk.meta.date for p in kept] == ["2024-05-29", "2024-04-20"]
