"""Every prompt template exists in Swedish and English and uses exactly its variables."""

from __future__ import annotations

import pytest

from prompts import LANGS, VARIABLES, PromptError, load_prompt, render_prompt, template_variables

ALL = [(name, lang) for name in VARIABLES for lang in LANGS]


@pytest.mark.parametrize(("name", "lang"), ALL)
def test_template_uses_exactly_its_required_variables(name, lang):
    assert template_variables(load_prompt(name, lang)) == set(VARIABLES[name])


@pytest.mark.parametrize("lang", LANGS)
def test_answer_prompts_state_the_grounding_rules(lang):
    for name in ("answer_system", "aggregate_system"):
        text = load_prompt(name, lang).casefold()
        assert "[2]" in text  # how to cite
        assert ("data" in text) and ("instruktioner" in text or "instructions" in text)
        assert ("besvarar inte frågan" in text) or ("do not answer the question" in text)
    assert "organ" in load_prompt("aggregate_system", lang).casefold()


def test_render_fills_values_verbatim_even_with_braces():
    text = render_prompt(
        "answer_user", "sv", question="Vad kostar {det}?", sources="<source>{x}</source>"
    )
    assert "Vad kostar {det}?" in text and "<source>{x}</source>" in text


def test_render_refuses_missing_or_unexpected_variables():
    with pytest.raises(PromptError, match="missing"):
        render_prompt("answer_user", "sv", question="q")
    with pytest.raises(PromptError, match="unexpected"):
        render_prompt("answer_user", "en", question="q", sources="s", organs="x")


def test_unknown_names_and_languages_are_refused():
    with pytest.raises(PromptError, match="unknown prompt"):
        load_prompt("nope", "sv")
    with pytest.raises(PromptError, match="language"):
        load_prompt("answer_user", "de")
