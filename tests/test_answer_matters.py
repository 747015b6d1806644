"""What an organ does with a matter put before it (eleventh session): handling a motion is
deciding on it, a handling's proposal answers for its matter, a member's proposal is not the
organ's, titles and labels are no names, a salary is a sum, a Swedish "motion" is a matter
and not a vote, and what organs "ska" do is listed in the decision that obliges them. Unit
tests with variants of our own, and a real index over tests/data/handlingar."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.answer_types import has_answer_type
from assistant.answer.fact import with_proposals
from assistant.answer.features import motion_report
from assistant.answer.intent import classify_question
from assistant.answer.listed import _OBLIGED, organs_named

HANDLINGAR = Path(__file__).parent / "data" / "handlingar"


@pytest.mark.parametrize(
    "question",
    [
        "Vad tycker kommunstyrelsen att fullmäktige ska göra med Liberalernas förslag om cyklar?",
        "Hur vill kommunstyrelsen att fullmäktige hanterar FI:s motion om ledsagning?",
        "Hur ställde sig kulturnämnden till förslaget att flytta statyn?",
        "Hur svarade Framtidens styrelse på motionen om ombildningar?",
        "Hur tog nämnden ställning till skrivelsen om parkering?",
        "What should the council do with the proposal on bike lanes?",
    ],
)
def test_what_an_organ_does_with_a_matter_is_its_decision(question: str):
    lang = "en" if question.startswith("What") else "sv"
    assert classify_question(question, lang).answer_type == "decision"


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Vem svarade på Anneli Rhedins fråga?", "person"),  # a person answers a question
        ("Vad svarade kommunalrådet på frågan om skolan?", None),  # a question is no matter
        ("Which municipal commissioner responded to the interpellation?", "person"),
        ("Hur hanteras personuppgifter?", None),  # no matter put before an organ
        ("Vilken förvaltning hanterar ärendet?", None),  # an office handles, no organ decides
        ("Which department handles the request?", None),
    ],
)
def test_answering_a_question_or_handling_data_is_no_decision(question: str, answer_type):
    lang = "en" if question.startswith("Which") else "sv"
    assert classify_question(question, lang).answer_type == answer_type


@pytest.mark.parametrize(
    ("question", "lang", "kind"),
    [
        ("Vad beslutade fullmäktige om SD:s motion om frågestund?", "sv", "fact"),
        ("Vilken konstnär skapade statyn som Stina Svenssons motion gäller?", "sv", "fact"),
        ("Hur gick omröstningen om motionen om studentstaden?", "sv", "vote"),
        ("Hur utföll voteringen om budgeten?", "sv", "vote"),
        ("Who moved the motion to refer the matter back?", "en", "vote"),
    ],
)
def test_a_swedish_motion_is_a_matter_and_a_vote_is_named_in_any_form(question, lang, kind):
    assert classify_question(question, lang).kind == kind


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Direktör Ärende och utredning Stadsdirektör", False),  # an organisation chart
        ("Ordförande Justerande", False),  # labels of a signature block
        ("Sammanträdesdatum Kommunstyrelsen", False),
        ("Ärendemening: Antagande av detaljplan inom stadsdelen Landala Antal Ja: 71", False),
        ("Ordförande Anna Svensson", True),  # the name after the title still counts
        ("Kommundirektör Ulf Karlsson avgår.", True),
        ("Kommunalrådet Viktoria Tryggvadottir Rolka (S) besvarar frågan.", True),
    ],
)
def test_titles_and_labels_are_no_names(text: str, person: bool):
    assert has_answer_type("person", text) is person


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Vilken månadslön har fastställts för den politiska sekreteraren?", "amount"),
        ("Vilken lön har stadsdirektören?", "amount"),
        ("What is the monthly salary of the chair?", "amount"),
        ("Vilken lönenivå gäller?", None),  # a level is no sum asked by name
    ],
)
def test_a_salary_asked_for_by_name_is_a_sum(question: str, answer_type):
    lang = "en" if question.startswith("What") else "sv"
    assert classify_question(question, lang).answer_type == answer_type


@pytest.mark.parametrize(
    ("text", "members"),
    [
        ("Rasmus Ragnarsson (SD) föreslår att kommunstyrelsen får i uppdrag att utreda.", True),
        ("Axel Josefson (M) och Anna Ek (L) yrkar bifall till förslaget.", True),
        ("Ordföranden Jonas Attenius (S) yrkar att ärendet återremitteras.", True),
        ("Yrkande från Anna Ek (D) och Bo Lund (M): Vi yrkar bifall till motionen.", True),
        ("Beslut enligt yrkande från S, V och MP: Motionen anses besvarad.", False),
        ("Vi yrkar bifall till motionen om ombildning.", True),
        ("Kommunstyrelsen beslutar enligt Axel Josefsons (M) yrkande.", False),
        ("Den av Rasmus Ragnarsson väckta motionen avslås.", False),
    ],
)
def test_a_members_proposal_is_not_the_organs(text: str, members: bool):
    assert (not has_answer_type("decision", motion_report(text))) is members


@pytest.mark.parametrize(
    ("topic", "obliged"),
    [
        ("ska bli bättre på att upptäcka utsatta personer?", True),
        ("ska reda ut ansvaret för idrottshallar?", True),
        ("should report back on the plan?", True),
        ("anser att staden ska bygga fler hallar?", False),  # the organs say something
        ("lyfte fram informationssäkerhet?", False),
    ],
)
def test_what_organs_are_obliged_to_do_opens_the_topic(topic: str, obliged: bool):
    assert bool(_OBLIGED.match(topic)) is obliged


@pytest.fixture(scope="module")
def handlingar(assistant_over):
    return assistant_over(HANDLINGAR, "proposals")


def _hits_without_proposal(retriever, question):
    hits = retriever.search(question, 20, None, {})
    return [h for h in hits if "föreslår att kommunfullmäktige" not in h.chunk.text]


def test_a_handlings_proposal_joins_the_hits_of_its_matter(handlingar):
    retriever = handlingar.retriever()
    question = "Vad föreslår kommunstyrelsen att fullmäktige gör med motionen om skulpturen?"
    hits = _hits_without_proposal(retriever, question)
    catalog = retriever.kb.catalog
    out = with_proposals(hits, question, catalog, catalog.sections)
    added = [h for h in out if h not in hits]
    assert added and all("föreslår att kommunfullmäktige beslutar" in h.chunk.text for h in added)
    first = out.index(added[0])
    assert out[first - 1].chunk.doc_id == added[0].chunk.doc_id  # right after its matter's hit
    assert len({h.chunk.doc_id for h in added}) == len(added)  # one proposal a document


def test_a_proposal_joins_only_a_question_naming_its_organ_or_the_council(handlingar):
    retriever = handlingar.retriever()
    question = "Vad beslutade kulturnämnden om motionen om skulpturen?"
    hits = _hits_without_proposal(retriever, question)
    catalog = retriever.kb.catalog
    assert with_proposals(hits, question, catalog, catalog.sections) == hits


@pytest.mark.parametrize(
    ("text", "organs"),
    [
        (
            "Socialnämnderna Centrum, Hisingen, Nordost och Sydväst samt nämnden för "
            "funktionsstöd får i uppdrag att stärka arbetet.",
            [
                "Socialnämnden Centrum",
                "Socialnämnden Hisingen",
                "Socialnämnden Nordost",
                "Socialnämnden Sydväst",
                "Nämnden för funktionsstöd",
            ],
        ),
        (
            "Stadsdelsnämnderna Norr och Söder yttrar sig.",
            ["Stadsdelsnämnden Norr", "Stadsdelsnämnden Söder"],
        ),
        ("Nämnderna ska samverka med kulturnämnden.", ["Kulturnämnden"]),  # no places named
        # the list ends at its "och" item, before a company that follows it
        (
            "Motionen har remitterats till socialnämnderna Centrum och Sydväst, Förvaltnings AB "
            "Framtiden och Boplats Göteborg AB.",
            ["Socialnämnden Centrum", "Socialnämnden Sydväst"],
        ),
        ("Stadsdelsnämnderna Angered och Norra Hisingen yttrar sig.", []),  # no place is cut
        # the organ whose proposal a decision follows is not one it lists
        (
            "Enligt kommunstyrelsens förslag: Grundskolenämnden och stadsfastighetsnämnden "
            "får i uppdrag att utreda.",
            ["Grundskolenämnden", "Stadsfastighetsnämnden"],
        ),
    ],
)
def test_organs_of_one_kind_named_by_their_places(text: str, organs: list[str]):
    assert organs_named(text, "organ") == organs
