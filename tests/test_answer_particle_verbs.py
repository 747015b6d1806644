"""Eleventh-session mechanisms: a Swedish particle verb ("reda ut") finds its compound form
("utreda", "utredning"). Unit tests with variants of our own."""

from __future__ import annotations

import pytest

from assistant.answer.support import TermSet, build_query, text_terms
from index.analyzer import SwedishAnalyzer

ANALYZER = SwedishAnalyzer()


def _cover(question: str, text: str, label: str) -> float:
    """The least cover in `text` of the units the words of `label` became."""
    terms = text_terms(text, ANALYZER)
    words = set(label.split())
    units = [u for u in build_query(question, "sv", ANALYZER).units if u.label in words]
    assert units
    return min(u.cover(terms) for u in units)


@pytest.mark.parametrize(
    ("question", "text", "label"),
    [
        (
            "Vem fick i uppdrag att reda ut frågan?",
            "Nämnden får i uppdrag att utreda frågan.",
            "reda ut",
        ),
        ("Vem ska reda ut frågan?", "En utredning av frågan ska göras.", "reda ut"),
        ("Hur ska planen följas upp?", "Uppföljning av planen sker årligen.", "följas upp"),
        ("Vem följde upp planen?", "Planen uppföljdes av förvaltningen.", "följde upp"),
        # a strong verb's compound takes its other stem: ta -> tag, gå -> gång
        ("Vem tog fram programmet?", "Framtagandet av programmet leddes av Anna.", "tog fram"),
        ("Vem ska gå igenom avtalen?", "En genomgång av avtalen görs.", "gå igenom"),
        ("Vilka synpunkter kom in?", "Inkomna synpunkter redovisas.", "kom in"),
        ("Vilka förskolor läggs ned?", "Nedläggning av två förskolor.", "läggs ned"),
        # a word a text says the act with counts too: what "läggs ned" "upphör"
        ("Vilka nämnder läggs ned?", "Byggnadsnämnden och lokalnämnden upphör.", "läggs ned"),
        # the words as written still count
        ("Vem ska reda ut frågan?", "Förvaltningen ska reda ut frågan.", "reda ut"),
    ],
)
def test_a_particle_verb_finds_its_compound_form(question: str, text: str, label: str):
    assert _cover(question, text, label) == 1.0


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Vad beslutade nämnden om avgifterna?", "beslutade"),  # "om" opens a phrase
        ("Vilka ärenden gick till kommunfullmäktige?", "gick"),
        ("Vad sa Ulf Kamne in i protokollet?", "Kamne"),  # a name is no verb
    ],
)
def test_a_preposition_or_a_name_makes_no_particle_verb(question: str, word: str):
    for unit in build_query(question, "sv", ANALYZER).units:
        if unit.label == word:
            assert len(unit.alternatives) == 1


def test_a_particle_apart_from_its_verb_is_still_met_as_written():
    terms = text_terms("Flera instanser lyfte fram att ansatsen är bra.", ANALYZER)
    units = build_query("Vilka lyfte fram ansatsen?", "sv", ANALYZER).units
    assert [u.label for u in units] == ["lyfte", "fram", "ansatsen"]
    assert all(u.cover(terms) == 1.0 for u in units)


def test_a_particle_verb_finds_nothing_the_text_lacks():
    assert (
        _cover("Vem ska reda ut frågan?", "Nämnden får i uppdrag att bereda ärendet.", "reda ut")
        < 1.0
    )


@pytest.mark.parametrize(
    ("stem", "terms", "found"),
    [
        ("uppföljd", ["uppföljning"], True),  # an inflected verb finds the noun of its act
        ("utredd", ["utredning"], True),
        ("utredd", ["utred"], True),
        ("bered", ["utredning"], False),
        ("upplåt", ["upplåningsbehov"], False),  # an act noun inside a compound is no act
        ("fördelakt", ["fördelning"], False),  # more than an inflection after the verb
    ],
)
def test_an_inflected_verb_finds_the_noun_of_its_act(stem: str, terms: list[str], found: bool):
    assert (stem in TermSet(terms)) is found
