"""What every kind of question shares: how it is recognised, how deep it retrieves, and
how it composes, plus the context a composer is handed.

A kind lives in its own module (`fact`, `votes`, `meeting`, `aggregate`) and is listed once
in `registry.REGISTRY`; adding a kind is one module and one line there. The question is
classified once (`intent.classify_question`); each kind recognises itself from the
question and that intent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.extractive import CitationBook, Composed, Passage, build_passages
from assistant.answer.intent import Intent
from assistant.answer.support import Query
from assistant.settings import AnswerSettings
from index.models import Hit, Section
from index.retriever import Retriever


def fact_depth(sources: int) -> int:
    """Return how many hits a fact answer reads for an answer citing up to `sources`."""
    return max(3 * sources, 12)


@dataclass
class Context:
    """Everything a composer may use: the question, its intent and units, the retrieved
    passages (best first), the retriever and settings, how many sources an answer may cite,
    and the citation book the answer is numbered in. `in_matter` is True for a follow-up
    searched inside the one matter (Dnr) the previous answer cited (see `answer_question`)."""

    question: str
    lang: str
    intent: Intent
    query: Query
    passages: list[Passage]
    retriever: Retriever
    settings: AnswerSettings
    sources: int
    book: CitationBook
    sections_of: Callable[[str], list[Section]]
    in_matter: bool = False

    def section_passages(self, passage: Passage) -> list[Passage]:
        """Return the passages of every chunk of `passage`'s section, in text order."""
        chunk = passage.hit.chunk
        chunks = self.retriever.kb.catalog.section_chunks(chunk.doc_id, chunk.section)
        hits = [Hit(c, passage.hit.score) for c in chunks]
        return build_passages(hits, self.retriever.kb.lexical.analyzer, self.sections_of)


@dataclass(frozen=True)
class Kind:
    """One kind of question.

    `recognise(question, intent)` tells whether the kind applies; `depth(settings, sources)`
    how many hits it reads; `compose(context)` the answer, or None when it finds none. A
    `final` kind's answer (or refusal) stands; otherwise the next recognised kind is tried.
    """

    name: str
    recognise: Callable[[str, Intent], bool]
    depth: Callable[[AnswerSettings, int], int]
    compose: Callable[[Context], Composed | None]
    final: bool = False


def section_reader(retriever: Retriever) -> Callable[[str], list[Section]]:
    """Return a function giving a document's sections, reading each document once."""
    cache: dict[str, list[Section]] = {}

    def sections_of(doc_id: str) -> list[Section]:
        if doc_id not in cache:
            cache[doc_id] = retriever.kb.catalog.sections(doc_id)
        return cache[doc_id]

    return sections_of
