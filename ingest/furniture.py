"""Meeting furniture: when and where a meeting was held, who chaired, took the minutes, adjusted.

Swedish protocols and minutes print these facts under fixed labels in their first page and
signature block ("Plats och tid", "Beslutande", "Övriga närvarande", "Utses att justera",
"Justeringens plats och tid", "Sekreterare", "Ordförande", "Justerande", "Deltagare",
"Antecknat av" …), and Göteborg-style protocols state them in a § ("X och Y justerar dagens
protokoll tillsammans med ordföranden Z", "X utses att jämte ordföranden justera dagens
protokoll"). `read_meeting` reads both; a field the text does not state stays None or empty.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from index.models import Section
from ingest import metadata as md
from ingest.doctype import MEMBER_MUNICIPALITIES
from ingest.people import PARTY_CODES

MEETING_DOC_TYPES = ("protokoll", "minnesanteckningar")

# Each label introduces its field; "stop" labels end the field before them and give nothing.
_LABELS: dict[str, tuple[str, ...]] = {
    "place_time": ("Plats och tid", "Tid och plats", "Plats och datum"),
    "place": ("Plats", "Lokal", "Sammanträdesrum", "Mötesplats"),
    "time": ("Tid", "Sammanträdestid", "Mötestid"),
    "date": ("Sammanträdesdatum", "Mötesdatum", "Datum"),
    "attendees": (
        "Beslutande", "Beslutande ledamöter", "Närvarande", "Närvarande ledamöter",
        "Närvarande ersättare", "Ledamöter", "Tjänstgörande ersättare",
        "Ej tjänstgörande ersättare", "Övriga närvarande", "Övriga deltagande",
        "Övriga deltagare", "Övriga", "Deltagare", "Närvarande tjänstepersoner",
    ),
    "adjusters": ("Utses att justera", "Justerare", "Protokolljusterare", "Justerande", "Justeras"),
    "adjustment": ("Justeringens plats och tid", "Justeringens tid och plats", "Justeringsdatum"),
    "secretary": (
        "Sekreterare", "Protokollförare", "Vid protokollet", "Antecknat av", "Antecknare",
        "Mötessekreterare",
    ),
    "chair": ("Ordförande", "Mötesordförande"),
    "stop": (
        "Underskrifter", "Paragrafer", "Paragraf", "ANSLAG/BEVIS", "Anslag/bevis", "Organ",
        "Datum då anslaget sätts upp", "Datum då anslaget tas ned", "Underskrift",
        "Förvaringsplats för protokollet", "Frånvarande", "Anmält förhinder",
        "Justerandes signatur", "Justerandes sign", "Utdragsbestyrkande",
    ),
}  # fmt: skip
_FIELD_OF = {label.casefold(): name for name, labels in _LABELS.items() for label in labels}
_WRITTEN = {label.casefold(): label for labels in _LABELS.values() for label in labels}
_ALTERNATIVES = sorted({v for vs in _LABELS.values() for v in vs}, key=len, reverse=True)
_LABEL_AT_START = re.compile(
    r"(?P<label>" + "|".join(re.escape(a) for a in _ALTERNATIVES) + r")"
    r"(?=\s*:|\s*$|\s+[A-ZÅÄÖÉ\d._…])\s*:?\s*",
    re.I,
)
# Inside a furniture line only a capitalised label starts a new field ("Sekreterare … Paragrafer").
_LABEL_INSIDE = re.compile(
    r"(?<=\s)(?P<label>"
    + "|".join(re.escape(a) for a in _ALTERNATIVES if a[0].isupper())
    + r")(?=\s*:|\s*$|\s+[A-ZÅÄÖÉ\d._…])"
)
# Signature labels name one person and may stand anywhere, alone on their line.
_SIGNATURE_FIELDS = ("secretary", "chair", "adjusters")
_SECTION_LINE = re.compile(r"^(?:§\s?\d+|\d{1,2}\.\s+[A-ZÅÄÖ])")

_TOKEN = r"[A-ZÅÄÖÉÜ][a-zåäöéüèáíóúçøæ'’]+(?:[A-ZÅÄÖ][a-zåäö]+)?(?:-[A-ZÅÄÖa-zåäö][a-zåäöé]+)?"
_PARTY = "|".join(sorted(PARTY_CODES, key=len, reverse=True))
_NAME = re.compile(
    rf"(?P<name>{_TOKEN}(?:\s+(?:(?:von|af|de|van|der|da)\s+)?{_TOKEN}){{1,3}})"
    rf"(?:\s*\((?P<party>{_PARTY})\))?"
)
# Words that stand before a name in a list or a sentence but are not part of it.
_ROLE_WORDS = frozenset(
    """beslut förste första andre andra tredje vice ordföranden ordförande ordf tillika
    tjänstgörande ledamoten ersättaren kommunalrådet sekreteraren justeraren och samt även
    att jämte""".split()  # noqa: SIM905
)
_NOT_NAME_WORDS = frozenset(
    """protokoll sammanträdesprotokoll kommun kommunen stad staden region ärende ärenden beslut
    paragrafer paragraf sekreterare ordförande justerande närvarande beslutande ledamöter
    ersättare kommunhuset stadshuset rådhuset sessionssalen plats tid datum""".split()  # noqa: SIM905
)
_PLACES = sorted({p for ps in MEMBER_MUNICIPALITIES.values() for p in ps}, key=len, reverse=True)
_PLACE_SPLIT = re.compile(r"\b(?:" + "|".join(_PLACES) + r")\b:?")
_TIME = re.compile(
    r"\b(?:kl(?:ockan|\.)?\s*)?(\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?)(?!\d)", re.I
)
_WHEN_START = re.compile(
    r"(?:,\s*|\s+|^)(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?\b|den\s+\d|\d{1,2}\s+\w+\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|kl(?:ockan|\.)?\s*\d|\d{1,2}[.:]\d{2})",
    re.I,
)
_ADJUST_TOGETHER = re.compile(
    r"\bjusterar\s+(?:dagens\s+)?protokoll(?:et)?\s+(?:tillsammans\s+med|jämte)\s+"
    rf"(?:tjänstgörande\s+)?ordföranden\s+(?P<chair>{_NAME.pattern})"
)
_ADJUST_APPOINTED = re.compile(
    r"\s(?:utses|väljs|valdes)\s+(?:att\s+)?(?:jämte\s+(?:tjänstgörande\s+)?ordföranden\b[^.]*?"
    r"justera|till\s+(?:protokoll)?justerare\b)"
)
_ADJUST_APPOINTED_AFTER = re.compile(
    r"(?:Att\s+jämte\s+ordföranden\s+justera\s+(?:dagens\s+)?protokoll(?:et)?"
    r"|(?:Till|Som)\s+(?:protokoll)?justerare)\s+(?:utses|väljs|valdes)\s+(?P<who>[^.\n]+)"
)
_PARTIAL = re.compile(r"^[^.]{0,80}\b(?:under|för)\s+(?:paragraf|§)", re.I)
_CHAIR_SAID = re.compile(rf"\b(?:[Tt]jänstgörande\s+)?[Oo]rdföranden\s+(?P<who>{_NAME.pattern})")


@dataclass
class Spot:
    """Where a field was read: a character offset in the text and its 1-based page."""

    offset: int
    page: int


@dataclass
class Meeting:
    """A meeting's furniture. Names come as written, with the party code ("Anna Berg (S)").

    `date` and `adjusted_on` are ISO dates, `time` as written ("13.00–16.15"). `found` maps
    each field that was read to where it stands; a field not stated is None or empty.
    """

    date: str | None = None
    time: str | None = None
    place: str | None = None
    chair: str | None = None
    secretary: str | None = None
    adjusters: list[str] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    adjusted_on: str | None = None
    adjustment_place: str | None = None
    found: dict[str, Spot] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not self.found


# --- Reading ----------------------------------------------------------------------------------


def read_meeting(text: str) -> Meeting:
    """Return the meeting furniture stated in a document's text (`ParsedDocument.text`).

    Labelled fields are read first (the first page, and signature labels anywhere), then the
    Göteborg-style justering § ("… justerar dagens protokoll tillsammans med ordföranden Z",
    "X utses att jämte ordföranden justera …"), and last the chair named in the minutes
    ("Ordföranden Anna Berg (S) ställer proposition …", most often named). Adjusters never
    include the chair, who signs with them. Text without furniture gives an empty `Meeting`.
    """
    composed, origin = _composed(text)
    reader = _Reader(composed)
    reader.read_labels()
    reader.read_statements()
    reader.finish()
    meeting = reader.meeting
    for name, spot in meeting.found.items():
        offset = origin[spot.offset] if origin else spot.offset
        meeting.found[name] = Spot(offset, text.count("\f", 0, offset) + 1)
    return meeting


def _composed(text: str) -> tuple[str, list[int] | None]:
    """Return `text` in NFC, and for each of its characters the offset in `text` if it changed."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    parts, origin = [], []
    for m in re.finditer(r".[\u0300-\u036f]*", text, re.S):
        piece = unicodedata.normalize("NFC", m.group())
        parts.append(piece)
        origin += [m.start()] * len(piece)
    return "".join(parts), origin


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[tuple[int, str]] = []
        pos = 0
        for raw in text.split("\n"):
            lead = len(raw) - len(raw.lstrip())
            self.lines.append((pos + lead, raw.strip()))
            pos += len(raw) + 1
        self.header_end = next(
            (i for i, (_, s) in enumerate(self.lines) if _SECTION_LINE.match(s)), len(self.lines)
        )
        self.meeting = Meeting()
        self.roles: list[tuple[str, str, int]] = []

    # -- labels

    def read_labels(self) -> None:
        first_label = None
        for i, (start, s) in enumerate(self.lines):
            m = _LABEL_AT_START.match(s)
            if not m or not self._label_allowed(i, s, m):
                continue
            first_label = i if first_label is None else first_label
            for name, value_at, value in self._segments(start, s, m):
                self._take(name, value_at, value, i)
        self._header_date(first_label)

    def _label_allowed(self, i: int, s: str, m: re.Match[str]) -> bool:
        label = m.group("label")
        name = _FIELD_OF[label.casefold()]
        if label not in (_WRITTEN[label.casefold()], label.upper()):
            return False
        if i < self.header_end:
            return True
        rest = s[m.end() :].strip(" .…_")
        return name in _SIGNATURE_FIELDS and (":" in s[: m.end()] or not rest)

    def _segments(self, start: int, s: str, m: re.Match[str]) -> list[tuple[str, int, str]]:
        """Return (field, offset of value, value) for each label in a furniture line."""
        cuts = [(m.start(), m.end(), m.group("label"))]
        cuts += [(k.start(), k.end(), k.group("label")) for k in _LABEL_INSIDE.finditer(s, m.end())]
        out = []
        for (_, end, label), nxt in zip(cuts, [*cuts[1:], (len(s), 0, "")], strict=False):
            value = s[end : nxt[0]].lstrip(" :")
            out.append((_FIELD_OF[label.casefold()], start + end, value.strip(" .…_")))
        return out

    def _take(self, name: str, at: int, value: str, i: int) -> None:
        if name == "stop":
            return
        if name in ("attendees", "adjusters"):
            block = self._block(i, value, at)
            for person, role, where in _entries(block):
                self._add_person(name, person, role, where)
            return
        if not value:
            value, at = self._next_value(i)
        if not value:
            return
        if name in ("chair", "secretary"):
            person = _lead_name(value)
            if person:
                self._set(name, person[0], at)
        elif name in ("place_time", "place", "time", "adjustment", "date"):
            self._when_where(name, value, at)

    def _block(self, i: int, value: str, at: int) -> list[tuple[int, str]]:
        """Return the lines of a list field: its first value and the lines after it, up to the
        next label, §/agenda item, page break or prose line."""
        block = [(at, value)] if value else []
        for start, s in self.lines[i + 1 : i + 80]:
            if not s:
                continue
            if s.startswith("\f") or _SECTION_LINE.match(s) or _LABEL_AT_START.match(s):
                break
            if s.endswith(".") and len(s.split()) > 6:
                break
            block.append((start, s))
        return block

    def _next_value(self, i: int) -> tuple[str, int]:
        for start, s in self.lines[i + 1 : i + 4]:
            clean = s.strip(" .…_")
            if not clean:
                continue
            if _LABEL_AT_START.match(s) or _SECTION_LINE.match(s):
                break
            return clean, start + s.index(clean[0])
        return "", 0

    def _when_where(self, name: str, value: str, at: int) -> None:
        date = md.extract_date(value, full_only=True)
        time = _TIME.search(value)
        cut = _WHEN_START.search(value)
        place = (value[: cut.start()] if cut else value).strip(" ,")
        if name == "adjustment":
            if date:
                self._set("adjusted_on", date, at)
            if place and not place[0].isdigit():
                self._set("adjustment_place", place, at)
            return
        if date and name != "place":
            self._set("date", date, at)
        if time and name != "date":
            self._set("time", time.group(1), at + time.start(1))
        if place and name in ("place_time", "place") and not place[0].isdigit():
            self._set("place", place, at)

    def _header_date(self, first_label: int | None) -> None:
        """A protocol's title lines state its meeting date ("Äldrenämnden 2025-01-28")."""
        end = min(self.header_end, first_label if first_label is not None else len(self.lines))
        for start, s in [line for line in self.lines[:end] if line[1]][:12]:
            date = md.extract_date(s, full_only=True)
            if date:
                self._set("date", date, start)
                return

    # -- sentences

    def read_statements(self) -> None:
        for m in _ADJUST_TOGETHER.finditer(self.text):
            if _PARTIAL.match(self.text[m.end() : m.end() + 100]):
                continue
            who_at, who = self._sentence_before(m.start())
            for person, role, where in _entries([(who_at, who)], runon=True):
                self._add_person("adjusters", person, role, where)
            chair = _lead_name(m.group("chair"))
            if chair:
                self._set("chair", chair[0], m.start("chair"))
            self._adjustment_after(m.end())
        for m in _ADJUST_APPOINTED.finditer(self.text):
            if _PARTIAL.match(self.text[m.end() : m.end() + 100]):
                continue
            who_at, who = self._sentence_before(m.start())
            for person, role, where in _entries([(who_at, who)], runon=True):
                self._add_person("adjusters", person, role, where)
        for m in _ADJUST_APPOINTED_AFTER.finditer(self.text):
            if not _PARTIAL.match(m.group("who")):
                for person, role, where in _entries([(m.start("who"), m.group("who"))], True):
                    self._add_person("adjusters", person, role, where)

    def _sentence_before(self, pos: int) -> tuple[int, str]:
        window_start = max(0, pos - 400)
        window = self.text[window_start:pos]
        ends = [m.end() for m in re.finditer(r"[.!?:]\s|\n\s*\n|^Beslut\s*$", window, re.M)]
        start = window_start + (ends[-1] if ends else 0)
        return start, self.text[start:pos]

    def _adjustment_after(self, pos: int) -> None:
        rest = self.text[pos : pos + 250].split("\n\n")[0]
        date = md.extract_date(rest, full_only=True)
        if date:
            self._set("adjusted_on", date, pos)
        flat = " ".join(rest.split())
        place = re.match(
            r"\s*på\s+(.+?)(?:,|\s)(?=\s*(?:(?:mån|tis|ons|tors|fre|lör|sön)dag|den\s+\d))", flat
        )
        if place:
            self._set("adjustment_place", place.group(1).strip(" ,"), pos + rest.find("på"))

    # -- filling in

    def _add_person(self, name: str, person: str, role: str, at: int) -> None:
        if name == "attendees":
            self.roles.append((person, role, at))
        target = self.meeting.attendees if name == "attendees" else self.meeting.adjusters
        if _key(person) not in {_key(p) for p in target}:
            target.append(person)
            self.meeting.found.setdefault(name, Spot(at, 0))

    def _set(self, name: str, value: str, at: int) -> None:
        if getattr(self.meeting, name) is None:
            setattr(self.meeting, name, value)
            self.meeting.found[name] = Spot(at, 0)

    def finish(self) -> None:
        """Chair and secretary from the attendees' roles, else the chair the minutes name; then
        drop the chair from the adjusters ("Justeras" is signed by the chair and adjusters)."""
        for person, role, at in self.roles:
            words = role.casefold().replace(".", " ").split()
            if words[:1] in (["ordförande"], ["ordf"]):
                self._set("chair", person, at)
            if "politisk" not in words and any(w.endswith("sekreterare") for w in words):
                self._set("secretary", person, at)
        if self.meeting.chair is None:
            self._chair_named()
        # A name signed without its party code is the same person the lists print with one.
        coded = {_key(p): p for p in self.meeting.attendees + self.meeting.adjusters if "(" in p}
        for name in ("chair", "secretary"):
            person = getattr(self.meeting, name)
            setattr(self.meeting, name, coded.get(_key(person), person) if person else None)
        self.meeting.adjusters = [coded.get(_key(p), p) for p in self.meeting.adjusters]
        chair = _key(self.meeting.chair or "")
        self.meeting.adjusters = [p for p in self.meeting.adjusters if _key(p) != chair]
        if not self.meeting.adjusters:
            self.meeting.found.pop("adjusters", None)

    def _chair_named(self) -> None:
        named: Counter[str] = Counter()
        first: dict[str, int] = {}
        for m in _CHAIR_SAID.finditer(self.text):
            before = self.text[max(0, m.start() - 20) : m.start()].split()
            if before and (
                before[-1].casefold() in _ROLE_WORDS - {"och"} or before[-1].endswith("s")
            ):
                continue
            found = _lead_name(m.group("who"))
            if found and found[0].endswith(")"):
                named[found[0]] += 1
                first.setdefault(found[0], m.start("who"))
        if named:
            best = max(named, key=lambda p: (named[p], -first[p]))
            self._set("chair", best, first[best])


