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
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.lexicon import FURNITURE_LABELS
from index.models import Section
from ingest import metadata as md
from ingest.furniture_names import NAME, ROLE_WORDS, lead_name, people_in, person_key

MEETING_DOC_TYPES = ("protokoll", "minnesanteckningar")

# Each label introduces its field; "stop" labels end the field before them and give nothing.
_LABELS = FURNITURE_LABELS
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
# Signature labels name one person; after the last § they stand alone on their line.
_SIGNATURE_FIELDS = ("secretary", "chair", "adjusters")
_SECTION_LINE = re.compile(r"^(?:§\s?\d+|\d{1,2}\.\s+[A-ZÅÄÖ])")

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
    rf"(?:tjänstgörande\s+)?ordföranden\s+(?P<chair>{NAME.pattern})"
)
_ADJUST_APPOINTED = re.compile(
    r"\s(?:utses|väljs|valdes)\s+(?:(?:att\s+)?(?:jämte\s+(?:tjänstgörande\s+)?ordföranden"
    r"(?:\s+[^\s.]+){0,5}?\s+)?(?:att\s+)?justera\b|till\s+(?:protokoll)?justerare\b)"
)
_ADJUST_CHOSEN = re.compile(
    r"\butser\s+(?P<who>[^.]{3,120}?)\s+(?:att\s+)?(?:jämte\s+ordföranden\s+)?(?:att\s+)?justera\b"
)
_ADJUST_APPOINTED_AFTER = re.compile(
    r"(?:Att\s+jämte\s+ordföranden\s+justera\s+(?:dagens\s+)?protokoll(?:et)?"
    r"|(?:Till|Som)\s+(?:protokoll)?justerare)\s+(?:utses|väljs|valdes)\s+(?P<who>[^.\n]+)"
)
_PARTIAL = re.compile(r"^[^.]*?\b(?:under|för)\s+(?:paragraf|§)", re.I)
_CHAIR_SAID = re.compile(rf"\b(?:[Tt]jänstgörande\s+)?[Oo]rdföranden\s+(?P<who>{NAME.pattern})")


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
        sections = [i for i, (_, s) in enumerate(self.lines) if _SECTION_LINE.match(s)]
        self.header_end = sections[0] if sections else len(self.lines)
        self.tail_start = sections[-1] if sections else len(self.lines)
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
            segments = self._segments(start, s, m)
            row = _label_row(segments)
            if row is None and len(segments) > 1 and not any(v for _, _, v in segments):
                # The names on the line below the labels, or else on the line above them.
                for value, at in (self._next_value(i), self._previous_value(i)):
                    row = row or _label_row([*segments[:-1], (segments[-1][0], at, value)])
            for name, value_at, value in row or segments:
                self._take(name, value_at, value, i, whole=row is not None)
        self._header_date(first_label)

    def _label_allowed(self, i: int, s: str, m: re.Match[str]) -> bool:
        label = m.group("label")
        name = _FIELD_OF[label.casefold()]
        if label not in (_WRITTEN[label.casefold()], label.upper()):
            return False
        if i < self.header_end:
            return True
        alone = not s[m.end() :].strip(" .…_")
        return i > self.tail_start and name in _SIGNATURE_FIELDS and alone

    def _segments(self, start: int, s: str, m: re.Match[str]) -> list[tuple[str, int, str]]:
        """Return (field, offset of value, value) for each label in a furniture line."""
        cuts = [(m.start(), m.end(), m.group("label"))]
        cuts += [(k.start(), k.end(), k.group("label")) for k in _LABEL_INSIDE.finditer(s, m.end())]
        out = []
        for (_, end, label), nxt in zip(cuts, [*cuts[1:], (len(s), 0, "")], strict=False):
            value = s[end : nxt[0]].lstrip(" :")
            out.append((_FIELD_OF[label.casefold()], start + end, value.strip(" .…_")))
        return out

    def _take(self, name: str, at: int, value: str, i: int, whole: bool = False) -> None:
        """Read field `name` from `value` at offset `at` on line `i`; a list field reads on
        into the lines below unless the value is `whole` (one column of a signature row)."""
        if name == "stop":
            return
        if name in ("attendees", "adjusters"):
            block = [(at, value)] if whole else self._block(i, value, at)
            for person, role, where in people_in(block):
                self._add_person(name, person, role, where)
            return
        if not value:
            value, at = self._next_value(i)
        if not value:
            return
        if name in ("chair", "secretary"):
            found = lead_name(value)
            if found:
                self._set(name, found[0], at)
        elif name in ("place_time", "place", "time", "adjustment", "date"):
            self._when_where(name, value, at)

    def _block(self, i: int, value: str, at: int) -> list[tuple[int, str]]:
        """Return the lines of a list field: its first value and the lines after it, up to the
        next label, §/agenda item or prose line."""
        block = [(at, value)] if value else []
        for start, s in self.lines[i + 1 : i + 80]:
            if not s:
                continue
            if _SECTION_LINE.match(s) or _LABEL_AT_START.match(s):
                break
            if s.endswith(".") and len(s.split()) > 6:
                break
            block.append((start, s))
        return block

    def _previous_value(self, i: int) -> tuple[str, int]:
        """Return the nearest non-empty line above line `i` that is no label line."""
        return _first_value(reversed(self.lines[max(i - 3, 0) : i]))

    def _next_value(self, i: int) -> tuple[str, int]:
        """Return the nearest non-empty line below line `i` that is no label line."""
        return _first_value(self.lines[i + 1 : i + 4])

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
            if not self._partial(m.start(), m.end()):
                self._adjusters_in(*self._sentence_before(m.start()))
                chair = lead_name(m.group("chair"))
                if chair:
                    self._set("chair", chair[0], m.start("chair"))
                self._adjustment_after(m.end())
        for m in _ADJUST_APPOINTED.finditer(self.text):
            if not self._partial(m.start(), m.end()):
                self._adjusters_in(*self._sentence_before(m.start()))
        for m in [
            *_ADJUST_APPOINTED_AFTER.finditer(self.text),
            *_ADJUST_CHOSEN.finditer(self.text),
        ]:
            if not self._partial(m.start("who"), m.end()):
                self._adjusters_in(m.start("who"), m.group("who"))

    def _partial(self, a: int, b: int) -> bool:
        """True when the justering covers some § only ("… under paragraf 206")."""
        return bool(_PARTIAL.match(self.text[a : b + 100]))

    def _adjusters_in(self, at: int, who: str) -> None:
        for person, role, where in people_in([(at, who)], runon=True):
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
        if person_key(person) not in {person_key(p) for p in target}:
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
        coded = {
            person_key(p): p for p in self.meeting.attendees + self.meeting.adjusters if "(" in p
        }
        for name in ("chair", "secretary"):
            person = getattr(self.meeting, name)
            setattr(self.meeting, name, coded.get(person_key(person), person) if person else None)
        self.meeting.adjusters = [coded.get(person_key(p), p) for p in self.meeting.adjusters]
        chair = person_key(self.meeting.chair or "")
        self.meeting.adjusters = [p for p in self.meeting.adjusters if person_key(p) != chair]
        if not self.meeting.adjusters:
            self.meeting.found.pop("adjusters", None)

    def _chair_named(self) -> None:
        named: Counter[str] = Counter()
        first: dict[str, int] = {}
        for m in _CHAIR_SAID.finditer(self.text):
            before = self.text[max(0, m.start() - 20) : m.start()].split()
            if before and (
                before[-1].casefold() in ROLE_WORDS - {"och"} or before[-1].endswith("s")
            ):
                continue
            found = lead_name(m.group("who"))
            if found and found[0].endswith(")"):
                named[found[0]] += 1
                first.setdefault(found[0], m.start("who"))
        if named:
            best = max(named, key=lambda p: (named[p], -first[p]))
            self._set("chair", best, first[best])


