"""PII redaction: realistic personnummer, phone numbers and e-mail addresses go; invalid
numbers, Dnr, dates and amounts stay."""

from __future__ import annotations

import pytest

from ingest.redact import luhn_ok, redact_pii


@pytest.mark.parametrize(
    "pnr",
    ["19121212-1212", "121212-1212", "1212121212", "191212121212", "20121212+1212", "811228-9874",
     "701063-2391"],  # the last: a samordningsnummer (day 63 = the 3rd)
)  # fmt: skip
def test_valid_personnummer_are_redacted(pnr):
    assert redact_pii(f"Sökande {pnr} har ansökt.") == "Sökande [personnummer] har ansökt."


@pytest.mark.parametrize(
    "text",
    ["19121212-1213", "121313-1212", "20231345-1234", "KS 2023/00315-1.2.2", "2023-05-25",
     "120 000 kronor", "Dnr 2024/1234", "§ 113"],
)  # fmt: skip
def test_invalid_numbers_and_other_figures_stay(text):
    assert redact_pii(text) == text


@pytest.mark.parametrize(
    "phone", ["070-123 45 67", "+46 70 123 45 67", "08-123 456 78", "0701234567", "021-39 00 00"]
)
def test_phone_numbers_are_redacted(phone):
    assert redact_pii(f"Ring {phone} för frågor.") == "Ring [telefon] för frågor."


def test_email_addresses_are_redacted():
    text = "Kontakt: anna.berg@vasteras.se eller registrator@arboga.se."
    assert redact_pii(text) == "Kontakt: [e-post] eller [e-post]."


def test_luhn():
    assert luhn_ok("8112289874") and not luhn_ok("8112289875")
