"""Calibrate `answer.aggregate_semantic_band` on the own question sets' aggregate questions.

    python -m evals.calibrate_band --set evals/questions/sample.jsonl data/sample \
        --set evals/questions/sample-paraphrases.jsonl data/sample \
        --set evals/questions/goteborg-dev.jsonl ../shared/corpus/goteborg

The band says how far below the closest organ's cosine another organ's closest sentence
may lie and still count, when the question's words cannot tell organs apart (see
`assistant.answer.aggregate.semantic_band`). Every aggregate question of the sets is asked
once per band in `--bands`; each answer is scored by organ F1 (harmonic mean of organ
recall and organ precision, as `kommunrag eval` measures them) and answer hit. The band
with the best mean F1 on the even-numbered questions (a paraphrase counts as the question
it rewords) is chosen; the odd-numbered ones report how it holds on questions it was not
chosen on. The blind sets are refused: they are never calibrated on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import mean

from assistant.service import Assistant
from assistant.settings import Settings
from evals.dataset import load_questions
from evals.metrics import answer_hit, organ_precision, organ_recall
from evals.train_scorer import index_of, is_even
from index.embedders.registry import resolve_embedder

DEFAULT_BANDS = (0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 1.0)


def f1(recall: float | None, precision: float | None) -> float:
    """Return the harmonic mean of organ recall and precision (0 when either is 0 or None)."""
    if not recall or not precision:
        return 0.0
    return 2 * recall * precision / (recall + precision)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", nargs=2, action="append", metavar=("QUESTIONS", "CORPUS"))
    parser.add_argument("--bands", type=float, nargs="+", default=list(DEFAULT_BANDS))
    args = parser.parse_args(argv)
    rows: dict[float, list[tuple[bool, float, bool | None]]] = {b: [] for b in args.bands}
    for question_file, where in args.set or []:
        if "blind" in Path(question_file).name:
            print(f"refusing {question_file}: blind sets are never calibrated on", file=sys.stderr)
            return 2
        settings = Settings()
        settings.index.dir = index_of(Path(question_file), Path(where), settings)
        embedder = resolve_embedder(settings.index.embedder)
        questions, _ = load_questions(question_file)
        aggregates = [q for q in questions if q.kind == "aggregate" and q.answerable and q.organs]
        vocabulary: list[str] = []
        for band in args.bands:
            settings.answer.aggregate_semantic_band = band
            assistant = Assistant(settings, embedder)
            chunks = assistant.retriever().kb.catalog.iter_chunks()
            vocabulary = vocabulary or sorted({c.meta.organ for c in chunks if c.meta.organ})
            for q in aggregates:
                answer = assistant.ask(q.question)
                refused = not answer.supported
                recall = organ_recall(q.organs, answer.text)
                precision = organ_precision(q.organs, answer.text, q.question, vocabulary)
                hit = answer_hit(q, answer.text, refused)
                rows[band].append((is_even(q.id), f1(recall, precision), hit))
    print("band  F1(train)  F1(held-out)  hit(train)  hit(held-out)  n(train/held-out)")
    best = max(args.bands, key=lambda b: (mean([r[1] for r in rows[b] if r[0]] or [0]), -b))
    for band in args.bands:
        train = [r for r in rows[band] if r[0]]
        held = [r for r in rows[band] if not r[0]]
        print(
            f"{band:<5g} {mean([r[1] for r in train] or [0]):.3f}      "
            f"{mean([r[1] for r in held] or [0]):.3f}         "
            f"{mean([bool(r[2]) for r in train] or [0]):.3f}       "
            f"{mean([bool(r[2]) for r in held] or [0]):.3f}          {len(train)}/{len(held)}"
            + ("   <- chosen" if band == best else "")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
