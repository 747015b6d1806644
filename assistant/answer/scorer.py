"""The learned sentence scorer: how likely a sentence answers a question, and when to refuse.

A logistic regression over `features.FEATURES`, fitted by `evals/train_scorer.py` on
labelled sentences (SweQUAD-MC's training split and the even-numbered questions of
`evals/questions/sample.jsonl`; see the `source` record in the weights file). Its weights,
the standardisation of each feature, and the refusal threshold chosen on a validation split
live in `scorer.json` beside this module, so the answerer needs no training data at run time.

Scoring runs in two passes, because the cosine feature costs an embedding per sentence:
`prelim` scores every candidate with the cosine left at its training mean, and only the
best few are embedded and scored in full by `probability`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.features import COSINE_COLUMNS, FEATURES

WEIGHTS = Path(__file__).with_name("scorer.json")


@dataclass(frozen=True)
class SentenceScorer:
    """Weights of a fitted logistic regression over standardised features.

    `mean` and `scale` standardise a `(n, len(names))` feature matrix; `coef` and
    `intercept` give the log-odds that a sentence answers its question; `threshold` is the
    probability under which the best sentence is not support enough and the question is
    refused. `source` records the training data, split and validation figures.
    """

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    source: dict[str, Any] = field(default_factory=dict)

    def logits(self, features: np.ndarray, with_cosine: bool = True) -> np.ndarray:
        """Return the `(n,)` log-odds of a `(n, len(names))` matrix.

        With `with_cosine=False` the cosine columns (`COSINE_COLUMNS`) are ignored (taken at
        their training means),
        which is how candidates are ranked before their sentences are embedded.
        """
        z = (np.atleast_2d(features) - self.mean) / self.scale
        if not with_cosine:
            for name in COSINE_COLUMNS:
                if name in self.names:
                    z[:, self.names.index(name)] = 0.0
        return z @ self.coef + self.intercept

    def probability(self, features: np.ndarray) -> np.ndarray:
        """Return the `(n,)` probabilities that each sentence answers its question."""
        return 1.0 / (1.0 + np.exp(-self.logits(features)))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form `load_scorer` reads."""
        return {
            "names": list(self.names),
            "mean": [float(x) for x in self.mean],
            "scale": [float(x) for x in self.scale],
            "coef": [float(x) for x in self.coef],
            "intercept": float(self.intercept),
            "threshold": float(self.threshold),
            "source": self.source,
        }


def scorer_from_dict(data: dict[str, Any]) -> SentenceScorer:
    """Return the scorer a `to_dict` record describes.

    Refuses (ValueError) a record whose feature names differ from `FEATURES`: the weights
    were fitted on other features and must be trained again.
    """
    names = tuple(data["names"])
    if names != FEATURES:
        raise ValueError(
            f"scorer weights name features {names}, the code computes {FEATURES}: "
            "retrain with python -m evals.train_scorer"
        )
    return SentenceScorer(
        names,
        np.asarray(data["mean"], dtype=np.float32),
        np.asarray(data["scale"], dtype=np.float32),
        np.asarray(data["coef"], dtype=np.float32),
        float(data["intercept"]),
        float(data["threshold"]),
        dict(data.get("source", {})),
    )


@lru_cache(maxsize=4)
def load_scorer(path: Path = WEIGHTS) -> SentenceScorer:
    """Return the scorer stored at `path` (default: the shipped `scorer.json`), read once.

    Raises FileNotFoundError for a missing file and ValueError for stale weights.
    """
    return scorer_from_dict(json.loads(path.read_text(encoding="utf-8")))
