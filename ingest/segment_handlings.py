"""The parts of a Göteborg KF handling: where they start and what each one is about.

A handling bundles a cover page, the tjänsteutlåtande, the parties' yrkanden and yttranden,
and extracts of earlier protocols; each becomes its own section.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.models import SectionMeta
from ingest import metadata as md
from ingest.people import extract_people_and_parties, parties_in
from ingest.segment_starts import Context, Line, Start, clip

_HANDLING = re.compile(r"^Handling \d{4} nr \d+")
_PARTY_BLOCK = re.compile(
    r"^(?:Reviderat |Justerat )?(?:Yrkande|Yttrande|Tilläggsyrkande|Ändringsyrkande"
    r"|Återremissyrkande|Särskilt yttrande)\b",
    re.I,
)
_EXTRACT = re.compile(r"^(?:Utdrag ur [pP]rotokoll|Protokollsutdrag)\b.*Sammanträdesdatum:\s*(\S+)")


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
        elif (m := _EXTRACT.match(s)) and md.looks_like_organ(above):
            if last_extract == (above, m.group(1)) and found and "extract" in found[-1].extra:
                continue
            last_extract = (above, m.group(1))
            extract = {"sender": above, "date": m.group(1), "extract": "1"}
            found.append(Start(prev, "paragraf", i, extract))
    return found


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
    title = next((line.s for line in lines[start.head + 1 : start.head + 6] if line.s), "")
    title = re.sub(r"^§\s?\d+,?\s*(?:Dnr\s+)?\S+\s*|\s*§\s?\d+,.*$", "", title)
    people, parties = extract_people_and_parties(body)
    return replace(
        base, organ=md.normalise_organ(start.extra["sender"]), doc_type="protokoll",
        date=md.extract_date(start.extra["date"]) or base.date, dnr=dnr,
        paragraph=para.group(1) if para else None, title=clip(title) or None,
        people=people, parties=parties,
    )  # fmt: skip
