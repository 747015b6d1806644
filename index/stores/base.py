"""The vector store contract shared by the FAISS, Chroma and PostgreSQL backends."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from index.models import Filters

# The fields every stored vector carries, which `Filters.matches` reads.
FILTER_KEYS = ("municipality", "organ", "doc_type", "date", "dnr")


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


def open_store(
    name: str,
    path: Path,
    dim: int,
    url: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> VectorStore:
    """Return the store backend called `name` ("faiss", "chroma", "postgres") rooted at `path`.

    `url` is the server a server store talks to (`index.database_url` for postgres,
    `index.chroma_url` for a Chroma server; Chroma without one runs embedded in `path`).
    `options` are keyword arguments for the backend (`IndexSettings.store_options()[name]`,
    e.g. `ann` for faiss).
    Raises `BackendUnavailable` when the backend's package is not installed or its server
    cannot be reached, and `ValueError` for an unknown name.
    """
    from index.stores.registry import resolve

    cls = resolve(name)
    extra = dict(options or {})
    return cls(path, dim, url=url, **extra) if url else cls(path, dim, **extra)


def checked_batch(
    ids: list[str], vectors: np.ndarray, fields: list[dict[str, Any]], dim: int, where: str
) -> tuple[np.ndarray, list[int]]:
    """Return a batch for `VectorStore.add`: the vectors as a C-contiguous float32 `(n, dim)`
    array, and the rows to store in order (the last of repeated ids wins).

    Refuses (ValueError) another shape, lengths that differ, and fields lacking a key
    `Filters.matches` reads.
    """
    matrix = as_matrix(vectors, dim, where)
    if not len(ids) == len(matrix) == len(fields):
        raise ValueError(f"{len(ids)} ids, {len(matrix)} vectors and {len(fields)} fields differ")
    for chunk_id, chunk_fields in zip(ids, fields, strict=True):
        missing = [key for key in FILTER_KEYS if key not in chunk_fields]
        if missing:
            raise ValueError(f"fields of {chunk_id!r} lack {', '.join(missing)}")
    return matrix, sorted({chunk_id: row for row, chunk_id in enumerate(ids)}.values())


def as_matrix(vectors: np.ndarray, dim: int, where: str) -> np.ndarray:
    """Return `vectors` as a C-contiguous float32 `(n, dim)` array; refuses another shape."""
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[1] != dim:
        raise ValueError(f"{where} takes {dim}-d vectors, got shape {tuple(matrix.shape)}")
    return matrix
