"""Behaviour of rank fusion: agreement wins, nothing is lost, weights reach both extremes."""

from __future__ import annotations

import pytest

from index.fusion import (
    FusionParams,
    fuse_rankings,
    lexical_confidence,
    normalize,
    reciprocal_rank_fusion,
)

LEXICAL = [("a", 12.0), ("b", 9.5), ("c", 7.0), ("d", 3.0), ("e", 1.0)]
DENSE = [("c", 0.91), ("f", 0.88), ("a", 0.86), ("g", 0.80), ("b", 0.79)]
PARAM_SETS = [
    FusionParams(),
    FusionParams(normalization="minmax"),
    FusionParams(method="rrf"),
    FusionParams(lexical_weight=0.5, adaptive=0.0),
]


def ids(ranking):
    return [doc_id for doc_id, _ in ranking]


@pytest.mark.parametrize("params", PARAM_SETS)
def test_document_first_in_both_lists_wins(params):
    lexical = [("x", 20.0), *LEXICAL]
    dense = [("x", 0.95), *DENSE]
    assert fuse_rankings(lexical, dense, params)[0][0] == "x"


@pytest.mark.parametrize("params", PARAM_SETS)
def test_fused_list_is_the_union_without_duplicates(params):
    fused = ids(fuse_rankings(LEXICAL, DENSE, params))
    assert sorted(fused) == sorted(set(ids(LEXICAL)) | set(ids(DENSE)))


@pytest.mark.parametrize("params", PARAM_SETS)
def test_fused_scores_descend(params):
    scores = [score for _, score in fuse_rankings(LEXICAL, DENSE, params)]
    assert scores == sorted(scores, reverse=True)


def test_weight_one_reproduces_lexical_order():
    fused = ids(fuse_rankings(LEXICAL, DENSE, FusionParams(lexical_weight=1.0, adaptive=0.0)))
    assert fused[: len(LEXICAL)] == ids(LEXICAL)


def test_weight_zero_reproduces_dense_order():
    fused = ids(fuse_rankings(LEXICAL, DENSE, FusionParams(lexical_weight=0.0, adaptive=0.0)))
    assert fused[: len(DENSE)] == ids(DENSE)


def test_adaptive_weight_follows_a_peaked_bm25_list():
    peaked = [("p", 30.0), ("q", 3.0), ("r", 2.9)]
    dense = [("q", 0.90), ("r", 0.89), ("p", 0.70)]
    fixed = FusionParams(lexical_weight=0.3, adaptive=0.0)
    adaptive = FusionParams(lexical_weight=0.3, adaptive=0.7)
    assert fuse_rankings(peaked, dense, fixed)[0][0] == "q"
    assert fuse_rankings(peaked, dense, adaptive)[0][0] == "p"


def test_one_empty_side_keeps_the_other_order():
    assert ids(fuse_rankings([], DENSE)) == ids(DENSE)
    assert ids(fuse_rankings(LEXICAL, [])) == ids(LEXICAL)
    assert fuse_rankings([], []) == []


def test_lexical_confidence_is_zero_for_ties_and_high_for_a_lone_leader():
    assert lexical_confidence([("a", 5.0), ("b", 5.0)]) == 0.0
    assert lexical_confidence([("a", 10.0), ("b", 1.0)]) == pytest.approx(0.9)


def test_normalize_gives_unseen_documents_the_window_minimum():
    values, floor = normalize(LEXICAL, "minmax", depth=3)
    assert values["a"] == 1.0 and values["c"] == 0.0 and floor == 0.0


def test_rrf_counts_both_lists():
    fused = dict(reciprocal_rank_fusion([LEXICAL, DENSE], k=60))
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 63)
    assert fused["f"] == pytest.approx(1 / 62)


def test_params_refuse_nonsense():
    with pytest.raises(ValueError):
        FusionParams(lexical_weight=1.5)
    with pytest.raises(ValueError):
        FusionParams(method="borda")
