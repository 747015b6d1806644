"""Fusing a lexical and a dense ranking into one list.

Plain reciprocal-rank fusion throws the scores away and loses to the better retriever
whenever one is much better than the other (BM25 on SweQUAD-MC, dense on SweFAQ). Here
each list is z-normalised over its own top `depth` ("how far above this query's pack"),
then raised to a power with its sign kept, and mixed with a lexical weight:

    fused(d) = w * g(z_bm25(d)) + (1 - w) * g(z_dense(d)),   g(z) = sign(z) * |z| ** p

The power is what makes the mix adapt per query. A retriever that is sure of one
document (it stands 4 deviations above the pack: 16 after squaring) outvotes one whose
top is only a little ahead (2 deviations: 4), while near-ties stay near-ties for the
other retriever to break. With p = 1 this is a plain convex mix of z-scores, which on
our benchmarks cannot beat both single retrievers at any one weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Ranking = list[tuple[str, float]]


@dataclass(frozen=True)
class FusionParams:
    """How to fuse. `method` is "convex" (normalised score mix) or "rrf" (plain RRF).

    `lexical_weight` is the BM25 share w in [0, 1]. `normalization` is "zscore" or
    "minmax", computed over each list's top `depth` (pass lists at least that long to
    get the behaviour the defaults were tuned for). `exponent` is p, applied to the
    normalised scores with their sign kept. `rrf_k` is the RRF constant.

    The defaults won on both Swedish BEIR sets; see benchmarks/beir_fusion.py.
    """

    method: str = "convex"
    normalization: str = "zscore"
    lexical_weight: float = 0.55
    exponent: float = 2.0
    depth: int = 100
    rrf_k: int = 60

    def __post_init__(self) -> None:
        if self.method not in ("convex", "rrf"):
            raise ValueError(f"unknown fusion method {self.method!r}")
        if self.normalization not in ("zscore", "minmax"):
            raise ValueError(f"unknown normalization {self.normalization!r}")
        if not 0.0 <= self.lexical_weight <= 1.0:
            raise ValueError(f"lexical_weight {self.lexical_weight} is outside [0, 1]")
        if self.exponent <= 0 or self.depth < 1:
            raise ValueError("exponent must be > 0 and depth >= 1")


def fuse_rankings(lexical: Ranking, dense: Ranking, params: FusionParams | None = None) -> Ranking:
    """Return the union of both rankings as `(id, fused score)`, best first.

    Each input is `(id, score)` best first, as the retrievers return it. A document
    missing from one list gets that list's lowest normalised score. Ties go to the
    better rank in the heavier-weighted list (absent ranks last), so weight 0 or 1
    reproduces the dense or lexical order. An empty side leaves the other's order.
    """
    params = params or FusionParams()
    if params.method == "rrf":
        return reciprocal_rank_fusion([lexical, dense], params.rrf_k)
    lex_norm, lex_floor = emphasized(lexical, params)
    dense_norm, dense_floor = emphasized(dense, params)
    weight = params.lexical_weight if lexical and dense else float(bool(lexical))
    fused = {
        doc_id: weight * lex_norm.get(doc_id, lex_floor)
        + (1.0 - weight) * dense_norm.get(doc_id, dense_floor)
        for doc_id in _union(lexical, dense)
    }
    primary = lexical if weight >= 0.5 else dense
    rank = {doc_id: n for n, (doc_id, _) in reversed(list(enumerate(primary)))}
    return sorted(fused.items(), key=lambda item: (-item[1], rank.get(item[0], len(rank))))


def emphasized(ranking: Ranking, params: FusionParams) -> tuple[dict[str, float], float]:
    """Return `normalize`'s scores and floor raised to `params.exponent`, sign kept."""
    values, floor = normalize(ranking, params.normalization, params.depth)
    p = params.exponent
    if p == 1.0:
        return values, floor
    return {k: _signed_power(v, p) for k, v in values.items()}, _signed_power(floor, p)


def normalize(ranking: Ranking, how: str, depth: int) -> tuple[dict[str, float], float]:
    """Return normalised scores for the ids in `ranking` and the value an absent id gets.

    Mean, deviation, minimum and maximum come from the top `depth` scores. Ids below
    `depth` and absent ids get the window's lowest value, so missing from a list counts
    as no better than that list's last counted hit. Refuses (ValueError) an unknown `how`.
    """
    if how not in ("zscore", "minmax"):
        raise ValueError(f"unknown normalization {how!r}")
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
    floor = float(values.min())
    normalised = dict.fromkeys((doc_id for doc_id, _ in ranking), floor)
    normalised.update((doc_id, float(v)) for (doc_id, _), v in zip(window, values, strict=True))
    return normalised, floor


def reciprocal_rank_fusion(rankings: list[Ranking], k: int = 60) -> Ranking:
    """Return ids scored by the sum of 1 / (k + rank) over the rankings, best first."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, (doc_id, _) in enumerate(ranking, 1):
            fused[doc_id] = fused.get(doc_id, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])


def _signed_power(value: float, p: float) -> float:
    return float(np.sign(value) * abs(value) ** p)


def _union(first: Ranking, second: Ranking) -> list[str]:
    return list(dict.fromkeys(doc_id for doc_id, _ in [*first, *second]))
