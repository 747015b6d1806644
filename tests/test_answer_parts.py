"""The part of a § a sentence stands in (Beslut, förslag till beslut, yrkanden, handlingar),
and what a decision question asks of it."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import build_passages, candidate_rows
from assistant.answer.features import FEATURES, asked_part, in_asked_part, question_view
from assistant.answer.intent import classify_question
from assistant.answer.support import build_query
from index.analyzer import SwedishAnalyzer
from index.models import Chunk, Hit, Section, SectionMeta

PARAGRAPH = """§ 12 Dnr KS 2024/00131
Svar på motion om fler laddplatser

Förslag till beslut
Kommunstyrelsen föreslår kommunfullmäktige besluta att motionen ska anses besvarad.

Beslut
Kommunstyrelsen beslutar att återremittera ärendet till stadsledningskontoret.

Yrkanden
Anna Berg (L) yrkar bifall till motionen.

Handlingar
Yttrande över motion av Anna Berg (L) om fler laddplatser daterat 2024-03-01.
"""


def _passage(start: int | None, text: str):
    meta = SectionMeta(organ="Kommunstyrelsen", paragraph="12", dnr="KS 2024/00131")
    section = Section(PARAGRAPH, meta, kind="paragraph")
    chunk = Chunk("c1", "doc", text, "", meta, 0, 1, 1, "paragraph", start=start)
    hit = Hit(chunk, 1.0, {"dense": 1, "bm25": 1})
    (passage,) = build_passages([hit], SwedishAnalyzer(), lambda _doc: [section])
    return passage


@pytest.mark.parametrize("placed", [True, False])
def test_each_sentence_knows_the_part_of_its_paragraph(placed: bool) -> None:
    """With or without the chunk's offset in its section (old catalogs lack it), a sentence's
    part is the one its last subheading opens, and the heading line itself is no sentence."""
    cut = PARAGRAPH.index("Förslag till beslut")
    passage = _passage(cut if placed else None, PARAGRAPH[cut:])
    parts = {s.text.split()[0]: passage.part_at(s.start) for s in passage.sentences}
    assert parts == {
        "Kommunstyrelsen": "decision",  # the later sentence of the two wins the dict key
        "Anna": "record",
        "Yttrande": "listing",
    }
    proposal = next(s for s in passage.sentences if "föreslår" in s.text)
    assert passage.part_at(proposal.start) == "proposal"


def test_a_chunk_that_starts_inside_a_part_takes_its_heading_from_the_section() -> None:
    cut = PARAGRAPH.index("Kommunstyrelsen beslutar")
    passage = _passage(cut, PARAGRAPH[cut:])
    first = passage.sentences[0]
    assert first.text.startswith("Kommunstyrelsen beslutar")
    assert passage.part_at(first.start) == "decision"


def test_text_before_any_subheading_has_no_part() -> None:
    passage = _passage(0, PARAGRAPH)
    assert all(passage.part_at(s.start) is None for s in passage.sentences if "Svar" in s.text)


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("Vad beslutade kommunstyrelsen om motionen om laddplatser?", "decision"),
        ("Vad föreslog kommunstyrelsen om motionen om laddplatser?", "proposal"),
        ("What did the executive board propose about the charging motion?", "proposal"),
        ("What did the board decide about the charging points?", "decision"),
        ("Hur mycket kostar laddplatserna?", None),
    ],
)
def test_a_decision_question_asks_for_the_decision_or_the_proposal(question, part) -> None:
    lang = "en" if question.startswith("What") else "sv"
    assert asked_part(classify_question(question, lang)) == part


def test_the_features_say_the_part_and_whether_it_is_the_asked_one() -> None:
    """For "Vad föreslog …", the proposal sentence is in the asked part, the decision sentence
    in a decision part that is not the asked one, and the handling title in a listing."""
    question = "Vad föreslog kommunstyrelsen om motionen om laddplatser?"
    intent = classify_question(question, "sv")
    analyzer = SwedishAnalyzer()
    view = question_view(build_query(intent.topic, "sv", analyzer, drop=intent.frame), intent)
    rows = candidate_rows([_passage(0, PARAGRAPH)], view)
    named = {s.text.split()[1]: f for _, s, f in rows}
    column = {
        name: FEATURES.index(name) for name in ("part_listing", "part_decision", "part_asked")
    }
    got = {word: {n: float(f[i]) for n, i in column.items()} for word, f in named.items()}
    assert got["föreslår"] == {"part_listing": 0.0, "part_decision": 0.0, "part_asked": 1.0}
    assert got["beslutar"] == {"part_listing": 0.0, "part_decision": 1.0, "part_asked": 0.0}


GLUED = (
    "Motion av Rasmus Ragnarsson (SD) om att utreda allmänhetens frågestund i anslutning till "
    "kommunfullmäktige Motionen Rasmus Ragnarsson (SD) föreslår att kommunstyrelsen får i "
    "uppdrag att utreda införandet av allmänhetens frågestund."
)
WRAPPED = (
    "§ 404 Ärendenummer SLK-2024-00462\n\n"
    "Yrkande från M, D, L och KD om att använda ö-dialogen som\nremissinstans\nBeslut\n\n"
    "Yrkandet från M, D, L och KD avslås.\n"
)


def _sentences(text: str, title: str | None) -> list[str]:
    meta = SectionMeta(organ="Kommunstyrelsen", title=title)
    chunk = Chunk("c1", "doc", text, "", meta, 0, 1, 1, start=0)
    section = Section(text, meta)
    (passage,) = build_passages([Hit(chunk, 1.0, {})], SwedishAnalyzer(), lambda _d: [section])
    return [s.text for s in passage.sentences]


@pytest.mark.parametrize("title", [None, GLUED[:120]])
def test_a_title_and_subheading_run_into_a_sentence_are_not_quoted(title) -> None:
    """Text extraction joined the title, the subheading "Motionen" and the first sentence on
    one line (a Göteborg tjänsteutlåtande); the section may even have taken the whole line as
    its title. The claim is the sentence after the subheading."""
    assert _sentences(GLUED, title)[0].startswith("Rasmus Ragnarsson (SD) föreslår att")


def test_a_capitalised_subheading_word_inside_running_text_needs_a_capital_after_it() -> None:
    text = "Ärendet behandlas i KF Handling 2024 nr 43 den 21 mars i år."
    assert _sentences(text, None) == [text]


def test_a_title_wrapped_over_lines_is_no_claim() -> None:
    title = "Yrkande från M, D, L och KD om att använda ö-dialogen som remissinstans"
    assert _sentences(WRAPPED, title) == ["Yrkandet från M, D, L och KD avslås."]


def test_a_sentence_taken_for_a_title_is_not_cut_where_it_wraps() -> None:
    """The segmenter took the first line of a wrapped sentence for the section's title; the
    rest of the sentence goes on in lower case, so nothing is stripped."""
    text = (
        "Vi tillstyrker att kommunfullmäktige beviljar ledamöterna i styrelsen och övriga\n"
        "nämnder ansvarsfrihet för verksamhetsåret 2025.\n"
    )
    title = "Vi tillstyrker att kommunfullmäktige beviljar ledamöterna i styrelsen och övriga"
    assert _sentences(text, title) == [" ".join(text.split())]


def test_a_subheading_at_the_start_of_a_line_glued_to_its_text() -> None:
    text = (
        "Motion av Cecilia Magnusson (M) om en ny kollektivtrafikhubb vid Arendal\n"
        "Ärendet Göteborgs kommunstyrelse har skickat över motionen till nämnden."
    )
    assert _sentences(text, None)[0].startswith("Göteborgs kommunstyrelse har skickat")


def test_a_decision_that_adopts_a_proposal_answers_what_was_proposed() -> None:
    """In fullmäktige's minutes the decision says whose proposal it adopts: "Vad föreslog
    kommunstyrelsen…" is answered by it."""
    proposal = classify_question("Vad föreslog kommunstyrelsen om motionen?", "sv")
    decision = classify_question("Vad beslutade fullmäktige om motionen?", "sv")
    adopted = "Enligt kommunstyrelsens förslag: 1. Motionen avslås."
    proposal_part, decision_part = asked_part(proposal), asked_part(decision)
    assert in_asked_part(proposal_part, "decision", adopted)
    assert in_asked_part(decision_part, "decision", adopted)
    assert not in_asked_part(proposal_part, "decision", "Motionen avslås.")
    assert in_asked_part(proposal_part, "proposal", "Kommunstyrelsen föreslår att motionen avslås.")


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        # A proposal to the deciding organ, worded as one, in a KS decision or anywhere.
        ("Kommunstyrelsen föreslår att kommunfullmäktige beslutar: Motionen avslås.", True),
        (
            "Kommunstyrelsen föreslår kommunfullmäktige besluta att motionen ska anses besvarad.",
            True,
        ),
        ("Stadsledningskontoret föreslår att kommunstyrelsen beslutar att tillstyrka.", True),
        ("Kommunfullmäktige föreslås besluta att anta planen.", True),
        ("Nämnden föreslår en ny rutin för handläggningen.", False),
        ("Motionen avslås.", False),
    ],
)
def test_a_worded_proposal_holds_the_proposal_in_any_part(text: str, holds: bool) -> None:
    proposal = asked_part(classify_question("Vad föreslog kommunstyrelsen om motionen?", "sv"))
    decision = asked_part(classify_question("Vad beslutade fullmäktige om motionen?", "sv"))
    for part in (None, "decision", "case"):
        assert in_asked_part(proposal, part, text) is holds
    assert not in_asked_part(decision, None, text)
