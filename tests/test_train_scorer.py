"""The scorer's training script: splits, look-alikes, calibration and the blind-set refusal.
(The fit itself runs in `make train-scorer`; the shipped weights are checked against the
features the code computes in `test_the_shipped_weights_match_the_features`.)"""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.answer.features import FEATURES
from assistant.answer.scorer import WEIGHTS, load_scorer, scorer_from_dict
from evals.train_scorer import Group, accuracy, choose_threshold, is_even, main


def _group(labels: list[int], chunks: list[str]) -> Group:
    n = len(labels)
    return Group("q2", "own", "?", np.zeros((n, len(FEATURES))), np.array(labels, float),
                 [f"s{i}" for i in range(n)], chunks)  # fmt: skip


def test_a_question_and_its_paraphrases_share_a_split():
    assert is_even("s04") and is_even("s04p1") and is_even("s04p2") and is_even("g010")
    assert not is_even("s05p2") and not is_even("bg001") and not is_even("x")


def test_removing_the_evidence_makes_a_look_alike_to_refuse():
    group = _group([0, 1, 0, 0], ["a", "b", "b", "c"])
    absent = group.without_evidence()
    assert absent is not None and absent.chunks == ["a", "c"] and not absent.labels.any()
    assert _group([0, 0], ["a", "b"]).without_evidence() is None  # nothing positive
    assert _group([1, 1], ["a", "a"]).without_evidence() is None  # nothing left


def test_the_threshold_weighs_refusals_by_their_prior():
    # (best probability, a quoted sentence is right, any candidate is right)
    rows = [(0.9, True, True), (0.3, True, True), (0.2, False, False), (0.6, False, False)]
    assert accuracy(rows, 0.5) == 0.5
    assert accuracy(rows, 0.25, prior=0.5) == pytest.approx(0.5 * 1.0 + 0.5 * 0.5)
    threshold, best = choose_threshold([rows], prior=0.1)
    assert threshold <= 0.3 and best == pytest.approx(0.9 * 1.0 + 0.1 * 0.5)


def test_the_blind_sets_are_refused(capsys):
    with pytest.raises(SystemExit):
        main(["--set", "evals/questions/blind-sample.jsonl", "data/sample"])
    assert "never train on them" in capsys.readouterr().err


def test_the_shipped_weights_match_the_features():
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    scorer = load_scorer()
    assert scorer.names == FEATURES and 0.0 < scorer.threshold < 1.0
    assert "swequad-mc training.json (CC BY 4.0)" in data["source"]["training"]
    stale = dict(data, names=[*FEATURES[:-1], "something else"])
    with pytest.raises(ValueError, match="retrain"):
        scorer_from_dict(stale)
