"""Fact and vote answers built from the best supporting sentences of the retrieved chunks.

Every retrieved chunk is cut into sentences; each sentence is scored against the question
(weighted term coverage, see `support`), must name what the question names (anchors) and
hold what it asks for (an amount, a date, a person). The best one is quoted with its
source; a following sentence that scores as well joins the quote ("Anna Nordin (M)
reserverar sig… Caroline Frisk (SD) reserverar sig…"), and up to two more sources that
support the answer as well are added after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.answer.intent import Intent, has_answer_type, names_role
from assistant.answer.phrases import phrase, quoted, source_name
from assistant.answer.support import (
    Query,
    TermSet,
    Unit,
    anchors_found,
    coverage,
    display,
    missing_share,
    text_terms,
)
from assistant.models import Citation
from index.analyzer import SwedishAnalyzer
from index.models import Chunk, Hit, Section, SectionMeta
from index.text import split_sentences

_JUNK = re.compile(
    r"@|Epost:|E-post:|Justerandes|Utdragsbestyrkande|Sida\s+\d|^\W*$|^(?:Från|Skickat|Till):"
    r"|\b(?:Ämne|Kopia|Skickat):",
    re.I,
)
_VOTE_SENTENCE = re.compile(
    r"\b(?:reserverar|reserverade|yrkar|yrkade|röstade|avslå|avslog|bifall|finner att|avstår"
    r"|deltar inte)\b",
    re.I,
)
MAX_QUOTES = 3
# A question word that neither a sentence nor its section says may not weigh this much of
# the question ("Vilken lön har stadsdirektören?" is not answered by "Stadsdirektörens
# anmälningar"). On the sample, answered questions leave at most 0.43 uncovered.
MAX_MISSING = 0.5
# What a sentence loses for not saying the question's verb itself: "Revisorerna tillstyrker
# …ansvarsfrihet" covers every other word of "För vilken nämnd avstyrker revisorerna
# ansvarsfrihet…?" but does not answer it.
VERB_MISSING = 0.3
# The heaviest question word a sentence may leave out itself (its source's organ and place
# count as said), as a share of the question, when the question asks for no typed answer:
# "Lägstalönerna enligt kollektivavtal är cirka 22 000" does not say whose pay the question
# "Vilken lön har Göteborgs stadsdirektör?" asks about, even when its section does.
MAX_OWN_MISSING = 0.35


@dataclass
class Sentence:
    """One sentence of a chunk: its quotable text, offsets in the chunk and index terms."""

    text: str
    start: int
    end: int
    position: int
    terms: TermSet


@dataclass
class Passage:
    """A retrieved chunk with its sentences and what its whole section says (the context).

    `context_terms` are the section's terms with its metadata; `context_text` is the
    metadata, section and whole document as flat text, where anchors are looked for.
    `paragraph` is the section's § or, for a yttrande without one, the § of the section of
    the same document and Dnr that has one (the decision that adopted the yttrande).
    `meta_terms` are the terms of `meta_text` alone: what every sentence of it says.
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

    def cite(self, hit: Hit, snippet: str) -> int:
        """Return the citation number of `hit`, adding it with `snippet` when it is new."""
        key = hit.chunk.id
        if key not in self._numbers:
            n = len(self.citations) + 1
            self._numbers[key] = n
            paths = self._paths_of(hit.chunk.doc_id)
            self.citations.append(Citation.from_hit(n, hit, snippet, paths))
        citation = self.citations[self._numbers[key] - 1]
        if snippet not in citation.snippet:
            citation.snippet = f"{citation.snippet}{SNIPPET_JOIN}{snippet}"
        return citation.n


SNIPPET_JOIN = " … "


def meta_text(meta: SectionMeta) -> str:
    """Return the metadata words a section is known by (organ, title, place, date, § and Dnr)."""
    bits = [meta.organ, meta.title, meta.municipality, meta.date, meta.dnr]
    if meta.paragraph:
        bits.append(f"§ {meta.paragraph}")
    return " ".join(b for b in bits if b)


