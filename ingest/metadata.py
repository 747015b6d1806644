"""Small readers of governance metadata: Dnr, dates and organs.

Every function takes plain text and returns a normalised value or None; none of them raises
on odd input, because scanned and converted documents are odd. Municipality and document type
live in `ingest.doctype`, people and parties in `ingest.people`.
"""

from __future__ import annotations

import re

from index.dnr import parse_dnr

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

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
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


# --- Organs ---------------------------------------------------------------------------------

VASTERAS_PREFIXES = {
    "AMN": "Arbetsmarknadsnämnden",
    "BN": "Byggnadsnämnden",
    "FN": "Fastighetsnämnden",
    "FSN": "Förskolenämnden",
    "GSN": "Grundskolenämnden",
    "IFN": "Individ- och familjenämnden",
    "KUN": "Kulturnämnden",
    "MOKN": "Miljö- och konsumentnämnden",
    "NIF": "Nämnden för idrott, fritid och förebyggande",
    "NF": "Nämnden för personer med funktionsnedsättning",
    "KDNS": "Skultuna kommundelsnämnd",
    "TN": "Tekniska nämnden",
    "UTN": "Utbildningsnämnden",
    "VN": "Valnämnden",
    "AN": "Äldrenämnden",
    "OF": "Överförmyndarnämnden",
    "KS": "Kommunstyrelsen",
    "KF": "Kommunfullmäktige",
    "VSSFAB": "Västerås Stads Strategiska Fastigheter AB",
}
GOTEBORG_PREFIXES = {"SLK": "Kommunstyrelsen"}
_PREFIX_TABLES = {"Västerås stad": VASTERAS_PREFIXES, "Göteborgs Stad": GOTEBORG_PREFIXES}

_CANONICAL = [
    *VASTERAS_PREFIXES.values(),
    "Bostads AB Mimer",
    "Mälarenergi AB",
    "Styrgruppen Fyra Mälarstäder",
    "Kommundirektörsgruppen GR",
    "Stadsrevisionen",
]
_ALIASES = {name.casefold(): name for name in _CANONICAL} | {
    "ks": "Kommunstyrelsen",
    "göteborgs kommunstyrelse": "Kommunstyrelsen",
    "kommunstyrelsen och kommunfullmäktige": "Kommunstyrelsen",
    "kf": "Kommunfullmäktige",
    "göteborgs kommunfullmäktige": "Kommunfullmäktige",
    "mimer": "Bostads AB Mimer",
    "mimer ab": "Bostads AB Mimer",
    "mälarenergi": "Mälarenergi AB",
    "strategiska fastigheter": "Västerås Stads Strategiska Fastigheter AB",
    "styrgruppen 4m": "Styrgruppen Fyra Mälarstäder",
    "styrgrupp 4m": "Styrgruppen Fyra Mälarstäder",
    "styrgruppen för fyra mälarstäder": "Styrgruppen Fyra Mälarstäder",
    "kommundirektörsgruppen": "Kommundirektörsgruppen GR",
    "kommunchefsgruppen": "Kommundirektörsgruppen GR",
    "kommunchefsnätverket": "Kommundirektörsgruppen GR",
    "revisorskollegiet": "Stadsrevisionen",
}
# Offices that write for an organ: their texts are the organ's.
_OFFICE_ORGANS = {
    "stadsledningskontoret": "Kommunstyrelsen",
    "stadsbyggnadskontoret": "Byggnadsnämnden",
    "stadsbyggnadsförvaltningen": "Byggnadsnämnden",
    "miljöförvaltningen": "Miljö- och klimatnämnden",
    "valkansliet": "Valnämnden",
    "intraservice": "Nämnden för Intraservice",
}
_EMAIL_ORGANS = {
    "mimer.nu": "Bostads AB Mimer",
    "malarenergi.se": "Mälarenergi AB",
    "kommunstyrelsen@vasteras.se": "Kommunstyrelsen",
}
_ORGAN_END = re.compile(
    r"(?:nämnd|nämnden|styrelse|styrelsen|fullmäktige|revisionen|gruppen)(?:\s+[A-ZÅÄÖ][a-zåäö]+)?$|\sAB$"
)
_NOT_IN_ORGAN = {
    "till",
    "för",
    "av",
    "från",
    "över",
    "enligt",
    "om",
    "med",
    "har",
    "är",
    "ska",
    "i",
    "på",
    "att",
}


