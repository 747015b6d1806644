"""The FAISS index types the FAISS store holds, and the searches it runs on them.

Two kinds, both wrapped in `IndexIDMap2` so that the store's int ids survive:
  "flat"  IndexFlatIP: every vector is scored (exact); supports removal.
  "hnsw"  IndexHNSWFlat (inner product): a graph walk scores a few thousand vectors;
          FAISS cannot remove from it, so removed ids stay in the graph as tombstones
          and every search excludes them through a selector.

Both keep the raw float32 vectors in insertion order (`storage_vectors`), and the int ids
are handed out in increasing order, so the id map is sorted and `np.searchsorted` turns an
int id into its row. That lets a very selective filter be answered exactly by scoring only
the rows that pass (`exact_search`), in time proportional to how many pass.
"""

from __future__ import annotations

from typing import Any

import faiss
import numpy as np

FLAT = "flat"
HNSW = "hnsw"
KINDS = (FLAT, HNSW)
# efSearch is scaled by 1/(fraction of vectors a filter passes), so that about ef_search
# passing vectors are met on the walk; capped so one query stays bounded.
EF_CAP = 4096


def new_index(kind: str, dim: int, m: int = 32, ef_construction: int = 80) -> Any:
    """Return an empty `IndexIDMap2` of `kind` ("flat" or "hnsw") for `dim`-d vectors.

    Refuses (ValueError) another kind.
    """
    if kind == FLAT:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    if kind == HNSW:
        graph = faiss.IndexHNSWFlat(dim, m, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = ef_construction
        return faiss.IndexIDMap2(graph)
    raise ValueError(f"unknown FAISS index type {kind!r}; use one of {', '.join(KINDS)}")


def kind_of(index: Any) -> str:
    """Return "hnsw" or "flat" for an `IndexIDMap2` read from disk; refuses (ValueError) others."""
    inner = faiss.downcast_index(index.index)
    if isinstance(inner, faiss.IndexHNSW):
        return HNSW
    if isinstance(inner, faiss.IndexFlat):
        return FLAT
    raise ValueError(f"unsupported FAISS index {type(inner).__name__}")


def storage_vectors(index: Any) -> np.ndarray:
    """Return a read-only `(ntotal, d)` float32 view of the stored vectors, in row order.

    The view points into FAISS's memory: use it before the index changes again.
    """
    inner = faiss.downcast_index(index.index)
    flat = faiss.downcast_index(inner.storage) if isinstance(inner, faiss.IndexHNSW) else inner
    rows = int(flat.ntotal)
    if rows == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    pointer = flat.get_xb()  # type: ignore[attr-defined]  # IndexFlat's, not in the stubs
    view = faiss.rev_swig_ptr(pointer, rows * index.d).reshape(rows, index.d)
    view.flags.writeable = False
    return view


def id_map(index: Any) -> np.ndarray:
    """Return the int id of every row, ascending (ids are handed out in increasing order)."""
    return faiss.vector_to_array(index.id_map).astype(np.int64, copy=False)


def rebuilt(index: Any, kind: str, keep: np.ndarray, m: int, ef_construction: int) -> Any:
    """Return a new index of `kind` holding only the int ids `keep` (sorted) of `index`."""
    rows = np.searchsorted(id_map(index), keep)
    vectors = np.array(storage_vectors(index)[rows])  # a copy: the old index goes away
    fresh = new_index(kind, index.d, m, ef_construction)
    if len(keep):
        fresh.add_with_ids(vectors, keep)
    return fresh


def exact_search(
    index: Any, rows_of: np.ndarray, query: np.ndarray, selected: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return `(scores, int ids)` of the best `k` of the int ids `selected`, by inner product.

    `rows_of` is `id_map(index)`; `selected` must hold ids present in it. Exact, and costs
    one dot product per selected vector, read in place (no copy of the rows).
    """
    rows = np.ascontiguousarray(np.searchsorted(rows_of, selected), dtype=np.int64)
    vectors = storage_vectors(index)
    query = np.ascontiguousarray(query, dtype=np.float32)
    scores = np.empty(len(rows), dtype=np.float32)
    faiss.fvec_inner_products_by_idx(  # type: ignore[attr-defined]  # not in the stubs
        faiss.swig_ptr(scores),
        faiss.swig_ptr(query),
        faiss.swig_ptr(vectors),
        faiss.swig_ptr(rows),
        index.d,
        1,
        len(rows),
    )
    every = k >= len(scores)
    top = np.arange(len(scores)) if every else np.argpartition(-scores, k - 1)[:k]
    order = top[np.lexsort((selected[top], -scores[top]))]  # ties: lower id first, as FAISS
    return scores[order], selected[order]


def bitmap_selector(int_ids: np.ndarray, size: int) -> tuple[Any, np.ndarray]:
    """Return an `IDSelectorBitmap` passing exactly `int_ids` (all < `size`) and its bitmap.

    Keep the bitmap alive as long as the selector: FAISS reads it in place. One bit per
    id ever handed out, so 125 kB per million, where an `IDSelectorBatch` would hold a
    hash set of the ids.
    """
    mask = np.zeros(max(size, 1), dtype=bool)
    mask[int_ids] = True
    bitmap = np.packbits(mask, bitorder="little")
    return faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bitmap)), bitmap


def search_params(kind: str, ef_search: int, selector: Any, fraction: float, k: int) -> Any:
    """Return FAISS search parameters: for "hnsw" an efSearch of `ef_search` (at least `k`)
    scaled by 1/`fraction` (the share of vectors `selector` passes), capped at `EF_CAP`.

    Returns None for an exact search that needs no selector.
    """
    if kind == HNSW:
        params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]  # not in the stubs
        wanted = max(ef_search, k) / max(fraction, 1e-9)
        params.efSearch = int(min(max(wanted, k), max(EF_CAP, k)))
    elif selector is None:
        return None
    else:
        params = faiss.SearchParameters()
    if selector is not None:
        params.sel = selector
    return params
