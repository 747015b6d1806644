"""Orchestrates a run: discover, parse, clean, segment, chunk, embed, and publish the index."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.catalog import Catalog, FileRecord
from index.embed_cache import EmbeddingCache
from index.embedders.base import Embedder
from index.knowledge_base import IndexWriter, context_text
from index.lock import IndexLock
from index.manifest import current_version, remove_staging
from index.models import Chunk, ParsedDocument, Section, SectionMeta
from index.settings import IndexSettings
from ingest.access import read_access
from ingest.chunk import chunk_section
from ingest.clean import clean_pages
from ingest.discover import Discovery, FoundFile, discover, inspect
from ingest.errors import UnreadableDocument
from ingest.language import is_language
from ingest.names import key_path, path_key
from ingest.parsers import ParseLimits, parse_file
from ingest.progress import IngestProgress
from ingest.redact import redact_pii
from ingest.report import FileOutcome, IngestReport, skip_outcome
from ingest.segment import segment_document
from ingest.settings import IngestSettings
from ingest.worker import BudgetWorker

_MB = 1024 * 1024


def chunking_hash(settings: IngestSettings) -> str:
    """Return a short hash of the settings that decide how text becomes chunks."""
    keys: dict[str, object] = {
        "chunk_tokens": settings.chunk_tokens,
        "overlap": settings.chunk_overlap_sentences,
    }
    # What decides a chunk's text and access fields too; left out at their defaults so that
    # existing indexes keep their hash.
    if settings.redact_pii:
        keys["redact_pii"] = True
    if settings.default_class != "public" or settings.access_rules:
        keys["access"] = [settings.default_class, *(r.model_dump() for r in settings.access_rules)]
    return hashlib.sha256(json.dumps(keys, sort_keys=True).encode()).hexdigest()[:12]


@dataclass
class _Prepared:
    found: FoundFile
    doc: ParsedDocument
    sections: list[Section]
    chunks: list[Chunk]


@dataclass
class _EmbedBuffer:
    """Collects documents until enough chunks wait, then embeds them in large batches."""

    embedder: Embedder
    batch_size: int
    report: IngestReport
    cache: EmbeddingCache | None = None
    on_embedded: Callable[[int, int], None] = lambda n, tokens: None
    waiting: list[_Prepared] = field(default_factory=list)

    def pending(self) -> int:
        return sum(len(p.chunks) for p in self.waiting)

    def flush(self) -> list[tuple[_Prepared, np.ndarray]]:
        texts = [context_text(c) for p in self.waiting for c in p.chunks]
        vectors = np.zeros((len(texts), self.embedder.dim), dtype=np.float32)
        cached = self.cache.get(texts) if self.cache is not None else {}
        for i, vector in cached.items():
            vectors[i] = vector
        self.on_embedded(len(cached), 0)
        missing = [i for i in range(len(texts)) if i not in cached]
        fresh = [texts[i] for i in missing]
        tokens = [self.embedder.count_tokens(t) for t in fresh]
        started = time.perf_counter()
        vectors[missing] = _embed_batched(
            self.embedder, fresh, self.batch_size, self.on_embedded, tokens
        )
        self.report.embed_seconds += time.perf_counter() - started
        self.report.embed_tokens += sum(tokens)
        self.report.embed_cached += len(cached)
        if self.cache is not None and fresh:
            self.cache.put(fresh, vectors[missing])
        out, offset = [], 0
        for prepared in self.waiting:
            n = len(prepared.chunks)
            out.append((prepared, vectors[offset : offset + n]))
            offset += n
        self.waiting = []
        return out


def _embed_batched(
    embedder: Embedder,
    texts: list[str],
    batch_size: int,
    on_batch: Callable[[int, int], None] = lambda n, tokens: None,
    tokens: list[int] | None = None,
) -> np.ndarray:
    """Return the vectors of `texts`, embedded in length-sorted batches of `batch_size`;
    `on_batch(chunks, tokens)` follows each batch (`tokens`: per-text counts, if known)."""
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    # Similar lengths in one batch waste less work on padding-free but length-bound kernels.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for i in range(0, len(order), batch_size):
        idx = order[i : i + batch_size]
        out[idx] = embedder.embed_passages([texts[j] for j in idx])
        on_batch(len(idx), sum(tokens[j] for j in idx) if tokens else 0)
    return out


def document_meta(sections: list[Section]) -> SectionMeta:
    """Return document-level metadata: the first section's, without people and parties."""
    if not sections:
        return SectionMeta()
    first = sections[0].meta
    return SectionMeta(
        municipality=next((s.meta.municipality for s in sections if s.meta.municipality), None),
        organ=first.organ,
        doc_class=first.doc_class,
        doc_type=first.doc_type,
        date=first.date,
        dnr=first.dnr,
        paragraph=None,
        title=first.title,
    )


