"""The catalog: documents, the files they were read from, their sections and chunks (SQLite)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.models import Chunk, Filters, Section, SectionMeta

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, format TEXT, title TEXT, pages INTEGER, meta TEXT
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, doc_id TEXT, sha256 TEXT, size INTEGER, mtime REAL
);
CREATE TABLE IF NOT EXISTS sections (
    doc_id TEXT, ordinal INTEGER, kind TEXT, meta TEXT, page_starts TEXT, text TEXT,
    PRIMARY KEY (doc_id, ordinal)
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, doc_id TEXT, section INTEGER, text TEXT, label TEXT, meta TEXT,
    page_start INTEGER, page_end INTEGER, kind TEXT, page_starts TEXT, start INTEGER
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks (doc_id);
CREATE INDEX IF NOT EXISTS files_doc ON files (doc_id);
"""


@dataclass
class FileRecord:
    """A file seen by ingest: where it is, what its content hash was, which document it holds."""

    path: str
    doc_id: str
    sha256: str
    size: int
    mtime: float


@dataclass
class DocumentRecord:
    """A stored document with its document-level metadata and every file it appears as
    (`paths`, relative to the index's root folder: see `Catalog.root`)."""

    doc_id: str
    format: str
    title: str | None
    pages: int
    meta: SectionMeta
    paths: list[str] = field(default_factory=list)
    sections: int = 0
    chunks: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "format": self.format,
            "title": self.title,
            "pages": self.pages,
            "files": self.paths,
            "sections": self.sections,
            "chunks": self.chunks,
            **{k: v for k, v in self.meta.to_dict().items() if k not in ("people", "parties")},
        }


