"""Find the files to ingest and tell which of them changed since the last run.

The walk reads regular files only and never leaves the folders it was given. What it
leaves out is reported with a reason (see `WALK_REASONS` in `ingest.errors`):

- hidden entries, whose name starts with "." (files and whole folders), are "hidden";
- a symbolic link is read only when it points to a regular file inside the given roots;
  a link out of them is "link_outside", a dangling one "link_dangling", a loop
  "link_loop", and a link to a folder "link_folder" (never followed, so no cycles);
- FIFOs, sockets and devices are "special_file"; a folder named like a document
  (`x.pdf/`) is reported as "not_a_file" and its files are read as usual;
- a folder that cannot be listed is "unreadable".
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.catalog import FileRecord
from ingest.access import sidecar_digest
from ingest.names import path_key
from ingest.parsers import SUPPORTED_SUFFIXES


@dataclass
class FoundFile:
    """A file on disk with its content hash."""

    path: Path
    sha256: str
    size: int
    mtime: float

    @property
    def key(self) -> str:
        """The catalog key: the path, with bytes that are not UTF-8 escaped."""
        return path_key(self.path)

    @property
    def doc_id(self) -> str:
        """Documents are identified by content, so byte-identical copies share one id."""
        return self.sha256[:16]

    def record(self) -> FileRecord:
        return FileRecord(self.key, self.doc_id, self.sha256, self.size, self.mtime)


@dataclass
class Refused:
    """An entry the walk leaves out: its catalog key, a reason and a message."""

    key: str
    reason: str
    message: str


@dataclass
class Discovery:
    """The regular files to read, sorted, and every entry left out with its reason."""

    files: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    def refuse(self, path: Path, reason: str, message: str) -> None:
        self.refused.append(Refused(path_key(path), reason, message))


def discover(paths: Iterable[Path]) -> Discovery:
    """Return the regular files under `paths` (files given directly are kept) and the
    entries left out, with reasons (see the module docstring).

    A root that does not exist raises FileNotFoundError naming it. A root that is itself a
    link is followed: the caller named it.
    """
    roots = []
    for root in paths:
        if not root.exists():
            raise FileNotFoundError(f"no such file or folder: {root}")
        roots.append(root.resolve())
    found = Discovery()
    files: set[Path] = set()
    for root in roots:
        if root.is_dir():
            _walk_folder(root, roots, files, found)
        elif root.is_file():  # named by the caller: read even when hidden
            files.add(root)
        else:
            found.refuse(root, "special_file", f"not a regular file ({_kind(root.stat().st_mode)})")
    found.files = sorted(files)
    found.refused.sort(key=lambda r: r.key)
    return found


def walk(paths: Iterable[Path]) -> list[Path]:
    """Return the regular files `discover` finds under `paths`, sorted."""
    return discover(paths).files


def _walk_folder(folder: Path, roots: list[Path], files: set[Path], found: Discovery) -> None:
    """Add the files under `folder` to `files` (iteratively: deep trees cannot overflow)."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                names = sorted(entry.name for entry in entries)
        except OSError as exc:
            found.refuse(current, "unreadable", f"cannot list folder: {exc.strerror or exc}")
            continue
        for name in names:
            _add_entry(current / name, roots, files, found, stack)


def _add_entry(
    path: Path, roots: list[Path], files: set[Path], found: Discovery, folders: list[Path]
) -> None:
    """Sort one entry: a file to read, a folder to walk (`folders`) or a refusal."""
    if path.name.startswith("."):
        found.refuse(path, "hidden", "hidden entry (name starts with '.'), not read")
        return
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        found.refuse(path, "unreadable", f"cannot stat: {exc.strerror or exc}")
        return
    if stat.S_ISLNK(mode):
        if _link_allowed(path, roots, found):
            files.add(path)
    elif stat.S_ISDIR(mode):
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.refuse(path, "not_a_file", "a folder named like a file; its files are read")
        folders.append(path)
    elif stat.S_ISREG(mode):
        files.add(path)
    else:
        found.refuse(path, "special_file", f"not a regular file ({_kind(mode)})")


def _link_allowed(link: Path, roots: list[Path], found: Discovery) -> bool:
    """Return True when `link` points to a regular file inside `roots`; else refuse it."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        found.refuse(link, "link_dangling", f"link to nothing ({os.readlink(link)})")
        return False
    except (RuntimeError, OSError) as exc:  # a loop raises RuntimeError up to Python 3.12
        if isinstance(exc, RuntimeError) or "loop" in str(exc).lower():
            found.refuse(link, "link_loop", "symbolic link loop")
        else:
            found.refuse(link, "unreadable", f"cannot follow link: {exc}")
        return False
    if not any(target == root or target.is_relative_to(root) for root in roots):
        found.refuse(link, "link_outside", "link points outside the ingested folders; not read")
        return False
    mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        found.refuse(link, "link_folder", "link to a folder; not followed")
        return False
    if not stat.S_ISREG(mode):
        found.refuse(link, "special_file", f"link to a {_kind(mode)}")
        return False
    return True


def _kind(mode: int) -> str:
    """Return a name for a non-regular file type: FIFO, socket, device."""
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "unknown type"


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def inspect(path: Path, known: FileRecord | None) -> FoundFile:
    """Return the file's hash; reuses the known hash when size and mtime are unchanged.

    Raises OSError (PermissionError, FileNotFoundError) when the file cannot be read.
    """
    info = path.stat()
    access = sidecar_digest(path)
    if access:  # the sidecar's class is part of what was ingested: its edits re-ingest
        combined = hashlib.sha256((file_sha256(path) + access).encode()).hexdigest()
        return FoundFile(path, combined, info.st_size, info.st_mtime)
    if known and known.size == info.st_size and known.mtime == info.st_mtime:
        return FoundFile(path, known.sha256, info.st_size, info.st_mtime)
    return FoundFile(path, file_sha256(path), info.st_size, info.st_mtime)