# --- Names --------------------------------------------------------------------------------------


def _entries(block: list[tuple[int, str]], runon: bool | None = None) -> list[tuple[str, str, int]]:
    """Return (person, role, offset) for the people a list field names.

    One person a line ("Anna Berg (S), ordförande"; "Eva Ek, Göteborg"), or a run-on list split
    at commas ("Enköping: Peter Book, Anna Nilsson, Västerås Staffan Jansson"), where member
    municipalities group the names. Words after a name are its role.
    """
    block = [(at, s.replace("\n", " ")) for at, s in block]
    if runon is None:
        runon = any(s.rstrip().endswith(",") or s.count(",") >= 2 for _, s in block)
    items: list[tuple[int, str]] = []
    if runon:
        joined, starts = "", []
        for at, s in block:
            starts.append((len(joined), at))
            joined += s + " "
        for m in re.finditer(r"[^,;]+", joined):
            base = max((b for b in starts if b[0] <= m.start()), default=(0, 0))
            items.append((base[1] + m.start() - base[0], m.group()))
    else:
        items = list(block)
    items = [
        (at + m.start(), m.group())
        for at, item in items
        for m in re.finditer(r"(?:(?!\s(?:och|samt)\s).)+", item)
    ]
    out: list[tuple[str, str, int]] = []
    for at, item in items:
        for piece_at, piece in _pieces(at, item):
            found = _lead_name(piece)
            if found:
                out.append((found[0], found[1], piece_at + piece.find(found[0].split()[0])))
            elif out and piece.strip()[:1].islower():
                person, role, where = out[-1]
                out[-1] = (person, f"{role} {piece.strip()}".strip(), where)
    return out


