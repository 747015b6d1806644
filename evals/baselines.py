"""The anchors kommunrag must beat, run on the same questions: BM25-only, dense-only and the
plain llama-index default pipeline.

BM25-only and dense-only search the very index kommunrag uses (its `LexicalIndex` and its
`VectorStore`), so they differ from kommunrag only in fusion and answer composition. The
llama-index baseline reads the corpus files itself with `SimpleDirectoryReader`, splits
them with the default `SentenceSplitter` and embeds the nodes into a `VectorStoreIndex`
with the *same* embedder as kommunrag (query and passage sides kept apart). Its index is
persisted next to the eval index, so a second run reuses it.

None of the baselines has an answer composer of its own, so they all answer the same
simple way (`compose_top_sentences`): from each of the top three retrieved chunks, the
sentence sharing most content words (by five-letter stem) with the question, each cited to
its chunk. When no
such sentence shares a single content word with the question, the baseline refuses.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from evals.metrics import content_words
from index.embedders.base import Embedder
from index.knowledge_base import KnowledgeBase

COMPOSE_CHUNKS = 3
DEPTH = 20
BASELINE_NOTE = (
    "Baselines have no answer composer of their own. Each answers with, from each of its "
    f"top {COMPOSE_CHUNKS} retrieved chunks, the sentence that shares most content words "
    "(compared by their first five letters) with the question, cited to that chunk; it "
    "refuses when no such sentence shares any content word with the question. BM25-only "
    "and dense-only search kommunrag's own index; "
    "the llama-index baseline is SimpleDirectoryReader + SentenceSplitter (defaults) + "
    "VectorStoreIndex with kommunrag's embedder, top-k retrieval, no LLM."
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=[-•*]\s)")


@dataclass
class Retrieved:
    """One retrieved passage as the metrics and the report see it."""

    id: str
    label: str
    text: str
    organ: str | None = None


@dataclass
class Response:
    """What a system answered to one question, what it retrieved, and how long it took.

    Citations are dicts with `n`, `label`, `chunk_id`, `organ`, `snippet` and `chunk_text`.
    `generation` is set by a system with an LLM (see `evals.generation`).
    """

    text: str
    refused: bool
    citations: list[dict[str, Any]] = field(default_factory=list)
    retrieved: list[Retrieved] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    generation: dict[str, Any] | None = None


class System(Protocol):
    """Anything that answers eval questions."""

    name: str

    def respond(self, question: str) -> Response: ...


def split_sentences(text: str) -> list[str]:
    """Return the non-empty sentences of `text` (also split at blank lines and list items)."""
    return [s.strip() for s in _SENTENCES.split(text) if s and s.strip()]


def stems(text: str) -> set[str]:
    """Return the first five letters of each content word of `text`: a crude stemmer, so
    that "kommun" meets "kommuns" and "avtalet" meets "avtal"."""
    return {w[:5] for w in content_words(text)}


def best_sentence(question_stems: set[str], text: str) -> tuple[str, int]:
    """Return the sentence of `text` sharing most content-word stems with the question, and
    how many it shares (the first one wins a tie; ("", 0) for a text without sentences)."""
    best, score = "", 0
    for sentence in split_sentences(text):
        overlap = len(question_stems & stems(sentence))
        if overlap > score:
            best, score = sentence, overlap
    return best, score


def compose_top_sentences(
    question: str, retrieved: list[Retrieved]
) -> tuple[str, bool, list[dict]]:
    """Return (answer text, refused, citations) built from the top retrieved chunks.

    Refuses (empty text, no citations) when no top chunk shares a content word with the
    question.
    """
    wanted = stems(question)
    lines: list[str] = []
    citations: list[dict[str, Any]] = []
    for hit in retrieved[:COMPOSE_CHUNKS]:
        sentence, score = best_sentence(wanted, hit.text)
        if score == 0:
            continue
        n = len(citations) + 1
        lines.append(f"{' '.join(sentence.split())} [{n}]")
        citations.append(
            {
                "n": n,
                "label": hit.label,
                "chunk_id": hit.id,
                "organ": hit.organ,
                "snippet": sentence,
                "chunk_text": hit.text,
            }
        )
    return "\n".join(lines), not citations, citations


def respond_from(
    question: str, search: Callable[[str, dict[str, float]], list[Retrieved]]
) -> Response:
    """Return the baseline response for `question` using `search` for retrieval.

    `search` fills the timings dict it is given with its "embed"/"retrieve" seconds.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    retrieved = search(question, timings)
    composing = time.perf_counter()
    text, refused, citations = compose_top_sentences(question, retrieved)
    timings["compose"] = time.perf_counter() - composing
    timings["total"] = time.perf_counter() - started
    return Response(text, refused, citations, retrieved, timings)


def _from_chunk_ids(kb: KnowledgeBase, ids: list[str]) -> list[Retrieved]:
    chunks = kb.catalog.chunks(ids)
    return [
        Retrieved(cid, chunks[cid].label, chunks[cid].text, chunks[cid].meta.organ)
        for cid in ids
        if cid in chunks
    ]


