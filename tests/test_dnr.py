"""Diarienummer in the forms Swedish diarium systems print, read, normalised and matched."""

from __future__ import annotations

import pytest

from index.dnr import dnr_key, dnr_matches, parse_dnr, same_case
from ingest.metadata import dnr_prefix, dnr_year, extract_dnr


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("KS 2024/00391", "KS 2024/391"),
        ("KS 2024/00391-1.2.3", "KS 2024/391-1.2.3"),
        ("KS-2024-00391", "KS 2024/391"),
        ("KS/2024:391", "KS 2024/391"),
        ("KS2024/12", "KS 2024/12"),
        ("BN-AU 2025/12", "BN-AU 2025/12"),
        ("2025-00013", "2025/13"),
        ("2024/123 (1.3.2)", "2024/123-1.3.2"),
        ("00322/2025", "2025/322"),
        ("0496/22", "2022/496"),
        ("N608-1230/22", "N608-2022/1230"),
        ("SLK-2023-00226", "SLK 2023/226"),
    ],
)
def test_every_form_keeps_its_print_and_gets_one_key(printed: str, key: str) -> None:
    found = parse_dnr(printed)
    assert found is not None
    assert (found.printed, found.key) == (printed, key)
    assert dnr_key(found.key) == key  # the key reads back as itself


@pytest.mark.parametrize("text", ["2024-05-12", "2023-2026", "Kommunstyrelsen 2024", "§ 15", ""])
def test_dates_ranges_and_words_are_no_dnr(text: str) -> None:
    assert parse_dnr(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## § 15 Dnr KS 2024/00391", "KS 2024/00391"),
        ("§ 2 Dnr 2025-00013 Årsredovisning 2024", "2025-00013"),
        ("Diarienummer: 00322/2025", "00322/2025"),
        ("Vår beteckning KS 2024/00391-1.2.3", "KS 2024/00391-1.2.3"),
        ("Dnr 2024/123 (1.3.2) Detaljplan", "2024/123 (1.3.2)"),
        ("Ärendenummer SLK-2023-00226:3", "SLK-2023-00226"),
    ],
)
def test_extract_dnr_reads_labelled_forms(text: str, expected: str) -> None:
    assert extract_dnr(text) == expected


@pytest.mark.parametrize(
    ("wanted", "stored", "expected"),
    [
        ("KS 2024/00391", "KS 2024/00391-1.2.3", True),
        ("ks 2024/391", "KS-2024-00391", True),
        ("2024/00391", "KS 2024/00391", True),  # no register given: any register
        ("Dnr 2025-00013", "2025-00013", True),
        ("2025/13", "2025-00013", True),
        ("00322/2025", "2025-00322", True),
        ("KS 2024/00391-1.2", "KS 2024/00391-1.2.3", True),
        ("KS 2024/00391-1.3", "KS 2024/00391-1.2.3", False),
        ("BN 2024/00391", "KS 2024/00391", False),
        ("KS 2024/391", "KS 2024/3910", False),
        ("KS 2024", "KS 2024/00391", True),  # a register and year: a prefix
        ("KS 2024/00391", "", False),
    ],
)
def test_filters_match_on_the_normalised_form(wanted: str, stored: str, expected: bool) -> None:
    assert dnr_matches(wanted, stored) is expected


def test_same_case_ignores_classification_only() -> None:
    assert same_case("KS 2024/00391-1.2.3", "KS 2024/391")
    assert not same_case("KS 2024/00391", "BN 2024/00391")
    assert not same_case(None, "KS 2024/00391")


def test_prefix_and_year_come_from_the_parsed_parts() -> None:
    assert (dnr_prefix("BN-AU 2025/12"), dnr_year("BN-AU 2025/12")) == ("BN-AU", "2025")
    assert (dnr_prefix("00322/2025"), dnr_year("00322/2025")) == (None, "2025")