def _pieces(at: int, item: str) -> list[tuple[int, str]]:
    """Split an item at group labels ("Enköping:") and member municipality names."""
    item = re.sub(r"\((?!(?:" + _PARTY + r")\))[^)]*\)", lambda m: " " * len(m.group()), item)
    group = re.match(r"\s*[A-ZÅÄÖ][\w -]{0,30}:\s*", item)
    offset = group.end() if group else 0
    pieces, last = [], offset
    for m in _PLACE_SPLIT.finditer(item, offset):
        pieces.append((at + last, item[last : m.start()]))
        last = m.end()
    pieces.append((at + last, item[last:]))
    return [(a, p) for a, p in pieces if p.strip()]


def _lead_name(text: str) -> tuple[str, str] | None:
    """Return the person's name a piece of text starts with, with its party code, and the rest.

    Role words before the name are skipped ("Förste vice ordföranden Håkan Eriksson (V)");
    the name is two to four capitalised words, none of them a furniture or place word.
    """
    flat = " ".join(text.split())
    tokens = flat.split(" ")
    while tokens and (tokens[0][:1].islower() or tokens[0].casefold().strip(",") in _ROLE_WORDS):
        tokens = tokens[1:]
    flat = " ".join(tokens)
    m = _NAME.match(flat)
    if not m:
        return None
    rest = flat[m.end() :].strip(" ,")
    words = m.group("name").split()
    if flat[m.end() :].lstrip()[:1].isupper() or any(
        w.casefold() in _NOT_NAME_WORDS | _ROLE_WORDS for w in words
    ):
        return None
    if md.looks_like_organ(m.group("name")):
        return None
    name = m.group("name") + (f" ({m.group('party')})" if m.group("party") else "")
    return name, rest


def _key(person: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", person).casefold()


# --- Sections -----------------------------------------------------------------------------------


def apply_meeting(sections: list[Section], meeting: Meeting) -> None:
    """Give each protocol or minutes section of the meeting its furniture, in place.

    A section dated to another meeting (a protocol extract in a bundle) is left alone; a
    section's missing or less precise date ("2024") takes the meeting's date.
    """
    if meeting.is_empty():
        return
    pages = {name: spot.page for name, spot in meeting.found.items()}
    for section in sections:
        meta = section.meta
        if meta.doc_type not in MEETING_DOC_TYPES:
            continue
        if meeting.date and meta.date and not meeting.date.startswith(meta.date):
            continue
        meta.date = meeting.date or meta.date
        meta.chair, meta.secretary = meeting.chair, meeting.secretary
        meta.adjusters, meta.attendees = list(meeting.adjusters), list(meeting.attendees)
        meta.place, meta.meeting_time = meeting.place, meeting.time
        meta.adjusted_on = meeting.adjusted_on
        meta.meeting_pages = dict(pages)