def normalise_organ(name: str) -> str:
    """Return the canonical, capitalised form of an organ's name.

    Known organs map to their canonical form, also from genitive, lower-case or short forms
    ("äldrenämndens" -> "Äldrenämnden", "styrgruppen 4M" -> "Styrgruppen Fyra Mälarstäder").
    Unknown names get the definite form ("Grundskolenämnd" -> "Grundskolenämnden") and a
    capital first letter. Blank input gives "".
    """
    clean = " ".join(name.split()).strip(" ,.:;")
    if not clean:
        return ""
    for key in (clean.casefold(), re.sub(r"(?<=[a-zäöå])s$", "", clean.casefold())):
        if key in _ALIASES:
            return _ALIASES[key]
    if re.search(r"(nämndens|nämnds|styrelsens|fullmäktiges|revisionens|gruppens)$", clean, re.I):
        clean = clean[:-1]
    clean = re.sub(r"^(\S*nämnd)(?=\s+[A-ZÅÄÖ]|$)", r"\1en", clean)
    return clean[0].upper() + clean[1:]


def looks_like_organ(line: str) -> bool:
    """Return True when a short line reads as an organ's name ("Kulturnämnden", "Mimer AB")."""
    clean = " ".join(line.split()).strip(" ,.:;")
    if clean.casefold() in _ALIASES:
        return True
    if not clean or len(clean) > 70 or not clean[0].isupper():
        return False
    if set(clean.casefold().split()) & _NOT_IN_ORGAN:
        return False
    return bool(_ORGAN_END.search(clean)) or clean.startswith("Nämnden för ")


def organ_for_office(office: str) -> str | None:
    """Return the organ an office writes for ("Stadsledningskontoret" -> "Kommunstyrelsen").

    A förvaltning maps to its nämnd by name ("Grundskoleförvaltningen" ->
    "Grundskolenämnden"). Returns None for lines that name no office or organ.
    """
    clean = " ".join(office.split()).strip(" ,.:;")
    if clean.casefold() in _OFFICE_ORGANS:
        return _OFFICE_ORGANS[clean.casefold()]
    if looks_like_organ(clean):
        return normalise_organ(clean)
    m = re.match(r"^(.+?)förvaltning(?:en)?(\s+[A-ZÅÄÖ]\w+)?$", clean)
    if m:
        return normalise_organ(f"{m.group(1)}nämnden{m.group(2) or ''}")
    return None


def organ_from_dnr_prefix(dnr: str | None, municipality: str | None) -> str | None:
    """Return the organ whose register a Dnr belongs to, from the municipality's prefix table.

    Västerås: "IFN 2023/00136-1.7.1" -> "Individ- och familjenämnden". Göteborg: "SLK-..." ->
    "Kommunstyrelsen". Unknown prefixes, municipalities without a table and Dnrs without a
    prefix give None; a None municipality is read as Västerås.
    """
    prefix = dnr_prefix(dnr)
    table = _PREFIX_TABLES.get(municipality or "Västerås stad")
    return table.get(prefix) if table and prefix else None


def organ_from_email(text: str) -> str | None:
    """Return the organ behind the first e-mail address in `text` that we know, or None."""
    for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
        address = address.casefold()
        for key, organ in _EMAIL_ORGANS.items():
            if address == key or address.endswith("@" + key):
                return organ
    return None


def find_organ(text: str) -> str | None:
    """Return the first known organ named in `text` (canonical form), or None."""
    keys = sorted(_ALIASES, key=len, reverse=True)
    pattern = r"\b(" + "|".join(re.escape(k) for k in keys if len(k) > 3) + r")s?\b"
    m = re.search(pattern, text, re.I)
    return _ALIASES[m.group(1).casefold()] if m else None
