"""Language detection, the English->Swedish glossary, question intent and the answer phrases."""

from __future__ import annotations

import pytest

from assistant.answer.anchors import anchor_patterns
from assistant.answer.answer_types import has_answer_type
from assistant.answer.intent import classify_question
from assistant.answer.language import (
    detect_language,
    glossary_units,
    without_english_organ_names,
)
from assistant.answer.phrases import no_support, phrase, quoted
from assistant.answer.support import build_query
from index.analyzer import SwedishAnalyzer


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Vilka nämnder lyfte frågor om IT-säkerhet?", "sv"),
        ("Vad kostar STARK-avtalet Arboga kommun per år?", "sv"),
        ("Vem reserverade sig mot beslutet i äldrenämnden?", "sv"),
        ("Which committees raised IT-security concerns?", "en"),
        ("How much does the STARK agreement cost Arboga municipality per year?", "en"),
        ("Which Västerås body warned that the digital divide among residents risks growing?", "en"),
        ("What is the budget of Enköping's library?", "en"),
        ("Äldrenämnden?", "sv"),
    ],
)
def test_language_of_the_question(question, lang):
    assert detect_language(question) == lang


def test_glossary_turns_english_governance_words_into_swedish_and_keeps_names():
    units = dict(glossary_units("Which committees raised IT-security concerns per year in Arboga?"))
    assert units["committees"] == ("nämnd",)
    assert "informationssäkerhet" in units["IT-security"]
    assert units["per year"] == ("år",)
    assert units["Arboga"] == ("Arboga",)
    assert units["raised"] is None  # not in the glossary: a unit nothing covers
    assert "Which" not in units and "in" not in units


def test_possessive_s_is_not_a_word():
    units = dict(glossary_units("What is the budget of Enköping's library?"))
    assert "Enköping" in units and "s" not in units
    assert units["library"] == ("bibliotek",)


@pytest.mark.parametrize(
    ("question", "lang", "group"),
    [
        ("Vilka nämnder lyfte frågor om IT-säkerhet?", "sv", "organ"),
        ("I vilka nämnder reserverade sig ledamöter mot beslutet?", "sv", "organ"),
        ("Vilka bolag svarade på remissen?", "sv", "company"),
        ("Vilka partier reserverade sig?", "sv", "party"),
        ("Vilka remissinstanser hade inga synpunkter?", "sv", "any"),
        ("Which committees raised IT-security concerns?", "en", "organ"),
        ("Which municipally owned companies replied to the consultation?", "en", "company"),
        ("Which parties reserved against the decision?", "en", "party"),
    ],
)
def test_which_organs_questions_are_aggregates(question, lang, group):
    intent = classify_question(question, lang)
    assert intent.kind == "aggregate"
    assert intent.group == group
    assert not intent.topic.lower().startswith(("vilka", "which", "i vilka"))


@pytest.mark.parametrize(
    ("question", "lang", "kind", "answer_type", "focus"),
    [
        ("Vad kostar STARK-avtalet Arboga kommun per år?", "sv", "fact", "amount", "kostar"),
        ("How much does the STARK agreement cost Arboga?", "en", "fact", "amount", "cost"),
        ("Hur många invånare bor i Fyra Mälarstäder?", "sv", "fact", "count", "invånare"),
        ("Vem reserverade sig mot beslutet i äldrenämnden?", "sv", "vote", "person", "reserverade"),
        ("Vilket datum antog kommunfullmäktige programmet?", "sv", "fact", "date", None),
        ("När var sista dag att lämna remissvar på programmet?", "sv", "fact", "date", None),
        ("What was the deadline for responses to the consultation?", "en", "fact", "date", None),
        ("Which Västerås body warned about the digital divide?", "en", "fact", None, None),
        ("Vilka kommuner ingår i samarbetet Fyra Mälarstäder?", "sv", "fact", "municipality", None),
    ],
)
def test_fact_and_vote_questions(question, lang, kind, answer_type, focus):
    intent = classify_question(question, lang)
    assert (intent.kind, intent.answer_type, intent.focus) == (kind, answer_type, focus)


@pytest.mark.parametrize(
    ("answer_type", "text", "expected"),
    [
        ("amount", "Arboga kommuns kostnad är 69 000 kronor per år.", True),
        ("amount", "Programmet innehåller inte några förslag som förutsätter finansiering.", False),
        ("count", "där det i dag bor drygt 340 000 invånare.", True),
        ("count", "1. Byggnadsnämnden godkänner förslaget, § 147, Dnr BN 2023/00115.", False),
        ("date", "Byggbenchen är planerad till 26 april.", True),
        ("date", "Programmet för 2024 - 2027 antas.", False),
        ("person", "Anna Nordin (M) reserverar sig mot beslutet.", True),
        ("person", "Ordföranden yrkar bifall till förvaltningens förslag till beslut.", False),
    ],
)
def test_answer_type_checks(answer_type, text, expected):
    assert has_answer_type(answer_type, text) is expected


