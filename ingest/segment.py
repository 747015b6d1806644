"""Cut a parsed governance document into citable sections: §, yttrande, e-mail, agenda item.

The sections tile `doc.text` exactly (their texts joined give it back), so nothing is lost and
every section knows its pages. Starts are found line by line; metadata is read from the
section itself, the page header before it, the document's first-page header and, for a
yttrande, the § of the same case that comes before it. A protocol's or minutes' meeting
furniture (chair, secretary, justerare …) is read once and given to each of its sections.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

from index.dnr import same_case
from index.models import ParsedDocument, Section, SectionMeta
from ingest import metadata as md
from ingest.doctype import detect_doc_type, detect_municipality
from ingest.furniture import MEETING_DOC_TYPES, apply_meeting, read_meeting
from ingest.people import extract_people_and_parties
from ingest.segment_handlings import extract_meta, handling_meta, handling_starts, party_meta
from ingest.segment_header import document_header, organ_date
from ingest.segment_starts import (
    DNR_LINE,
    NUMBERED,
    STRONG_HEADER,
    Context,
    Line,
    Start,
    clip,
    email_starts,
    letter_starts,
    numbered_starts,
    paragraph_starts,
    programme_starts,
    read_paragraph,
    split_lines,
    statement_starts,
)
from ingest.segment_titles import SUBHEAD, title_after


def segment_document(doc: ParsedDocument) -> list[Section]:
    """Return the citable sections of `doc`, in order, tiling `doc.text` without gaps.

    A protocol gives one section per § (with the page header before it), plus one per
    yttrande, tjänsteutlåtande, e-mail and letter; minutes give one per agenda item; a KF
    handling one per part (cover, tjänsteutlåtande, party yrkanden, protocol extracts); a
    programme one per chapter. Anything else is one section for the whole text. A document
    without text gives no sections.
    """
    text = doc.text
    if not text.strip():
        return []
    lines = split_lines(text)
    name = Path(doc.path).name
    ctx = Context(detect_municipality(text, name), detect_doc_type(text, name), title=doc.title)
    starts = _find_starts(lines, ctx.doc_type)
    ctx.organ, ctx.date, ctx.dnr = document_header(lines, starts, text, ctx.doc_type)
    offsets = _page_offsets(doc.pages)
    bounds = [lines[s.line].start for s in starts] + [len(text)]
    if not starts or bounds[0] > 0:
        starts.insert(0, Start(0, "document", 0))
        bounds.insert(0, 0)
    sections = []
    for start, a, b in zip(starts, bounds, bounds[1:], strict=False):
        body = text[a:b]
        meta = _meta(start, body, lines, ctx)
        sections.append(Section(body, meta, start.kind, _page_starts(a, b, offsets)))
    _inherit_dnr(sections)
    if ctx.doc_type in MEETING_DOC_TYPES:
        apply_meeting(sections, read_meeting(text))
    return sections


def _page_offsets(pages: list[str]) -> list[int]:
    offsets, pos = [], 0
    for page in pages:
        offsets.append(pos)
        pos += len(page) + 2
    return offsets


def _page_starts(a: int, b: int, offsets: list[int]) -> list[tuple[int, int]]:
    first = max(1, bisect_right(offsets, a))
    pairs = [(0, first)]
    pairs += [(off - a, k + 1) for k, off in enumerate(offsets) if a < off < b]
    return pairs


# --- Finding starts ---------------------------------------------------------------------------


def _find_starts(lines: list[Line], doc_type: str) -> list[Start]:
    handling = handling_starts(lines)
    if any(start.kind == "handling" for start in handling):
        found = handling
    elif doc_type in ("minnesanteckningar", "kallelse"):
        found = numbered_starts(lines, 0, len(lines), "punkt")
    elif doc_type == "program":
        found = numbered_starts(lines, 0, len(lines), "kapitel")
    else:
        found = paragraph_starts(lines) + statement_starts(lines) + email_starts(lines)
        found += letter_starts(lines)
        found += programme_starts(lines, sorted({s.line for s in found}))
    unique: dict[int, Start] = {}
    for start in found:
        unique.setdefault(start.line, start)
    return [unique[k] for k in sorted(unique)]


# --- Metadata per section ---------------------------------------------------------------------


def _meta(start: Start, body: str, lines: list[Line], ctx: Context) -> SectionMeta:
    base = SectionMeta(
        municipality=ctx.municipality, organ=ctx.organ, doc_type=ctx.doc_type, date=ctx.date
    )
    builder = {
        "paragraf": _paragraph_meta,
        "yttrande": _statement_meta,
        "tjänsteutlåtande": _statement_meta,
        "e-post": _email_meta,
        "punkt": _item_meta,
        "kapitel": _chapter_meta,
        "handling": handling_meta,
        "yrkande": party_meta,
    }.get(start.kind)
    if builder is None:
        return replace(base, dnr=ctx.dnr, title=ctx.title or _document_title(lines))
    if "extract" in start.extra:
        builder = extract_meta
    return builder(start, body, lines, ctx, base)


def _header_organ_date(texts: list[str], bare: bool) -> tuple[str | None, str | None]:
    """Return organ and meeting date from page-header lines ("Byggnadsnämnden 2023-05-25")."""
    organ = date = None
    for s in texts:
        m = organ_date(s)
        if m:
            organ, date = organ or md.normalise_organ(m.group(1)), date or m.group(2)
        elif bare and md.looks_like_organ(s):
            organ = organ or md.normalise_organ(s)
        elif bare and STRONG_HEADER.match(s):
            found = md.extract_date(s)
            date = date or (found if found and len(found) == 10 else None)
    return organ, date


def _year(body: str, dnr: str | None) -> str | None:
    years = [y for y in ((md.extract_date(body) or "")[:4], md.dnr_year(dnr)) if y]
    return max(years) if years else None


def _paragraph_meta(
    start: Start, body: str, lines: list[Line], ctx: Context, base: SectionMeta
) -> SectionMeta:
    line = read_paragraph(lines[start.head].s)
    assert line is not None
    rest = _DNR_LABEL.sub("", line.dnr or "")
    dnr = md.normalise_dnr(rest) if rest else _dnr_beside(lines, start)
    organ, date = _header_organ_date([line.s for line in lines[start.line : start.head]], bare=True)
    body_organ, body_date = _header_organ_date([s.strip() for s in body.split("\n")], bare=False)
    organ = organ or body_organ or ctx.organ or md.organ_from_dnr_prefix(dnr, ctx.municipality)
    people, parties = extract_people_and_parties(body)
    meta = replace(
        base,
        organ=organ or md.find_organ(body[:1500]),
        date=date or body_date or ctx.date or _year(body, dnr),
        dnr=dnr,
        paragraph=line.number,
        title=clip(line.title) if line.title else title_after(lines, start.head),
        people=people,
        parties=parties,
        doc_type="protokoll",
    )
    ctx.last_paragraph = meta
    return meta


_DNR_LABEL = re.compile(r"^(?:Dnr|Diarienr|Diarienummer|Ärendenummer)\.?:?\s*")


def _dnr_beside(lines: list[Line], start: Start) -> str | None:
    """Return the Dnr of a bare § line from a Dnr line in its header run or just below it."""
    below = [line.s for line in lines[start.head + 1 : start.head + 6] if line.s][:2]
    for s in [line.s for line in lines[start.line : start.head]] + below:
        if DNR_LINE.match(s):
            return md.normalise_dnr(_DNR_LABEL.sub("", s))
    return None


def _statement_meta(
    start: Start, body: str, lines: list[Line], ctx: Context, base: SectionMeta
) -> SectionMeta:
    """Return a yttrande's metadata: its own Diarienr and date, the organ of its case.

    A yttrande is written by a förvaltning but adopted by a nämnd, so the organ comes from
    the § of the same Dnr before it, else from the Dnr prefix, else from the § it follows.
    A letter (remissvar on letterhead) names its company by e-mail domain or signature.
    """
    head = body[:1500]
    dnr = md.extract_dnr(head)
    prev = None if start.extra.get("letter") else ctx.last_paragraph
    if start.extra.get("letter"):
        organ = md.organ_from_email(body) or md.find_organ(body)
    elif prev and dnr and same_case(prev.dnr, dnr):
        organ = prev.organ
    elif dnr and md.organ_from_dnr_prefix(dnr, ctx.municipality):
        organ = md.organ_from_dnr_prefix(dnr, ctx.municipality)
    elif prev:
        organ = prev.organ
    else:
        organ = md.organ_for_office(start.extra.get("sender", "")) or md.find_organ(head)
    # A yttrande of the same case as the § before it is that §'s attachment: cite it there.
    attached = prev is not None and (dnr is None or same_case(prev.dnr, dnr))
    dnr = dnr or (prev.dnr if prev else None)
    people, parties = extract_people_and_parties(body)
    return replace(
        base,
        organ=organ,
        paragraph=prev.paragraph if attached and prev else None,
        doc_type=start.kind,
        date=md.extract_date(head, full_only=True) or _year(body, dnr),
        dnr=dnr,
        title=_statement_title(lines, start),
        people=people,
        parties=parties,
    )


def _email_meta(
    start: Start, body: str, lines: list[Line], ctx: Context, base: SectionMeta
) -> SectionMeta:
    subject = re.search(r"^\s*Ämne:\s*(.+)$", body, re.M)
    title = (
        re.sub(r"^(?:(?:Sv|VB|RE|FW|VS|Fwd):\s*)+", "", subject.group(1).strip(), flags=re.I)
        if subject
        else None
    )
    first = lines[start.head].s
    organ = md.organ_from_email(first) or md.organ_from_email(body) or md.find_organ(body)
    return replace(
        base,
        organ=organ,
        doc_type="e-post",
        date=md.extract_date(body),
        dnr=md.extract_dnr(body),
        title=title,
    )


def _item_meta(
    start: Start, body: str, lines: list[Line], ctx: Context, base: SectionMeta
) -> SectionMeta:
    title = NUMBERED.match(lines[start.head].s).group(2).strip()  # type: ignore[union-attr]
    following = next((line.s for line in lines[start.head + 1 : start.head + 4] if line.s), "")
    if following[:1].islower() and not title.endswith((".", ":")):
        title = f"{title} {following}"
    people, parties = extract_people_and_parties(body)
    kind = "kallelse" if ctx.doc_type == "kallelse" else "minnesanteckningar"
    dnr = md.extract_dnr("\n".join(line.s for line in lines[start.head + 1 : start.head + 4]))
    return replace(base, doc_type=kind, title=title, dnr=dnr, people=people, parties=parties)


def _chapter_meta(
    start: Start, body: str, lines: list[Line], ctx: Context, base: SectionMeta
) -> SectionMeta:
    title = start.extra.get("title") or lines[start.head].s
    meta = replace(base, doc_type="program", title=title)
    prev = ctx.last_paragraph
    if prev:
        meta = replace(meta, organ=prev.organ, date=prev.date, dnr=prev.dnr)
    return meta


# --- Titles and inheritance -------------------------------------------------------------------


def _document_title(lines: list[Line]) -> str | None:
    """Return a file's title: the subject after "Mottagare <organ>", else its first real line."""
    texts = [line.s for line in lines[:200] if line.s]
    if "Mottagare" in texts[:12]:
        parts = []
        for s in texts[texts.index("Mottagare") + 2 :][:4]:
            if SUBHEAD.match(s):
                break
            parts.append(s)
        return clip(" ".join(parts)) or None
    return next((clip(s) for s in texts if not re.fullmatch(r"[\d\s/()]+", s)), None)