def _first_value(lines: Iterable[tuple[int, str]]) -> tuple[str, int]:
    """Return the first non-empty value among `(offset, line)` pairs, with its offset, before
    a label or § line; ("", 0) when there is none."""
    for start, s in lines:
        clean = s.strip(" .…_")
        if not clean:
            continue
        if _LABEL_AT_START.match(s) or _SECTION_LINE.match(s):
            break
        return clean, start + s.index(clean[0])
    return "", 0


def _label_row(segments: list[tuple[str, int, str]]) -> list[tuple[str, int, str]] | None:
    """Return a row of signature labels over a row of names with each label given its
    name, or None when `segments` are no such row. A two-column signature block reads
    "Ordförande<gap>Justerande" over "Pär Johansson<gap>Ewa Jablonska", or flattened to one
    line "Ordförande<gap>Justerande Pär Johansson<gap>Ewa Jablonska": the columns stand apart
    by wide gaps or signature lines ("____"), and the names come in the labels' order."""
    if len(segments) < 2 or any(value for _, _, value in segments[:-1]):
        return None
    at, last = segments[-1][1], segments[-1][2]
    names = [n.strip(" _") for n in re.split(r"\s{3,}|_{3,}", last) if n.strip(" _")]
    if len(names) != len(segments):
        return None
    return [
        (name, at + last.find(value), value)
        for (name, _, _), value in zip(segments, names, strict=True)
    ]


