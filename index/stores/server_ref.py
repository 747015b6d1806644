"""Which server-side collection an index version's store uses, and copy-on-write between
versions.

A server store (PostgreSQL, Chroma server) keeps its rows on the server and only a small
`store.json` in the version's `vectors/` folder: `{"collection": name, "dim": dim}`.
Ingest builds the next version in a copy of the live folder, so the copy first names the
live collection; the first write through a store opened on an existing `store.json`
copies that collection on the server and points the copy's `store.json` at the new one.
The live version's collection is therefore never written to while it serves, and
switching CURRENT switches every worker to a complete collection at once.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

FILE = "store.json"


@dataclass
class StoreRef:
    """The collection a store folder points at; `inherited` until the first write forks it."""

    folder: Path
    collection: str
    dim: int
    inherited: bool

    @classmethod
    def open(cls, folder: Path, dim: int, prefix: str) -> StoreRef:
        """Return the reference in `folder`, or a new collection name when there is none.

        Refuses (ValueError) a folder whose collection holds vectors of another size.
        """
        folder = Path(folder)
        try:
            data = json.loads((folder / FILE).read_text())
        except FileNotFoundError:
            return cls(folder, new_name(prefix), dim, inherited=False)
        if data["dim"] != dim:
            raise ValueError(f"store {folder} holds {data['dim']}-d vectors, not {dim}-d")
        return cls(folder, data["collection"], dim, inherited=True)

    def write(self) -> None:
        """Record the collection in `store.json` (written atomically)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{FILE}.{os.getpid()}"
        tmp.write_text(json.dumps({"collection": self.collection, "dim": self.dim}))
        os.replace(tmp, self.folder / FILE)


def new_name(prefix: str) -> str:
    """Return a fresh collection name: `prefix` and 16 hex digits (valid in SQL and Chroma)."""
    return f"{prefix}{uuid.uuid4().hex[:16]}"


def referenced(root: Path) -> set[str]:
    """Return the collections named by any `store.json` under the index root `root` (live,
    kept and staging versions)."""
    names = set()
    for path in Path(root).glob("*/vectors/" + FILE):
        try:
            names.add(json.loads(path.read_text())["collection"])
        except (OSError, ValueError, KeyError):
            continue
    return names


def collection_of(folder: Path) -> str | None:
    """Return the collection `folder/store.json` names, or None when there is none."""
    try:
        return json.loads((Path(folder) / FILE).read_text())["collection"]
    except (OSError, ValueError, KeyError):
        return None