def build_passages(
    hits: list[Hit], analyzer: SwedishAnalyzer, sections_of: Callable[[str], list[Section]]
) -> list[Passage]:
    """Return one passage per hit, best first, with its quotable sentences.

    `sections_of(doc_id)` gives a document's sections (the chunk's `section` indexes them);
    when it has none, the chunk stands for its section. A sentence that breaks off after a
    colon or a function word ("…ska ändras till") is joined with the next. A sentence seen
    already in a better hit of the same section is left out (chunks overlap), and so are
    page furniture and fragments of fewer than three words.
    """
    passages: list[Passage] = []
    seen: set[tuple[str, int, str]] = set()
    contexts: dict[tuple[str, int], tuple[str, TermSet, str, str | None]] = {}
    documents: dict[str, str] = {}
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        key = (chunk.doc_id, chunk.section)
        if key not in contexts:
            sections = sections_of(chunk.doc_id)
            contexts[key] = _context(chunk, sections, analyzer)
            if chunk.doc_id not in documents:
                documents[chunk.doc_id] = " ".join(" ".join(s.text for s in sections).split())
        body, terms, flat, paragraph = contexts[key]
        sentences = []
        for position, (start, end) in enumerate(_joined_spans(chunk.text)):
            text = display(chunk.text[start:end])
            if (*key, text) in seen or not _quotable(text):
                continue
            seen.add((*key, text))
            sentences.append(Sentence(text, start, end, position, text_terms(text, analyzer)))
        passages.append(
            Passage(
                hit,
                rank,
                sentences,
                terms,
                f"{flat} {documents[chunk.doc_id]}",
                body,
                meta_text(chunk.meta),
                paragraph,
                text_terms(meta_text(chunk.meta), analyzer),
            )
        )
    return passages


def _context(
    chunk: Chunk, sections: list[Section], analyzer: SwedishAnalyzer
) -> tuple[str, TermSet, str, str | None]:
    """Return a chunk's section text, its terms (with metadata), flat text and § number."""
    inside = 0 <= chunk.section < len(sections)
    body = sections[chunk.section].text if inside else chunk.text
    whole = f"{meta_text(chunk.meta)}\n{body}"
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


