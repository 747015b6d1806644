"""The Swedish analyzer: stop words, stemming, hyphens and compound splitting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.analyzer import AnalyzerConfig, SwedishAnalyzer, words

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def analyzer() -> SwedishAnalyzer:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
    return SwedishAnalyzer.fit(texts)


def test_words_lowercase_keep_swedish_letters_and_hyphenated_words():
    assert words("Äldrenämnden och IT-säkerhetsfrågor, år 2024!") == [
        "äldrenämnden",
        "och",
        "it-säkerhetsfrågor",
        "år",
        "2024",
    ]


def test_stop_words_give_no_terms(analyzer):
    assert analyzer.analyze("och att det är som för") == []


def test_security_words_meet_on_a_shared_term(analyzer):
    terms = [
        set(analyzer.analyze(w)) for w in ("IT-säkerhetsfrågor", "informationssäkerhet", "säkerhet")
    ]
    assert terms[0] & terms[1] & terms[2]


def test_splitting_is_what_joins_the_compound_to_its_head():
    plain = SwedishAnalyzer()  # no learned vocabulary: nothing splits
    assert not set(plain.analyze("informationssäkerhet")) & set(plain.analyze("säkerhet"))


def test_hyphenated_word_keeps_joined_form_and_pieces(analyzer):
    terms = analyzer.analyze("IT-säkerhetsfrågor")
    assert terms[0] == "itsäkerhetsfråg"
    assert "it" in terms and "säkerhetsfråg" in terms


def test_inflected_committee_names_match(analyzer):
    assert analyzer.analyze("äldrenämnden") == analyzer.analyze("äldrenämndens")


def test_linking_morpheme_o_between_parts():
    analyzer = SwedishAnalyzer.fit(["kyrka kyrka gården gården"])
    assert analyzer.split("kyrkogården") == ("kyrk", "gården")
    assert "gård" in analyzer.analyze("kyrkogårdarna")


def test_full_word_stem_always_comes_first(analyzer):
    terms = analyzer.analyze("kommunstyrelsen")
    assert terms[0] == "kommunstyr"
    assert "kommun" in terms


def test_split_off_leaves_short_words_whole():
    analyzer = SwedishAnalyzer.fit(["kommun kommun styrelsen styrelsen"], AnalyzerConfig())
    assert analyzer.split("kommun") == ()
    assert analyzer.split("kommunstyrelsen") == ("kommun", "styrelsen")


def test_split_compounds_can_be_turned_off():
    config = AnalyzerConfig(split_compounds=False)
    analyzer = SwedishAnalyzer.fit(["kommun kommun styrelsen styrelsen"], config)
    assert analyzer.analyze("kommunstyrelsen") == ["kommunstyr"]


def test_round_trip_through_json_gives_same_query_terms(analyzer):
    again = SwedishAnalyzer.from_dict(json.loads(json.dumps(analyzer.to_dict())))
    query = "Vad sa äldrenämnden om informationssäkerhet och IT-säkerhetsfrågor?"
    assert again.analyze(query) == analyzer.analyze(query)


def test_a_word_far_commoner_than_its_parts_stays_whole():
    texts = ["nämndens " * 30 + "nämn nämn dens dens kommun kommun styrelsen styrelsen"]
    guarded = SwedishAnalyzer.fit(texts)
    assert guarded.split("nämndens") == ()
    assert guarded.split("kommunstyrelsen") == ("kommun", "styrelsen")
    unguarded = SwedishAnalyzer.fit(texts, AnalyzerConfig(split_ratio=0.0))
    assert unguarded.split("nämndens") == ("nämn", "dens")


def test_a_modifier_seen_only_inflected_splits_loosely_for_questions():
    """The corpus writes "arvoden" and "uppräkningen", never "arvode": the index's split
    leaves "arvodesuppräkning" whole, the question side splits it by the modifier's stem."""
    texts = ["Uppräkning av arvoden. Arvoden betalas ut. Uppräkningen görs årligen."] * 3
    analyzer = SwedishAnalyzer.fit(texts)
    assert analyzer.split("arvodesuppräkning") == ()
    assert analyzer.loose_split("arvodesuppräkning") == ("arvode", "uppräkning")
    assert analyzer.loose_split("informationen") == ()  # no known modifier and head
    assert analyzer.loose_split("arvoden") == ()  # shorter than a compound


def test_a_word_the_corpus_writes_is_not_split_loosely():
    # "ange" is seen only as "anger", so the split by its stem is a loose one; a corpus that
    # writes "angeläget" itself keeps the word whole.
    parts_only = SwedishAnalyzer.fit(["Hon anger läget. Läget anger riktningen."] * 3)
    assert parts_only.loose_split("angeläget") == ("ange", "läget")
    writes_it = SwedishAnalyzer.fit(
        ["Frågan är angeläget. Hon anger läget. Läget anger riktningen."] * 3
    )
    assert writes_it.loose_split("angeläget") == ()


def test_a_loosely_split_question_word_finds_its_parts_written_apart():
    from assistant.answer.support import text_terms, word_of

    texts = ["Uppräkning av arvoden. Arvoden betalas ut. Uppräkningen görs årligen."] * 3
    analyzer = SwedishAnalyzer.fit(texts)
    word = word_of("arvodesuppräkning", analyzer)
    assert word is not None
    assert word.cover(text_terms("Uppräkning av arvoden för 2024", analyzer)) == 0.8
    assert word.cover(text_terms("Arvoden för 2024", analyzer)) < 0.5