class LexicalBaseline:
    """BM25 over kommunrag's own lexical index, no fusion."""

    name = "bm25"

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def search(self, question: str, timings: dict[str, float]) -> list[Retrieved]:
        started = time.perf_counter()
        ids = [cid for cid, _ in self.kb.lexical.search(question, DEPTH)]
        found = _from_chunk_ids(self.kb, ids)
        timings["retrieve"] = time.perf_counter() - started
        return found

    def respond(self, question: str) -> Response:
        return respond_from(question, self.search)


class DenseBaseline:
    """Nearest neighbours in kommunrag's own vector store, no fusion."""

    name = "dense"

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def search(self, question: str, timings: dict[str, float]) -> list[Retrieved]:
        started = time.perf_counter()
        vector = self.kb.embedder.embed_query(question)
        timings["embed"] = time.perf_counter() - started
        started = time.perf_counter()
        ids = [cid for cid, _ in self.kb.vectors.search(vector, DEPTH)]
        found = _from_chunk_ids(self.kb, ids)
        timings["retrieve"] = time.perf_counter() - started
        return found

    def respond(self, question: str) -> Response:
        return respond_from(question, self.search)


class LlamaIndexBaseline:
    """llama-index's default pipeline over the corpus files, with kommunrag's embedder."""

    name = "llama-index"

    def __init__(self, files: list[Path], embedder: Embedder, persist_dir: Path) -> None:
        self.embedder = embedder
        self.index = build_or_load_index(files, embedder, persist_dir)
        self.retriever = self.index.as_retriever(similarity_top_k=DEPTH)

    def search(self, question: str, timings: dict[str, float]) -> list[Retrieved]:
        from llama_index.core import QueryBundle

        started = time.perf_counter()
        vector = self.embedder.embed_query(question).tolist()
        timings["embed"] = time.perf_counter() - started
        started = time.perf_counter()
        nodes = self.retriever.retrieve(QueryBundle(query_str=question, embedding=vector))
        timings["retrieve"] = time.perf_counter() - started
        return [Retrieved(n.node.node_id, _node_label(n.node), n.node.get_content()) for n in nodes]

    def respond(self, question: str) -> Response:
        return respond_from(question, self.search)


def _node_label(node: Any) -> str:
    meta = node.metadata or {}
    name = meta.get("file_name", "?")
    page = meta.get("page_label")
    return f"{name} p. {page}" if page else f"{name} @{node.start_char_idx or 0}"


# llama-index is imported only when this baseline runs, so its classes are built on demand.
def llama_embedding(embedder: Embedder) -> Any:
    """Return a llama-index `BaseEmbedding` that calls `embedder`'s query and passage sides."""
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class KommunragEmbedding(BaseEmbedding):
        _embedder: Any = PrivateAttr()

        def __init__(self, inner: Embedder) -> None:
            super().__init__(model_name=inner.id, embed_batch_size=32)
            self._embedder = inner

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed_query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed_passages([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed_passages(texts).tolist()

    return KommunragEmbedding(embedder)


def pdf_reader() -> Any:
    """Return a llama-index reader giving one Document per PDF page (through pypdf).

    `llama-index-readers-file` is not a dependency, and without it SimpleDirectoryReader
    would read a PDF's raw bytes as text; this does what its PDFReader does.
    """
    from llama_index.core import Document
    from llama_index.core.readers.base import BaseReader
    from pypdf import PdfReader

    class PypdfReader(BaseReader):
        def load_data(self, file: Path, extra_info: dict | None = None, **_: Any) -> list[Any]:
            pages = PdfReader(file).pages
            return [
                Document(
                    text=page.extract_text() or "",
                    metadata={**(extra_info or {}), "page_label": str(n)},
                )
                for n, page in enumerate(pages, 1)
            ]

    return PypdfReader()


def build_or_load_index(files: list[Path], embedder: Embedder, persist_dir: Path) -> Any:
    """Return the llama-index `VectorStoreIndex` over `files`, loaded from `persist_dir`
    when a previous run saved it there, else built with the default pipeline and saved."""
    from llama_index.core import (
        Settings,
        SimpleDirectoryReader,
        StorageContext,
        VectorStoreIndex,
        load_index_from_storage,
    )
    from llama_index.core.llms import MockLLM
    from llama_index.core.node_parser import SentenceSplitter

    Settings.llm = MockLLM()  # retrieval only: nothing may call a remote model
    Settings.embed_model = llama_embedding(embedder)
    if (persist_dir / "docstore.json").is_file():
        storage = StorageContext.from_defaults(persist_dir=str(persist_dir))
        return load_index_from_storage(storage, embed_model=Settings.embed_model)
    reader = SimpleDirectoryReader(
        input_files=[str(f) for f in files], file_extractor={".pdf": pdf_reader()}
    )
    index = VectorStoreIndex.from_documents(
        reader.load_data(), transformations=[SentenceSplitter()], show_progress=True
    )
    staging = persist_dir.with_name(persist_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    index.storage_context.persist(persist_dir=str(staging))
    shutil.rmtree(persist_dir, ignore_errors=True)
    staging.rename(persist_dir)
    return index