def _statement_title(lines: list[Line], start: Start) -> str | None:
    for j in range(start.head, min(start.head + 40, len(lines))):
        s = lines[j].s
        if re.match(r"^(?:Yttrande|Tjänsteutlåtande|Remissvar|Remiss)\b", s) and not s.isupper():
            letterhead = re.search(r"Handläggare|Utfärdat|Diarienummer|Ärendenummer", s)
            return title_after(lines, j if letterhead else j - 1, limit=3)
    return title_after(lines, start.head - 1, limit=3)


def _inherit_dnr(sections: list[Section]) -> None:
    """Give Dnr-less e-mails their thread's Dnr, and a handling's parts the case's Dnr."""
    runs: list[list[Section]] = []
    for section in sections:
        if section.kind == "e-post" and runs and runs[-1][-1].kind == "e-post":
            runs[-1].append(section)
        else:
            runs.append([section])
    for run in runs:
        found = next((s.meta.dnr for s in run if s.meta.dnr), None)
        for section in run:
            section.meta.dnr = section.meta.dnr or found
    if any(s.kind == "handling" for s in sections):
        case = next(
            (s.meta.dnr for s in sections if s.kind == "tjänsteutlåtande" and s.meta.dnr), None
        )
        for section in sections:
            if section.kind != "paragraf":
                section.meta.dnr = section.meta.dnr or case
