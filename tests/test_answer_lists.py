"""Numbered decision lists: each item is a candidate of its own that carries its lead-in,
wherever the chunk boundary falls, and what becomes of a motion or an assignment is a
decision."""

from __future__ import annotations

import pytest

from assistant.answer.answer_types import has_answer_type
from assistant.answer.extractive import build_passages, list_items, quality
from assistant.answer.support import build_query
from index.analyzer import SwedishAnalyzer
from index.models import Chunk, Hit, Section, SectionMeta

PARAGRAPH = """§ 501 Dnr SLK-2024-00311
Inriktning för GS Trafikantservice AB

Beslut
Kommunstyrelsen tillstyrker yrkande från S, V och MP och föreslår att kommunfullmäktige beslutar:
1. Hemställan från bolaget om ett utökat ägartillskott bifalls.
2. Hemställan om inriktning för kvarvarande verksamhet avslås.
3. Uppdraget om att avyttra eller avveckla verksamheten avbryts.
4. Göteborgs Stadshus AB får i uppdrag att föreslå en ändamålsenlig bolagsstruktur.

Yrkanden
Nina Miskovsky (M) yrkar avslag.
"""


def _passage(cut: str | None):
    """The § as one passage, its chunk starting at `cut` (None: the whole §)."""
    meta = SectionMeta(organ="Kommunstyrelsen", paragraph="501", dnr="SLK-2024-00311")
    section = Section(PARAGRAPH, meta, kind="paragraph")
    start = PARAGRAPH.index(cut) if cut else 0
    chunk = Chunk("c1", "doc", PARAGRAPH[start:], "", meta, 0, 1, 1, "paragraph", start=start)
    (passage,) = build_passages([Hit(chunk, 1.0)], SwedishAnalyzer(), lambda _doc: [section])
    return passage


def test_the_rest_of_a_list_quoted_as_one_sentence_yields_its_items():
    text = "2. Motionen avslås. 3. Uppdraget avbryts. 4. Paragrafen justeras."
    spans = list_items(text)
    assert [text[a:b].strip() for a, b in spans] == [
        "2. Motionen avslås.",
        "3. Uppdraget avbryts.",
        "4. Paragrafen justeras.",
    ]
    assert list_items("Enligt 3 kap. 2. Stycket gäller.") == []  # no run of two items
    # a list from its start is quoted as its decision reads
    assert list_items("Nämnden beslutar: 1. Motionen avslås. 2. Uppdraget avbryts.") == []


@pytest.mark.parametrize("cut", ["2. Hemställan om", "3. Uppdraget"])
def test_every_item_carries_the_lead_in_of_its_list(cut):
    """Wherever the chunk starts, item 3 says what the board proposed: the terms of
    "föreslår att kommunfullmäktige beslutar" come with it from before the chunk."""
    passage = _passage(cut)
    analyzer = SwedishAnalyzer()
    query = build_query("föreslår kommunfullmäktige", "sv", analyzer)
    item = next(s for s in passage.items if s.text.startswith("3. Uppdraget"))
    assert item.text == "3. Uppdraget om att avyttra eller avveckla verksamheten avbryts."
    assert item.lead is not None
    assert all(u.cover(item.lead) >= 0.8 for u in query.units)
    assert all(u.cover(item.terms) < 0.8 for u in query.units)
    yrkande = next(s for s in passage.sentences if "yrkar avslag" in s.text)
    assert yrkande.lead is None  # after the list: no item, no lead-in


def test_an_item_is_quoted_from_the_offsets_of_its_own_text():
    passage = _passage("2. Hemställan om")
    assert len(passage.items) == 3
    chunk_text = passage.hit.chunk.text
    for item in passage.items:
        assert chunk_text[item.start : item.end] == item.text


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("2. Motionen anses besvarad.", True),
        ("Uppdraget om att avveckla verksamheten avbryts.", True),
        ("Ärendet bordläggs till nästa sammanträde.", True),
        ("Uppdragen förklaras fullgjorda.", True),
        ("Beslutet om taxan upphävs.", True),
        ("Motionen lämnas utan åtgärd.", True),
        ("Stadsdelen har en ny skola med 400 elever.", False),
    ],
)
def test_what_becomes_of_a_motion_or_an_assignment_is_a_decision(text, decision):
    assert has_answer_type("decision", text) is decision


def test_a_short_numbered_item_is_a_claim_not_a_heading():
    assert quality("2. Motionen anses besvarad.") == 0.0
    assert quality("Yrkanden") > 0.0
    assert quality("Motionen avslås") > 0.0  # no full stop: may be a heading


def test_a_list_without_a_lead_in_does_not_borrow_an_earlier_one():
    text = (
        "§ 7 Dnr KS 2024/00012\nMotion om parker\n\n"
        "Förvaltningen har tagit fram följande underlag: 1. Tjänsteskrivelse 2. Karta\n\n"
        "Beslut\nKommunstyrelsen beslutar\n1. Parkplanen antas.\n"
        "2. Motionen om fler parker avslås.\n3. Uppdraget avbryts.\n"
    )
    meta = SectionMeta(organ="Kommunstyrelsen", paragraph="7")
    section = Section(text, meta, kind="paragraph")
    start = text.index("2. Motionen")
    chunk = Chunk("c1", "doc", text[start:], "", meta, 0, 1, 1, "paragraph", start=start)
    (passage,) = build_passages([Hit(chunk, 1.0)], SwedishAnalyzer(), lambda _doc: [section])
    assert passage.items and all(item.lead is None for item in passage.items)


def test_an_item_is_quoted_alone_and_once_across_overlapping_chunks():
    from assistant.answer.extractive import Scored, quote_of

    meta = SectionMeta(organ="Kommunstyrelsen", paragraph="501", dnr="SLK-2024-00311")
    section = Section(PARAGRAPH, meta, kind="paragraph")
    hits = []
    for n, cut in enumerate(("2. Hemställan om", "3. Uppdraget")):
        start = PARAGRAPH.index(cut)
        chunk = Chunk(
            f"c{n}", "doc", PARAGRAPH[start:], "", meta, 0, 1, 1, "paragraph", start=start
        )
        hits.append(Hit(chunk, 1.0 - n / 10))
    first, second = build_passages(hits, SwedishAnalyzer(), lambda _doc: [section])
    assert [i.text[:2] for i in first.items] == ["2.", "3.", "4."]
    assert second.items == []  # items 3 and 4 were seen in the better hit
    ranked = [Scored(first, item, 1.0, 1.0, 0.9 - k / 100) for k, item in enumerate(first.items)]
    best = ranked[1]  # item 3
    assert quote_of(best, ranked) == best.sentence.text