def _joined_spans(text: str) -> list[tuple[int, int]]:
    """Return sentence spans, a span that breaks off open joined with the one after it.

    A span is open when it ends in a colon or a function word ("…ska ändras till"), or when
    it leads into a numbered list ("Kommunstyrelsen föreslås besluta" + "1. …" + "2. …").
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
    if _OPEN_END.search(before):
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
    if len(words) < 3 or len(words) > 120 or _JUNK.search(text):
        return False
    letters = len(_LETTER.findall(text))
    return len(_CAPITAL.findall(text)) < 0.6 * letters


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER = re.compile(r"[^\W\d_]")
_CAPITAL = re.compile(r"[A-ZÅÄÖÉÜ]")


def quality(text: str) -> float:
    """Return a small penalty (0 to 0.2) for text that reads as a heading, list or calendar."""
    penalty = 0.0
    if not re.search(r"[.!?:;…\"”)]$", text):
        penalty += 0.1
    if len(text.split()) < 5 or re.search(
        r"\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}|\s\*\s", text
    ):
        penalty += 0.1
    return penalty


_EVENT_TYPES = ("date", "when")


def rank_sentences(
    passages: list[Passage], query: Query, intent: Intent, event_share: float = 0.0
) -> list[Scored]:
    """Return the sentences that may answer, best first.

    A sentence qualifies when its section names every anchor of the question (and the
    sentence itself names one of those its section's metadata does not), it holds the
    intent's answer type (a "who" question also takes a role the question does not name),
    it says the intent's focus word itself and it covers at least one unit itself, and no
    heavy question word is missing from it and its section (see `missing_share`), nor, for
    a fact question with no answer type, from it and its source's metadata
    (`MAX_OWN_MISSING`). A sentence giving a date must itself cover `event_share` of the
    question, since a date belongs to the event told in the same sentence. Support is
    measured on the question's subject, its units other than the focus word: "69 000
    kronor" answers what the STARK agreement costs, not what any programme costs. The score
    is its support plus a little for the hit's retrieval score (and, for vote questions,
    for a sentence that records a motion, reservation or ruling), less `VERB_MISSING` for a
    sentence that does not say the question's verb (`intent.verb`) itself. Ties keep
    retrieval order.
    """
    top = max((p.hit.score for p in passages), default=0.0) or 1.0
    focus = [
        u for u in query.units if intent.focus and intent.focus.casefold() in u.label.casefold()
    ]
    subject = Query([u for u in query.units if u not in focus] or query.units, query.anchors)
    verb = [u for u in query.units if intent.verb and u.label.casefold() == intent.verb.casefold()]
    untyped = intent.kind == "fact" and intent.answer_type is None
    scored = []
    for passage in passages:
        if not anchors_found(query, passage.context_text):
            continue
        loose = [a for a in query.anchors if not a.search(passage.meta_text)]
        for sentence in passage.sentences:
            if not _holds_answer(intent, sentence.text):
                continue
            if any(u.cover(sentence.terms) < 0.8 for u in focus):
                continue
            if loose and not any(a.search(sentence.text) for a in loose):
                continue
            support, own = coverage(subject, sentence.terms, passage.context_terms)
            if (own <= 0 and not focus) or (
                intent.answer_type in _EVENT_TYPES and own < event_share
            ):
                continue
            if missing_share(subject, sentence.terms, passage.context_terms) >= MAX_MISSING:
                continue
            if untyped and _leaves_out(subject, sentence.terms | passage.meta_terms, verb):
                continue
            bonus = 0.1 if intent.kind == "vote" and _VOTE_SENTENCE.search(sentence.text) else 0.0
            says_verb = all(u.cover(sentence.terms) >= 0.8 for u in verb)
            bonus -= 0.0 if says_verb else VERB_MISSING
            score = support + 0.15 * passage.hit.score / top + bonus - quality(sentence.text)
            scored.append(Scored(passage, sentence, support, own, score, says_verb))
    scored.sort(key=lambda s: (-round(s.score, 6), s.passage.rank, s.sentence.position))
    return scored


def _leaves_out(subject: Query, said: TermSet, verb: list[Unit]) -> bool:
    """The question's verb does not count here: it is often said in other words ("tyckte"
    for a yttrande), and `VERB_MISSING` already weighs it."""
    rest = Query([u for u in subject.units if u not in verb], subject.anchors)
    return missing_share(rest, said) * rest.total >= MAX_OWN_MISSING * subject.total


def _holds_answer(intent: Intent, text: str) -> bool:
    """A "who" question is also answered by a role ("…till kommunstyrelsens presidium")."""
    if intent.answer_type == "person" and names_role(text, intent.topic):
        return True
    return has_answer_type(intent.answer_type, text)


def quote_of(best: Scored, ranked: list[Scored]) -> str:
    """Return the best sentence with the sentences right after it that score as well, the
    question's verb aside: "Beslut Enligt … yrkandena från SD samt M och D: 1." goes on in
    "Biblioteksplan 2024-2028 återremitteras…", which need not say "beslutade" again."""
    texts = [best.sentence.text]
    by_position = {s.sentence.position: s for s in ranked if s.passage is best.passage}
    position = best.sentence.position + 1
    while len(texts) < 3 and position in by_position:
        follower = by_position[position]
        if _unpenalised(follower) < 0.9 * _unpenalised(best):
            break
        texts.append(follower.sentence.text)
        position += 1
    return " ".join(texts)


def _unpenalised(item: Scored) -> float:
    return item.score + (0.0 if item.says_verb else VERB_MISSING)


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
) -> Composed | None:
    """Return a quoted, cited answer from ranked sentences, or None when none is support enough.

    The best sentence needs `min_support`; other sources join when they reach both
    `min_support` and 90 % of the best support (and say the question's verb when the best
    does), one quote per section, `max_sources` at most.
    `note_of(quote)` may add a remark after a quote ("in a motion by …, voted down").
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
        if other.support >= max(min_support, 0.9 * best.support) and (
            other.says_verb or not best.says_verb
        ):
            chosen.append(other)
            sections.add((chunk.doc_id, chunk.section))
    lines = []
    for i, item in enumerate(chosen):
        text = quote_of(item, ranked)
        n = book.cite(item.passage.hit, text)
        lead = phrase(
            lang,
            "according_to" if i == 0 else "see_also",
            source=source_name(item.passage.hit.chunk.meta, item.passage.paragraph),
        )
        note = note_of(item) if note_of else ""
        lines.append(f"{lead}: {quoted(lang, text)} [{n}]" + (f" ({note})" if note else ""))
    return Composed("\n".join(lines), book.citations)
