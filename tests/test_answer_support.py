"""Sentence support on Swedish index terms, measured on the real sample corpus text."""

from __future__ import annotations

import pytest

from assistant.answer.support import (
    TermSet,
    anchor_patterns,
    anchors_found,
    build_query,
    completed_tokens,
    coverage,
    display,
    text_terms,
)
from index.analyzer import SwedishAnalyzer


@pytest.fixture(scope="module")
def analyzer(sample_sections) -> SwedishAnalyzer:
    return sample_sections[1].analyzer


def test_it_security_is_found_in_the_committees_own_words(analyzer):
    query = build_query("IT-säkerhet", "sv", analyzer)
    kultur = text_terms(
        "Vi saknar dock inriktning och tydlighet kring informationssäkerhet och IT säkerhet "
        "i programmet.",
        analyzer,
    )
    motion = text_terms(
        "Det är därför av yttersta vikt att arbetet med cyber-, it, och informationssäkerhet "
        "taktar jämt med utvecklingen inom digitaliseringsområdet.",
        analyzer,
    )
    principle = text_terms("Gör det enkelt och säkert att använda för alla", analyzer)
    assert query.units[0].cover(kultur) >= 0.8
    assert query.units[0].cover(motion) >= 0.8
    assert query.units[0].cover(principle) < 0.5


def test_english_question_words_reach_the_swedish_text(analyzer):
    query = build_query("IT-security cost per year", "en", analyzer)
    terms = text_terms("Arboga kommuns kostnad är 69 000 kronor per år.", analyzer)
    covered = {u.label for u in query.units if u.cover(terms) >= 0.8}
    assert covered == {"cost", "per year"}


def test_suspended_compounds_are_written_out(analyzer):
    words = completed_tokens("IT- eller informationssäkerhet", analyzer)
    assert "IT-säkerhet" in words
    query = build_query("IT- eller informationssäkerhet", "sv", analyzer)
    assert len(query.units) == 1  # one unit with two alternatives
    assert query.units[0].cover(text_terms("IT säkerhet", analyzer)) >= 0.8


def test_loose_matching_joins_stems_the_stemmer_keeps_apart():
    terms = TermSet({"programmet", "remiss"})
    assert "program" in terms and "remissvar" in terms
    assert "prog" not in terms and "remissvaren" not in terms


def test_anchors_are_names_that_must_occur_together():
    query = build_query(
        "Hur mycket betalar Region Västmanland för STARK-avtalet?", "sv", _null_analyzer()
    )
    text = "Västmanlands och Sörmlands kommundirektörer och regiondirektörer ... avtalet (STARK)"
    assert not anchors_found(query, text)
    assert anchors_found(query, "Region Västmanland betalar för STARK")
    organs = anchor_patterns("Vem är ordförande i tekniska nämnden?")
    assert organs and organs[0].search("Tekniska nämnden § 92")
    assert anchor_patterns("Vad beslutade nämnden?") == []
    assert anchor_patterns("Vem ska fortsätta som samordnare för 6M?")[0].search("6 M – lägesbild")


def test_context_counts_half(analyzer):
    query = build_query("STARK-avtalet kostnad", "sv", analyzer)
    sentence = text_terms("Arboga kommuns kostnad är 69 000 kronor per år.", analyzer)
    section = text_terms("avtal om utveckling och utbyte av kunskap (STARK)", analyzer)
    support, own = coverage(query, sentence, sentence | section)
    assert own == pytest.approx(0.5)
    assert support == pytest.approx(0.5 + 0.5 * 0.5 * 0.9)


def test_quotes_are_shown_as_written_without_contact_details():
    assert display("Anders Neuman, kommundirektör\n0589-870 08\nanders.neuman@arboga.se") == (
        "Anders Neuman, kommundirektör"
    )
    kultur = "Kultur- idrotts- och fritidsförvaltningen anser att\nprogrammet är mycket bra."
    assert display(kultur) == " ".join(kultur.split())  # words are never changed
    assert display("digitaliseringsområdet”.") == "digitaliseringsområdet."


def _null_analyzer() -> SwedishAnalyzer:
    return SwedishAnalyzer()


def test_an_english_rendering_no_passage_holds_weighs_as_an_unknown_word():
    from assistant.answer.support import build_query, text_terms, unverified_as_unknown
    from index.analyzer import SwedishAnalyzer

    analyzer = SwedishAnalyzer()
    query = build_query("Which committee approved the school website?", "en", analyzer)
    contexts = [text_terms("Kulturnämnden godkände planen för skolan.", analyzer)]
    settled = unverified_as_unknown(query, contexts)
    weights = {u.label: u.weight for u in settled.units}
    covered = [weights["approved"], weights["school"]]
    assert weights["website"] <= 0.5 * min(covered)  # "webbplats" is in no passage
    assert covered == [u.weight for u in query.units if u.label in ("approved", "school")]
    # With every unit found, or none, the query stays as it was.
    assert unverified_as_unknown(query, []) is query
