"""Query and sentence embeddings for the scorer's cosine feature, cached per embedder.

A candidate sentence is embedded on its passage side ("passage: …" for e5) and the
question on its query side, with the index's own embedder, so the cosine lives in the same
space the dense retriever searches. Sentences recur across questions (the same § answers
many), so vectors are kept in a bounded in-process LRU cache keyed by exact text.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

import numpy as np

from index.embedders.base import Embedder

CAPACITY = 50_000  # vectors kept per embedder: 50k x 384 float32 is about 77 MB


class SentenceVectors:
    """Cached embeddings of one embedder. Safe to share between threads."""

    def __init__(self, embedder: Embedder, capacity: int = CAPACITY) -> None:
        self.embedder = embedder
        self.capacity = capacity
        self._passages: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def query(self, text: str) -> np.ndarray:
        """Return the `(dim,)` query-side vector of `text`."""
        with self._lock:
            found = self._queries.get(text)
        if found is None:
            found = self.embedder.embed_query(text)
            self._remember(self._queries, {text: found})
        return found

    def passages(self, texts: list[str]) -> np.ndarray:
        """Return the `(len(texts), dim)` passage-side vectors of `texts` (`(0, dim)` for none)."""
        with self._lock:
            known = {t: self._passages[t] for t in texts if t in self._passages}
            for t in known:
                self._passages.move_to_end(t)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            fresh = self.embedder.embed_passages(missing)
            new = dict(zip(missing, fresh, strict=True))
            self._remember(self._passages, new)
            known.update(new)
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([known[t] for t in texts])

    def _remember(self, cache: OrderedDict[str, np.ndarray], items: dict[str, np.ndarray]) -> None:
        with self._lock:
            cache.update(items)
            while len(cache) > self.capacity:
                cache.popitem(last=False)


_SHARED: weakref.WeakKeyDictionary[Embedder, SentenceVectors] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


def vectors_of(embedder: Embedder) -> SentenceVectors:
    """Return the one cache that belongs to `embedder` (made on first use)."""
    with _SHARED_LOCK:
        if embedder not in _SHARED:
            _SHARED[embedder] = SentenceVectors(embedder)
        return _SHARED[embedder]
