"""Tenth-session mechanisms: a compound the analyzer leaves whole still holds its head, a line
of a schedule is a claim, a preposition may open a question for a group, and a question for
the vote itself is no decision question. Unit tests with variants of our own, and the real
sample index for the schedule."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import claim_span, heading_only
from assistant.answer.intent import classify_question
from assistant.answer.support import TermSet, verb_of_act
from index.models import SectionMeta


@pytest.mark.parametrize(
    ("stem", "terms", "found"),
    [
        ("försörj", ["kompetensförsörjning"], True),  # the head with a derivational ending
        ("försörjning", ["kompetensförsörjning"], True),
        ("avtal", ["samverkansavtalet"], True),  # the head with an inflection
        ("lokal", ["skollokaler"], True),
        ("kompetens", ["kompetensförsörjning"], False),  # a modifier is no head
        ("verkan", ["samverkansavtal"], False),  # inside a compound, not its head
        ("värde", ["utvärdering"], False),  # a prefix of three letters is no modifier
        ("avtal", ["avtalsperioderna"], False),  # a modifier, whatever ending follows
        ("plan", ["detaljplan"], False),  # heads under five letters are too ambiguous
    ],
)
def test_a_stem_finds_a_compound_it_is_the_head_of(stem: str, terms: list[str], found: bool):
    assert (stem in TermSet(terms)) is found


@pytest.mark.parametrize(
    ("stem", "terms", "found"),
    [
        ("ombild", ["ombildning"], True),  # the verb finds the noun of its act
        ("ombildning", ["ombild"], True),  # and the noun its verb
        ("ersätt", ["ersättningen"], True),
        ("förvaltning", ["förvalt"], True),
        ("ordning", ["ord"], False),  # a stem under five letters has no act noun
        ("planering", ["plan"], False),
    ],
)
def test_a_verb_and_the_noun_of_its_act_are_one_family(stem: str, terms: list[str], found: bool):
    assert (stem in TermSet(terms)) is found


@pytest.mark.parametrize(
    ("noun", "verb"),
    [("ombildning", "ombild"), ("beslutande", "beslut"), ("ärende", None), ("tidning", None)],
)
def test_the_verb_of_an_act_noun(noun: str, verb: str | None):
    assert verb_of_act(noun) == verb


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("6 Maj 2025 15.00 -16.00", False),  # a schedule's entry says when something happens
        ("18 september 2025 kl. 9:30–12:00", False),
        ("2025-05-06", True),  # a date alone heads a section
        ("§ 12 Dnr KS 2025/00012", True),
        ("Beslut", True),
    ],
)
def test_a_line_with_a_span_of_clock_time_is_no_heading(line: str, heading: bool):
    assert heading_only(line, SectionMeta()) is heading


def test_a_schedule_entry_is_quoted_from_its_date_line():
    text = "Årshjul 2025\n\n6 Maj 2025 15.00 -16.00\nDigitalt\nTema kompetensförsörjning"
    start = text.index("6 Maj")
    assert claim_span(text, (start, len(text)), SectionMeta()) == (start, len(text))


def test_a_calendar_entry_answers_when_a_meeting_on_a_theme_takes_place(sample_assistant):
    answer = sample_assistant.ask(
        "When does the 4M steering group meet digitally on skills supply?"
    )
    assert answer.supported and "6 Maj 2025" in answer.text


@pytest.mark.parametrize(
    ("question", "lang", "kind", "group"),
    [
        ("Till vilka remissinstanser skickades förslaget?", "sv", "aggregate", "any"),
        ("För vilka nämnder tog förvaltningen fram yttrandena?", "sv", "aggregate", "organ"),
        ("Hos vilka bolag finns avtalet?", "sv", "aggregate", "company"),
        ("To which committees was the motion sent?", "en", "aggregate", "organ"),
        ("For which companies did the board prepare statements?", "en", "aggregate", "company"),
        ("Till vilket datum gäller avtalet?", "sv", "fact", None),  # no group asked for
    ],
)
def test_a_preposition_may_open_a_question_for_a_group(question, lang, kind, group):
    intent = classify_question(question, lang)
    assert (intent.kind, intent.group) == (kind, group)


@pytest.mark.parametrize(
    ("question", "lang", "answer_type"),
    [
        ("By what vote did the board decide on the motion?", "en", None),
        ("Med vilka röstsiffror beslutade styrelsen om motionen?", "sv", None),
        ("With what majority did the council decide on the budget?", "en", None),
        # The decision itself is still asked for when no vote noun follows the question word.
        ("Vad beslutade styrelsen om yrkandet?", "sv", "decision"),
    ],
)
def test_a_question_for_the_vote_itself_asks_no_decision(question, lang, answer_type):
    intent = classify_question(question, lang)
    assert intent.answer_type == answer_type


@pytest.mark.parametrize(
    ("question", "pattern_finds"),
    [
        (
            "Hur hanterade kommunstyrelsen Göteborgsförslaget om fossil import?",
            "Göteborgsförslag 13098",
        ),
        ("Vad hände med Stadshuset?", "stadshus"),
        ("Vad sa Lundkvists?", "Lundkvist"),
    ],
)
def test_a_long_neuter_name_is_found_without_its_definite_ending(question, pattern_finds):
    from assistant.answer.anchors import anchor_patterns

    assert any(p.search(pattern_finds) for p in anchor_patterns(question))


@pytest.mark.parametrize(
    ("question", "act"),
    [
        ("Vem lade ned sin röst när nämnden röstade om yrkandet?", "abstain"),
        ("Who abstained in the vote on the motion?", "abstain"),
        ("Vad blev utfallet när fullmäktige röstade om tilläggsyrkandet?", "result"),
        ("Hur föll voteringen om budgeten?", "result"),
        ("Vilka yrkade bifall till motionen?", "motion"),
    ],
)
def test_the_act_a_vote_question_asks_for(question: str, act: str):
    from assistant.answer.votes import asked_act

    found = asked_act(question)
    assert found is not None and found.name == act


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        # A decision named after a preposition is what the act was about, not what is asked.
        ("Which parties reserved themselves against the decision?", None),
        ("Vilka ledamöter reserverade sig mot beslutet om budgeten?", "person"),
        ("What did the board decide on the motion?", "decision"),
    ],
)
def test_a_decision_named_in_a_phrase_is_not_asked(question: str, answer_type):
    assert classify_question(question, "en" if question[0] in "WT" else "sv").answer_type == (
        answer_type
    )


def test_the_main_vote_is_the_one_on_the_proposal_to_the_meeting():
    from assistant.answer.extractive import Passage, Sentence
    from assistant.answer.votes import Record, _is_main_vote

    def record(proposition: str) -> Record:
        sentences = [
            Sentence(proposition, 0, 1, 0, TermSet()),
            Sentence("Omröstningen utfaller med 40 Ja mot 38 Nej.", 2, 3, 1, TermSet()),
        ]
        passage = Passage(None, 0, sentences, TermSet(), "", "", "")  # type: ignore[arg-type]
        return Record(passage, sentences[1])

    main = "Godkänd voteringsproposition: ”Ja för bifall till kommunstyrelsens förslag. Nej för"
    extra = "Godkänd voteringsproposition: ”Ja för avslag och Nej för bifall till tilläggsyrkandet"
    assert _is_main_vote(record(main)) and not _is_main_vote(record(extra))


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("När justeras protokollet från fullmäktigemötet den 29 februari 2024?", "adjusted_on"),
        ("When were the minutes of the board meeting adjusted?", "adjusted_on"),
        ("Vem justerade protokollet?", "adjusters"),
        ("Vem var sekreterare när nämnden för funktionsstöd behandlade motionen?", "secretary"),
    ],
)
def test_meeting_fields_asked_for(question: str, field: str):
    from assistant.answer.meeting import asked_field

    assert asked_field(question) == field


@pytest.mark.parametrize(
    ("value", "lang", "written"),
    [
        ("2023-11-16", "sv", "16 november 2023 (2023-11-16)"),
        ("2024-03-12", "en", "12 March 2024 (2024-03-12)"),
        ("Anna Berg (S)", "sv", "Anna Berg (S)"),  # not a day: as it is
        ("2023-13-01", "sv", "2023-13-01"),
    ],
)
def test_a_day_field_is_written_as_protocols_write_it(value: str, lang: str, written: str):
    from assistant.answer.meeting import written_date

    assert written_date(value, lang) == written
