"""The assistant service: opens the live index, answers questions, lists documents.

The service re-opens the index when ingest publishes a new version, so a running server
picks up new documents without a restart and never sees a half-built index.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.embedders.registry import resolve_embedder
from index.fusion import FusionParams

from assistant.answer import answer_question
from assistant.errors import DocumentNotFound, QuestionRejected
from assistant.models import Answer
from assistant.settings import Settings
from index.catalog import DocumentRecord
from index.embedders.base import Embedder
from index.knowledge_base import KnowledgeBase
from index.manifest import current_version
from index.models import Filters
from index.retriever import Retriever


@dataclass
class DocumentView:
    """A document with its text, cut into sections with their pages."""

    record: DocumentRecord
    sections: list[dict[str, Any]]


class Assistant:
    """Answers questions over the index configured in `settings`."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._lock = threading.Lock()
        self._version: Path | None = None
        self._retriever: Retriever | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = resolve_embedder(self.settings.index.embedder)
        return self._embedder

    def retriever(self) -> Retriever:
        """Return a retriever over the live index version, re-opening it after an ingest.

        Raises `IndexNotFound` when nothing was ingested yet.
        """
        live = current_version(self.settings.index.dir)
        with self._lock:
            if self._retriever is None or live != self._version:
                kb = KnowledgeBase.open_for_reading(self.settings.index.dir, self.embedder)
                self._retriever = Retriever(kb, self.settings.index.candidates, FusionParams())
                self._version = kb.path
            return self._retriever

    def check_question(self, question: str) -> str:
        """Return the stripped question; raise `QuestionRejected` if empty or too long."""
        text = question.strip()
        if not text:
            raise QuestionRejected("the question is empty")
        limit = self.settings.answer.max_question_chars
        if len(text) > limit:
            raise QuestionRejected(f"the question is {len(text)} characters; the limit is {limit}")
        return text

    def ask(self, question: str, filters: Filters | None = None, top_k: int | None = None) -> Answer:
        """Return a cited answer to `question` from the documents passing `filters`."""
        text = self.check_question(question)
        return answer_question(text, self.retriever(), self.settings.answer, filters, top_k)

    def documents(self, filters: Filters | None = None) -> list[DocumentRecord]:
        """Return the stored documents that have a section passing `filters`."""
        return self.retriever().kb.catalog.documents(filters)

    def document(self, doc_id: str) -> DocumentView:
        """Return one document with its sections; raise `DocumentNotFound` for an unknown id."""
        catalog = self.retriever().kb.catalog
        record = catalog.document(doc_id)
        if record is None:
            raise DocumentNotFound(f"no document with id '{doc_id}'")
        sections = []
        for n, section in enumerate(catalog.sections(doc_id)):
            meta = section.meta
            sections.append({
                "anchor": f"s{n}",
                "kind": section.kind,
                "pages": list(section.pages),
                "page_starts": [{"offset": o, "page": p} for o, p in section.page_starts],
                **{k: v for k, v in meta.to_dict().items()},
                "text": section.text,
            })
        return DocumentView(record, sections)
