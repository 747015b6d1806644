"""One index version opened for reading or writing: catalog, vectors and BM25 together."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from index.catalog import Catalog
from index.embedders.base import Embedder
from index.errors import BackendUnavailable, IndexNotFound, IndexWriteFailed
from index.lexical import LexicalIndex
from index.manifest import (
    Manifest,
    current_version,
    discard_version,
    publish_version,
    read_manifest,
    start_version,
    write_manifest,
)
from index.models import Chunk, Section, SectionMeta
from index.stores.base import VectorStore, open_store

# Opening the live version is tried again this often when a publish replaced it meanwhile.
OPEN_ATTEMPTS = 3


def context_text(chunk: Chunk) -> str:
    """Return the text that is embedded and BM25-indexed for a chunk.

    The organ, § and title are put in front so that a chunk deep inside a section is
    still found by who said it and what the matter is.
    """
    meta = chunk.meta
    head = " ".join(
        p for p in (meta.organ, f"§ {meta.paragraph}" if meta.paragraph else None, meta.title) if p
    )
    return f"{head}\n{chunk.text}" if head else chunk.text


class KnowledgeBase:
    """The parts of one index version. Use `open_for_reading` or `IndexWriter`."""

    def __init__(
        self,
        path: Path,
        manifest: Manifest,
        embedder: Embedder,
        readonly: bool,
        store_url: str | None = None,
        store_options: Mapping[str, Any] | None = None,
    ) -> None:
        manifest.check(embedder.id, path)
        self.path = path
        self.manifest = manifest
        self.embedder = embedder
        self.catalog = Catalog(path / "catalog.sqlite", readonly=readonly)
        self.vectors: VectorStore = open_store(
            manifest.store, path / "vectors", manifest.dim, store_url, store_options
        )
        lexical_dir = path / "lexical"
        self.lexical = LexicalIndex.load(lexical_dir) if lexical_dir.exists() else LexicalIndex()

    @classmethod
    def open_for_reading(
        cls,
        root: Path,
        embedder: Embedder,
        store_urls: Mapping[str, str | None] | None = None,
        store_options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> KnowledgeBase:
        """Return the live version under `root`; `store_urls` maps a server store's name to
        its server (`IndexSettings.store_urls()`), `store_options` to its keyword options
        (`IndexSettings.store_options()`).

        A publish may switch CURRENT and drop the version being opened (with
        `keep_versions` 1); the open then starts again on the new live version, so a reader
        gets one complete version or the other.

        Raises `IndexNotFound` when nothing was ingested there yet and `EmbedderMismatch`
        when the index was built with another embedder.
        """
        for _ in range(OPEN_ATTEMPTS - 1):
            version = current_version(root)
            try:
                return cls._open_version(root, version, embedder, store_urls, store_options)
            except (IndexNotFound, BackendUnavailable, OSError, sqlite3.Error):
                if version is None or current_version(root) == version:
                    raise  # not a publish racing us: a real error
        version = current_version(root)
        return cls._open_version(root, version, embedder, store_urls, store_options)

    @classmethod
    def _open_version(
        cls,
        root: Path,
        version: Path | None,
        embedder: Embedder,
        store_urls: Mapping[str, str | None] | None,
        store_options: Mapping[str, Mapping[str, Any]] | None,
    ) -> KnowledgeBase:
        if version is None:
            raise IndexNotFound(f"no index in {root}; run 'kommunrag ingest PATH' first")
        manifest = read_manifest(version)
        url = (store_urls or {}).get(manifest.store)
        options = (store_options or {}).get(manifest.store)
        return cls(version, manifest, embedder, True, url, options)

    def close(self) -> None:
        self.catalog.close()


class IndexWriter:
    """Builds the next index version beside the live one; `commit()` switches to it.

    Leaving the `with` block without `commit()` (an error, Ctrl-C) discards the new
    version, and the live index stays as it was.
    """

    def __init__(
        self,
        root: Path,
        embedder: Embedder,
        store: str,
        chunking: str,
        keep: int = 2,
        store_urls: Mapping[str, str | None] | None = None,
        store_options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.root = root
        self.keep = keep
        self.staging = start_version(root)
        try:
            manifest = read_manifest(self.staging)
        except IndexNotFound:
            manifest = Manifest(
                embedder=embedder.id, dim=embedder.dim, store=store, chunking=chunking
            )
        manifest.chunking = chunking
        url = (store_urls or {}).get(manifest.store)
        options = (store_options or {}).get(manifest.store)
        self.kb = KnowledgeBase(self.staging, manifest, embedder, False, url, options)
        self.changed = False

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.staging.exists():
            self.kb.close()
            discard_version(self.staging)
            self._sweep()

    @property
    def catalog(self) -> Catalog:
        return self.kb.catalog

    def add_document(
        self,
        doc_id: str,
        fmt: str,
        title: str | None,
        pages: int,
        meta: SectionMeta,
        sections: list[Section],
        chunks: list[Chunk],
        vectors: np.ndarray,
    ) -> None:
        """Store a document and its chunk vectors, replacing an earlier copy of it.

        Raises `IndexWriteFailed` when the disk or database refuses the write.
        """
        with self._writing():
            self.delete_document(doc_id)
            self.catalog.put_document(doc_id, fmt, title, pages, meta, sections, chunks)
            if chunks:
                self.kb.vectors.add(
                    [c.id for c in chunks], vectors, [c.filter_fields() for c in chunks]
                )
        self.changed = True

    def delete_document(self, doc_id: str) -> None:
        ids = self.catalog.delete_document(doc_id)
        if ids:
            self.kb.vectors.delete(ids)
            self.changed = True

    def commit(self) -> Path:
        """Rebuild BM25 (and a server store's full-text terms), write everything, and make
        this version the live one.

        Raises `IndexWriteFailed` when the disk is full or a write fails; the live version
        is then unchanged and the staging copy is discarded on leaving the `with` block.
        """
        with self._writing():
            chunks = list(self.catalog.iter_chunks())
            lexical = LexicalIndex()
            lexical.build([c.id for c in chunks], [context_text(c) for c in chunks])
            lexical.save(self.staging / "lexical")
            index_texts = getattr(self.kb.vectors, "index_texts", None)
            if index_texts is not None:  # a store with its own full-text search (postgres)
                index_texts({c.id: context_text(c) for c in chunks})
            self.kb.vectors.save()
            self.kb.manifest.counts = self.catalog.counts()
            self.catalog.commit()
            write_manifest(self.staging, self.kb.manifest)
        self.kb.close()
        version = publish_version(self.root, self.staging, keep=self.keep)
        self._sweep()
        return version

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Turn a failed write (disk full, I/O error, database error) into IndexWriteFailed."""
        try:
            yield
        except (OSError, sqlite3.Error) as exc:
            raise IndexWriteFailed(
                f"could not write the next index version under {self.root} ({exc}); "
                "the live version is unchanged"
            ) from exc

    def _sweep(self) -> None:
        """Drop a server store's collections that no version under the root names any more
        (dropped versions, a discarded staging copy); file stores have nothing to drop."""
        sweep = getattr(self.kb.vectors, "sweep", None)
        if sweep is not None:
            sweep(self.root)
