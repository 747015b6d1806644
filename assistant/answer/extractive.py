"""Fact and vote answers built from the best supporting sentences of the retrieved chunks.

Every retrieved chunk is cut into sentences; each sentence is scored against the question
(weighted term coverage, see `support`), must name what the question names (anchors) and
hold what it asks for (an amount, a date, a person). The best one is quoted with its
source; a following sentence that scores as well joins the quote ("Anna Nordin (M)
reserverar sig… Caroline Frisk (SD) reserverar sig…"), and up to two more sources that
support the answer as well are added after it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from assistant.answer.features import (
    EVENT_TYPES,
    FEATURES,
    QuestionView,
    contradicts,
    holds_type,
    sentence_features,
    set_cosines,
)
from assistant.answer.phrases import phrase, quoted, source_name
from assistant.answer.scorer import SentenceScorer
from assistant.answer.support import TermSet, display, text_terms
from assistant.answer.vectors import SentenceVectors
from assistant.models import Citation
from index.analyzer import SwedishAnalyzer
from index.lexicon import (
    MONTH_PATTERN,
    SUBHEADING,
    SUBHEADING_LINE,
    SUBHEADING_PARTS,
    SUBHEADINGS,
)
from index.models import Chunk, Hit, Section, SectionMeta
from index.text import ITEM_START, split_sentences

_JUNK = re.compile(
    r"@|Epost:|E-post:|Justerandes|Utdragsbestyrkande|Sida\s+\d|^\W*$|^(?:Från|Skickat|Till):"
    r"|\b(?:Ämne|Kopia|Skickat):"
    # A table of contents joins a heading to its page with dot leaders; it states nothing.
    r"|\.{4,}|…{2,}|(?:\.\s){4,}",
    re.I,
)
# The line a letter or yttrande is signed with: its place and date, and perhaps the organ
# ("Göteborg den 19 oktober 2022 Göteborgs kommunstyrelse"). It dates the text, it states
# nothing.
_SIGNED_AT = re.compile(
    rf"^[A-ZÅÄÖ][\w-]+,?\s+(?:den\s+)?(?:\d{{1,2}}\s+{MONTH_PATTERN}\s+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)"
    r"(?:\s+[A-ZÅÄÖ][\w-]*(?:\s+[a-zåäö][\w-]*)?){0,3}\.?$"
)
MAX_QUOTES = 3
# A question word this heavy (its idf share of the question) that neither a sentence nor
# its section says shows the passage is about something else ("Vilken lön har
# stadsdirektören?" is not answered by a paragraph on minimum wages). Set on the first
# sample questions, where answered ones leave at most 0.43 uncovered.
MAX_MISSING = 0.5
# Another source joins the best one when the scorer rates it at least this share of the
# best sentence's probability; a following sentence of the same passage joins its quote at
# `FOLLOW_SHARE`.
JOIN_SHARE = 0.6
FOLLOW_SHARE = 0.9


@dataclass
class Sentence:
    """One sentence of a chunk: its quotable text, offsets in the chunk and index terms."""

    text: str
    start: int
    end: int
    position: int
    terms: TermSet
    lead: TermSet | None = None  # for an item of a numbered list, its lead-in's terms


@dataclass
class Passage:
    """A retrieved chunk with its sentences and what its whole section says (the context).

    `context_terms` are the section's terms with its metadata; `context_text` is the
    metadata, section and whole document as flat text, where anchors are looked for.
    `paragraph` is the section's § or, for a yttrande without one, the § of the section of
    the same document and Dnr that has one (the decision that adopted the yttrande).
    `meta_terms` are the terms of `meta_text` alone: what every sentence of it says.
    `items` are the items of the numbered lists quoted whole among `sentences`, each also a
    candidate of its own with its list's lead-in (`list_items`).
    """

    hit: Hit
    rank: int
    sentences: list[Sentence]
    context_terms: TermSet
    context_text: str
    section_text: str
    meta_text: str
    paragraph: str | None = None
    meta_terms: TermSet = field(default_factory=TermSet)
    items: list[Sentence] = field(default_factory=list)

    def is_item(self, sentence: Sentence) -> bool:
        """Return True when `sentence` is one of `items`, split from a list it shares its
        position with."""
        return any(sentence is item for item in self.items)

    @cached_property
    def _base(self) -> int:
        """Where the chunk's text starts in `section_text`, -1 when it cannot be placed."""
        return _chunk_base(self.hit.chunk, self.section_text)

    @cached_property
    def _headings(self) -> tuple[list[int], list[re.Match[str]]]:
        """The section's subheading lines (`SUBHEADING_LINE`) with their end offsets, found
        once per passage rather than once per sentence."""
        found = list(SUBHEADING_LINE.finditer(self.section_text))
        return [m.end() for m in found], found

    def section_offset(self, start: int) -> int | None:
        """Return where offset `start` of the chunk's text lies in `section_text`, or None
        when the chunk cannot be placed in it."""
        return None if self._base < 0 else self._base + start

    def heading_before(self, start: int) -> re.Match[str] | None:
        """Return the last subheading line (`SUBHEADING_LINE`) of the section before offset
        `start` of the chunk's text: the heading of the part the text at `start` stands in."""
        offset = self.section_offset(start)
        if offset is None:
            return None
        ends, matches = self._headings
        before = bisect.bisect_right(ends, offset)
        return matches[before - 1] if before else None

    def part_at(self, start: int) -> str | None:
        """Return the part of the § (`SUBHEADING_PARTS`: "decision", "proposal", "record",
        "case", "listing") the text at offset `start` of the chunk stands in, or None."""
        heading = self.heading_before(start)
        return (
            None
            if heading is None
            else SUBHEADING_PARTS.get(" ".join(heading.group(1).casefold().split()))
        )


