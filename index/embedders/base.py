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
