"""The assistant service: opens the live index, answers questions, chats, lists documents.

The service re-opens the index when ingest publishes a new version, so a running server
picks up new documents without a restart and never sees a half-built index. With an LLM
configured (`llm.backend`), answers are generated and verified, and fall back to the
extractive answerer when the LLM is unavailable.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer import answer_question
from assistant.answer.generative import (
    StreamEvent,
    degraded,
    generate_answer,
    replay,
    stream_answer,
)
from assistant.chat import (
    Rewrite,
    previous_turn,
    rewrite_followup,
    scoped_filters,
    user_turns,
    with_subject,
)
from assistant.errors import DocumentNotFound, OriginalFileMissing, QuestionRejected
from assistant.facets import Facets, facet_counts
from assistant.llm import Llm, Message, resolve_llm
from assistant.models import Answer
from assistant.settings import Settings
from index.catalog import DocumentRecord
from index.embedders.base import Embedder
from index.embedders.registry import resolve_embedder
from index.fusion import FusionParams
from index.knowledge_base import KnowledgeBase
from index.manifest import current_version
from index.models import Filters, Scope
from index.retriever import Retriever
from index.text import normalise_text


@dataclass
class ChatReply:
    """A chat turn's answer and the standalone question it answers."""

    answer: Answer
    rewrite: Rewrite


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
        self._facets: dict[tuple[Path | None, Scope | None], Facets] = {}
        self._counts: dict[tuple[Path | None, Scope | None], dict[str, list[dict[str, Any]]]] = {}
        # Built now, so that a server pays llama-index's import time at start, not on a request.
        self.llm: Llm | None = resolve_llm(settings.llm)
        # Called with every finished answer (the API counts them in its metrics).
        self.observer: Callable[[Answer], None] = lambda answer: None

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
                index = self.settings.index
                kb = KnowledgeBase.open_for_reading(
                    index.dir, self.embedder, index.store_urls(), index.store_options()
                )
                self._retriever = Retriever(kb, index.candidates, FusionParams(), index.lexical)
                self._version = kb.path
            return self._retriever

    def check_question(self, question: str) -> str:
        """Return the question stripped and in normal form (`index.text.normalise_text`);
        raise `QuestionRejected` if empty or too long."""
        text = normalise_text(question).strip()
        if not text:
            raise QuestionRejected("the question is empty")
        limit = self.settings.answer.max_question_chars
        if len(text) > limit:
            raise QuestionRejected(f"the question is {len(text)} characters; the limit is {limit}")
        return text

    def ask(
        self,
        question: str,
        filters: Filters | None = None,
        top_k: int | None = None,
        budget_s: float | None = None,
        scope: Scope | None = None,
        in_matter: bool = False,
    ) -> Answer:
        """Return a cited answer to `question` from the documents passing `filters`.

        With an LLM the answer is generated and verified; `budget_s` caps the LLM's time
        (default `llm.timeout_s`). Raises `QuestionRejected` for an empty or too long question
        and `FilterMatchesNothing` for filters that match no document. `scope` (what the
        principal may see) is applied inside every search. `in_matter`: `filters` hold the
        one matter a conversation is about (see `answer_question`).
        """
        text = self.check_question(question)
        filters = scoped(filters, scope)
        self.check_filters(filters)
        retriever = self.retriever()
        if self.llm is None:
            answer = answer_question(
                text, retriever, self.settings.answer, filters, top_k, in_matter=in_matter
            )
        else:
            answer = generate_answer(
                text, retriever, self.settings, self.llm, filters, top_k, budget_s
            )
        self.observer(answer)
        return answer

    def ask_stream(
        self,
        question: str,
        filters: Filters | None = None,
        top_k: int | None = None,
        budget_s: float | None = None,
        scope: Scope | None = None,
    ) -> Iterator[StreamEvent]:
        """Return the events of an answer: `sources`, `delta`…, `done`.

        The question and filters are checked and the index opened before this returns, so
        those errors are raised here rather than inside the stream.
        """
        text = self.check_question(question)
        filters = scoped(filters, scope)
        self.check_filters(filters)
        retriever = self.retriever()
        events = stream_answer(text, retriever, self.settings, self.llm, filters, top_k, budget_s)
        return self._observed(events)

    def _observed(self, events: Iterator[StreamEvent]) -> Iterator[StreamEvent]:
        for item in events:
            if item.event == "done" and item.answer is not None:
                self.observer(item.answer)
            yield item

    def rewrite(
        self, messages: list[Message], filters: Filters | None = None, scope: Scope | None = None
    ) -> tuple[Rewrite, float | None]:
        """Return the standalone question of a conversation and the LLM time left for its answer.

        The rewrite may use a third of `llm.timeout_s`; if the LLM failed there, the time
        left is 0 and the answer is extractive. Raises `QuestionRejected` for a
        conversation that does not end with a usable user message and `FilterMatchesNothing`
        for filters that match no document.
        """
        limit = self.settings.api.max_chat_turns
        if len(messages) > limit:
            raise QuestionRejected(
                f"the conversation has {len(messages)} messages; the limit is {limit}"
            )
        self.check_question(user_turns(messages)[-1])
        started = time.monotonic()
        budget = self.settings.llm.timeout_s
        filters = scoped(filters, scope)
        organs = self.organs(scope)
        rewrite = rewrite_followup(messages, filters, organs, self.llm, budget / 3)
        rewrite = dataclasses.replace(rewrite, filters=scoped(rewrite.filters, scope))
        self.check_question(rewrite.question)
        self.check_filters(rewrite.filters)
        if rewrite.method != "as_is":
            rewrite = self._in_scope(rewrite, messages, filters, scope)
        if rewrite.degraded_reason:
            return rewrite, 0.0
        return rewrite, max(budget - (time.monotonic() - started), 0.5)

    def _in_scope(
        self,
        rewrite: Rewrite,
        messages: list[Message],
        filters: Filters | None,
        scope: Scope | None = None,
    ) -> Rewrite:
        """Return `rewrite` with its filters narrowed to the matter (Dnr) the previous turn's
        answer cited first, when the follow-up, as asked or as rewritten, finds support
        there; else unchanged. A list answer ("Vilka nämnder…") names many matters and gives
        no scope."""
        previous = previous_turn(messages, filters, self.organs(scope))
        if previous is None:
            return rewrite
        retriever = self.retriever()
        earlier = scoped(previous[1], scope)
        before = answer_question(previous[0], retriever, self.settings.answer, earlier)
        single = before.supported and before.citations and before.kind != "aggregate"
        cited = before.citations[0] if single else None
        matter = scoped_filters(rewrite.filters, cited.dnr if cited else None)
        if cited is None or matter is None:
            return rewrite
        matter = scoped(matter, scope)
        # Inside the matter the follow-up needs no subject added ("Vad kostar det per år?"
        # asked of § 113 alone is what the user meant); else its pronoun stands for the
        # matter's ärendemening; else the rules' rewrite.
        chunk = retriever.chunk(cited.chunk_id)
        title = chunk.meta.title if chunk is not None else None
        titled = with_subject(rewrite.original, title) if title else None
        for question in dict.fromkeys(q for q in (rewrite.original, titled, rewrite.question) if q):
            inside = answer_question(
                question, retriever, self.settings.answer, matter, in_matter=True
            )
            if inside.supported:
                return dataclasses.replace(
                    rewrite, question=question, filters=matter, in_matter=True
                )
        return rewrite

    def chat(
        self, messages: list[Message], filters: Filters | None = None, scope: Scope | None = None
    ) -> ChatReply:
        """Return the answer to the conversation's last user message, follow-ups rewritten;
        every search stays inside `scope`."""
        rewrite, budget = self.rewrite(messages, filters, scope)
        return ChatReply(self._answer(rewrite, budget, scope), rewrite)

    def chat_stream(
        self, messages: list[Message], filters: Filters | None = None, scope: Scope | None = None
    ) -> tuple[Rewrite, Iterator[StreamEvent]]:
        """Return the rewrite of a conversation and the events of its answer."""
        rewrite, budget = self.rewrite(messages, filters, scope)
        if (self.llm is not None and budget == 0.0) or (self.llm is None and rewrite.in_matter):
            return rewrite, replay(self._answer(rewrite, budget, scope))
        return rewrite, self.ask_stream(
            rewrite.question, rewrite.filters, budget_s=budget, scope=scope
        )

    def _answer(self, rewrite: Rewrite, budget: float | None, scope: Scope | None) -> Answer:
        if self.llm is not None and budget == 0.0:
            filters = scoped(rewrite.filters, scope)
            base = answer_question(
                rewrite.question, self.retriever(), self.settings.answer, filters
            )
            answer = degraded(base, rewrite.degraded_reason or "LLM unavailable")
            self.observer(answer)
            return answer
        return self.ask(
            rewrite.question,
            rewrite.filters,
            budget_s=budget,
            scope=scope,
            in_matter=rewrite.in_matter,
        )

    def facets(self, scope: Scope | None = None) -> Facets:
        """Return the filter fields of the live index's chunks inside `scope` (cached per
        index version and scope)."""
        retriever = self.retriever()
        key = (self._version, scope)
        if key not in self._facets:
            fields = (c.filter_fields() for c in retriever.kb.catalog.iter_chunks())
            inside = (f for f in fields if scope is None or scope.allows(f))
            if len(self._facets) > 64:
                self._facets.clear()
            self._facets[key] = Facets.from_fields(inside)
        return self._facets[key]

    def facet_counts(self, scope: Scope | None = None) -> dict[str, list[dict[str, Any]]]:
        """Return the filter values with their document counts (`facets.facet_counts`) inside
        `scope`, cached per index version and scope."""
        retriever = self.retriever()
        key = (self._version, scope)
        if key not in self._counts:
            fields = (c.filter_fields() for c in retriever.kb.catalog.iter_chunks())
            inside = (f for f in fields if scope is None or scope.allows(f))
            self._counts[key] = facet_counts(inside)
        return self._counts[key]

    def organs(self, scope: Scope | None = None) -> list[str]:
        """Return the organ names in the live index inside `scope` (cached per version)."""
        return self.facets(scope).values("organ")

    def check_filters(self, filters: Filters | None) -> None:
        """Raise `FilterMatchesNothing` when `filters` match no document of the live index
        inside their scope; the suggestions name only values inside it."""
        if filters is not None and any(filters.restrictions().values()):
            self.facets(filters.scope).check(filters)

    def documents(
        self, filters: Filters | None = None, scope: Scope | None = None
    ) -> list[DocumentRecord]:
        """Return the stored documents inside `scope` that have a section passing `filters`."""
        return self.retriever().kb.catalog.documents(scoped(filters, scope))

    def document(self, doc_id: str, scope: Scope | None = None) -> DocumentView:
        """Return one document with its sections; raise `DocumentNotFound` for an unknown id
        and, with the same message, for a document outside `scope` (its existence stays
        unknown)."""
        catalog = self.retriever().kb.catalog
        record = catalog.document(doc_id)
        stored = catalog.sections(doc_id) if record is not None else []
        if record is None or (scope is not None and not _inside(stored, scope)):
            raise DocumentNotFound(f"no document with id '{doc_id}'")
        sections = []
        for n, section in enumerate(stored):
            meta = section.meta
            sections.append(
                {
                    "anchor": f"s{n}",
                    "kind": section.kind,
                    "pages": list(section.pages),
                    "page_starts": [{"offset": o, "page": p} for o, p in section.page_starts],
                    **{k: v for k, v in meta.to_dict().items()},
                    "text": section.text,
                }
            )
        return DocumentView(record, sections)

    def original_file(self, doc_id: str, scope: Scope | None = None) -> Path:
        """Return the path of a file the document was ingested from whose content is still
        what was ingested (same SHA-256). Raises `DocumentNotFound` for an unknown id or one
        outside `scope` (see `document`) and `OriginalFileMissing` when every such file is
        gone or has changed since."""
        self.document(doc_id, scope)
        catalog = self.retriever().kb.catalog
        for record in sorted(catalog.files().values(), key=lambda r: r.path):
            path = Path(record.path)
            if record.doc_id == doc_id and path.is_file() and _sha256(path) == record.sha256:
                return path
        raise OriginalFileMissing(f"the original file of document '{doc_id}' is not available")


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def scoped(filters: Filters | None, scope: Scope | None) -> Filters | None:
    """Return `filters` restricted to `scope` (unchanged when `scope` is None)."""
    if scope is None:
        return filters
    return dataclasses.replace(filters or Filters(), scope=scope)


def _inside(sections: list[Any], scope: Scope) -> bool:
    """True when a section of the document lies inside `scope`."""
    return any(
        scope.allows({"doc_class": s.meta.doc_class, "municipality": s.meta.municipality or ""})
        for s in sections
    )
