"""The parts of a Göteborg KF handling: where they start and what each one is about.

A handling bundles a cover page, the tjänsteutlåtande, the parties' yrkanden and yttranden,
and extracts of earlier protocols; each becomes its own section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from index.models import SectionMeta
from ingest import metadata as md
from ingest.furniture import read_extract
from ingest.people import extract_people_and_parties, parties_in
from ingest.segment_starts import Context, Line, Start, clip

_HANDLING = re.compile(r"^Handling \d{4} nr \d+")
_PARTY_BLOCK = re.compile(
    r"^(?:Reviderat |Justerat )?(?:Yrkande|Yttrande|Tilläggsyrkande|Ändringsyrkande"
    r"|Återremissyrkande|Särskilt yttrande)\b",
    re.I,
)
# The head of a protocol extract: "Utdrag ur protokoll [organ] Sammanträdesdatum: 2023-01-30".
# The organ stands on the line above ("Kulturnämnden") or in the head itself when the line
# above is the office's logo ("Kultur"). The head is repeated on the extract's later pages,
# where a template may leave the date unfilled ("<!sammanträdesdatum>").
_EXTRACT = re.compile(
    r"^(?:Utdrag ur [pP]rotokoll|Protokollsutdrag)\b(?P<organ>.*?)"
    r"Sammanträdesdatum:\s*(?P<date>\S+)"
)

# A company's (or any board's) extract names its body in the head itself, after the meeting
# it was kept at: "Utdrag ur protokoll fört vid styrelsesammanträde Förvaltnings AB Framtiden
# 2023-06-07", "… fört vid ordinarie styrelsesammanträde vid Business Region Göteborg
# 2023-04-25." The grammar of the head makes what follows the meeting its body.
_BOARD_EXTRACT = re.compile(
    r"^(?:Utdrag ur [pP]rotokoll|Protokollsutdrag)\s+fört\s+vid\s+(?:\w+\s+)?\w*sammanträde"
    r"(?:\s+(?:vid|med|i|för))?\s+(?P<organ>[A-ZÅÄÖ][^\n]{1,68}?)\s+(?P<date>(?:19|20)\d\d-\d\d-\d\d)"
    r"\.?\s*$"
)


def handling_starts(lines: list[Line]) -> list[Start]:
    """Return the parts of a Göteborg KF handling: cover, tjänsteutlåtande, yrkanden, extracts."""
    found: list[Start] = []
    last_extract: tuple[str, str] | None = None
    for i, line in enumerate(lines):
        prev = next((j for j in range(i - 1, max(i - 4, -1), -1) if lines[j].s), None)
        if prev is None:
            continue
        above, s = lines[prev].s, line.s
        if _HANDLING.match(s) and above == "Kommunfullmäktige":
            found.append(Start(prev, "handling", i))
        elif s.startswith("Tjänsteutlåtande") and len(above) < 80 and not above.endswith("."):
            found.append(Start(prev, "tjänsteutlåtande", i, {"sender": above}))
        elif _PARTY_BLOCK.match(s) and re.match(r"^(Kommunstyrelsen|Kommunfullmäktige)", above):
            found.append(Start(prev, "yrkande", i, {"sender": above}))
        elif head := _extract_head(above, s, lines[i + 1 : i + 8]):
            sender, date, organ_above = head
            # A later page of the same extract: the same organ, the same date or none filled.
            repeated = (
                last_extract is not None
                and last_extract[0] == sender
                and (last_extract[1] == date or not md.extract_date(date))
            )
            if repeated and found and "extract" in found[-1].extra:
                continue
            last_extract = (sender, date)
            extract = {"sender": sender, "date": date, "extract": "1"}
            found.append(Start(prev if organ_above else i, "paragraf", i, extract))
    return found


_PARA_LINE = re.compile(r"^§\s?\d+")


def _extract_head(
    above: str, line: str, after: Sequence[Line] = ()
) -> tuple[str, str, bool] | None:
    """Return the organ and date a protocol extract's head names, and whether the organ
    stands on the line above it (which then opens the section); None for any other line.
    `after` are the lines below the head (see `_extract_sender`)."""
    if (m := _EXTRACT.match(line)) and (sender := _extract_sender(above, m["organ"], after)):
        return sender, m["date"], sender == above
    if m := _BOARD_EXTRACT.match(line):
        return m["organ"], m["date"], False
    return None


def _extract_sender(above: str, named: str, after: Sequence[Line] = ()) -> str | None:
    """Return the organ a protocol extract is of: the line above its head when that names
    an organ, else the organ its head names ("Utdrag ur protokoll Kulturnämnden …" under
    the logo "Kultur"), else the organ the extract's first lines (`after`) name that opens
    with the logo's word ("Beslut Utbildningsnämnden beslutar" under the logo "Utbildning":
    an office's logo is the first part of its nämnd's name); None when none does."""
    if md.looks_like_organ(above):
        return above
    named = re.sub(r"^[\s(]*(?:nr\s*\w+\)?)?\s*", "", named).strip()
    if named and md.looks_like_organ(named):
        return named
    if re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]{3,}", above):
        # the organ that decides ("Beslut Socialnämnd Hisingen beslutar") before any other
        # it names, with the place that follows its name
        text = " ".join(line.s for line in after)
        named_by_logo = rf"\b{above}[a-zåäö]*(?:-\s+och\s+[a-zåäö]+)?(?:\s+[A-ZÅÄÖ][a-zåäö]+)?"
        deciding = [m.group(1) for m in re.finditer(rf"({named_by_logo})\s+beslutar", text)]
        for found in [*deciding, *(m.group() for m in re.finditer(named_by_logo, text))]:
            for name in (found, found.rsplit(" ", 1)[0]):
                if md.looks_like_organ(name):
                    return name
    return None


def handling_meta(
    start: Start, body: str, lines: list[Line], ctx: Context, base: SectionMeta
) -> SectionMeta:
    title = clip(next((line.s for line in lines[start.head + 1 : start.head + 6] if line.s), ""))
    if title.startswith(("Motion", "Interpellation")):
        doc_type, organ = (
            ("motion" if title.startswith("Motion") else "dokument"),
            "Kommunfullmäktige",
        )
    elif title.startswith(("Yttrande", "Svar på")):
        doc_type, organ = "yttrande", "Kommunstyrelsen"
    else:
        doc_type = "avtal/förslag" if "Kommunstyrelsens förslag" in body[:3000] else "dokument"
        organ = "Kommunstyrelsen"
    people, parties = extract_people_and_parties(body)
    return replace(
        base, organ=organ, doc_type=doc_type, date=md.extract_date(body[:5000]), title=title,
        people=people, parties=parties,
    )  # fmt: skip


def party_meta(
    start: Start, body: str, lines: list[Line], ctx: Context, base: SectionMeta
) -> SectionMeta:
    heading = " ".join(lines[start.head].s.split())
    around = " ".join(line.s for line in lines[start.head : start.head + 5])
    people, parties = extract_people_and_parties(body)
    for code in parties_in(around):
        if code not in parties:
            parties.append(code)
    doc_type = "yttrande" if re.match(r"(?:Särskilt )?yttrande", heading, re.I) else "yrkande"
    return replace(
        base, organ=md.normalise_organ(start.extra["sender"]), doc_type=doc_type,
        date=md.extract_date(around), dnr=md.extract_dnr(body[:1500]), title=clip(heading),
        people=people, parties=parties,
    )  # fmt: skip


def extract_meta(
    start: Start, body: str, lines: list[Line], ctx: Context, base: SectionMeta
) -> SectionMeta:
    para = re.search(r"§\s?(\d+),?\s*(?:(?:Dnr|diarienummer)\s+)?(\S+)?", body, re.I)
    dnr = (md.normalise_dnr(para.group(2)) if para and para.group(2) else None) or md.extract_dnr(
        body[:2000]
    )
    # The title line, without the § and Dnr before or after it; a line of only "§ 30 0916/22"
    # leaves the title to the next line. An extract that opens with its signature block
    # ("Vid protokollet:", "Justeras:") has its title on the § line below it.
    after = lines[start.head + 1 : start.head + 6]
    below = lines[start.head + 1 : start.head + 16]
    para_line = next((n for n, line in enumerate(below) if _PARA_LINE.match(line.s)), None)
    if para_line is not None and para_line >= len(after):
        after = below[para_line : para_line + 5]
    titles = (
        re.sub(
            r"^§\s?\d+,?\s*(?:(?i:dnr|diarienummer|ärendenummer):?\s+)?(?:\S*\d\S*\s*)?|\s*§\s?\d+,.*$",
            "",
            line.s,
        )
        for line in after
    )
    title = next((t for t in titles if t), "")
    people, parties = extract_people_and_parties(body)
    signed = read_extract(body)  # the extract's own secretary, chair and adjusters
    return replace(
        base, organ=md.normalise_organ(start.extra["sender"]), doc_type="protokoll",
        date=md.extract_date(start.extra["date"]) or base.date, dnr=dnr,
        paragraph=para.group(1) if para else None, title=clip(title) or None,
        people=people, parties=parties, chair=signed.chair, secretary=signed.secretary,
        adjusters=list(signed.adjusters), adjusted_on=signed.adjusted_on,
    )  # fmt: skip
