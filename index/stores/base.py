"""The vector store contract shared by the FAISS, Chroma and PostgreSQL backends."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.models import Filters


@runtime_checkable
class VectorStore(Protocol):
    """Stores one vector per chunk id with the chunk's flat filter fields.

    Vectors are L2-normalised, so scores are cosine similarities (higher is better).
    A store lives in one directory; `save()` writes it there and `open()` reads it back.
    """

    name: str

    def add(self, ids: list[str], vectors: np.ndarray, fields: list[dict[str, Any]]) -> None:
        """Add or replace vectors. Refuses a vector whose size differs from the store's."""
        ...

    def delete(self, ids: list[str]) -> None:
        """Remove these ids; unknown ids are ignored."""
        ...

    def search(
        self, vector: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Return up to `k` `(id, score)` pairs, best first, that pass `filters`."""
        ...

    def ids(self) -> set[str]:
        """Return every stored id."""
        ...

    def save(self) -> None:
        """Persist to the store's directory."""
        ...

    def __len__(self) -> int: ...


def open_store(name: str, path: Path, dim: int, url: str | None = None) -> VectorStore:
    """Return the store backend called `name` ("faiss", "chroma", "postgres") rooted at `path`.

    `url` is the server a server store talks to (`index.database_url` for postgres,
    `index.chroma_url` for a Chroma server; Chroma without one runs embedded in `path`).
    Raises `BackendUnavailable` when the backend's package is not installed or its server
    cannot be reached, and `ValueError` for an unknown name.
    """
    from index.stores.registry import resolve

    cls = resolve(name)
    return cls(path, dim, url=url) if url else cls(path, dim)
