"""Queries cut to what the embedder reads, so that a long question costs bounded CPU."""

from __future__ import annotations

from index.embedders.base import Embedder


def cut_to_tokens(embedder: Embedder, text: str, limit: int | None = None) -> str:
    """Return the longest prefix of `text` that is at most `limit` model tokens
    (default: `embedder.max_tokens`), counted by `embedder.count_tokens`.

    An embedder that reads a longer text in windows and averages them would otherwise
    spend one forward pass per window: a 2,000-emoji question cost nine times a short one.
    The cut is found by bisection on characters (about 11 tokenisations for 2,000).
    """
    limit = limit or embedder.max_tokens
    if embedder.count_tokens(text) <= limit:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if embedder.count_tokens(text[:mid]) <= limit:
            low = mid
        else:
            high = mid - 1
    return text[:low]
