"""Aggregates whose organs are listed inside one sentence ("Vilka nämnder granskades…?")."""

from __future__ import annotations

import pytest

from assistant.answer import answer_question, question_query
from assistant.answer.extractive import build_passages
from assistant.answer.intent import classify_question
from assistant.answer.listed import listed_organs, organs_named


@pytest.mark.parametrize(
    ("sentence", "group", "organs"),
    [
        (  # KF 2024-06, kompletteringsbudget: a list with a compound name and a district
            "19. Förskolenämnden, äldre samt vård- och omsorgsnämnden, grundskolenämnden, "
            "nämnden för funktionsstöd och socialnämnd Sydväst får i uppdrag att återrapportera",
            "organ",
            [
                "Förskolenämnden",
                "Äldre samt vård- och omsorgsnämnden",
                "Grundskolenämnden",
                "Nämnden för funktionsstöd",
                "Socialnämnd Sydväst",
            ],
        ),
        (  # a Stadsrevisionen summary: a company among the organs
            "Stadsrevisionen har granskat användning av verksamhetsfordon samt inköp av "
            "drivmedel hos Göteborg Energi AB, park- och naturnämnden, lokalnämnden samt "
            "socialnämnd Sydväst.",
            "any",
            ["Göteborg Energi AB", "Park- och naturnämnden", "Lokalnämnden", "Socialnämnd Sydväst"],
        ),
        (  # "för"-names of several words; the next organ of the list is not swallowed
            "Remiss till nämnden för idrott, fritid och förebyggande, nämnden för personer med "
            "funktionsnedsättning och Styrelsen för Habilitering & Hälsa.",
            "organ",
            [
                "Nämnden för idrott, fritid och förebyggande",
                "Nämnden för personer med funktionsnedsättning",
                "Styrelsen för Habilitering & Hälsa",
            ],
        ),
        (  # genitives name the organ; the sender of a matter is not one it was sent to
            "Kommunstyrelsen har översänt motionen till utbildningsnämndens och "
            "grundskolenämndens presidier.",
            "organ",
            ["Utbildningsnämnden", "Grundskolenämnden"],
        ),
        (  # company questions keep companies only, without the word in front of them
            "Enligt Higab AB och Förvaltnings AB Framtiden ska kulturnämnden avvakta.",
            "company",
            ["Higab AB", "Förvaltnings AB Framtiden"],
        ),
    ],
)
def test_organs_named(sentence, group, organs):
    assert organs_named(sentence, group) == organs


@pytest.mark.parametrize(
    "question",
    [
        "Vilka nämnder lyfte fram informationssäkerhet?",  # what organs said: by speaker
        "Vilka partier fick stöd för sitt yrkande?",  # parties: the vote composer's job
    ],
)
def test_listing_is_only_for_what_happened_to_organs(goteborg_assistant, question):
    retriever = goteborg_assistant.retriever()
    intent = classify_question(question, "sv")
    assert intent.kind == "aggregate"
    hits = retriever.search(question, 30)
    passages = build_passages(hits, retriever.kb.lexical.analyzer, retriever.kb.catalog.sections)
    query = question_query(intent.topic, "sv", intent, retriever.kb.lexical)
    assert query.units
    assert listed_organs(question, passages, query, intent, 0.3, 0) is None


def test_audited_organs_are_listed_from_the_audit_report(goteborg_assistant):
    question = "Vilka nämnder granskades när det gäller informationssäkerhetsarbetet?"
    answer = answer_question(
        question, goteborg_assistant.retriever(), goteborg_assistant.settings.answer
    )
    assert answer.supported, answer.text
    lines = answer.text.splitlines()
    assert lines[0] == "Följande 2 organ har stöd i dokumenten:"
    assert lines[1:3] == ["- Utbildningsnämnden [1]", "- Grundskolenämnden [1]"]
    assert "utbildningsnämndens och grundskolenämndens" in answer.citations[0].snippet
    assert "revision" in answer.citations[0].file
