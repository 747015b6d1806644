"""Small readers of governance metadata: Dnr, dates and (re-exported from `ingest.organs`)
organs.

Every function takes plain text and returns a normalised value or None; none of them raises
on odd input, because scanned and converted documents are odd. Municipality and document type
live in `ingest.doctype`, people and parties in `ingest.people`.
"""

from __future__ import annotations

import re

from index import lexicon
from index.dnr import parse_dnr
from ingest.organs import (  # noqa: F401 - the organ readers are part of this module's API
    VASTERAS_PREFIXES,
    find_organ,
    looks_like_organ,
    normalise_organ,
    organ_for_office,
    organ_from_dnr_prefix,
    organ_from_email,
)

# --- Dnr ------------------------------------------------------------------------------------

_DNR_LABEL = (
    r"(?:Dnr\.?|Diarienr\.?|Diarie\s?nr\.?|Diarienummer|Ärendenummer|Ärendenr\.?|Ärende\s?nr\.?:?"
    r"|Vår beteckning|Vårt dnr|ER BETECKNING|Er beteckning)"
)
_DNR_LABELLED = re.compile(_DNR_LABEL + r"[\s:]*")


def normalise_dnr(value: str) -> str | None:
    """Return the Dnr at the very start of `value` in its printed form, or None if none is there.

    Whitespace is tidied and a document number dropped, nothing else: "AMN 2023/00066- 1.7.1"
    -> "AMN 2023/00066-1.7.1", "SLK-2023-00226:3" -> "SLK-2023-00226"; "0496/22",
    "2025-00013" and "00322/2025" stay as written. Filters compare the normalised form
    (`index.dnr.dnr_key`), so the printed form is what citations show.
    """
    found = parse_dnr(value)
    return found.printed if found else None


def extract_dnr(text: str) -> str | None:
    """Return the first labelled diarienummer in `text`, in printed form, or None.

    Labels: "Dnr", "Dnr.", "DnrIFN" (OCR without space), "Diarienr", "Diarienummer",
    "Ärendenummer", "Ärende nr", "Vår beteckning", "ER BETECKNING". Unlabelled numbers are
    refused: in running text they usually point at some other case.
    """
    for m in _DNR_LABELLED.finditer(text):
        dnr = normalise_dnr(text[m.end() : m.end() + 40])
        if dnr:
            return dnr
    return None


def dnr_prefix(dnr: str | None) -> str | None:
    """Return the organ code of a Dnr ("IFN" for "IFN 2023/00136-1.7.1", "SLK" for SLK-...)."""
    found = parse_dnr(dnr) if dnr else None
    return (found.prefix or None) if found else None


def dnr_year(dnr: str | None) -> str | None:
    """Return the registration year in a Dnr ("2023" for "KS 2023/00315-1.2.2", "2022" for
    "0496/22"), or None."""
    found = parse_dnr(dnr) if dnr else None
    return str(found.year) if found else None


# --- Dates ----------------------------------------------------------------------------------

# Month names and the abbreviations dates are printed with ("3 okt. 2024", "sept").
MONTHS = {name: i + 1 for i, name in enumerate(lexicon.MONTHS)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sept": 9, "sep": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = r"(?<![\d/])(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
_SWEDISH = r"\b(?P<sd>[0-3]?\d)\s+" + _MONTH + r"\s+(?P<sy>(?:19|20)\d{2})\b"
_FULL_DATE = re.compile(f"{_ISO}|{_SWEDISH}", re.I)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"\s+(?P<my>(?:19|20)\d{2})\b", re.I)
_YEAR = re.compile(r"(?<![\d/-])\b((?:19|20)\d{2})\b(?![/\d])")
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d{2}\s*[-–]\s*(?:(?:19|20)?\d{2})\b")
_DATE_LABEL = re.compile(
    r"\b(?:Sammanträdesdatum|Mötesdatum|Datum|Utfärdat|Skickat|Senast uppdaterad)\b"
    r"[:\s]*(?:den\s+)?"
    r"|^(?:Göteborg|Västerås|Arboga|Enköping|Eskilstuna|Strängnäs) den\s+",
    re.I | re.M,
)
_PERIOD_BEFORE = re.compile(
    r"\b(?:perioden?|från|fr\.o\.m\.?|till|t\.o\.m\.?|mellan|och med)\s+"
    r"(?:den\s+|hösten\s+|våren\s+)?$",
    re.I,
)


def _iso(m: re.Match[str]) -> str:
    if m["y"]:
        return f"{m['y']}-{m['m']}-{m['d']}"
    day = int(m["sd"])
    month = MONTHS[m["mon"].lower()]
    return f"{m['sy']}-{month:02d}-{day:02d}" if 1 <= day <= 31 else m["sy"]


def _in_period(text: str, start: int) -> bool:
    return bool(_PERIOD_BEFORE.search(text[max(0, start - 30) : start]))


def extract_date(text: str, full_only: bool = False) -> str | None:
    """Return the document date in `text` as ISO, as precise as the text allows, or None.

    Preference: a labelled date ("Sammanträdesdatum: 2024-01-10", "Datum 2023-05-02",
    "Skickat: den 27 april 2023", "Göteborg den 19 oktober 2022"); then the first full date
    ("2023-05-25", "den 27 april 2023", "17 Mars 2025"); then "april 2023" -> "2023-04";
    then a lone year -> "2023". Dates that bound a period ("för perioden 2025-10-01 till ...")
    and year ranges ("2023-2026") are not taken for the document date; a period date only
    gives its year, and only when nothing else is found. With `full_only`, only a labelled or
    full date is returned.
    """
    for label in _DATE_LABEL.finditer(text):
        m = _FULL_DATE.match(text, label.end())
        if m:
            return _iso(m)
    period_years: list[str] = []
    for m in _FULL_DATE.finditer(text):
        if not _in_period(text, m.start()):
            return _iso(m)
        period_years.append(_iso(m)[:4])
    if full_only:
        return None
    for m in _MONTH_YEAR.finditer(text):
        if not _in_period(text, m.start()):
            return f"{m['my']}-{MONTHS[m['mon'].lower()]:02d}"
    masked = _YEAR_RANGE.sub(lambda r: " " * len(r.group()), text)
    for m in _YEAR.finditer(masked):
        if not _in_period(masked, m.start()):
            return m.group(1)
    return period_years[0] if period_years else None