class Catalog:
    """SQLite-backed record of what the index holds. One instance per index version."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._root: str | None = None
        if not readonly:
            self._db.executescript(_SCHEMA)
            self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """Bring a catalog copied from an older version up to the current schema."""
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(chunks)")}
        if "page_starts" not in columns:
            self._db.execute("ALTER TABLE chunks ADD COLUMN page_starts TEXT")
        if "start" not in columns:
            self._db.execute("ALTER TABLE chunks ADD COLUMN start INTEGER")

    def close(self) -> None:
        self._db.close()

    def commit(self) -> None:
        self._db.commit()

    # -- files ------------------------------------------------------------------------
    def files(self) -> dict[str, FileRecord]:
        """Return every known file by path."""
        rows = self._db.execute("SELECT * FROM files").fetchall()
        return {r["path"]: FileRecord(**dict(r)) for r in rows}

    def root(self) -> str:
        """Return the deepest folder holding every file of the index ("" when it has none).

        Files are stored under their absolute paths, which ingest compares; what reaches a
        user is the path relative to this folder (`relative`), never the server's own path.
        """
        if self._root is None:
            folders = [os.path.dirname(r[0]) for r in self._db.execute("SELECT path FROM files")]
            self._root = os.path.commonpath(folders) if folders else ""
        return self._root

    def relative(self, path: str) -> str:
        """Return a stored file path relative to `root()`, with '/' between folders."""
        root = self.root()
        return Path(os.path.relpath(path, root) if root else path).as_posix()

    def put_file(self, record: FileRecord) -> None:
        self._root = None
        self._db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
            (record.path, record.doc_id, record.sha256, record.size, record.mtime),
        )

    def remove_file(self, path: str) -> str | None:
        """Forget a file; return its doc_id when no other file holds that document any more."""
        self._root = None
        row = self._db.execute("SELECT doc_id FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            return None
        self._db.execute("DELETE FROM files WHERE path = ?", (path,))
        left = self._db.execute("SELECT 1 FROM files WHERE doc_id = ?", (row["doc_id"],)).fetchone()
        return None if left else row["doc_id"]

    # -- documents ----------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            is not None
        )

    def put_document(
        self,
        doc_id: str,
        fmt: str,
        title: str | None,
        pages: int,
        meta: SectionMeta,
        sections: list[Section],
        chunks: list[Chunk],
    ) -> None:
        """Store a document with its sections and chunks, replacing any earlier copy."""
        self.delete_document(doc_id)
        self._db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
            (doc_id, fmt, title, pages, json.dumps(meta.to_dict(), ensure_ascii=False)),
        )
        self._db.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    doc_id,
                    i,
                    s.kind,
                    json.dumps(s.meta.to_dict(), ensure_ascii=False),
                    json.dumps(s.page_starts),
                    s.text,
                )
                for i, s in enumerate(sections)
            ],
        )
        self._db.executemany(
            "INSERT INTO chunks (id, doc_id, section, text, label, meta, page_start, page_end,"
            " kind, page_starts, start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c.id,
                    c.doc_id,
                    c.section,
                    c.text,
                    c.label,
                    json.dumps(c.meta.to_dict(), ensure_ascii=False),
                    c.page_start,
                    c.page_end,
                    c.section_kind,
                    json.dumps(c.page_starts),
                    c.start,
                )
                for c in chunks
            ],
        )

    def delete_document(self, doc_id: str) -> list[str]:
        """Remove a document's rows; return the ids of the chunks it had."""
        ids = [r[0] for r in self._db.execute("SELECT id FROM chunks WHERE doc_id = ?", (doc_id,))]
        for table in ("documents", "sections", "chunks"):
            self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        return ids

    def documents(self, filters: Filters | None = None) -> list[DocumentRecord]:
        """Return the documents that hold at least one section passing `filters`."""
        docs = [self._document(row) for row in self._db.execute("SELECT * FROM documents")]
        if filters is None or filters.is_empty():
            return sorted(docs, key=lambda d: d.paths[0] if d.paths else d.doc_id)
        keep = {c.doc_id for c in self.iter_chunks() if filters.matches(c.filter_fields())}
        return sorted(
            (d for d in docs if d.doc_id in keep), key=lambda d: d.paths[0] if d.paths else d.doc_id
        )

    def document(self, doc_id: str) -> DocumentRecord | None:
        row = self._db.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return self._document(row) if row else None

    def _document(self, row: sqlite3.Row) -> DocumentRecord:
        doc_id = row["doc_id"]
        paths = self.paths_of(doc_id)
        count = self._db.execute(
            "SELECT (SELECT COUNT(*) FROM sections WHERE doc_id = ?),"
            " (SELECT COUNT(*) FROM chunks WHERE doc_id = ?)",
            (doc_id, doc_id),
        ).fetchone()
        return DocumentRecord(
            doc_id=doc_id,
            format=row["format"],
            title=row["title"],
            pages=row["pages"],
            meta=SectionMeta.from_dict(json.loads(row["meta"])),
            paths=paths,
            sections=count[0],
            chunks=count[1],
        )

    def sections(self, doc_id: str) -> list[Section]:
        """Return a document's sections in order."""
        rows = self._db.execute(
            "SELECT * FROM sections WHERE doc_id = ? ORDER BY ordinal", (doc_id,)
        ).fetchall()
        return [
            Section(
                text=r["text"],
                meta=SectionMeta.from_dict(json.loads(r["meta"])),
                kind=r["kind"],
                page_starts=[tuple(p) for p in json.loads(r["page_starts"])],
            )
            for r in rows
        ]

    # -- chunks -------------------------------------------------------------------------
    def _chunk(self, r: sqlite3.Row) -> Chunk:
        return Chunk(
            id=r["id"],
            doc_id=r["doc_id"],
            text=r["text"],
            label=r["label"],
            meta=SectionMeta.from_dict(json.loads(r["meta"])),
            section=r["section"],
            page_start=r["page_start"],
            page_end=r["page_end"],
            section_kind=r["kind"],
            page_starts=_pairs(r["page_starts"] if _has(r, "page_starts") else None),
            start=r["start"] if _has(r, "start") else None,
        )

    def chunks(self, ids: Iterable[str]) -> dict[str, Chunk]:
        """Return the chunks with these ids (unknown ids are left out)."""
        ids = list(ids)
        found: dict[str, Chunk] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            for r in self._db.execute(f"SELECT * FROM chunks WHERE id IN ({marks})", part):
                found[r["id"]] = self._chunk(r)
        return found

    def section_chunks(self, doc_id: str, section: int) -> list[Chunk]:
        """Return the chunks of one section of a document, in text order."""
        rows = self._db.execute(
            "SELECT * FROM chunks WHERE doc_id = ? AND section = ? ORDER BY rowid",
            (doc_id, section),
        )
        return [self._chunk(r) for r in rows]

    def iter_chunks(self) -> Iterator[Chunk]:
        """Yield every chunk, in document and section order."""
        for r in self._db.execute("SELECT * FROM chunks ORDER BY doc_id, section, rowid"):
            yield self._chunk(r)

    def paths_of(self, doc_id: str) -> list[str]:
        """Return the files holding a document, relative to `root()`, sorted."""
        return [
            self.relative(r[0])
            for r in self._db.execute(
                "SELECT path FROM files WHERE doc_id = ? ORDER BY path", (doc_id,)
            )
        ]

    def counts(self) -> dict[str, int]:
        """Return how many documents, files, sections and chunks are stored."""
        return {
            t: self._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("documents", "files", "sections", "chunks")
        }


def _has(row: sqlite3.Row, column: str) -> bool:
    """Return True when the row has `column` (a catalog from an older version may not)."""
    return column in row.keys()  # noqa: SIM118 - `in row` would test the values


def _pairs(stored: str | None) -> list[tuple[int, int]]:
    """Return stored `(offset, page)` pairs; none stored (an older catalog) gives []."""
    return [(int(a), int(b)) for a, b in json.loads(stored)] if stored else []