@dataclass
class Scored:
    """A candidate sentence with its support (0..1), own share and ranking score."""

    passage: Passage
    sentence: Sentence
    support: float
    own: float
    score: float
    says_verb: bool = True


@dataclass
class Composed:
    """An answer text with its citations, as the composers hand it back."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    supported: bool = True


class CitationBook:
    """Numbers sources in order of first use; citing the same chunk again reuses its number.

    A citation's snippet is what the answer quotes from it; a second quote from the same
    chunk is added to the snippet after " … ".
    """

    def __init__(self, paths_of: Callable[[str], list[str]]) -> None:
        self._paths_of = paths_of
        self._numbers: dict[str, int] = {}
        self.citations: list[Citation] = []

    def cite(self, hit: Hit, snippet: str, offset: int | None = None) -> int:
        """Return the citation number of `hit`, adding it with `snippet` when it is new.

        `offset` is where the quoted text starts in the chunk: a new citation gives the page
        of that character (a chunk may run over a page break), else the chunk's first page.
        """
        key = hit.chunk.id
        if key not in self._numbers:
            n = len(self.citations) + 1
            self._numbers[key] = n
            paths = self._paths_of(hit.chunk.doc_id)
            citation = Citation.from_hit(n, hit, snippet, paths)
            if offset is not None:
                citation.page = hit.chunk.page_at(offset)
                citation.locate(hit, offset, snippet)
            self.citations.append(citation)
        citation = self.citations[self._numbers[key] - 1]
        if snippet not in citation.snippet:
            citation.snippet = f"{citation.snippet}{SNIPPET_JOIN}{snippet}"
        return citation.n


SNIPPET_JOIN = " … "


def meta_text(meta: SectionMeta, document_title: str | None = None) -> str:
    """Return the metadata words a section is known by (organ, title, place, date, § and Dnr),
    with the title of its document when that differs from the section's.

    A document's title names what every part of it belongs to: each item of "Minnesanteckningar
    styrgruppen 4M 2025-12-08" is from the 4M meeting, though the item "1. Välkomna" never
    says "4M" itself. A § is an item of a meeting's protocol, so a dated § is known by
    the words for a meeting ("sammanträde", "möte") that its text rarely repeats: "Hur
    många röstade nej vid kommunstyrelsens sammanträde i mars 2024?" places the § there.
    """
    bits = [meta.organ, meta.title, meta.municipality, meta.date, meta.dnr]
    if meta.paragraph:
        bits.append(f"§ {meta.paragraph}")
        if meta.date:
            bits.append("sammanträde möte")
    if document_title and document_title != meta.title:
        bits.append(document_title)
    return " ".join(b for b in bits if b)


def build_passages(
    hits: list[Hit],
    analyzer: SwedishAnalyzer,
    sections_of: Callable[[str], list[Section]],
    title_of: Callable[[str], str | None] = lambda _doc_id: None,
) -> list[Passage]:
    """Return one passage per hit, best first, with its quotable sentences.

    `sections_of(doc_id)` gives a document's sections (the chunk's `section` indexes them);
    when it has none, the chunk stands for its section. `title_of(doc_id)` gives the
    document's own title, which joins each section's metadata (`meta_text`). A sentence that
    breaks off after a colon or a function word ("…ska ändras till") is joined with the next.
    A sentence seen already in a better hit of the same section is left out (chunks
    overlap), and so are page furniture and fragments of fewer than three words.
    """
    passages: list[Passage] = []
    seen: set[tuple[str, int, str]] = set()
    contexts: dict[tuple[str, int], tuple[str, TermSet, str, str | None]] = {}
    list_leads: dict[tuple[str, int], _ListLeads] = {}
    documents: dict[str, str] = {}
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        key = (chunk.doc_id, chunk.section)
        if key not in contexts:
            sections = sections_of(chunk.doc_id)
            contexts[key] = _context(chunk, sections, analyzer, title_of(chunk.doc_id))
            if chunk.doc_id not in documents:
                documents[chunk.doc_id] = " ".join(" ".join(s.text for s in sections).split())
        body, terms, flat, paragraph = contexts[key]
        meta = meta_text(chunk.meta, title_of(chunk.doc_id))
        sentences, items = [], []
        if key not in list_leads:
            list_leads[key] = _ListLeads(body, analyzer)
        leads = _ChunkLeads(list_leads[key], _chunk_base(chunk, body))
        for position, span in enumerate(_joined_spans(chunk.text)):
            claim = claim_span(chunk.text, span, chunk.meta)
            if claim is None:
                continue
            start, end = claim
            text = display(chunk.text[start:end])
            if (*key, text) in seen or not _quotable(text):
                continue
            seen.add((*key, text))
            lead = leads.of(start) if LIST_ITEM.match(text) else None
            own = text_terms(text, analyzer)
            sentences.append(Sentence(text, start, end, position, own, lead))
            for item in _item_sentences(chunk.text, start, end, position, analyzer, leads):
                if (*key, item.text) not in seen:  # chunks overlap: an item once per section
                    seen.add((*key, item.text))
                    items.append(item)
        passages.append(
            Passage(
                hit,
                rank,
                sentences,
                terms,
                f"{flat} {documents[chunk.doc_id]}",
                body,
                meta,
                paragraph,
                text_terms(meta, analyzer),
                items,
            )
        )
    return passages


# The end of a numbered list's lead-in: a colon before item 1; and any item 1.
_LEAD_END = re.compile(r":\s*1[.)]\s")
_ITEM_ONE = re.compile(r"(?:(?<=\s)|^)1[.)]\s")


def list_items(text: str) -> list[tuple[int, int]]:
    """Return the spans (offsets into `text`) of the items of the rest of a numbered list
    quoted as one sentence, or [] when `text` holds fewer than two items numbered in order
    or holds the list from its item 1.

    A list quoted from its start is quoted whole, as its decision reads ("1. Kommunstyrelsen
    godkänner avtalet. 2. Kommunstyrelsen ger kommundirektören i uppdrag att teckna det.");
    the rest of a list cut off from its lead-in ("2. … avslås. 3. Uppdraget … avbryts.", by
    the length of a quote or a chunk's start) says what each item is only with the lead-in,
    so each item stands alone with it.
    """
    run: list[re.Match[str]] = []
    for m in ITEM_START.finditer(text):
        if run and int(m.group(1)) == int(run[-1].group(1)) + 1:
            run.append(m)
        elif not run:
            run = [m]
    if len(run) < 2 or run[0].group(1) == "1":
        return []
    ends = [m.start() for m in run[1:]] + [len(text)]
    return [(m.start(), end) for m, end in zip(run, ends, strict=True)]


class _ListLeads:
    """Finds the lead-in of the numbered list an item stands in, in the item's section.

    The items of a decision list share the words of its lead-in: in "Kommunstyrelsen
    föreslår att kommunfullmäktige beslutar: 1. … 3. Uppdraget … avbryts." item 3 is what
    the board proposed, though it never says so itself, and the lead-in may stand in another
    chunk. The lead-in is the sentence that ends in the colon right before the nearest item
    1; a list whose item 1 follows no colon has none (an earlier list's lead-in is not its).
    One per section: its colons and items 1 are found once, for every chunk of it.
    """

    def __init__(self, body: str, analyzer: SwedishAnalyzer) -> None:
        self._body, self._analyzer = body, analyzer
        # (where the match ends, where the colon ends / where item 1 starts), in order
        self._colons = [(m.end(), m.start() + 1) for m in _LEAD_END.finditer(body)]
        self._ones = [(m.end(), m.start()) for m in _ITEM_ONE.finditer(body)]
        self._found: dict[int, TermSet | None] = {}

    def of(self, at: int) -> TermSet | None:
        """Return the terms of the lead-in of the item at section offset `at`, or None."""
        limit = at + 3  # the item's own "1. " counts when it is item 1
        end, one = _last_within(self._colons, limit), _last_within(self._ones, limit)
        if end is None or one is None or self._body[end:one].strip():
            return None  # the nearest list starts without a lead-in of its own
        if end not in self._found:
            spans = split_sentences(self._body[:end])
            lead = self._body[spans[-1][0] : end] if spans else ""
            self._found[end] = text_terms(display(lead), self._analyzer) if lead else None
        return self._found[end]


def _last_within(found: list[tuple[int, int]], limit: int) -> int | None:
    """Return the offset of the last of `found` (`(match end, offset)` in order) whose match
    ends at or before `limit`, or None."""
    i = bisect.bisect_right(found, (limit, float("inf")))
    return found[i - 1][1] if i else None


@dataclass(frozen=True)
class _ChunkLeads:
    """A section's `_ListLeads` seen from one chunk, whose text starts at `base` in the
    section (-1: it cannot be placed, and no item has a lead-in)."""

    leads: _ListLeads
    base: int

    def of(self, start: int) -> TermSet | None:
        """Return the lead-in's terms for the item at chunk offset `start`, or None."""
        return None if self.base < 0 else self.leads.of(self.base + start)


def _chunk_base(chunk: Chunk, body: str) -> int:
    """Return where `chunk`'s text starts in its section's text `body`, -1 when it cannot be
    placed."""
    base = chunk.start
    if base is None or body[base : base + len(chunk.text)] != chunk.text:
        return body.find(chunk.text)
    return base


def _item_sentences(
    text: str, start: int, end: int, position: int, analyzer: SwedishAnalyzer, leads: _ChunkLeads
) -> list[Sentence]:
    """Return the items of the numbered list quoted as `text[start:end]`, each a `Sentence`
    with its lead-in's terms; [] when the span is no such list."""
    items = []
    for a, b in list_items(text[start:end]):
        piece = text[start + a : start + b]
        shown = display(piece)
        if _quotable(shown):
            at = start + a
            items.append(
                Sentence(
                    shown,
                    at,
                    at + len(piece.rstrip()),
                    position,
                    text_terms(shown, analyzer),
                    leads.of(at),
                )  # fmt: skip
            )
    return items


def claim_span(text: str, span: tuple[int, int], meta: SectionMeta) -> tuple[int, int] | None:
    """Return `span` without its leading lines of heading material, or None when nothing else
    is left: a § line, a Dnr, the ärendemening (the section's title), the organ, a date and
    the standard subheadings ("Beslut", "Yttrande") name a part of a document but never
    state what it says, so they are not quoted as evidence."""
    start, end = span
    start = _after_glued_heading(text, start, end)
    while start < end:
        start = _after_title(text, start, end, meta.title)
        piece = text[start:end]
        newline = piece.find("\n")
        first = piece if newline < 0 else piece[:newline]
        if not heading_only(first, meta) or _continues_lower(piece, newline):
            return start, end
        if newline < 0:
            return None
        start += newline + 1
        while start < end and text[start].isspace():
            start += 1
    return None


def _continues_lower(piece: str, newline: int) -> bool:
    """Return True when the line ending at `newline` goes on in lower case on the next line:
    it is the start of a wrapped sentence (which the segmenter may have taken for a title),
    not a heading."""
    rest = piece[newline + 1 :].lstrip() if newline >= 0 else ""
    return bool(rest) and rest[0].islower()


def _after_title(text: str, start: int, end: int, title: str | None) -> int:
    """Return the offset after the section's title when `text[start:end]` opens with it
    wrapped over lines, and what follows starts with a capital (a subheading or a new
    sentence), else `start`. A title wraps where its text may not ("Yrkande från M, D, L
    och KD om att använda ö-dialogen som" / "remissinstans" / "Beslut"); a sentence the
    segmenter took for a title goes on in lower case and stays whole."""
    words = (title or "").split()
    if len(words) < 2:
        return start
    found = re.compile(r"\s+".join(re.escape(w) for w in words), re.I).match(text, start, end)
    if found is None or "\n" not in text[start : found.end()]:
        return start
    after = found.end()
    while after < end and text[after].isspace():
        after += 1
    return after if after < end and text[after].isupper() else start


def _after_glued_heading(text: str, start: int, end: int) -> int:
    """Return where the claim starts when a title and a subheading ran into it on one line,
    else `start`.

    Swedish capitalises a common noun only at the start of a sentence, so a subheading word
    written with a capital after a word in lower case, and followed by a capitalised word
    ("…i anslutning till kommunfullmäktige Motionen Rasmus Ragnarsson (SD) föreslår…"), is a
    heading that text extraction joined to the text on both sides: what precedes it is the
    title, and the claim starts after it. A subheading that opens the text and is followed
    by a capitalised word is such a heading too (`_OPENING_HEADING`).
    """
    last = None
    for match in _GLUED_HEADING.finditer(text, start, end):
        last = match
    if last is not None:
        return last.end()
    opening = _OPENING_HEADING.match(text, start, end)
    return start if opening is None else opening.end()


# `SUBHEADING`'s words as written (its pattern without its ignore-case flag).
_GLUED_HEADING = re.compile(r"(?<=[a-zåäö0-9)]\s)" + SUBHEADING.pattern + r"[ \t]+(?=[A-ZÅÄÖ])")
# The same subheading opening the sentence itself ("Ärendet Enligt beslut i Högsta
# förvaltningsdomstolen …", "Sammanfattning Nämnden svarar …"): a capitalised word after it
# starts the claim.
_OPENING_HEADING = re.compile(SUBHEADING.pattern + r"[ \t]+(?=[A-ZÅÄÖ][a-zåäö])")


def heading_only(line: str, meta: SectionMeta) -> bool:
    """Return True when `line` holds nothing but heading material of its section (see
    `claim_span`): it does not end a sentence, and fewer than two words of two letters or
    more remain once the heading material is removed. A line ending in a full stop is a
    claim even when the section took it as its title, and so is a line that gives a span of
    clock time ("6 Maj 2025 15.00 -16.00"): it is an entry of a schedule or calendar, saying
    when something takes place, which no heading of a document does."""
    if line.rstrip().endswith((".", "!", "?")) or CLOCK_SPAN.search(line):
        return False
    rest = line
    for known in (meta.title, meta.organ, meta.dnr, meta.date, meta.municipality):
        if known:
            rest = re.sub(re.escape(known), " ", rest, flags=re.I)
    rest = _HEADING_MARKS.sub(" ", SUBHEADING.sub(" ", rest))
    return len(_LETTER_WORD.findall(rest)) < 2


# A span of clock time: "15.00 -16.00", "kl. 9:30–12:00".
CLOCK_SPAN = re.compile(r"\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}")
_HEADING_MARKS = re.compile(
    r"§\s*\d+\w*|\bDnr\b[.:]?\s*\S+|\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b|\b\d+\s*\(\d+\)",
    re.I,
)


def _context(
    chunk: Chunk, sections: list[Section], analyzer: SwedishAnalyzer, document_title: str | None
) -> tuple[str, TermSet, str, str | None]:
    """Return a chunk's section text, its terms (with metadata), flat text and § number."""
    inside = 0 <= chunk.section < len(sections)
    body = sections[chunk.section].text if inside else chunk.text
    whole = f"{meta_text(chunk.meta, document_title)}\n{body}"
    paragraph = chunk.meta.paragraph
    if not paragraph and chunk.meta.dnr:
        paragraph = next(
            (
                s.meta.paragraph
                for s in sections
                if s.meta.paragraph
                and s.meta.dnr == chunk.meta.dnr
                and s.meta.organ == chunk.meta.organ
            ),
            None,
        )
    return body, text_terms(whole, analyzer), " ".join(whole.split()), paragraph


_OPEN_END = re.compile(
    r"(?::|\b(?:till|och|att|för|av|i|på|med|som|om|eller|samt|från|vid|mot|över|enligt|daterat"
    r"|daterad|den|det|en|ett|de|är|har|blir))\s*$",
    re.I,
)


_ITEM = re.compile(r"(\d{1,2})[.)]\s")
_QUOTE_MARK = re.compile(r'["”“]')
# A mark that opens a quotation stands after a space (or at the start) and before a word; a
# chunk that starts inside a quotation holds only its closing mark ("…området”.").
_OPENING_QUOTE = re.compile(r'(?:^|\s)["”“](?=\w)')
# "…yrkandena från SD samt M och D: 1." ends in the number of a list item whose text follows.
_ITEM_NUMBER_END = re.compile(r":\s*1[.)]$")


def _joined_spans(text: str) -> list[tuple[int, int]]:
    """Return sentence spans, a span that breaks off open joined with the one after it.

    A span is open when it ends in a colon or a function word ("…ska ändras till"), when
    it leads into a numbered list ("Kommunstyrelsen föreslås besluta" + "1. …" + "2. …"), or
    when a quotation it opens is not closed yet: a yrkande that words a new text ("…yrkar att
    yttrandet ska ändras till "… ändamålet. Programmet behöver innehålla …"") says it whole.
    Joined spans stay under 600 characters.
    """
    spans: list[tuple[int, int]] = []
    for start, end in split_sentences(text):
        if (
            spans
            and end - spans[-1][0] < 600
            and _continues(text[spans[-1][0] : spans[-1][1]], text[start:end])
        ):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _continues(before: str, after: str) -> bool:
    if _OPEN_END.search(before) or _ITEM_NUMBER_END.search(before):
        return True
    marks = list(_QUOTE_MARK.finditer(before))
    if len(marks) % 2 and _OPENING_QUOTE.match(before, max(marks[-1].start() - 1, 0)):
        return True
    item = _ITEM.match(after)
    if not item:
        return False
    n = int(item.group(1))
    if n == 1:
        return not re.search(r"[.!?]$", before.rstrip())
    return bool(re.search(rf"(?:^|\s){n - 1}[.)]\s", before))


def _quotable(text: str) -> bool:
    words = _LETTER_WORD.findall(text)
    if len(words) < 3 or len(words) > 120 or _JUNK.search(text) or _interleaved(words):
        return False
    if _SIGNED_AT.match(text):
        return False
    letters = len(_LETTER.findall(text))
    return len(_CAPITAL.findall(text)) < 0.6 * letters


def _interleaved(words: list[str]) -> bool:
    """Return True for a sentence with two or more protocol subheadings inside it
    ("… behöver Omröstning kommunstyrelsen och Protokollsanteckning kommunfullmäktige …"):
    a PDF column of headings was read into the running text, and the words no longer say
    what the document says."""
    return sum(w in _SUBHEADING_WORDS for w in words[1:]) >= 2


_SUBHEADING_WORDS = frozenset(h for h in SUBHEADINGS if " " not in h)
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER = re.compile(r"[^\W\d_]")
_CAPITAL = re.compile(r"[A-ZÅÄÖÉÜ]")


def quality(text: str) -> float:
    """Return a small penalty (0 to 0.2) for text that reads as a heading, list or calendar.
    A numbered item that ends as a sentence ends ("2. Motionen anses besvarad.") is a claim
    of its list, however short."""
    penalty = 0.0
    if not re.search(r"[.!?:;…\"”)]$", text):
        penalty += 0.1
    short = len(text.split()) < 5 and not (LIST_ITEM.match(text) and text.endswith((".", "!")))
    if short or CLOCK_SPAN.search(text) or re.search(r"\s\*\s", text):
        penalty += 0.1
    return penalty


# An item of a numbered list: "2. Motionen anses besvarad.", "3) Nämnden får i uppdrag …".
LIST_ITEM = re.compile(r"\s*\d{1,2}[.)]\s+\S")


SHORTLIST = 12  # candidates embedded for the cosine feature, chosen by the other features


def candidate_rows(
    passages: list[Passage], view: QuestionView
) -> list[tuple[Passage, Sentence, np.ndarray]]:
    """Return every quotable sentence of `passages` that can answer, with its feature
    vector, the cosine feature left at 0 (see `features.sentence_features`).

    Facts of the domain decide what cannot answer, before any score:
    - a sentence that holds no value of the type the question asks for (a date for "när",
      an amount for "vad kostar", a decision formula for "vad beslutade"), see
      `features.holds_type`;
    - one that says the opposite decision verb of the question's (`features.contradicts`);
    - one whose document does not name every name, organ and number of the question
      (anchors), or whose section (§) names none of those its metadata does not give: it
      is about something else;
    - one that does not itself say what a count or an amount is of ("invånare" for "hur
      många invånare", "kostar" for "vad kostar"): a number counts something else. (Left
      to the scorer alone, "Hur många platser har cykelgaraget…" was answered by "Antal
      Ja: 40".)
    - one where a question word weighing `MAX_MISSING` of the question or more is missing
      from the sentence and its whole section;
    - one whose sentence and section cover none of the question's subject (the words
      besides what it asks for), when the question has words a Swedish text can hold: a
      yearly sum in another § does not say what a parking norm costs.
    - for "när"/"vilket datum", one that does not say the question's verb: a date belongs
      to the event told in its own sentence ("När antog…" is not answered by the period an
      agreement runs). Left to the scorer alone, that question was answered by the period.
    """
    top = max((p.hit.score for p in passages), default=0.0) or 1.0
    rows = []
    for passage in passages:
        before = {s.position: s.terms for s in passage.sentences}
        for sentence in [*passage.sentences, *passage.items]:
            if not holds_type(view.intent, sentence.text) or contradicts(
                view.intent.topic, sentence.text
            ):
                continue
            lead = sentence.lead
            previous = before.get(sentence.position - 1) if lead is None else lead
            features = sentence_features(
                view,
                sentence.text,
                sentence.terms,
                passage.context_terms,
                passage.context_text,
                passage.section_text,
                passage.meta_text,
                passage.meta_terms,
                quality(sentence.text) > 0,
                passage.hit.score / top,
                passage.rank,
                passage.hit.ranks,
                0.0,
                previous,
                passage.part_at(sentence.start),
                lead,
            )
            if admissible(features, view):
                rows.append((passage, sentence, features))
    return rows


def admissible(features: np.ndarray, view: QuestionView) -> bool:
    """Return True when a candidate's anchors, missing words and verb allow it to answer
    (see `candidate_rows`)."""
    dated = view.intent.answer_type in EVENT_TYPES
    return bool(
        (features[_SUPPORT] > 0.0 or not view.coverable)
        and features[_ANCHORS_CONTEXT] >= 1.0
        and features[_ANCHORS_SECTION] > 0.0
        and features[_MISSING] < MAX_MISSING
        and features[_FOCUS_MISSING] == 0.0
        and not (dated and features[_VERB_MISSING])
    )


_SUPPORT = FEATURES.index("support")
_ANCHORS_CONTEXT = FEATURES.index("anchors_context")
_ANCHORS_SECTION = FEATURES.index("anchors_section")
_MISSING = FEATURES.index("missing")
_FOCUS_MISSING = FEATURES.index("focus_missing")
_VERB_MISSING = FEATURES.index("verb_missing")


_Row = tuple[Passage, Sentence, np.ndarray]


def _preferred(rows: list[_Row], keep: Callable[[_Row], bool]) -> list[_Row]:
    """Return the `rows` that `keep` accepts, or all `rows` when it accepts none: the
    narrowing a question asks for (a rate, an acting organ) never leaves it unanswered."""
    kept = [row for row in rows if keep(row)]
    return kept or rows


_RATE = re.compile(r"\bper\s+([^\W\d_]+)")  # lower case: "Per Holm" is a name
# A sum named by its unit as a compound's modifier: "månadskostnad", "årsavgift".
_RATE_NOUN = r"(?:kostnad|avgift|hyra|belopp|pris|lön|arvode|ersättning)"


def asked_rate(rows: list[_Row], view: QuestionView) -> list[_Row]:
    """Return the candidates of an amount question asked per unit ("What fee … per
    contract?", "Vad kostar det per år?") that give an amount per that unit ("2 250 kronor
    per avtal"), when any does, else all `rows`: a sum per contract is the answer, a one-off
    fee named beside a contract is not. The unit is met by a word after "per" or "/" that
    opens like one of the question word's renderings, or by a sum named with the unit as
    its modifier ("månadskostnad" for "per månad")."""
    asked = _RATE.search(view.intent.topic) if view.intent.answer_type == "amount" else None
    if asked is None:
        return rows
    word = asked.group(1).casefold()
    unit = next((u for u in view.query.units if word in u.label.casefold().split()), None)
    if unit is None:
        return rows
    stems = [alt[-1].stem for alt in unit.alternatives if alt]
    # read once per question: a sum named with the unit ("månadskostnad", "kr/år"), and a
    # rendering of the unit that is an adverb or adjective of rate ("årligen")
    named = [re.compile(rf"\b{re.escape(s)}\w*{_RATE_NOUN}|/\s?{re.escape(s)}\b") for s in stems]
    named += [re.compile(rf"\b{re.escape(s)}\w*") for s in stems[1:] if len(s) >= 3]

    def opens(word: str, stem: str) -> bool:
        # a stem of four letters or more opens the word; a shorter one is the word, inflected
        if len(stem) >= 4:
            return word.startswith(stem[:4])
        return len(word) <= len(stem) + 2 and word.startswith(stem)

    def per_unit(text: str) -> bool:
        folded = text.casefold()
        return any(
            opens(m.group(1).casefold(), stem) for m in _RATE.finditer(text) for stem in stems
        ) or any(pattern.search(folded) for pattern in named)

    return _preferred(rows, lambda row: per_unit(row[1].text))


# The organ a decision question has act: "Vad beslutade kommunstyrelsen …", "Hur ställde
# sig nämnden för funktionsstöd …", "What did the city executive board do with …".
_ACTING_ORGAN = re.compile(
    r"^\s*(?:vad|hur|vilket|vilka)\s+(?:\w+\s+){0,2}?(?P<sv>\w*(?:nämnd|styrelse|fullmäktige)\w*)"
    r"|^\s*(?:what|how)\s+did\s+the\s+(?P<en>(?:[\w-]+\s+){0,3}?(?:board|council|committee))"
    r"\b(?!['’])",
    re.I,
)


# An organ named by its kind alone names none ("nämnden", "Framtidens styrelse": the owner
# in the genitive is not the organ's name).
_KIND_ONLY = frozenset(
    f"{kind}{ending}"
    for kind, endings in (
        ("nämnd", ("", "en", "ens", "er", "erna", "ernas", "s")),
        ("styrelse", ("", "n", "ns", "r", "rna", "rnas", "s")),
        ("utskott", ("", "et", "ets", "en", "s")),
    )
    for ending in endings
) | {"board", "committee"}
# Papers a member writes: their organ is the one they are put to, not one that acted.
_MEMBERS_PAPERS = ("motion", "yrkande")


def by_acting_organ(rows: list[_Row], view: QuestionView) -> list[_Row]:
    """Return the candidates of a decision question that stand in a section of the organ the
    question has act ("Vad beslutade kommunstyrelsen …"), when any does, else all `rows`: a
    decision of the council on a like matter is not what the board did. The organ is met by
    the stems of its renderings (`QuestionView.query`) in the section's organ; an organ named
    only by its kind ("nämnden", "the committee") names none. A motion or a yrkande carries
    the organ it is put to, so it stands in no acting organ's section."""
    found = (
        _ACTING_ORGAN.match(view.intent.topic) if view.intent.answer_type == "decision" else None
    )
    if found is None:
        return rows
    named = (found.group("sv") or found.group("en")).casefold()
    if named in _KIND_ONLY:
        return rows
    stems = [
        alt[-1].stem
        for unit in view.query.units
        if named.startswith(unit.label.casefold()) or unit.label.casefold() in named
        for alt in unit.alternatives
        if alt
    ]
    if not stems:
        return rows

    def acting(row: _Row) -> bool:
        meta = row[0].hit.chunk.meta
        organ = (meta.organ or "").casefold()
        return meta.doc_type not in _MEMBERS_PAPERS and any(stem in organ for stem in stems)

    return _preferred(rows, acting)


def rank_sentences(
    passages: list[Passage],
    view: QuestionView,
    scorer: SentenceScorer,
    question: str,
    vectors: SentenceVectors | None = None,
    shortlist: int = SHORTLIST,
) -> list[Scored]:
    """Return the candidate sentences best first, each scored by the learned `scorer`.

    Every quotable sentence of every passage gets its features (`candidate_rows`); the
    `shortlist` best by all features but the cosine are embedded with `vectors` and scored
    in full, and only they are returned, their `support` and `score` being the probability
    that they answer `question`. Without `vectors` the cosine is left at its training mean.
    Ties keep retrieval order.
    """
    rows = by_acting_organ(asked_rate(candidate_rows(passages, view), view), view)
    if not rows:
        return []
    matrix = np.stack([f for _, _, f in rows])
    order = np.argsort(-scorer.logits(matrix, with_cosine=False), kind="stable")[:shortlist]
    picked = [rows[i] for i in order]
    chosen = matrix[order]
    if vectors is not None:
        sentence_vectors = vectors.passages([s.text for _, s, _ in picked])
        set_cosines(chosen, sentence_vectors @ vectors.query(question))
    probabilities = scorer.probability(chosen)
    verb_missing = chosen[:, FEATURES.index("verb_missing")]
    scored = [
        Scored(passage, sentence, float(p), float(p), float(p), says_verb=not missing)
        for (passage, sentence, _), p, missing in zip(
            picked, probabilities, verb_missing, strict=True
        )
    ]
    scored.sort(key=lambda s: (-round(s.score, 6), s.passage.rank, s.sentence.position))
    return scored


# The longest numbered list (characters) quoted whole for a decision question.
WHOLE_LIST = 700


def quote_of(best: Scored, ranked: list[Scored], whole_list: bool = False) -> str:
    """Return the best sentence with its neighbours in the same passage that score nearly as
    well (`FOLLOW_SHARE`), three sentences at most: a decision goes on in its next numbered
    point, and members reserving themselves stand on consecutive lines. An item split from
    its list (`Passage.items`) stands alone: it shares its list's position. With
    `whole_list` (a question asking what was decided), an item is quoted with the rest of its
    list when the list is `WHOLE_LIST` characters or less: the points of a decision are
    one decision ("1. … får i uppdrag att utreda … 2. Motionen anses i övrigt besvarad.")."""
    if best.passage.is_item(best.sentence):
        if whole_list:
            whole = next(
                (
                    s.text
                    for s in best.passage.sentences
                    if s.position == best.sentence.position and best.sentence.text in s.text
                ),
                None,
            )
            if whole is not None and len(whole) <= WHOLE_LIST:
                return whole
        return best.sentence.text
    by_position = {
        s.sentence.position: s
        for s in ranked
        if s.passage is best.passage and not best.passage.is_item(s.sentence)
    }
    first = last = best.sentence.position
    while last - first < 2:
        after, before = by_position.get(last + 1), by_position.get(first - 1)
        if after is not None and after.score >= FOLLOW_SHARE * best.score:
            last += 1
        elif before is not None and before.score >= FOLLOW_SHARE * best.score:
            first -= 1
        else:
            break
    return " ".join(by_position[p].sentence.text for p in range(first, last + 1))


def _repeats(other: Scored, chosen: list[Scored]) -> bool:
    """A quote adds nothing when its text is inside a chosen one (or holds it), or when it
    comes from another copy of a chosen source (same organ and Dnr)."""
    text, meta = other.sentence.text, other.passage.hit.chunk.meta
    for item in chosen:
        if text in item.sentence.text or item.sentence.text in text:
            return True
        if meta.dnr and (meta.organ, meta.dnr) == (
            item.passage.hit.chunk.meta.organ,
            item.passage.hit.chunk.meta.dnr,
        ):
            return True
    return False


def compose_fact(
    ranked: list[Scored],
    lang: str,
    min_support: float,
    max_sources: int,
    book: CitationBook,
    note_of: Callable[[Scored], str] | None = None,
    whole_lists: bool = False,
) -> Composed | None:
    """Return a quoted, cited answer from ranked sentences, or None when none is support enough.

    The best sentence needs `min_support` (the scorer's calibrated threshold); other sources
    join when they reach both `min_support` and `JOIN_SHARE` of the best (and say the
    question's verb when the best does), one quote per section, `max_sources` at most.
    `note_of(quote)` may add a remark after a quote ("in a motion by …, voted down").
    `whole_lists` quotes an item of a numbered list with its list (see `quote_of`).
    """
    if not ranked or ranked[0].support < min_support:
        return None
    best = ranked[0]
    chosen = [best]
    sections = {(best.passage.hit.chunk.doc_id, best.passage.hit.chunk.section)}
    for other in ranked[1:]:
        if len(chosen) >= min(MAX_QUOTES, max_sources):
            break
        chunk = other.passage.hit.chunk
        if (chunk.doc_id, chunk.section) in sections or _repeats(other, chosen):
            continue
        if other.support >= max(min_support, JOIN_SHARE * best.support) and (
            other.says_verb or not best.says_verb
        ):
            chosen.append(other)
            sections.add((chunk.doc_id, chunk.section))
    lines = []
    for i, item in enumerate(chosen):
        text = quote_of(item, ranked, whole_lists)
        n = book.cite(item.passage.hit, text, item.sentence.start)
        lead = phrase(
            lang,
            "according_to" if i == 0 else "see_also",
            source=source_name(item.passage.hit.chunk.meta, item.passage.paragraph),
        )
        note = note_of(item) if note_of else ""
        lines.append(f"{lead}: {quoted(lang, text)} [{n}]" + (f" ({note})" if note else ""))
    return Composed("\n".join(lines), book.citations)