class Ingester:
    """Runs ingest with one set of settings and one embedder."""

    def __init__(self, ingest: IngestSettings, index: IndexSettings, embedder: Embedder) -> None:
        self.settings = ingest
        self.index = index
        self.embedder = embedder

    def prepare(self, found: FoundFile) -> _Prepared:
        """Parse, clean, segment and chunk one file, within the budgets of the settings.

        Raises `UnreadableDocument`: the parser's reasons, "over_pages", "over_chars",
        "over_unpacked_size", "empty" (nothing left after cleaning), "not_text" (it reads
        as no language) and "over_chunks".
        """
        s = self.settings
        limits = ParseLimits(s.max_pages, s.max_chars, int(s.max_unpacked_mb * _MB))
        doc = parse_file(found.path, int(s.max_file_mb * _MB), s.ocr, limits)
        doc.pages = clean_pages(doc.pages)
        if s.redact_pii:
            doc.pages = [redact_pii(page) for page in doc.pages]
        if not any(p.strip() for p in doc.pages):
            raise UnreadableDocument(
                found.path, "empty", "no text left after removing page furniture"
            )
        if not is_language("\n".join(doc.pages)):
            raise UnreadableDocument(found.path, "not_text", "the content reads as no language")
        access = read_access(found.path, s.access_rules, s.default_class)
        sections = segment_document(doc)
        for section in sections:
            section.meta.doc_class = access.doc_class
            chosen = access.municipality or section.meta.municipality or s.default_municipality
            section.meta.municipality = chosen
        chunks: list[Chunk] = []
        for i, section in enumerate(sections):
            chunks += chunk_section(
                section,
                found.doc_id,
                i,
                s.chunk_tokens,
                self.embedder.count_tokens,
                s.chunk_overlap_sentences,
            )
            if len(chunks) > s.max_chunks:
                raise UnreadableDocument(
                    found.path, "over_chunks", f"over the limit of {s.max_chunks} chunks"
                )
        return _Prepared(found, doc, sections, chunks)

    def run(
        self, paths: Iterable[Path], prune: bool = False, progress: bool | None = None
    ) -> IngestReport:
        """Ingest `paths` into the index and return the run report.

        Unchanged files are skipped by content hash; bad files are recorded and skipped.
        The index switches to the new version only when the whole run succeeded. One run
        at a time per index: raises IndexLocked when another holds the index for longer
        than `lock_wait_s`. Staging folders left by killed runs are removed first.
        `progress` (chunks embedded, see `ingest.progress`): True for a bar, False for none,
        None for a bar on a terminal and a line every few seconds on stderr elsewhere.
        """
        with IndexLock(self.index.dir, self.settings.lock_wait_s):
            remove_staging(self.index.dir)
            return self._run(paths, prune, progress)

    def _run(self, paths: Iterable[Path], prune: bool, progress: bool | None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport(embedder=self.embedder.id)
        found = discover(paths)
        report.files += [FileOutcome(r.key, "skipped", r.reason, r.message) for r in found.refused]
        known = self._known_files()
        todo = self._diff(found, known, report)
        gone = [k for k in known if not key_path(k).exists()] if prune else []
        if todo or gone:
            with IndexWriter(
                self.index.dir,
                self.embedder,
                self.index.store,
                chunking_hash(self.settings),
                keep=self.index.keep_versions,
                store_urls=self.index.store_urls(),
                store_options=self.index.store_options(),
            ) as writer:
                self._remove(writer, gone, report)
                self._add(writer, todo, known, report, progress)
                report.index_version = writer.commit().name
        report.seconds = time.perf_counter() - started
        return report

    def _known_files(self) -> dict[str, FileRecord]:
        version = current_version(self.index.dir)
        if version is None:
            return {}
        catalog = Catalog(version / "catalog.sqlite", readonly=True)
        try:
            return catalog.files()
        finally:
            catalog.close()

    def _diff(
        self, found: Discovery, known: dict[str, FileRecord], report: IngestReport
    ) -> list[FoundFile]:
        """Return the files that are new or changed; record the unchanged and unreadable."""
        todo = []
        for path in found.files:
            try:
                file = inspect(path, known.get(path_key(path)))
            except Exception as exc:  # stat or hashing failed: skip this file only
                report.files.append(skip_outcome(path_key(path), exc))
                continue
            old = known.get(file.key)
            if old and old.sha256 == file.sha256:
                report.files.append(FileOutcome(file.key, "unchanged", doc_id=file.doc_id))
            else:
                todo.append(file)
        return todo

    def _remove(self, writer: IndexWriter, gone: list[str], report: IngestReport) -> None:
        for key in gone:
            orphan = writer.catalog.remove_file(key)
            if orphan:
                writer.delete_document(orphan)
            report.files.append(FileOutcome(key, "removed", doc_id=orphan))

    def _add(
        self,
        writer: IndexWriter,
        todo: list[FoundFile],
        known: dict[str, FileRecord],
        report: IngestReport,
        progress: bool | None,
    ) -> None:
        cache_file = self.index.cache_file()
        cache = (
            EmbeddingCache(cache_file, self.embedder.id, self.embedder.dim) if cache_file else None
        )
        worker = BudgetWorker(
            self.prepare, self.settings.max_seconds_per_file, self.settings.max_memory_mb
        )
        shown = IngestProgress([f.size for f in todo], progress)
        with worker, cache if cache is not None else nullcontext(), shown:
            batch = self.index.embed_batch_size
            buffer = _EmbedBuffer(self.embedder, batch, report, cache, shown.embedded)
            for found in todo:
                before = buffer.pending()
                try:
                    self._add_one(writer, worker, found, known.get(found.key), report, buffer)
                except Exception as exc:  # the per-file guard: one file never stops a run
                    report.files.append(skip_outcome(found.key, exc))
                shown.file_read(found.size, buffer.pending() - before)
                if buffer.pending() >= 4 * self.index.embed_batch_size:
                    self._store(writer, buffer.flush())
            self._store(writer, buffer.flush())

    def _add_one(
        self,
        writer: IndexWriter,
        worker: BudgetWorker,
        found: FoundFile,
        previous: FileRecord | None,
        report: IngestReport,
        buffer: _EmbedBuffer,
    ) -> None:
        """Replace a changed file's old document, then queue the file's chunks for embedding
        (or record it as a duplicate of a document already stored, or as skipped)."""
        if previous:
            orphan = writer.catalog.remove_file(found.key)
            if orphan and orphan != found.doc_id:
                writer.delete_document(orphan)
        status = "updated" if previous else "added"
        if writer.catalog.has_document(found.doc_id) or any(
            p.found.doc_id == found.doc_id for p in buffer.waiting
        ):
            writer.catalog.put_file(found.record())
            report.files.append(FileOutcome(found.key, "duplicate", doc_id=found.doc_id))
            return
        prepared = worker.call(found.path, found)
        writer.catalog.put_file(found.record())
        report.files.append(
            FileOutcome(
                found.key,
                status,
                doc_id=found.doc_id,
                sections=len(prepared.sections),
                chunks=len(prepared.chunks),
                hidden_chars=prepared.doc.hidden_chars,
            )
        )
        buffer.waiting.append(prepared)

    @staticmethod
    def _store(writer: IndexWriter, ready: list[tuple[_Prepared, np.ndarray]]) -> None:
        for p, vectors in ready:
            writer.add_document(
                p.found.doc_id,
                p.doc.format,
                p.doc.title,
                len(p.doc.pages),
                document_meta(p.sections),
                p.sections,
                p.chunks,
                vectors,
            )