# The head of a protocol extract, repeated on its pages ("Utdrag ur protokoll Kulturnämnden
# Sammanträdesdatum: 2023-01-30"); a signature row may follow it on the same line.
_EXTRACT_HEAD = re.compile(
    r"^\s*(?:Utdrag ur [pP]rotokoll|Protokollsutdrag)\b.*?Sammanträdesdatum:\s*\S+\s*"
)
_SIGNATURE_START = re.compile(
    r"^\s*(?:Dag för justering|Justeringsdag|Justeringsdatum|Vid protokollet|Sekreterare"
    r"|Ordförande|Justerande)\b",
    re.M,
)


# What ends an extract's signature block: the next document or part of the bundle (an
# office's letter or e-mail begins), or the e-signature log. A head repeated with its date
# unfilled ("<!sammanträdesdatum>") belongs to the block; a head with a date starts another
# extract.
_NEW_DOCUMENT = re.compile(
    r"^\s*(?:Bilaga\s+\d+\b|Tjänsteutlåtande\b|Styrelsehandling\b"
    r"|Handling\s+\d{4}\s+nr\s+\d+\s*$|Detta dokument\b|Signed by\b)",
    re.M,
)
_BLOCK_END = re.compile(
    rf"{_NEW_DOCUMENT.pattern}|^\s*(?:Beslutsunderlag\b|Ärendet\b|Sammanfattning\b|Yttrande\b"
    r"|Expediering\b|§\s?\d+|(?:Från|Till|Ämne|Skickat):|\w*(?:kontoret|förvaltningen)\b)",
    re.I,
)
_SIGNATURE_LINES = 14  # a signature block's lines (labels, names, logo, repeated head)


def read_extract(text: str) -> Meeting:
    """Return the furniture a protocol extract's own text states in its signature block:
    the day of justering, the secretary ("Vid protokollet Sekreterare Stina Borrman"), the
    chair and the adjusters; the extract's repeated heads are read past. The extract's
    sections (§) come before its signature block, so only the text from the first
    signature label on is read (`read_meeting` would take labels after a § for text of
    the minutes), when it starts before the next document of the bundle (`_NEW_DOCUMENT`),
    up to the next document or extract (`_BLOCK_END`) and for at most `_SIGNATURE_LINES`
    lines: an extract without a block of its own must not take the next organ's people.
    Offsets in `found` are within that part of `text`.
    """
    end = _NEW_DOCUMENT.search(text)
    start = _SIGNATURE_START.search(text, 0, end.start() if end else len(text))
    if start is None:
        return Meeting()  # none before the next document: its block is not this extract's
    lines: list[str] = []
    for line in text[start.start() :].split("\n"):
        head = _EXTRACT_HEAD.match(line)
        if _BLOCK_END.match(line) or (head and md.extract_date(head.group())):
            break  # another document or another extract begins
        lines.append(_EXTRACT_HEAD.sub("", line))
        if sum(1 for kept in lines if kept.strip()) >= _SIGNATURE_LINES:
            break
    return read_meeting("\n".join(lines))


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
