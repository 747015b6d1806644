"""How text is cut into sentences (`index.text.split_sentences`): a numbered list run on from
a heading opens its first item at "1.", not at the word after it."""

from __future__ import annotations

import pytest

from index.text import split_sentences


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "first_item"),
    [
        (
            "Svar på remiss om motion om ledsagning Förslag till beslut 1. Nämnden avstyrker "
            "motionen. 2. Nämnden översänder yttrandet.",
            "1. Nämnden avstyrker motionen.",
        ),
        (
            "Beslut 1) Kulturnämnden tillstyrker förslaget. 2) Paragrafen justeras omedelbart.",
            "1) Kulturnämnden tillstyrker förslaget.",
        ),
    ],
)
def test_a_list_run_on_from_its_heading_opens_at_its_number(text: str, first_item: str):
    sentences = _sentences(text)
    assert first_item in sentences
    assert not sentences[0].endswith(("1.", "1)"))


@pytest.mark.parametrize(
    "text",
    [
        # a number that ends a sentence is no list item when no "2." item follows a full stop
        "Nämnden beslutar enligt bilaga 1. Förvaltningen har tagit fram ett förslag. "
        "Se bilaga 2. Klart.",
        "Ärendet avser kvarter 1. Detaljplanen vann laga kraft 2021.",
        # a word that takes a number keeps it, whatever list follows
        "Avgifterna beskrivs i bilaga 1. De angivna avgifterna gäller. 2. Nästa punkt.",
        "Figur 1. Den tillitsbyggande cirkeln visar stegen. 2. Text.",
        # the next item after "1." must be "2.", not the "1." of another list
        "Texten i avsnittet kvarter 1. Nämnden beslutar att: 1. A gäller. 2. B gäller.",
    ],
)
def test_a_number_ending_a_sentence_stays_with_it(text: str):
    assert _sentences(text)[0].endswith("1.")


def test_the_cut_still_covers_every_character():
    text = "Förslag till beslut 1. A gäller. 2. B gäller."
    assert "".join(_sentences(text)).replace(" ", "") == text.replace(" ", "")
