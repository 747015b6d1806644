"""Questions about a meeting itself, answered from the furniture ingest read into the metadata.

Who chaired, who took the minutes, who adjusted them, who attended, where and when the
meeting was held: protocols print these in their header and signature block
(`ingest.furniture`), not in sentences that a quote could carry, so they are answered from
the section fields `chair`, `secretary`, `adjusters`, `attendees`, `place`, `meeting_time`,
`date` and `adjusted_on` (the day of justering), cited to the retrieved section of that
meeting, at the page the field is printed on. A question names its field by the domain's
words for the role ("Vid protokollet", "protokollförare", "justerare" …); when no
retrieved meeting has the field filled, the answer falls back to quoting sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.answer.anchors import organ_patterns
from assistant.answer.extractive import CitationBook, Composed, Passage
from assistant.answer.intent import ABOUT_MEETING, GROUP_NOUNS, MEETING_ROLES, SUCCESSION
from assistant.answer.kinds import Context, Kind, fact_depth
from assistant.answer.phrases import phrase, source_name
from assistant.answer.support import anchors_found
from index.lexicon import ENGLISH_MONTHS, MONTH_NUMBER, MONTH_PATTERN, MONTHS

# Each field with the words that ask for it, in Swedish and English. Order matters: the
# first that matches wins ("who adjusted the minutes" is about justerare, not the minutes).
_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # The day of justering, before the adjusters: "När justeras protokollet?" asks a day.
    (
        "adjusted_on",
        re.compile(
            r"^\s*(?:när|vilket\s+datum|vilken\s+dag|when|on\s+what\s+(?:date|day)|what\s+date)\b"
            r".*\b(?:juster\w*|adjust\w*|verif(?:y|ied)|co-?sign\w*)"
            r"|\b(?:justeringsdag\w*|dag\s+för\s+justering|justeringsdatum\w*)\b",
            re.I,
        ),
    ),
    *((name, MEETING_ROLES[name][0]) for name in ("adjusters", "secretary", "chair")),
    (
        "attendees",
        re.compile(
            r"\b(?:deltog|deltagare|närvar\w*|beslutande|tjänstgörande|attend\w*|participants?"
            r"|present\s+at)\b",
            re.I,
        ),
    ),
    (
        "place",
        re.compile(
            r"^\s*(?:var|where)\b.*\b(?:hölls|ägde|sammanträdde|träffades|held|take\s+place|met)\b"
            r"|\b(?:vilken\s+(?:lokal|plats)|which\s+(?:room|venue|place))\b",
            re.I,
        ),
    ),
    (
        "meeting_time",
        re.compile(
            r"\b(?:vilken\s+tid|vilket\s+klockslag|hur\s+dags|what\s+time|at\s+what\s+time)\b", re.I
        ),
    ),
    (
        "date",
        re.compile(
            r"^\s*(?:när|vilket\s+datum|what\s+date|when|on\s+which\s+day)\b.*\b(?:hölls|ägde|"
            r"sammanträdde|träffades|möte\w*|sammanträde\w*|held|meeting|meet|met)\b",
            re.I,
        ),
    ),
)
# What a field question must be about: a person ("vem", "who"), or the meeting itself.
_ASKS_PERSON = re.compile(r"\b(?:vem|vilka|vilken|who|whom)\b", re.I)
_PERSON_FIELDS = ("adjusters", "secretary", "chair")
# "Vilka kommuner/nämnder/bolag…", "Which municipalities…": a group of bodies, not people.
_ASKS_GROUP = re.compile(
    rf"\b(?:vilka|which)\s+(?:\w+\s+)?(?:{GROUP_NOUNS}|kommuner\w*|myndigheter\w*|regioner\w*"
    r"|municipalities|organisations|organizations)\b",
    re.I,
)
_ISO = re.compile(r"\b((?:19|20)\d\d-\d\d-\d\d)\b")
_WRITTEN = re.compile(
    rf"\b(\d{{1,2}})\s+({MONTH_PATTERN}|{'|'.join(ENGLISH_MONTHS)})\s+((?:19|20)\d\d)\b", re.I
)
# The American order of an English date: "May 29, 2024".
_US_WRITTEN = re.compile(
    rf"\b({'|'.join(ENGLISH_MONTHS)})\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b", re.I
)


@dataclass(frozen=True)
class FieldFound:
    """The furniture value that answers, and where it stands."""

    field: str
    value: str
    passage: Passage
    page: int | None


def asked_field(question: str) -> str | None:
    """Return the furniture field `question` asks for, or None for any other question.

    Only a question about a meeting, its protocol or minutes counts ("Vem var ordförande
    vid sammanträdet?", not "Vem efterträdde X som ordförande i styrgruppen?"). A role
    ("ordförande", "justerare", "vid protokollet", "took the minutes") counts in a question
    asking for a person ("Vem…", "Who…"); attendance, a place, time or date counts too
    ("Vilka deltog i mötet?", "Var hölls mötet?"), but not a question for a group of bodies
    ("Vilka kommuner deltog…"), which the quoted text answers. The caller leaves out list
    questions ("Vilka nämnder deltog…").
    """
    for name, pattern in _FIELDS:
        if not pattern.search(question):
            continue
        if not ABOUT_MEETING.search(question):
            return None  # "Vem efterträdde X som ordförande i styrgruppen?" is no meeting's
        if name in _PERSON_FIELDS:  # "Vem blev ny ordförande…" asks who took the office
            asks = _ASKS_PERSON.search(question) and not SUCCESSION.search(question)
            return name if asks else None
        if name == "attendees" and _ASKS_GROUP.search(question):
            return None  # "Vilka kommuner deltog…" asks for bodies, not the people present
        return name
    return None


_MONTH_YEAR = re.compile(
    rf"\b({MONTH_PATTERN}|{'|'.join(ENGLISH_MONTHS)})\s+((?:19|20)\d\d)\b", re.I
)
# What a meeting's time follows when it dates the meeting: an organ or the meeting itself, and
# at most two prepositions or articles ("kommunstyrelsen i maj 2024", "fullmäktige den 7
# september 2023", "the executive board meeting on 29 May 2024").
_MEETING_BEFORE = re.compile(
    r"(?<!\w)(?:\w*(?:nämnd|styrelse|fullmäktige|utskott|sammanträd|möte|mötet)\w*|K[FS]"
    r"|board|council|committee|meeting|session)\s+(?:(?:den|i|in|on|at|under|vid|the)\s+){0,2}$",
    re.I,
)
# A meeting named to date something else by: "sedan kommunstyrelsens sammanträde i maj 2024",
# "after the council meeting in March 2024" ask about what came before or after it.
_RELATIVE = re.compile(
    r"\b(?:sedan|efter|före|innan|since|after|before)\s+(?:[\w'’]+\s+){0,2}$", re.I
)


def meeting_times(question: str) -> set[str]:
    """Return the days ("2024-05-29") and months ("2024-05") a question dates a meeting by:
    a date or a month with its year ("i maj 2024", "on 29 May 2024") that follows an organ
    or a meeting word (`_MEETING_BEFORE`). A time after anything else dates a matter or a
    document ("yttrande daterat 2023-04-20", "kompletterande budget i oktober 2023"), and a
    year alone names no meeting ("budget 2024"), nor does a meeting named to date
    something else ("sedan kommunstyrelsens sammanträde i maj 2024")."""
    return {time for at, time in _named_times(question) if _dates_meeting(question, at)}


def question_dates(question: str) -> set[str]:
    """Return the ISO dates a question names ("2024-02-01", "8 december 2025", "May 29,
    2024")."""
    return {time for _, time in _named_times(question) if len(time) == len("2024-02-01")}


def _named_times(question: str) -> Iterator[tuple[int, str]]:
    """Yield `(offset, time)` for each date ("2024-05-29") and each month with its year
    ("2024-05") written in `question`, in any of the forms it may take."""
    for m in _ISO.finditer(question):
        yield m.start(), m.group(1)
    for m in _WRITTEN.finditer(question):
        day, month, year = m.groups()
        yield m.start(), f"{year}-{MONTH_NUMBER[month.casefold()]:02d}-{int(day):02d}"
    for m in _US_WRITTEN.finditer(question):
        month, day, year = m.groups()
        yield m.start(), f"{year}-{MONTH_NUMBER[month.casefold()]:02d}-{int(day):02d}"
    for m in _MONTH_YEAR.finditer(question):
        yield m.start(), f"{m.group(2)}-{MONTH_NUMBER[m.group(1).casefold()]:02d}"


def _dates_meeting(question: str, at: int) -> bool:
    """Return True when the time at offset `at` follows an organ or a meeting word that is
    not itself named to date something else ("sedan nämndens möte i maj 2024")."""
    found = _MEETING_BEFORE.search(question[:at])
    return found is not None and not _RELATIVE.search(question[: found.start()])


def in_named_meeting(passages: list[Passage], question: str) -> list[Passage]:
    """Return `passages` without the protocol §s of meetings held at none of the times the
    question dates a meeting by (`meeting_times`), when some passage is from such a time.

    "Hur många röstade nej när kommunstyrelsen i maj 2024 behandlade …" asks about the May
    meeting; a § of a June 2023 meeting cannot answer it, however alike its vote. A § agrees
    with any of the times, and nothing is left out when no passage agrees with one. Only
    sections with a § are meeting records; a handling's own date is no meeting's and is kept.
    """
    times = meeting_times(question)
    if not times:
        return passages

    def agrees(passage: Passage) -> bool:
        date = passage.hit.chunk.meta.date or ""
        return any(date.startswith(t) for t in times)

    if not any(agrees(p) for p in passages):
        return passages
    # A section's own § (not the § a yttrande borrows from the decision that adopted it).
    return [
        p
        for p in passages
        if not p.hit.chunk.meta.paragraph or not p.hit.chunk.meta.date or agrees(p)
    ]


def field_value(passage: Passage, name: str) -> str | None:
    """Return the section's value for furniture field `name` as text, or None when empty."""
    meta = passage.hit.chunk.meta
    value = getattr(meta, name, None)
    if isinstance(value, list):
        return ", ".join(value) if value else None
    return value or None


def find_field(passages: list[Passage], name: str, question: str) -> FieldFound | None:
    """Return the best-ranked retrieved meeting that has field `name` filled, on a date the
    question names when it names one, and of the organ it names when such a meeting was
    retrieved; None when no passage has it: another meeting's secretary does not answer
    for the meeting the question dates."""
    dates = question_dates(question)
    found = [p for p in passages if field_value(p, name)]
    if dates:
        found = [p for p in found if p.hit.chunk.meta.date in dates]
    # A meeting of the organ the question names, when one was retrieved: a bundle holds
    # extracts of several organs' protocols, each signed by its own secretary.
    organs = organ_patterns(question)
    own = [p for p in found if any(o.search(p.hit.chunk.meta.organ or "") for o in organs)]
    found = own or found
    if not found:
        return None
    best = found[0]
    page = best.hit.chunk.meta.meeting_pages.get(name)
    return FieldFound(name, field_value(best, name) or "", best, page)


_DAY_FIELDS = ("date", "adjusted_on")


def written_date(value: str, lang: str) -> str:
    """Return an ISO day as protocols write it, with the ISO form after it ("16 november
    2023 (2023-11-16)"); any other value unchanged."""
    found = _ISO.fullmatch(value.strip())
    if found is None:
        return value
    year, month, day = (int(part) for part in value.strip().split("-"))
    if not 1 <= month <= 12:
        return value
    names = ENGLISH_MONTHS if lang == "en" else MONTHS
    month_name = names[month - 1].capitalize() if lang == "en" else names[month - 1]
    return f"{day} {month_name} {year} ({value.strip()})"


def compose_meeting(
    passages: list[Passage], question: str, name: str, lang: str, book: CitationBook
) -> Composed | None:
    """Return the answer naming field `name` of the best retrieved meeting, cited; None when
    no retrieved meeting has it."""
    found = find_field(passages, name, question)
    if found is None:
        return None
    label = phrase(lang, f"field_{name}")
    meta = found.passage.hit.chunk.meta
    where = source_name(meta) + (f" {meta.date}" if meta.date else "")
    snippet = f"{label}: {found.value}"
    value = written_date(found.value, lang) if name in _DAY_FIELDS else found.value
    if name == "adjusters" and meta.chair and meta.chair not in value:
        # The chair adjusts a protocol with the adjusters (kommunallagen 5 kap. 69 § and
        # 6 kap. 35 §: "justeras av ordföranden och minst en ledamot").
        value += phrase(lang, "chair_adjusts", chair=meta.chair)
    n = book.cite(found.passage.hit, snippet)
    if found.page:
        book.citations[n - 1].page = found.page
    text = phrase(lang, "meeting_field", field=label, source=where, value=value)
    return Composed(f"{text} [{n}]", book.citations)


def _compose_kind(context: Context) -> Composed | None:
    c = context
    name = asked_field(c.question)
    if name is None:
        return None
    # Like a quote, a meeting answers only when its document names what the question names.
    passages = [
        p for p in c.passages[: fact_depth(c.sources)] if anchors_found(c.query, p.context_text)
    ]
    return compose_meeting(passages, c.question, name, c.lang, c.book)


MEETING = Kind(
    "meeting",
    recognise=lambda question, intent: (
        intent.kind != "aggregate" and asked_field(question) is not None
    ),
    depth=lambda settings, sources: fact_depth(sources),
    compose=_compose_kind,
)
