"""Metadata readers: Dnr, dates, organs, municipality, document type, people and parties."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.doctype import detect_doc_type, detect_municipality
from ingest.metadata import (
    VASTERAS_PREFIXES,
    dnr_year,
    extract_date,
    extract_dnr,
    find_organ,
    looks_like_organ,
    normalise_organ,
    organ_for_office,
    organ_from_dnr_prefix,
    organ_from_email,
)
from ingest.people import extract_people_and_parties, parties_in

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
GOTEBORG = Path(__file__).resolve().parent / "data" / "goteborg"


def _sample(prefix: str) -> tuple[str, str]:
    path = next(SAMPLE.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("§ 10 Dnr KS 2023/00315-1.2.2", "KS 2023/00315-1.2.2"),
        ("§127 DnrIFN 2023/00136-1.7.1", "IFN 2023/00136-1.7.1"),
        ("Hej ! Dnr. 2023/00020-1.7.1 // Carina", "2023/00020-1.7.1"),
        ("§ 1 Ärendenummer SLK-2024-00062", "SLK-2024-00062"),
        ("§ 3 Ärendenummer SLK-2023-00226:3", "SLK-2023-00226"),
        ("Handläggare Mathias Sköld Diarienummer 0496/22 Telefon", "0496/22"),
        ("Diarienr \n\nAMN 2023/00066- 1.7.1", "AMN 2023/00066-1.7.1"),
        ("Diarienr\nFSN 2023/00119 \n", "FSN 2023/00119"),
        ("ER BETECKNING \nKS 2023/00315- 1.2.2", "KS 2023/00315-1.2.2"),
    ],
)
def test_extract_dnr_normalises_every_form(text: str, expected: str) -> None:
    assert extract_dnr(text) == expected


def test_extract_dnr_refuses_unlabelled_and_missing_numbers() -> None:
    assert extract_dnr("förslag till program (KS 2023/00315- 1.2.2)") is None
    assert extract_dnr("Ärende nr: 3.2") is None
    assert extract_dnr("") is None


def test_dnr_year_reads_both_registers() -> None:
    assert dnr_year("KS 2023/00315-1.2.2") == "2023"
    assert dnr_year("SLK-2022-01316") == "2022"
    assert dnr_year("0901/22") == "2022"
    assert dnr_year(None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Byggnadsnämnden 2023-05-25", "2023-05-25"),
        ("Skickat: den 27 april 2023 13:39", "2023-04-27"),
        ("17 Mars 2025\n12.30-14.00 lunch", "2025-03-17"),
        ("daterat 14 april 2023 och överlämnar", "2023-04-14"),
        ("Bordlagt 2023-12-01.\nSammanträdesdatum: 2024-01-10", "2024-01-10"),
        (
            "från D den 18 oktober 2022.\nGöteborg den 19 oktober 2022 Göteborgs kommunstyrelse",
            "2022-10-19",
        ),
        ("Senast uppdaterad: 11 februari 2020", "2020-02-11"),
        ("Uppdraget redovisas i april 2023.", "2023-04"),
        ("Industridagen 2024 är förlagd till Göteborg", "2024"),
        ("för perioden 2025-10-01 till 2028-09-30", "2025"),
    ],
)
def test_extract_date_prefers_labels_and_falls_back_in_precision(text: str, expected: str) -> None:
    assert extract_date(text) == expected


def test_extract_date_skips_year_ranges_and_impossible_dates() -> None:
    assert extract_date("Program för digital utveckling 2023-2026") is None
    assert extract_date("helägda bolag 2024 - \n\n2027 antas") is None
    assert extract_date("2023-13-45") is None
    assert extract_date("Ingen tid alls") is None


def test_extract_date_full_only_refuses_lower_precision() -> None:
    assert extract_date("hösten 2022", full_only=True) is None
    assert extract_date("Datum \n\n2023-05-02", full_only=True) == "2023-05-02"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("äldrenämndens", "Äldrenämnden"),
        ("kommunstyrelsen", "Kommunstyrelsen"),
        ("Kommunstyrelsens", "Kommunstyrelsen"),
        ("Individ- och familjenämndens", "Individ- och familjenämnden"),
        (
            "nämnden för idrott, fritid och förebyggande",
            "Nämnden för idrott, fritid och förebyggande",
        ),
        ("Skultuna kommundelsnämnds", "Skultuna kommundelsnämnd"),
        ("styrgruppen 4M", "Styrgruppen Fyra Mälarstäder"),
        ("Kommunchefsgruppen", "Kommundirektörsgruppen GR"),
        ("Mälarenergi", "Mälarenergi AB"),
        ("Mimer", "Bostads AB Mimer"),
        ("Kommunstyrelsen och kommunfullmäktige", "Kommunstyrelsen"),
        ("Grundskolenämnd", "Grundskolenämnden"),
        ("Socialnämnd Nordost", "Socialnämnden Nordost"),
        ("  ", ""),
    ],
)
def test_normalise_organ(name: str, expected: str) -> None:
    assert normalise_organ(name) == expected


@pytest.mark.parametrize(("prefix", "organ"), sorted(VASTERAS_PREFIXES.items()))
def test_organ_from_dnr_prefix_covers_the_vasteras_table(prefix: str, organ: str) -> None:
    assert organ_from_dnr_prefix(f"{prefix} 2023/00001-1.7.1", "Västerås stad") == organ


def test_vasteras_table_names_are_the_ones_the_bundle_uses() -> None:
    text, _ = _sample("001")
    for prefix, organ in VASTERAS_PREFIXES.items():
        if prefix == "FN":  # named only in the remiss mailing list
            assert "fastighetsnamnd@vasteras.se" in text
        else:
            assert organ.casefold() in text.casefold(), organ


def test_organ_from_dnr_prefix_refuses_unknown_prefixes() -> None:
    assert organ_from_dnr_prefix("2023/00020-1.7.1", "Västerås stad") is None
    assert organ_from_dnr_prefix("XYZ 2023/00020", "Västerås stad") is None
    assert organ_from_dnr_prefix("SLK-2024-00062", "Göteborgs Stad") == "Kommunstyrelsen"
    assert organ_from_dnr_prefix("KS 2023/00315", "Arboga kommun") == "Kommunstyrelsen"
    assert organ_from_dnr_prefix("IFN 2023/00315", "Arboga kommun") is None


def test_organ_helpers() -> None:
    assert organ_from_email("Från: Martin Gepertz <Martin.Gepertz@mimer.nu>") == "Bostads AB Mimer"
    assert organ_from_email("kommunstyrelsen@vasteras.se") == "Kommunstyrelsen"
    assert organ_from_email("jorgen.sandstrom@vasteras.se") is None
    assert organ_for_office("Stadsledningskontoret") == "Kommunstyrelsen"
    assert organ_for_office("Grundskoleförvaltningen") == "Grundskolenämnden"
    assert organ_for_office("Socialförvaltningen Centrum") == "Socialnämnden Centrum"
    assert organ_for_office("Jonas Kinnander") is None
    assert (
        find_organ("Ordförande i styrgruppen 4M hälsar välkommen") == "Styrgruppen Fyra Mälarstäder"
    )
    assert looks_like_organ("Miljö- och konsumentnämnden")
    assert looks_like_organ("Västerås Stads Strategiska Fastigheter AB")
    assert not looks_like_organ("Förslag till kommunfullmäktige:")
    assert not looks_like_organ("Val av ledamot och ordförande i styrgruppen för")


@pytest.mark.parametrize(
    ("prefix", "municipality", "doc_type"),
    [
        ("000", "Fyra Mälarstäder", "minnesanteckningar"),
        ("001", "Västerås stad", "protokoll"),
        ("002", "Fyra Mälarstäder", "webbsida"),
        ("003", "Göteborgsregionen", "minnesanteckningar"),
        ("004", "Arboga kommun", "avtal/förslag"),
    ],
)
def test_seed_municipality_and_type(prefix: str, municipality: str, doc_type: str) -> None:
    text, name = _sample(prefix)
    assert detect_municipality(text, name) == municipality
    assert detect_doc_type(text, name) == doc_type


@pytest.mark.parametrize(
    ("name", "doc_type"),
    [
        ("goteborg-ks-2024-01-10-protokoll-utdrag.txt", "protokoll"),
        ("goteborg-kf-2023-01-26-protokoll-utdrag.txt", "protokoll"),
        ("goteborg-kf-handling-2022-nr-204.txt", "yttrande"),
        ("goteborg-kf-handling-2024-nr-155-utdrag.txt", "avtal/förslag"),
        ("goteborg-kf-handling-2023-nr-116.txt", "dokument"),
        ("goteborg-revision-rapportsammandrag-ist.txt", "revisionsrapport"),
    ],
)
def test_goteborg_municipality_and_type(name: str, doc_type: str) -> None:
    text = (GOTEBORG / name).read_text(encoding="utf-8")
    assert detect_municipality(text, name) == "Göteborgs Stad"
    assert detect_doc_type(text, name) == doc_type


def test_detect_municipality_gives_none_without_a_name() -> None:
    assert detect_municipality("Ett protokoll utan ortnamn.", "x.txt") is None


def test_people_from_a_reservation_of_two() -> None:
    text = (
        "Reservation\nEleonore Lundkvist (M) och Frank Pettersson (M) reserverar sig mot\nbeslutet."
    )
    assert extract_people_and_parties(text) == (
        ["Eleonore Lundkvist (M)", "Frank Pettersson (M)"],
        ["M"],
    )


def test_people_fold_genitives_and_drop_titles() -> None:
    text = (
        "Ordföranden Jonas Attenius (S) yrkar bifall. Ordföranden finner att nämnden beslutar att "
        "avslå Eleonore Lundkvists (M) ändringsyrkande. Tjänstgörande ersättaren "
        "Nina Miskovsky (M) yrkade bifall till yrkande från M, D, L och KD den 27 maj 2024."
    )
    people, parties = extract_people_and_parties(text)
    assert people == ["Jonas Attenius (S)", "Eleonore Lundkvist (M)", "Nina Miskovsky (M)"]
    assert parties == ["S", "M", "D", "L", "KD"]


def test_people_ignore_names_outside_actions() -> None:
    assert extract_people_and_parties("Lekmannarevisorer 1. Sven Andersson (M)") == ([], [])
    assert extract_people_and_parties("") == ([], [])


def test_parties_in_headings() -> None:
    assert parties_in("Yttrande (Vänsterpartiet, Socialdemokraterna, Miljöpartiet)") == [
        "V",
        "S",
        "MP",
    ]
    assert parties_in("Yttrande  KD, M, D, L 2023-09-19") == ["KD", "M", "D", "L"]
    assert parties_in("Yttrande  Demokraterna 2022-10-18") == ["D"]
