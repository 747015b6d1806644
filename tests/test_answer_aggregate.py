""" "Which committees…?" answers composed from the real sample text, every chunk as a hit.

No retrieval here: every chunk of the remiss bundle (and of the Arboga document) is handed
in, so the composer alone must keep the committees that raised the topic themselves and
leave out the programme text, the summaries and the organ that sent the remiss.
"""

from __future__ import annotations

import re

import pytest

from assistant.answer import question_query
from assistant.answer.aggregate import (
    collect_evidence,
    compose_aggregate,
    is_summary,
    remiss_issuers,
)
from assistant.answer.extractive import CitationBook, build_passages
from assistant.answer.intent import classify_question
from assistant.answer.language import detect_language
from index.models import Hit

IT_SECURITY = {
    "Individ- och familjenämnden": ("IFN 2023/00136", "127"),
    "Kulturnämnden": ("KUN 2023/00085", "79"),
    "Nämnden för idrott, fritid och förebyggande": ("NIF 2023/00068", "98"),
    "Äldrenämnden": ("AN 2023/00292", "127"),
}


@pytest.fixture(scope="module")
def deep(sample_sections):
    """Passages for every chunk of the sample corpus, in document order, and a BM25 index."""
    docs, lexical = sample_sections
    chunks = [c for _, cs in docs.values() for c in cs]
    hits = [Hit(c, 1.0 - i / len(chunks)) for i, c in enumerate(chunks)]
    passages = build_passages(hits, lexical.analyzer, lambda doc_id: docs[doc_id][0])
    return passages, lexical


def _aggregate(deep, question):
    passages, lexical = deep
    lang = detect_language(question)
    intent = classify_question(question, lang)
    query = question_query(intent.topic, lang, intent, lexical)
    book = CitationBook(lambda doc_id: [f"{doc_id}.txt"])
    evidence = collect_evidence(passages, query, intent, 0.35, lang)
    return compose_aggregate(evidence, intent, lang, book), intent, query


@pytest.mark.parametrize(
    "question",
    [
        "Vilka nämnder lyfte frågor om IT-säkerhet?",
        "Which committees raised IT-security concerns?",
        "Vilka nämnder lyfte fram IT- eller informationssäkerhet i sina remissvar eller yrkanden "
        "om programmet för digital utveckling?",
    ],
)
def test_it_security_names_exactly_the_four_committees(deep, question):
    answer, _, _ = _aggregate(deep, question)
    assert answer is not None
    by_organ = {c.organ: c for c in answer.citations}
    assert set(by_organ) == set(IT_SECURITY)
    lines = answer.text.splitlines()[1:]
    assert len(lines) == 4
    for organ, (dnr, paragraph) in IT_SECURITY.items():
        citation = by_organ[organ]
        assert citation.dnr.startswith(dnr)
        line = next(line for line in lines if line.startswith(f"- {organ} "))
        assert f"§ {paragraph}:" in line
        assert f"[{citation.n}]" in line
    assert "Kommunstyrelsen" not in answer.text


def test_the_rejected_motion_in_aldrenamnden_is_said_to_be_voted_down(deep):
    for question, words in (
        (
            "Which committees raised IT-security concerns?",
            "in a motion by Anna Nordin (M), which was voted down",
        ),
        (
            "Vilka nämnder lyfte frågor om IT-säkerhet?",
            "i ett yrkande av Anna Nordin (M), som avslogs",
        ),
    ):
        answer, _, _ = _aggregate(deep, question)
        line = next(line for line in answer.text.splitlines() if line.startswith("- Äldrenämnden"))
        assert line.endswith(f"({words})")
        ifn = next(line for line in answer.text.splitlines() if line.startswith("- Individ"))
        assert "Anna Nordin" not in ifn  # there the motion's words became the decision


def test_summaries_programme_text_and_the_remiss_issuer_are_set_aside(deep):
    passages, _ = deep
    assert remiss_issuers(passages) == {("västerås stad", "kommunstyrelsen")}
    assert is_summary(
        "Övriga synpunkter berörde vikten av att minska digitala klyftor, etablera en "
        "standardiserad datastruktur och öka cyber-, IT-, och informationssäkerheten."
    )
    assert not is_summary(
        "Vi saknar dock inriktning och tydlighet kring informationssäkerhet och IT säkerhet "
        "i programmet."
    )


def test_reservations_are_grouped_by_organ_and_by_party(deep):
    answer, _, _ = _aggregate(
        deep, "I vilka nämnder reserverade sig ledamöter mot beslutet om remissvaret på programmet?"
    )
    assert answer is not None
    assert {c.organ for c in answer.citations} == {"Byggnadsnämnden", "Äldrenämnden"}
    answer, _, _ = _aggregate(deep, "Which parties reserved against the decision?")
    assert answer is not None
    assert answer.text.startswith("The documents support these 2 parties:")
    assert "- Moderaterna (M), " in answer.text and "- Sverigedemokraterna (SD), " in answer.text


def test_company_questions_list_only_companies(deep):
    answer, intent, _ = _aggregate(
        deep, "Vilka bolag svarade på remissen om programmet för digital utveckling?"
    )
    assert intent.group == "company"
    assert answer is not None
    assert {c.organ for c in answer.citations} == {
        "Bostads AB Mimer",
        "Mälarenergi AB",
        "Västerås Stads Strategiska Fastigheter AB",
    }


def test_each_organ_once_and_numbers_in_order(deep):
    answer, intent, query = _aggregate(
        deep, "Vilka nämnder antog barn- och utbildningsförvaltningens yttrande över programmet?"
    )
    passages, _ = deep
    evidence = collect_evidence(passages, query, intent, 0.35, "sv")
    assert [e.key for e in evidence] == [
        "Förskolenämnden",
        "Grundskolenämnden",
        "Utbildningsnämnden",
    ]
    used = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    assert used == [1, 2, 3] == [c.n for c in answer.citations]


def test_a_topic_nobody_raised_gives_no_answer(deep):
    answer, _, _ = _aggregate(deep, "Vilka nämnder lyfte frågor om elbilar?")
    assert answer is None
