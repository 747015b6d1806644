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
from index.catalog import Catalog
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
    documents: DocumentReader
    in_matter: bool = False

    def section_passages(self, passage: Passage) -> list[Passage]:
        """Return the passages of every chunk of `passage`'s section, in text order."""
        chunk = passage.hit.chunk
        chunks = self.retriever.kb.catalog.section_chunks(chunk.doc_id, chunk.section)
        hits = [Hit(c, passage.hit.score) for c in chunks]
        return build_passages(
            hits, self.retriever.kb.lexical.analyzer, self.documents.sections, self.documents.title
        )


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


class DocumentReader:
    """A document's sections and title from the index catalog, each read once per answer."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._sections: dict[str, list[Section]] = {}
        self._titles: dict[str, str | None] = {}

    def sections(self, doc_id: str) -> list[Section]:
        """Return the document's sections in order ([] for an unknown id)."""
        if doc_id not in self._sections:
            self._sections[doc_id] = self._catalog.sections(doc_id)
        return self._sections[doc_id]

    def title(self, doc_id: str) -> str | None:
        """Return the document's own title (its first heading: "Minnesanteckningar
        styrgruppen 4M 2025-12-08"), or None when it has none or is unknown.

        A document that opens with a § (a protocol) has none: the title its record carries
        is that first §'s ärendemening ("Val av justerare"), which says nothing of the rest.
        """
        if doc_id not in self._titles:
            record = self._catalog.document(doc_id)
            sections = self.sections(doc_id)
            opens_with_paragraph = bool(sections and sections[0].meta.paragraph)
            self._titles[doc_id] = (
                record.meta.title if record and not opens_with_paragraph else None
            )
        return self._titles[doc_id]
