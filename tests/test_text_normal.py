"""One normal form for text: at ingest, in the BM25 analyzer, in questions and in filters."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from index.analyzer import SwedishAnalyzer
from index.models import Filters
from index.text import normalise_text
from ingest.clean import clean_pages
from ingest.parsers import parse_file

ORGANS = ["Äldrenämnden", "Överförmyndarnämnden", "Byggnadsnämnden", "Miljö- och hälsonämnden"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize("organ", ORGANS)
def test_decomposed_letters_compose(organ: str) -> None:
    assert nfd(organ) != organ or organ.isascii()
    assert normalise_text(nfd(organ)) == organ


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ﬁnansiering och ﬂyktingmottagning", "finansiering och flyktingmottagning"),
        ("ＫＳ　2024", "KS 2024"),  # full-width letters and ideographic space
        ("2\u00a0340\u202f000 kronor", "2 340 000 kronor"),
        ("för\u00adskolan", "förskolan"),
        ("verk\u00ad\nsamheten är", "verksamheten\n är"),
        ("Äldre\u200bnämnden\ufeff", "Äldrenämnden"),
        ("IT\u2011säkerhet", "IT-säkerhet"),
        ("a¨ldre ˚arsredovisning", "äldre årsredovisning"),
        ("m² och ½ år", "m² och ½ år"),  # meaning lives in the form: left alone
    ],
)
def test_normalise_text_handles_each_kind(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected
    assert normalise_text(expected) == expected  # idempotent


def test_analyzer_gives_decomposed_text_the_same_terms() -> None:
    text = "Äldrenämnden beslutar att Göran Åkesson reserverar sig mot beslutet."
    analyzer = SwedishAnalyzer.fit([text, text])
    assert analyzer.analyze(nfd(text)) == analyzer.analyze(text)
    terms = analyzer.analyze(nfd(text))
    assert "äldrenämnd" in terms and "ldren" not in terms and "mnden" not in terms


def test_filters_normalise_their_values() -> None:
    fields = {
        "municipality": "Norrvalla kommun",
        "organ": "Äldrenämnden",
        "doc_type": "protokoll",
        "date": "2025-01-28",
        "dnr": "ÄN 2025/00012",
    }
    assert Filters(organ=nfd("Äldrenämnden")).matches(fields)
    assert Filters(organ=nfd("äldrenämnden ")).matches(fields)
    assert Filters(dnr=nfd("ÄN 2025/00012")).matches(fields)
    assert Filters(organ="  ").is_empty()
    assert not Filters(organ=nfd("Överförmyndarnämnden")).matches(fields)


def test_ingest_normalises_pages_and_title(tmp_path: Path) -> None:
    path = tmp_path / "nfd.md"
    path.write_text(nfd("# Äldrenämnden\n\nGöran Åkesson (SD) reserverar sig."), encoding="utf-8")
    doc = parse_file(path, max_bytes=10_000)
    assert doc.title == "Äldrenämnden"
    assert "Göran Åkesson" in doc.pages[0]
    assert clean_pages([nfd("Äldre\u00adnämnden")]) == ["Äldrenämnden"]