def test_phrases_are_translated_but_quotes_are_not():
    assert no_support("sv") == "Jag hittar inget stöd för det i dokumenten."
    assert no_support("en") == "I found nothing in the documents that answers this."
    assert phrase("sv", "according_to", source="Kulturnämnden") == "Enligt Kulturnämnden"
    assert phrase("en", "according_to", source="Kulturnämnden") == "According to Kulturnämnden"
    assert phrase("sv", "sources") == "Källor"
    text = "Arboga kommuns kostnad är 69 000 kronor per år."
    assert quoted("en", text) == f"“{text}”"
    assert quoted("sv", text) == f"”{text}”"


@pytest.mark.parametrize(
    ("question", "rendered"),
    [
        (
            "Which committees adopted the Children and Education Administration's statement?",
            {"Children", "Education", "Administration"},
        ),
        (
            "Did the Health and Care Administration prepare it?",
            {"Health", "Care", "Administration"},
        ),
        ("What did the Board of Culture and Leisure decide?", {"Board", "Culture", "Leisure"}),
    ],
)
def test_english_renderings_of_organ_names_are_neither_names_nor_anchors(question, rendered):
    """A capitalised run ending in (or led by) an organ head noun translates a Swedish
    name; the documents never spell it so, so it must not gate any passage."""
    units = dict(glossary_units(question))
    names = {label for label, alts in units.items() if alts == (label,)}
    assert not names & rendered
    query = build_query(question, "en", SwedishAnalyzer())
    assert not any(p.search(question) for p in query.anchors)


def test_names_beside_an_english_organ_rendering_stay_anchors():
    query = build_query(
        "Did the Culture Committee in Arboga approve STARK?", "en", SwedishAnalyzer()
    )
    found = [p for p in query.anchors if p.search("Kulturnämnden i Arboga och STARK")]
    assert len(found) == 2 == len(query.anchors)  # Arboga and STARK; "Culture…" is none


@pytest.mark.parametrize(
    ("word", "swedish"),
    [("statements", "yttrande"), ("decisions", "beslut"), ("adopting", "anta")],
)
def test_glossary_finds_regular_english_inflections(word, swedish):
    units = dict(glossary_units(f"Which {word} mattered?"))
    assert swedish in (units[word] or ())


@pytest.mark.parametrize(
    ("question", "left_out", "kept"),
    [
        ("Which members registered a reservation against it?", "registered", "reservation"),
        ("Who made the decision to close the school?", "made", "decision"),
        ("Which members lodged a formal objection?", "lodged", "objection"),
        # Without a noun of an act after it, the verb says something of its own.
        ("What did the board register in the archive?", None, "register"),
        ("Which school did the council make larger?", None, "make"),
    ],
)
def test_a_light_verb_before_a_noun_of_an_act_is_no_content_word(question, left_out, kept):
    labels = [label for label, _ in glossary_units(question)]
    assert kept in labels
    assert left_out is None or left_out not in labels


def test_a_capitalised_english_word_the_glossary_renders_is_no_name():
    question = "What was the result of the council vote on the motion for an annual 'Coaches' Day'?"
    patterns = anchor_patterns(without_english_organ_names(question))
    assert not any(p.search("Coaches Day") for p in patterns)
    # A name the glossary does not render stays an anchor, and so does an acronym.
    kept = anchor_patterns(without_english_organ_names("Did Bravida propose STARK support?"))
    assert [bool(p.search("Bravida och STARK")) for p in kept] == [True, True]
    # A glossary word beside a name is a name too ("Marina" in "Marina Johansson").
    (person,) = anchor_patterns(without_english_organ_names("What did Marina Johansson say?"))
    assert person.search("Marina Johansson (S) yrkar") and not person.search("Lars Johansson")


@pytest.mark.parametrize(
    ("question", "month"),
    [
        ("What may the board take on in May 2024?", True),
        ("May the chairmanship be handed over in November?", False),
        ("what did the council decide in may?", True),
        ("Which decisions were taken on 29 March?", True),
        ("How far may the costs rise?", False),
    ],
)
def test_may_and_march_are_months_only_beside_a_day_year_or_preposition(question, month):
    units = [alts for _, alts in glossary_units(question)]
    assert (("maj",) in units or ("mars",) in units) is month
