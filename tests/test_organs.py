"""Organs in their own right: utskott, beredningar, presidier, råd, bolag, gemensamma nämnder."""

from __future__ import annotations

import pytest

from index.models import ParsedDocument
from ingest.doctype import detect_municipality
from ingest.organs import (
    find_organ,
    looks_like_organ,
    normalise_organ,
    organ_for_office,
    organ_from_dnr_prefix,
)
from ingest.segment import segment_document


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Kommunstyrelsens arbetsutskott", "Kommunstyrelsens arbetsutskott"),
        ("kommunstyrelsens arbetsutskottet", "Kommunstyrelsens arbetsutskott"),
        ("KS AU", "Kommunstyrelsens arbetsutskott"),
        ("KSAU", "Kommunstyrelsens arbetsutskott"),
        ("KF:s presidiet", "Kommunfullmäktiges presidium"),
        ("Socialnämndens individutskott", "Socialnämndens individutskott"),
        (
            "Barn- och utbildningsnämndens arbetsutskott",
            "Barn- och utbildningsnämndens arbetsutskott",
        ),
        ("Demokratiberedningen", "Demokratiberedningen"),
        ("Kommunala pensionärsrådet", "Kommunala pensionärsrådet"),
        ("Ekholms Energi AB", "Ekholms Energi AB"),
        ("Gemensamma nämnden för hjälpmedel", "Gemensamma nämnden för hjälpmedel"),
    ],
)
def test_sub_organs_are_organs_with_one_name(written: str, canonical: str) -> None:
    assert normalise_organ(written) == canonical
    assert normalise_organ(canonical) == canonical
    assert looks_like_organ(canonical)


def test_an_utskott_is_not_its_nämnd() -> None:
    assert normalise_organ("Kommunstyrelsens arbetsutskott") != "Kommunstyrelsen"
    assert find_organ("Kommunstyrelsens arbetsutskott beslutar att") == (
        "Kommunstyrelsens arbetsutskott"
    )
    assert find_organ("enligt kommunstyrelsens förslag") == "Kommunstyrelsen"


def test_common_register_prefixes_hold_in_any_municipality() -> None:
    assert organ_from_dnr_prefix("KS 2024/00012", "Ekholms kommun") == "Kommunstyrelsen"
    assert organ_from_dnr_prefix("KSAU 2024/00012", "Ekholms kommun") == (
        "Kommunstyrelsens arbetsutskott"
    )
    assert organ_from_dnr_prefix("SN 2024/00012", "Ekholms kommun") is None  # not universal
    assert organ_for_office("Kommunledningskontoret") == "Kommunstyrelsen"


def test_an_arbetsutskott_protocol_is_labelled_with_the_arbetsutskott() -> None:
    text = (
        "EKHOLMS KOMMUN SAMMANTRÄDESPROTOKOLL\n"
        "Kommunstyrelsens arbetsutskott 2025-03-04\n\n"
        "§ 12 Dnr KS 2025/00031\nBudgetuppföljning\n\n"
        "Beslut\nArbetsutskottet föreslår kommunstyrelsen att godkänna uppföljningen.\n"
    )
    doc = ParsedDocument(path="ksau.txt", format="txt", pages=[text])
    paragraph = next(s for s in segment_document(doc) if s.kind == "paragraf")
    assert (paragraph.meta.organ, paragraph.meta.date, paragraph.meta.paragraph) == (
        "Kommunstyrelsens arbetsutskott",
        "2025-03-04",
        "12",
    )


@pytest.mark.parametrize(
    ("top", "municipality"),
    [
        ("NORRVALLA KOMMUN\nTJÄNSTESKRIVELSE", "Norrvalla kommun"),
        ("EKHOLMS KOMMUN SAMMANTRÄDESPROTOKOLL\nKulturnämnden", "Ekholms kommun"),
        ("Upplands-Bro kommun\nKallelse", "Upplands-Bro kommun"),
        ("Kommunstyrelsen\nDen kommun som vinner", None),
    ],
)
def test_any_municipality_named_at_the_top_is_read(top: str, municipality: str | None) -> None:
    assert detect_municipality(top) == municipality
