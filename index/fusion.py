"""Fusing a lexical and a dense ranking into one list.

Plain reciprocal-rank fusion throws the scores away and so loses to the better of the two
retrievers whenever one is much better. Here each list's scores are z-normalised over
its own top `depth` (so a BM25 score and a cosine become "how far above this query's
pack"), then mixed with a lexical weight. The weight adapts per query: when the best
BM25 hit stands far above the rest, the query shares rare words with that document and
lexical evidence is trusted more; when BM25 is flat, dense similarity leads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Ranking = list[tuple[str, float]]


@dataclass(frozen=True)
class FusionParams:
    """How to fuse. `method` is "convex" (normalised score mix) or "rrf" (plain RRF).

    `lexical_weight` is the base weight of BM25 in [0, 1]; `adaptive` moves it towards
    BM25 by up to that much when the BM25 top hit is peaked (see `lexical_confidence`).
    `normalization` is "zscore" or "minmax", computed over each list's top `depth`.
    `rrf_k` is the RRF constant.
    """

    method: str = "convex"
    normalization: str = "zscore"
    lexical_weight: float = 0.3
    adaptive: float = 0.0
    depth: int = 30
    rrf_k: int = 60

    def __post_init__(self) -> None:
        if self.method not in ("convex", "rrf"):
            raise ValueError(f"unknown fusion method {self.method!r}")
        if self.normalization not in ("zscore", "minmax"):
            raise ValueError(f"unknown normalization {self.normalization!r}")
        if not 0.0 <= self.lexical_weight <= 1.0:
            raise ValueError(f"lexical_weight {self.lexical_weight} is outside [0, 1]")


def fuse_rankings(lexical: Ranking, dense: Ranking, params: FusionParams | None = None) -> Ranking:
    """Return the union of both rankings as `(id, fused score)`, best first.

    Each input is `(id, score)` best first, as the retrievers return it. Ties keep the
    order of first appearance (lexical list first). Refuses nothing: an empty side
    leaves the other side's order.
    """
    params = params or FusionParams()
    if params.method == "rrf":
        return reciprocal_rank_fusion([lexical, dense], params.rrf_k)
    weight = lexical_weight_for(lexical, params)
    lex_norm, lex_floor = normalize(lexical, params.normalization, params.depth)
    dense_norm, dense_floor = normalize(dense, params.normalization, params.depth)
    fused = {}
    for doc_id in _union(lexical, dense):
        lex = lex_norm.get(doc_id, lex_floor)
        den = dense_norm.get(doc_id, dense_floor)
        fused[doc_id] = weight * lex + (1.0 - weight) * den
    return sorted(fused.items(), key=lambda item: -item[1])


def lexical_weight_for(lexical: Ranking, params: FusionParams) -> float:
    """Return the BM25 weight for this query: the base weight, raised by `adaptive`
    times the lexical confidence, capped at 1."""
    if not lexical:
        return 0.0
    shift = params.adaptive * lexical_confidence(lexical)
    return min(1.0, params.lexical_weight + shift)


def lexical_confidence(lexical: Ranking) -> float:
    """Return in [0, 1] how much the top BM25 hit stands out: (s1 - s2) / s1."""
    if len(lexical) < 2 or lexical[0][1] <= 0:
        return 1.0 if lexical else 0.0
    return max(0.0, (lexical[0][1] - lexical[1][1]) / lexical[0][1])


def normalize(ranking: Ranking, how: str, depth: int) -> tuple[dict[str, float], float]:
    """Return normalised scores for the top `depth` ids and the value an unseen id gets.

    The unseen value is the lowest normalised score in the window: a document missing
    from a list is treated as no better than that list's last hit.
    """
    window = ranking[:depth]
    if not window:
        return {}, 0.0
    scores = np.array([score for _, score in window], dtype=np.float64)
    if how == "minmax":
        spread = scores.max() - scores.min()
        values = (scores - scores.min()) / spread if spread > 0 else np.ones_like(scores)
    else:
        std = scores.std()
        values = (scores - scores.mean()) / std if std > 0 else np.zeros_like(scores)
    normalised = {doc_id: float(v) for (doc_id, _), v in zip(window, values, strict=True)}
    for doc_id, _ in ranking[depth:]:
        normalised.setdefault(doc_id, float(values.min()))
    return normalised, float(values.min())


def reciprocal_rank_fusion(rankings: list[Ranking], k: int = 60) -> Ranking:
    """Return ids scored by the sum of 1 / (k + rank) over the rankings, best first."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, (doc_id, _) in enumerate(ranking, 1):
            fused[doc_id] = fused.get(doc_id, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])


def _union(first: Ranking, second: Ranking) -> list[str]:
    seen: dict[str, None] = {}
    for doc_id, _ in [*first, *second]:
        seen.setdefault(doc_id, None)
    return list(seen)
