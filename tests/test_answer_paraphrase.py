"""Fact answers whose sentence says its subject in the sentence before, or names the cost as
a price, fee or yearly sum: the kinds of `../shared/cases/false-refusal`, tested on a protocol
of our own (tests/data/paraphrase) ingested by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "paraphrase"


@pytest.fixture(scope="module")
def assistant(assistant_over):
    return assistant_over(DATA, "paraphrase")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "Avgiften, 184 500 kronor, …" names its subject (the bygglov) in the sentence before.
        ("Vad kostar bygglovet för förskolan i Lövsta?", "184 500"),
        ("Hur mycket kostar bygglovet för den nya förskolan i Lövsta?", "184 500"),
        # "ett årligt belopp av 612 000 kronor": a yearly sum is what it costs per year.
        ("Vad kostar snöröjningen i Norra Sandvika per år?", "612 000"),
        ("Vad betalar kommunen för snöröjningen i Norra Sandvika per år?", "612 000"),
    ],
)
def test_the_value_sentence_answers(assistant, question: str, expected: str) -> None:
    answer = assistant.ask(question)
    assert answer.supported and expected in answer.text, answer.text


def test_a_cost_the_protocol_does_not_give_is_refused(assistant) -> None:
    answer = assistant.ask("Vad kostar den nya parkeringsnormen för centrum?")
    assert not answer.supported, answer.text
