"""Behaviour of rank fusion: agreement wins, nothing is lost, weights reach both extremes."""

from __future__ import annotations

import pytest

from index.fusion import (
    FusionParams,
    fuse_rankings,
    normalize,
    reciprocal_rank_fusion,
)

LEXICAL = [("a", 12.0), ("b", 9.5), ("c", 7.0), ("d", 3.0), ("e", 1.0)]
DENSE = [("c", 0.91), ("f", 0.88), ("a", 0.86), ("g", 0.80), ("b", 0.79)]
PARAM_SETS = [
    FusionParams(),
    FusionParams(normalization="minmax"),
    FusionParams(method="rrf"),
    FusionParams(exponent=1.0, lexical_weight=0.5),
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


@pytest.mark.parametrize("normalization", ["zscore", "minmax"])
@pytest.mark.parametrize("exponent", [1.0, 2.0])
def test_weight_one_reproduces_lexical_order(normalization, exponent):
    params = FusionParams(lexical_weight=1.0, normalization=normalization, exponent=exponent)
    fused = ids(fuse_rankings(LEXICAL, DENSE, params))
    assert fused[: len(LEXICAL)] == ids(LEXICAL)


@pytest.mark.parametrize("normalization", ["zscore", "minmax"])
@pytest.mark.parametrize("exponent", [1.0, 2.0])
def test_weight_zero_reproduces_dense_order(normalization, exponent):
    dense = [*DENSE, ("h", 0.5)]  # last dense hit ties with the lexical-only ones
    params = FusionParams(lexical_weight=0.0, normalization=normalization, exponent=exponent)
    fused = ids(fuse_rankings(LEXICAL, dense, params))
    assert fused[: len(dense)] == ids(dense)


def test_exponent_lets_a_standout_hit_beat_a_narrow_lead():
    # BM25 is sure of "p" (far above its pack); dense prefers "q" by a hair.
    lexical = [("p", 30.0), ("q", 12.0), ("r", 11.0)] + [(f"x{i}", 10 - i / 10) for i in range(20)]
    dense = [("q", 0.90), ("r", 0.89), ("p", 0.80)] + [
        (f"x{i}", 0.85 - i / 1000) for i in range(20)
    ]
    plain = FusionParams(lexical_weight=0.5, exponent=1.0)
    squared = FusionParams(lexical_weight=0.5, exponent=2.0)
    assert fuse_rankings(lexical, dense, plain)[0][0] == "q"
    assert fuse_rankings(lexical, dense, squared)[0][0] == "p"


def test_one_empty_side_keeps_the_other_order():
    assert ids(fuse_rankings([], DENSE)) == ids(DENSE)
    assert ids(fuse_rankings(LEXICAL, [])) == ids(LEXICAL)
    assert fuse_rankings([], []) == []


def test_normalize_gives_unseen_documents_the_window_minimum():
    values, floor = normalize(LEXICAL, "minmax", depth=3)
    assert values["a"] == 1.0 and values["c"] == 0.0 and floor == 0.0
    assert values["e"] == floor  # below the window


def test_zscore_centres_the_window():
    values, floor = normalize(LEXICAL, "zscore", depth=100)
    assert sum(values.values()) == pytest.approx(0.0, abs=1e-9)
    assert floor == min(values.values()) < 0


def test_rrf_counts_both_lists():
    fused = dict(reciprocal_rank_fusion([LEXICAL, DENSE], k=60))
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 63)
    assert fused["f"] == pytest.approx(1 / 62)


def test_params_refuse_nonsense():
    with pytest.raises(ValueError):
        FusionParams(lexical_weight=1.5)
    with pytest.raises(ValueError):
        FusionParams(method="borda")
    with pytest.raises(ValueError):
        FusionParams(exponent=0)
