"""Hybrid search: BM25 and dense results fused, with metadata filters, returned as hits."""

from __future__ import annotations

import time
from typing import Any

from index.fusion import FusionParams, fuse_rankings
from index.knowledge_base import KnowledgeBase
from index.models import Chunk, Filters, Hit
from index.query import cut_to_tokens
from index.text import normalise_text


class Retriever:
    """Searches one opened index version.

    `candidates` is how many results each retriever contributes before fusion; a search
    for more than that many hits widens both lists to match. `lexical` picks the lexical
    list: "bm25s" (`index.lexical`) or "postgres" (the postgres store's full-text search).
    Refuses (ValueError) "postgres" over another store and an unknown name.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        candidates: int = 50,
        fusion: FusionParams | None = None,
        lexical: str = "bm25s",
    ) -> None:
        self.kb = kb
        self.candidates = candidates
        self.fusion = fusion or FusionParams()
        self.lexical = lexical
        if lexical == "postgres" and not hasattr(kb.vectors, "text_search"):
            raise ValueError(
                f"lexical 'postgres' needs the postgres store, not {kb.vectors.name!r}"
            )
        if lexical not in ("bm25s", "postgres"):
            raise ValueError(f"unknown lexical retriever {lexical!r}; use 'bm25s' or 'postgres'")
        self._fields = {c.id: c.filter_fields() for c in kb.catalog.iter_chunks()}

    def __len__(self) -> int:
        return len(self._fields)

    def allowed_ids(self, filters: Filters | None) -> set[str] | None:
        """Return the chunk ids passing `filters`, or None when nothing is filtered."""
        if filters is None or filters.is_empty():
            return None
        return {cid for cid, f in self._fields.items() if filters.matches(f)}

    def search(
        self,
        query: str,
        k: int = 8,
        filters: Filters | None = None,
        timings: dict[str, float] | None = None,
    ) -> list[Hit]:
        """Return up to `k` hits for `query`, best first.

        Each hit's `ranks` gives its 1-based rank in the "bm25" and "dense" lists (absent
        when that retriever did not return it). Fills `timings` with seconds spent in
        "embed" and "retrieve" when a dict is given. An empty query gives no hits.
        """
        timings = timings if timings is not None else {}
        query = normalise_text(query)
        if not query.strip() or not self._fields:
            return []
        depth = max(self.candidates, k)
        allowed = self.allowed_ids(filters)
        if allowed is not None and not allowed:
            return []
        started = time.perf_counter()
        vector = self.kb.embedder.embed_query(cut_to_tokens(self.kb.embedder, query))
        timings["embed"] = time.perf_counter() - started
        started = time.perf_counter()
        dense = self.kb.vectors.search(vector, depth, filters)
        lexical = self._lexical(query, depth, filters, allowed)
        fused = fuse_rankings(lexical, dense, self.fusion)[:k]
        chunks = self.kb.catalog.chunks(cid for cid, _ in fused)
        ranks = _rank_maps(bm25=lexical, dense=dense)
        hits = [
            Hit(chunk=chunks[cid], score=score, ranks=_ranks_of(cid, ranks))
            for cid, score in fused
            if cid in chunks
        ]
        timings["retrieve"] = time.perf_counter() - started
        return hits

    def _lexical(
        self, query: str, depth: int, filters: Filters | None, allowed: set[str] | None
    ) -> list[tuple[str, float]]:
        """Return the lexical list: bm25s over `allowed`, or the store's full-text search with
        `filters` as SQL predicates."""
        if self.lexical == "postgres":
            return self.kb.vectors.text_search(query, depth, filters)  # type: ignore[attr-defined]
        return self.kb.lexical.search(query, depth, allowed_ids=allowed)

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self.kb.catalog.chunks([chunk_id]).get(chunk_id)


def _rank_maps(**lists: list[tuple[str, float]]) -> dict[str, dict[str, int]]:
    return {name: {cid: n for n, (cid, _) in enumerate(items, 1)} for name, items in lists.items()}


def _ranks_of(cid: str, ranks: dict[str, dict[str, int]]) -> dict[str, Any]:
    return {name: table[cid] for name, table in ranks.items() if cid in table}
