"""What a whole file states at its top: the organ, the meeting date and the Dnr.

Templates print these in many places: a letterhead line ("Kommunfullmäktige 2025-03-24
1(9)"), the labelled lines of a protocol's ANSLAG/BEVIS block ("Organ Kommunstyrelsen",
"Organ och sammanträdesdatum Kommunstyrelsen 2025-06-10", "Nämnd/Styrelse | Socialnämnden"),
or a form table whose label row stands over its value row ("Datum | Vår beteckning" over
"2025-08-28 | SN 25/0098"). `header_lines` reads such lines as a reader does, and
`document_header` takes the three fields from them.
"""

from __future__ import annotations

import re

from ingest import metadata as md
from ingest.segment_starts import ORGAN_DATE, Line, Start

# A page counter ending a letterhead line: "Kommunstyrelsen  3 (22)", "... Sidan 1(30)", or a
# bare page number after the date ("Kommunstyrelsen 2025-04-07 3").
_COUNTER_TAIL = re.compile(
    r"\s+(?:(?:Sida|Sidan|Blad)\s+)?\d{1,3}\s?\(\d{1,3}\)$|(?<=\d{4}-\d{2}-\d{2})\s+\d{1,3}$"
)
# The labels of a letterhead or protocol form table's label row.
_LABEL_CELL = re.compile(
    r"^(?:Datum|Sammanträdesdatum|Mötesdatum|Vår beteckning|Er beteckning|Dnr|Diarienummer"
    r"|Diarienr|Ärendenummer|Nämnd|Organ|Handläggare|Plats och tid|Sida|Beteckning):?$",
    re.I,
)
# Labelled lines that name the meeting's organ or date, wherever they sit on the first page.
_FIELD = re.compile(
    r"^(?:Organ(?:\s+och\s+sammanträdesdatum)?|Nämnd(?:/styrelse)?|Instans|Sammanträdesdatum"
    r"|Mötesdatum)\b",
    re.I,
)
_CELL_SPLIT = re.compile(r"\s*\|\s*")
# A kallelse names its organ as the one summoned: "Kommunstyrelsen kallas till sammanträde".
_SUMMONED = re.compile(r"^(.{4,70}?)\s+kallas\s+(?:härmed\s+)?till\s+(?:sammanträde|möte)")


def header_lines(lines: list[str]) -> list[str]:
    """Return stripped `lines` as a reader takes them.

    A page counter at a line's end is dropped; a table's label row is paired with the value
    row under it ("Datum 2025-08-28", "Vår beteckning SN 25/0098"); a two-cell row reads as
    "label value"; the cells of other rows become lines of their own. Blank lines are left out.
    """
    rows = [_COUNTER_TAIL.sub("", s.strip()) for s in lines if s.strip()]
    out: list[str] = []
    k = 0
    while k < len(rows):
        cells = _cells(rows[k])
        below = _cells(rows[k + 1]) if k + 1 < len(rows) and "|" in rows[k + 1] else []
        if len(cells) > 1 and below and all(_LABEL_CELL.match(c) for c in cells):
            pairs = zip(cells, below, strict=False)
            out += [f"{label.rstrip(':')} {value}" for label, value in pairs if value]
            k += 2
            continue
        out += [" ".join(cells)] if len(cells) == 2 else cells
        k += 1
    return out


def _cells(row: str) -> list[str]:
    return [c for c in _CELL_SPLIT.split(row) if c] if "|" in row else [row]


def document_header(
    lines: list[Line], starts: list[Start], text: str, doc_type: str
) -> tuple[str | None, str | None, str | None]:
    """Return the organ, date and Dnr the whole file states at its top (minutes: anywhere).

    The organ is the line after "Mottagare", else a labelled organ line, else a line naming
    an organ (alone or before a date), else the organ a kallelse summons ("Kommunstyrelsen
    kallas till sammanträde"), else the organ an office line writes for
    ("Socialförvaltningen"). The date is a labelled meeting date, else the first date of the
    top lines (of the whole text when the file has no sections).
    """
    if doc_type == "minnesanteckningar":
        return md.find_organ(text), md.extract_date(text), None
    end = starts[0].head if starts else len(lines)
    before = header_lines([line.s for line in lines[:end]])
    top, fields = before[:12], [s for s in before[:60] if _FIELD.match(s)]
    organ = next((top[k + 1] for k, s in enumerate(top[:-1]) if s == "Mottagare"), None)
    organ = organ or next((s for s in fields + top if md.looks_like_organ(s)), None)
    organ = organ or next((m.group(1) for s in fields + top if (m := organ_date(s))), None)
    organ = organ or next((m.group(1) for s in top if (m := _SUMMONED.match(s))), None)
    found = md.normalise_organ(organ) if organ else None
    found = found or next((o for s in top if (o := md.organ_for_office(s))), None)
    date = _meeting_date(fields)
    date = date or (md.extract_date("\n".join(top)) if starts else md.extract_date(text))
    return found, date, md.extract_dnr("\n".join(top))


def organ_date(line: str) -> re.Match[str] | None:
    """Return the ORGAN_DATE match of a line whose first part names an organ, else None."""
    m = ORGAN_DATE.match(line)
    return m if m and md.looks_like_organ(m.group(1)) else None


def _meeting_date(fields: list[str]) -> str | None:
    """Return the date of a labelled line: "Sammanträdesdatum 2025-01-27", "Organ och
    sammanträdesdatum Kommunstyrelsen 2025-06-10"; None when no such line holds one."""
    for s in fields:
        m = organ_date(s)
        if m:
            return m.group(2)
        if re.match(r"(?:Sammanträdes|Mötes)datum", s, re.I):
            found = md.extract_date(s, full_only=True)
            if found:
                return found
    return None
