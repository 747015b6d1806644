"""Find the files to ingest and tell which of them changed since the last run."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index.catalog import FileRecord


@dataclass
class FoundFile:
    """A file on disk with its content hash."""

    path: Path
    sha256: str
    size: int
    mtime: float

    @property
    def key(self) -> str:
        return str(self.path)

    @property
    def doc_id(self) -> str:
        """Documents are identified by content, so byte-identical copies share one id."""
        return self.sha256[:16]

    def record(self) -> FileRecord:
        return FileRecord(self.key, self.doc_id, self.sha256, self.size, self.mtime)


def walk(paths: Iterable[Path]) -> list[Path]:
    """Return every regular file under `paths` (files given directly are kept), sorted.

    Hidden files and folders (starting with '.') are left out. A path that does not
    exist raises FileNotFoundError naming it.
    """
    found: set[Path] = set()
    for root in paths:
        root = root.resolve()
        if not root.exists():
            raise FileNotFoundError(f"no such file or folder: {root}")
        if root.is_file():
            found.add(root)
            continue
        for path in root.rglob("*"):
            parts = path.relative_to(root).parts
            if path.is_file() and not any(p.startswith(".") for p in parts):
                found.add(path)
    return sorted(found)


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inspect(path: Path, known: FileRecord | None) -> FoundFile:
    """Return the file's hash; reuses the known hash when size and mtime are unchanged."""
    stat = path.stat()
    if known and known.size == stat.st_size and known.mtime == stat.st_mtime:
        return FoundFile(path, known.sha256, stat.st_size, stat.st_mtime)
    return FoundFile(path, file_sha256(path), stat.st_size, stat.st_mtime)
