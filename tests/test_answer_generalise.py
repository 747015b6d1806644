"""Mechanisms that keep an answer when a question is put in other words: compound heads,
proposal labels, participation that is no vote. Each is tested with the real sample index
and with variants of our own, and at the unit level."""

from __future__ import annotations

import pytest

from assistant.answer.intent import classify_question, has_answer_type
from assistant.answer.support import shares_head


@pytest.mark.parametrize(
    ("stem", "term", "same"),
    [
        ("lyktstolp", "belysningsstolp", True),  # two compounds with one head
        ("stolp", "belysningsstolp", True),  # a head and a compound of it
        ("invånar", "kommuninvånar", True),
        ("kostnad", "kostnad", False),  # the same word is no compound match
        ("information", "organisation", False),  # "-ation" is an ending, not a head
        ("planering", "belysning", False),
        ("avgift", "gift", False),  # too short a head
    ],
)
def test_compounds_share_a_head(stem: str, term: str, same: bool) -> None:
    assert shares_head(stem, term) is same


def test_a_proposal_label_holds_a_proposal() -> None:
    sentence = "• Förbättringsförslag: Gällande målområde Datadrivna staden behöver det säkerställas."
    assert has_answer_type("decision", sentence)
    assert not has_answer_type("decision", "Förslaget till program har skickats ut på remiss.")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Vilket universitet deltog i samtalen som ledde fram till STARK?", "fact"),
        ("Vilka kommuner deltog i mötet?", "fact"),
        ("Vilka ledamöter deltog inte i beslutet?", "vote"),
        ("Vem deltar inte i beslutet på grund av jäv?", "vote"),
    ],
)
def test_taking_part_is_no_vote_but_not_taking_part_in_a_decision_is(
    question: str, kind: str
) -> None:
    assert classify_question(question, "sv").kind == kind


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Hur många lyktstolpar ingår i gatubelysningsnätet som teknik- och "
            "fastighetsförvaltningen i Västerås ansvarar för?",
            "29 000",
        ),
        ("Hur många stolpar har gatubelysningsnätet i Västerås?", "29 000"),
        ("Vad föreslog Mälarenergi när det gäller målområdet Datadrivna staden?", "datastruktur"),
        ("What improvement did Mälarenergi propose for the data-driven city goal?", "datastruktur"),
        (
            "Vilket universitet deltog i de diskussioner som ledde fram till STARK-samarbetet?",
            "Mälardalens universitet",
        ),
    ],
)
def test_paraphrased_questions_keep_their_answer(sample_assistant, question, expected) -> None:
    answer = sample_assistant.ask(question)
    assert answer.supported and expected in answer.text
