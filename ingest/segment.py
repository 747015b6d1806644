"""Cut a parsed governance document into citable sections: §, yttrande, e-mail, agenda item.

The sections tile `doc.text` exactly (their texts joined give it back), so nothing is lost and
every section knows its pages. Starts are found line by line; metadata is read from the
section itself, the page header before it, the document's first-page header and, for a
yttrande, the § of the same case that comes before it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.models import ParsedDocument, Section, SectionMeta
from ingest import metadata as md

_PARAGRAPH = re.compile(
    r"^§\s?(\d{1,4})(?:\s+((?:Dnr|Ärendenummer|Diarienummer)\b.*|Dnr\S.*|\d{3,4}/\d{2}\b.*"
    r"|[A-ZÅÄÖ]{2,6}[- ]?\d{4}.*))?\s*$"
)
_STRONG_HEADER = re.compile(
    r"^(?:SAMMANTRÄDESPROTOKOLL|VÄSTERÅS STAD|Göteborgs Stad(?!s)|Protokoll(?:$| nr| \(nr)"
    r"|Utdrag ur protokoll|Sammanträdesdatum|Justerandes|\d+\s?\(\d+\)$|\d{4}-\d{2}-\d{2}$)"
)
_WEAK_HEADER = re.compile(r"^(?:Utdragsbestyrkande|Sida \d+(?: av \d+)?|\d+ \(\d+\))$")
_ORGAN_DATE = re.compile(r"^(.{4,80}?)\s+(\d{4}-\d{2}-\d{2})$")
_SUBHEAD = re.compile(
    r"^(?:Beslut|Information|Ärendebeskrivning|Yrkanden?|Proposition\w*|Handlingar?|Reservation"
    r"|Protokollsanteckning|Förslag till beslut|Sammanfattning|Justering|Synpunkter"
    r"|Fråga \d+)\s*:?$"
)
_EMAIL_LABEL = re.compile(r"^E-?post:\s*\S+@\S+$", re.I)
_STATEMENT_HEAD = re.compile(
    r"^(?:YTTRANDE|TJÄNSTEUTLÅTANDE|Tjänsteutlåtande\b|Yttrande\b(?!t)|Remissvar\b|Remissyttrande\b)"
)
_CAPS_STATEMENT = re.compile(r"^(?:YTTRANDE|TJÄNSTEUTLÅTANDE)\b[^a-zåäö]*$")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+([A-ZÅÄÖ].{1,100})$")
_HANDLING = re.compile(r"^Handling \d{4} nr \d+")
_PARTY_BLOCK = re.compile(
    r"^(?:Reviderat |Justerat )?(?:Yrkande|Yttrande|Tilläggsyrkande|Ändringsyrkande"
    r"|Återremissyrkande|Särskilt yttrande)\b",
    re.I,
)
_EXTRACT = re.compile(r"^(?:Utdrag ur [pP]rotokoll|Protokollsutdrag)\b.*Sammanträdesdatum:\s*(\S+)")


@dataclass
class _Line:
    start: int
    text: str

    @property
    def s(self) -> str:
        return self.text.strip()


@dataclass
class _Start:
    line: int
    kind: str
    head: int
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class _Context:
    municipality: str | None
    doc_type: str
    organ: str | None = None
    date: str | None = None
    last_paragraph: SectionMeta | None = None


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
    lines = _lines(text)
    name = Path(doc.path).name
    ctx = _Context(md.detect_municipality(text, name), md.detect_doc_type(text, name))
    starts = _find_starts(lines, ctx.doc_type)
    ctx.organ, ctx.date = _document_header(lines, starts, text, ctx.doc_type)
    offsets = _page_offsets(doc.pages)
    bounds = [lines[s.line].start for s in starts] + [len(text)]
    if not starts or bounds[0] > 0:
        starts.insert(0, _Start(0, "document", 0))
        bounds.insert(0, 0)
    sections = []
    for start, a, b in zip(starts, bounds, bounds[1:], strict=False):
        body = text[a:b]
        meta = _meta(start, body, lines, ctx)
        sections.append(Section(body, meta, start.kind, _page_starts(a, b, offsets)))
    _inherit_dnr(sections)
    return sections


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        skip = len(raw) - len(raw.lstrip("\f"))
        lines.append(_Line(pos + skip, raw[skip:]))
        pos += len(raw) + 1
    return lines


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


def _find_starts(lines: list[_Line], doc_type: str) -> list[_Start]:
    handling = _handling_starts(lines)
    if any(start.kind == "handling" for start in handling):
        found = handling
    elif doc_type == "minnesanteckningar":
        found = _numbered_starts(lines, 0, len(lines), "punkt")
    elif doc_type == "program":
        found = _numbered_starts(lines, 0, len(lines), "kapitel")
    else:
        found = _paragraph_starts(lines) + _statement_starts(lines) + _email_starts(lines)
        found += _letter_starts(lines)
        found += _programme_starts(lines, sorted({s.line for s in found}))
    unique: dict[int, _Start] = {}
    for start in found:
        unique.setdefault(start.line, start)
    return [unique[k] for k in sorted(unique)]


def _is_strong(s: str) -> bool:
    m = _ORGAN_DATE.match(s)
    return bool(_STRONG_HEADER.match(s) or (m and md.looks_like_organ(m.group(1))))


def _is_header(s: str) -> bool:
    return _is_strong(s) or bool(_WEAK_HEADER.match(s)) or md.looks_like_organ(s)


def _header_start(lines: list[_Line], i: int) -> int:
    """Return the first line of the page header just above line `i`, or `i` if there is none.

    The run starts at its first strong line (a protocol heading, a date, a page number), so a
    bare organ name that ends a "Kopia till" list stays with the section before; it never
    reaches back across a page break.
    """
    start = j = i
    while j > 0:
        if _page_break_before(lines, j):
            return j if j < i else start
        s = lines[j - 1].s
        if s and not _is_header(s):
            break
        j -= 1
        if s and _is_strong(s):
            start = j
    return start


def _page_break_before(lines: list[_Line], i: int) -> bool:
    return i > 0 and lines[i].start > lines[i - 1].start + len(lines[i - 1].text) + 1


def _paragraph_starts(lines: list[_Line]) -> list[_Start]:
    found = []
    for i, line in enumerate(lines):
        if _PARAGRAPH.match(line.s):
            found.append(_Start(_header_start(lines, i), "paragraf", i))
    return found


def _statement_starts(lines: list[_Line]) -> list[_Start]:
    found: list[_Start] = []
    heads: set[int] = set()
    for i, line in enumerate(lines):
        if not _EMAIL_LABEL.match(line.s):
            continue
        ahead = [j for j in range(i + 1, min(i + 30, len(lines))) if lines[j].s][:12]
        head = next((j for j in ahead if _STATEMENT_HEAD.match(lines[j].s)), None)
        if head is None or any(_PARAGRAPH.match(lines[j].s) for j in ahead if j < head):
            continue
        above = [j for j in range(i - 1, max(i - 6, -1), -1) if lines[j].s][:2]
        kind = "tjänsteutlåtande" if lines[head].s.upper().startswith("TJÄNSTE") else "yttrande"
        found.append(
            _Start(
                above[-1] if above else i,
                kind,
                head,
                {"sender": lines[above[-1]].s if above else ""},
            )
        )
        heads.update(range(i, head + 1))
    for i, line in enumerate(lines):
        if i not in heads and _CAPS_STATEMENT.match(line.s):
            kind = "tjänsteutlåtande" if line.s.startswith("TJÄNSTE") else "yttrande"
            found.append(_Start(i, kind, i))
    return found


def _email_starts(lines: list[_Line]) -> list[_Start]:
    found = []
    for i, line in enumerate(lines):
        if line.s.startswith("Från:") and any(
            re.match(r"(Skickat|Sent|Datum):", lines[j].s)
            for j in range(i + 1, min(i + 4, len(lines)))
        ):
            found.append(_Start(i, "e-post", i))
    return found


def _letter_starts(lines: list[_Line]) -> list[_Start]:
    found = []
    for i, line in enumerate(lines):
        if line.s == "HANDLÄGGARE" and any(
            lines[j].s == "DATUM" for j in range(i, min(i + 20, len(lines)))
        ):
            start = i
            while start > 0 and re.match(r"(Postadress|E-post|Besöksadress):", lines[start - 1].s):
                start -= 1
            found.append(_Start(start, "yttrande", i, {"letter": "1"}))
    return found


def _numbered_starts(lines: list[_Line], a: int, b: int, kind: str) -> list[_Start]:
    found, expected = [], 1
    for i in range(a, b):
        m = _NUMBERED.match(lines[i].s)
        if m and int(m.group(1)) == expected and not lines[i].s.endswith((".", ",", ";")):
            found.append(_Start(i, kind, i))
            expected += 1
    return found


def _programme_starts(lines: list[_Line], taken: list[int]) -> list[_Start]:
    """Return the starts of a programme text inside a protocol bundle: its preface, its chapters."""
    first = next(
        (i for i, line in enumerate(lines) if re.match(r"^(?:Program anger\b|Förord$)", line.s)),
        None,
    )
    if first is None:
        return []
    end = next((k for k in taken if k > first), len(lines))
    return [
        _Start(first, "kapitel", first, {"title": "Förord"}),
        *_numbered_starts(lines, first, end, "kapitel"),
    ]


def _handling_starts(lines: list[_Line]) -> list[_Start]:
    """Return the parts of a Göteborg KF handling: cover, tjänsteutlåtande, yrkanden, extracts."""
    found: list[_Start] = []
    last_extract: tuple[str, str] | None = None
    for i, line in enumerate(lines):
        prev = next((j for j in range(i - 1, max(i - 4, -1), -1) if lines[j].s), None)
        if prev is None:
            continue
        above, s = lines[prev].s, line.s
        if _HANDLING.match(s) and above == "Kommunfullmäktige":
            found.append(_Start(prev, "handling", i))
        elif s.startswith("Tjänsteutlåtande") and len(above) < 80 and not above.endswith("."):
            found.append(_Start(prev, "tjänsteutlåtande", i, {"sender": above}))
        elif _PARTY_BLOCK.match(s) and re.match(r"^(Kommunstyrelsen|Kommunfullmäktige)", above):
            found.append(_Start(prev, "yrkande", i, {"sender": above}))
        elif (m := _EXTRACT.match(s)) and md.looks_like_organ(above):
            if last_extract == (above, m.group(1)) and found and "extract" in found[-1].extra:
                continue
            last_extract = (above, m.group(1))
            extract = {"sender": above, "date": m.group(1), "extract": "1"}
            found.append(_Start(prev, "paragraf", i, extract))
    return found


# --- Metadata per section ---------------------------------------------------------------------


def _document_header(
    lines: list[_Line], starts: list[_Start], text: str, doc_type: str
) -> tuple[str | None, str | None]:
    """Return the organ and date the whole file states at its top (or, for minutes, anywhere)."""
    if doc_type == "minnesanteckningar":
        return md.find_organ(text), md.extract_date(text)
    end = starts[0].head if starts else len(lines)
    top = [line.s for line in lines[:end] if line.s][:12]
    organ = next((top[k + 1] for k, s in enumerate(top[:-1]) if s == "Mottagare"), None)
    organ = organ or next((s for s in top if md.looks_like_organ(s)), None)
    date = md.extract_date("\n".join(top)) if starts else md.extract_date(text)
    return (md.normalise_organ(organ) if organ else None), date


def _meta(start: _Start, body: str, lines: list[_Line], ctx: _Context) -> SectionMeta:
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
        "handling": _handling_meta,
        "yrkande": _party_meta,
    }.get(start.kind)
    if builder is None:
        return replace(base, title=_document_title(lines))
    if "extract" in start.extra:
        builder = _extract_meta
    return builder(start, body, lines, ctx, base)


def _header_organ_date(texts: list[str], bare: bool) -> tuple[str | None, str | None]:
    """Return organ and meeting date from page-header lines ("Byggnadsnämnden 2023-05-25")."""
    organ = date = None
    for s in texts:
        m = _ORGAN_DATE.match(s)
        if m and md.looks_like_organ(m.group(1)):
            organ, date = organ or md.normalise_organ(m.group(1)), date or m.group(2)
        elif bare and md.looks_like_organ(s):
            organ = organ or md.normalise_organ(s)
        elif bare and _STRONG_HEADER.match(s):
            found = md.extract_date(s)
            date = date or (found if found and len(found) == 10 else None)
    return organ, date


def _year(body: str, dnr: str | None) -> str | None:
    years = [y for y in ((md.extract_date(body) or "")[:4], md.dnr_year(dnr)) if y]
    return max(years) if years else None


def _paragraph_meta(
    start: _Start, body: str, lines: list[_Line], ctx: _Context, base: SectionMeta
) -> SectionMeta:
    m = _PARAGRAPH.match(lines[start.head].s)
    assert m is not None
    rest = re.sub(r"^(?:Dnr\.?|Ärendenummer|Diarienummer)[\s:]*", "", m.group(2) or "")
    dnr = md.normalise_dnr(rest) if rest else None
    organ, date = _header_organ_date([line.s for line in lines[start.line : start.head]], bare=True)
    body_organ, body_date = _header_organ_date([s.strip() for s in body.split("\n")], bare=False)
    organ = organ or body_organ or ctx.organ or md.organ_from_dnr_prefix(dnr, ctx.municipality)
    people, parties = md.extract_people_and_parties(body)
    meta = replace(
        base,
        organ=organ or md.find_organ(body[:1500]),
        date=date or body_date or ctx.date or _year(body, dnr),
        dnr=dnr,
        paragraph=m.group(1),
        title=_title_after(lines, start.head),
        people=people,
        parties=parties,
        doc_type="protokoll",
    )
    ctx.last_paragraph = meta
    return meta


def _dnr_key(dnr: str | None) -> str:
    return re.sub(r"-\d+(?:\.\d+)*$", "", "".join((dnr or "").split())).casefold()


def _statement_meta(
    start: _Start, body: str, lines: list[_Line], ctx: _Context, base: SectionMeta
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
    elif prev and dnr and _dnr_key(prev.dnr) == _dnr_key(dnr):
        organ = prev.organ
    elif dnr and md.organ_from_dnr_prefix(dnr, ctx.municipality):
        organ = md.organ_from_dnr_prefix(dnr, ctx.municipality)
    elif prev:
        organ = prev.organ
    else:
        organ = md.organ_for_office(start.extra.get("sender", "")) or md.find_organ(head)
    # A yttrande of the same case as the § before it is that §'s attachment: cite it there.
    same_case = prev is not None and (dnr is None or _dnr_key(prev.dnr) == _dnr_key(dnr))
    dnr = dnr or (prev.dnr if prev else None)
    people, parties = md.extract_people_and_parties(body)
    return replace(
        base,
        organ=organ,
        paragraph=prev.paragraph if same_case and prev else None,
        doc_type=start.kind,
        date=md.extract_date(head, full_only=True) or _year(body, dnr),
        dnr=dnr,
        title=_statement_title(lines, start),
        people=people,
        parties=parties,
    )


def _email_meta(
    start: _Start, body: str, lines: list[_Line], ctx: _Context, base: SectionMeta
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
    start: _Start, body: str, lines: list[_Line], ctx: _Context, base: SectionMeta
) -> SectionMeta:
    title = _NUMBERED.match(lines[start.head].s).group(2).strip()  # type: ignore[union-attr]
    following = next((line.s for line in lines[start.head + 1 : start.head + 4] if line.s), "")
    if following[:1].islower() and not title.endswith((".", ":")):
        title = f"{title} {following}"
    people, parties = md.extract_people_and_parties(body)
    return replace(base, doc_type="minnesanteckningar", title=title, people=people, parties=parties)


def _chapter_meta(
    start: _Start, body: str, lines: list[_Line], ctx: _Context, base: SectionMeta
) -> SectionMeta:
    title = start.extra.get("title") or lines[start.head].s
    meta = replace(base, doc_type="program", title=title)
    prev = ctx.last_paragraph
    if prev:
        meta = replace(meta, organ=prev.organ, date=prev.date, dnr=prev.dnr)
    return meta


def _handling_meta(
    start: _Start, body: str, lines: list[_Line], ctx: _Context, base: SectionMeta
) -> SectionMeta:
    title = _clip(next((line.s for line in lines[start.head + 1 : start.head + 6] if line.s), ""))
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
    people, parties = md.extract_people_and_parties(body)
    return replace(
        base, organ=organ, doc_type=doc_type, date=md.extract_date(body[:5000]), title=title,
        people=people, parties=parties,
    )  # fmt: skip


def _party_meta(
    start: _Start, body: str, lines: list[_Line], ctx: _Context, base: SectionMeta
) -> SectionMeta:
    heading = " ".join(lines[start.head].s.split())
    around = " ".join(line.s for line in lines[start.head : start.head + 5])
    people, parties = md.extract_people_and_parties(body)
    for code in md.parties_in(around):
        if code not in parties:
            parties.append(code)
    doc_type = "yttrande" if re.match(r"(?:Särskilt )?yttrande", heading, re.I) else "yrkande"
    return replace(
        base, organ=md.normalise_organ(start.extra["sender"]), doc_type=doc_type,
        date=md.extract_date(around), dnr=md.extract_dnr(body[:1500]), title=_clip(heading),
        people=people, parties=parties,
    )  # fmt: skip


def _extract_meta(
    start: _Start, body: str, lines: list[_Line], ctx: _Context, base: SectionMeta
) -> SectionMeta:
    para = re.search(r"§\s?(\d+),?\s*(?:(?:Dnr|diarienummer)\s+)?(\S+)?", body, re.I)
    dnr = (md.normalise_dnr(para.group(2)) if para and para.group(2) else None) or md.extract_dnr(
        body[:2000]
    )
    title = next((line.s for line in lines[start.head + 1 : start.head + 6] if line.s), "")
    title = re.sub(r"^§\s?\d+,?\s*(?:Dnr\s+)?\S+\s*|\s*§\s?\d+,.*$", "", title)
    people, parties = md.extract_people_and_parties(body)
    return replace(
        base, organ=md.normalise_organ(start.extra["sender"]), doc_type="protokoll",
        date=md.extract_date(start.extra["date"]) or base.date, dnr=dnr,
        paragraph=para.group(1) if para else None, title=_clip(title) or None,
        people=people, parties=parties,
    )  # fmt: skip


# --- Titles and inheritance -------------------------------------------------------------------


def _title_after(lines: list[_Line], i: int, limit: int = 4) -> str | None:
    """Return the ärendemening: the lines after a § line up to a blank line or a subheading."""
    parts: list[str] = []
    for line in lines[i + 1 : i + 14]:
        s = line.s
        if not s or (_is_header(s) and not s.endswith(" AB") and not parts):
            if parts and not s:
                break
            continue
        if _SUBHEAD.match(s) or _PARAGRAPH.match(s) or len(parts) >= limit:
            break
        parts.append(s)
    title = re.sub(r"^Beslut\s*[-–]\s*", "", " ".join(parts))
    return _clip(title) or None


def _document_title(lines: list[_Line]) -> str | None:
    """Return a file's title: the subject after "Mottagare <organ>", else its first real line."""
    texts = [line.s for line in lines[:200] if line.s]
    if "Mottagare" in texts[:12]:
        parts = []
        for s in texts[texts.index("Mottagare") + 2 :][:4]:
            if _SUBHEAD.match(s):
                break
            parts.append(s)
        return _clip(" ".join(parts)) or None
    return next((_clip(s) for s in texts if not re.fullmatch(r"[\d\s/()]+", s)), None)


def _statement_title(lines: list[_Line], start: _Start) -> str | None:
    for j in range(start.head, min(start.head + 40, len(lines))):
        s = lines[j].s
        if re.match(r"^(?:Yttrande|Tjänsteutlåtande|Remissvar|Remiss)\b", s) and not s.isupper():
            letterhead = re.search(r"Handläggare|Utfärdat|Diarienummer|Ärendenummer", s)
            return _title_after(lines, j if letterhead else j - 1, limit=3)
    return _title_after(lines, start.head - 1, limit=3)


def _clip(title: str, size: int = 200) -> str:
    title = re.split(
        r"\s+(?:Till Göteborgs kommunfullmäktige|Förslag till beslut|Kommunstyrelsens förslag)\b",
        title,
    )[0]
    title = " ".join(title.split())
    return title if len(title) <= size else title[:size].rsplit(" ", 1)[0] + " …"


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
