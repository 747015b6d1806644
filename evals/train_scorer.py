"""Fit the answerer's sentence scorer (`assistant/answer/scorer.json`) on labelled sentences.

    python -m evals.train_scorer [--swequad DIR] [--sample-index DIR] [--out PATH]

Data, each split into a training and a validation part that never share a question:
- **SweQUAD-MC** (dkalpakchi/SweQUAD-MC, CC BY 4.0; `DIR/training.json` and `DIR/dev.json`,
  by default `../shared/benchmarks/swequad-mc-dev/raw`): Swedish questions over texts of
  public authorities, each with the character span of its correct answer. Every sentence
  of the question's context is a candidate; it is positive when it overlaps that span.
  `--swequad-questions` training questions (fixed seed) train; the dev split validates.
  Contexts are given, not retrieved, so their retrieval features are those of a first hit.
- **evals/questions/sample.jsonl and sample-paraphrases.jsonl** over `data/sample`: each
  fact, decision and cross-lingual question is answered as `assistant.answer` does (same
  search, depth and passages); a candidate sentence is positive when it holds one of the
  question's answer strings. Unanswerable questions give only negatives. Even-numbered
  questions and their paraphrases train, odd-numbered ones validate. The blind sets
  (`blind-*.jsonl`) are never read here.

The model is a logistic regression (scikit-learn, L2, C=1) over
`assistant.answer.features.FEATURES`, standardised by the in-domain training rows. The
refusal threshold is the probability that maximises decision accuracy on the validation
questions: a question is handled right when its best sentence is positive and reaches the
threshold, or when it has no positive candidate and its best sentence stays under it.
Both validation sets weigh equally.
Sentence vectors are cached in `var/scorer-vectors.npz` between runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answer import fact_depth, question_query, search_query, section_reader
from assistant.answer.extractive import build_passages, candidate_rows
from assistant.answer.features import FEATURES, question_view
from assistant.answer.intent import classify_question
from assistant.answer.language import detect_language
from assistant.answer.scorer import WEIGHTS, SentenceScorer
from assistant.service import Assistant
from assistant.settings import Settings
from evals.dataset import answer_matches, load_questions
from index.embedders.base import Embedder
from index.lexical import LexicalIndex
from index.models import Chunk, Hit, SectionMeta
from index.retriever import Retriever

FACT_KINDS = ("fact", "decision", "crosslingual", "unanswerable")
COSINE = FEATURES.index("cosine")


@dataclass
class Group:
    """The candidate sentences of one question: features `(n, F)`, labels `(n,)`, texts."""

    qid: str
    source: str
    question: str
    features: np.ndarray
    labels: np.ndarray
    texts: list[str]


class VectorCache:
    """Passage-side sentence vectors and query vectors kept on disk by text hash."""

    def __init__(self, path: Path, embedder: Embedder) -> None:
        self.path, self.embedder = path, embedder
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            data = np.load(path)
            self.vectors = {k: data[k] for k in data.files}

    def _key(self, side: str, text: str) -> str:
        return side + hashlib.sha1(text.encode()).hexdigest()

    def passages(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if self._key("p", t) not in self.vectors]
        if missing:
            for text, vec in zip(missing, self.embedder.embed_passages(missing), strict=True):
                self.vectors[self._key("p", text)] = vec
        return np.stack([self.vectors[self._key("p", t)] for t in texts])

    def query(self, text: str) -> np.ndarray:
        key = self._key("q", text)
        if key not in self.vectors:
            self.vectors[key] = self.embedder.embed_query(text)
        return self.vectors[key]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(self.path, **self.vectors)


def with_cosines(group: Group, question: str, cache: VectorCache) -> Group:
    """Fill the cosine column of a group from the cached embeddings."""
    if len(group.texts):
        group.features[:, COSINE] = cache.passages(group.texts) @ cache.query(question)
    return group


# --- SweQUAD-MC ----------------------------------------------------------------------------


def swequad_groups(path: Path, limit: int | None, cache: VectorCache, seed: int = 0) -> list[Group]:
    """Return one group per question of a SweQUAD-MC split (`limit` drawn with `seed`)."""
    items = json.loads(path.read_text(encoding="utf-8"))["data"]
    if limit is not None and limit < len(items):
        items = random.Random(seed).sample(items, limit)
    contexts = sorted({item["context"].replace("\r", " ") for item in items})
    lexical = LexicalIndex()
    analyzer = lexical.analyzer
    lexical.build([f"c{i}" for i in range(len(contexts))], contexts)
    groups = []
    for n, item in enumerate(items):
        context = item["context"].replace("\r", " ")
        answer = next(c for c in item["choices"] if c["type"] == "Correct answer")
        question = item["question"]
        lang = detect_language(question)
        intent = classify_question(question, lang)
        query = question_query(intent.topic or question, lang, intent, lexical)
        chunk = Chunk(f"sq{n}", "swequad", context, "", SectionMeta(), 0, 1, 1)
        hit = Hit(chunk, 1.0, {"dense": 1, "bm25": 1})
        passages = build_passages([hit], analyzer, lambda _doc: [])
        rows = candidate_rows(passages, question_view(query, intent))
        if not rows:
            continue
        labels = [
            1.0 if s.start < answer["end"] and answer["start"] < s.end else 0.0 for _, s, _ in rows
        ]
        group = Group(
            f"{path.stem}-{n}",
            "swequad",
            question,
            np.stack([f for _, _, f in rows]),
            np.asarray(labels),
            [s.text for _, s, _ in rows],
        )
        groups.append(with_cosines(group, question, cache))
        if n % 50 == 0:
            print(f"  swequad {path.name}: {n}/{len(items)}", file=sys.stderr, flush=True)
    return groups


# --- kommunrag's own question sets ------------------------------------------------------------


def retrieved_groups(
    paths: list[Path], retriever: Retriever, top_k: int, cache: VectorCache
) -> list[Group]:
    """Return one group per fact-like question of the files at `paths` (a question asked
    twice counts once), candidates found as the answerer finds them."""
    groups = []
    seen: set[str] = set()
    questions = [q for path in paths for q in load_questions(path)[0]]
    for q in questions:
        if q.kind not in FACT_KINDS or q.question in seen:
            continue
        seen.add(q.question)
        lang = detect_language(q.question)
        intent = classify_question(q.question, lang)
        if intent.kind != "fact":
            continue
        hits = retriever.search(search_query(q.question, lang), fact_depth(top_k))
        query = question_query(intent.topic or q.question, lang, intent, retriever.kb.lexical)
        if not query.units:
            continue
        passages = build_passages(hits, retriever.kb.lexical.analyzer, section_reader(retriever))
        rows = candidate_rows(passages, question_view(query, intent))
        if not rows:
            continue
        labels = [1.0 if answer_matches(q.answers, s.text) else 0.0 for _, s, _ in rows]
        group = Group(
            q.id,
            "own",
            q.question,
            np.stack([f for _, _, f in rows]),
            np.asarray(labels),
            [s.text for _, s, _ in rows],
        )
        groups.append(with_cosines(group, q.question, cache))
    return groups


def is_even(qid: str) -> bool:
    """Return True for an even-numbered question ("s04"; a paraphrase counts as the question
    it rewords, "s04p1" as "s04"), so that a question and its paraphrases share a split."""
    digits = re.match(r"\D*(\d+)", qid)
    return bool(digits) and int(digits.group(1)) % 2 == 0


# --- Fitting and calibration ------------------------------------------------------------------


def fit(
    groups: list[Group], reference: list[Group]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Return (mean, scale, coef, intercept) of an L2 logistic regression on the groups,
    features standardised by the `reference` groups (the retrieved, in-domain ones: in
    SweQUAD-MC every candidate comes from one given context, so its retrieval features are
    constant and would squash their scale)."""
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([g.features for g in groups])
    y = np.concatenate([g.labels for g in groups])
    ref = np.concatenate([g.features for g in reference])
    mean = ref.mean(axis=0)
    scale = ref.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit((x - mean) / scale, y)
    return mean, scale, model.coef_[0], float(model.intercept_[0])


def decisions(scorer: SentenceScorer, groups: list[Group]) -> list[tuple[float, bool, bool]]:
    """Return per question: best probability, whether the best is positive, whether any is."""
    out = []
    for g in groups:
        p = scorer.probability(g.features)
        best = int(np.argmax(p))
        out.append((float(p[best]), bool(g.labels[best]), bool(g.labels.any())))
    return out


def accuracy(rows: list[tuple[float, bool, bool]], threshold: float) -> float:
    """Share of questions decided right at `threshold` (see the module docstring)."""
    right = sum((p >= threshold and top) or (p < threshold and not anyp) for p, top, anyp in rows)
    return right / len(rows) if rows else 0.0


def choose_threshold(validation: list[list[tuple[float, bool, bool]]]) -> tuple[float, float]:
    """Return the threshold (0.01 steps) with the best mean accuracy over the sets, and it."""
    best = (0.5, -1.0)
    for t in np.arange(0.01, 0.99, 0.01):
        score = float(np.mean([accuracy(rows, float(t)) for rows in validation]))
        if score > best[1] + 1e-9:
            best = (round(float(t), 2), score)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--swequad", type=Path, default=Path("../shared/benchmarks/swequad-mc-dev/raw")
    )
    parser.add_argument("--swequad-questions", type=int, default=250)
    parser.add_argument("--sample-index", type=Path, required=True, help="an index of data/sample")
    parser.add_argument(
        "--questions",
        type=Path,
        nargs="+",
        default=[
            Path("evals/questions/sample.jsonl"),
            Path("evals/questions/sample-paraphrases.jsonl"),
        ],
    )
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--cache", type=Path, default=Path("var/scorer-vectors.npz"))
    args = parser.parse_args(argv)

    settings = Settings()
    settings.index.dir = args.sample_index
    retriever = Assistant(settings).retriever()  # the index as the service opens it
    cache = VectorCache(args.cache, retriever.kb.embedder)
    try:
        own = retrieved_groups(args.questions, retriever, 6, cache)
        print(f"own questions: {len(own)}", file=sys.stderr)
        sq_train = swequad_groups(args.swequad / "training.json", args.swequad_questions, cache)
        sq_dev = swequad_groups(args.swequad / "dev.json", None, cache)
    finally:
        cache.save()
    own_train = [g for g in own if is_even(g.qid)]
    own_val = [g for g in own if not is_even(g.qid)]
    mean, scale, coef, intercept = fit(sq_train + own_train, own_train)
    provisional = SentenceScorer(FEATURES, mean, scale, coef, intercept, 0.5)
    val_rows = [decisions(provisional, own_val), decisions(provisional, sq_dev)]
    threshold, val_accuracy = choose_threshold(val_rows)
    train_rows = [decisions(provisional, own_train), decisions(provisional, sq_train)]
    source = {
        "method": "logistic regression (scikit-learn, L2, C=1) on standardised features",
        "training": {
            "swequad-mc training.json (CC BY 4.0)": len(sq_train),
            f"{' + '.join(p.name for p in args.questions)}, even ids": len(own_train),
        },
        "validation": {
            "swequad-mc dev.json": len(sq_dev),
            f"{' + '.join(p.name for p in args.questions)}, odd ids": len(own_val),
        },
        "positives": int(sum(g.labels.sum() for g in sq_train + own_train)),
        "rows": int(sum(len(g.labels) for g in sq_train + own_train)),
        "threshold_rule": "best mean decision accuracy over the two validation sets",
        "validation_accuracy": {
            "own": round(accuracy(val_rows[0], threshold), 3),
            "swequad": round(accuracy(val_rows[1], threshold), 3),
        },
        "training_accuracy": {
            "own": round(accuracy(train_rows[0], threshold), 3),
            "swequad": round(accuracy(train_rows[1], threshold), 3),
        },
    }
    scorer = SentenceScorer(FEATURES, mean, scale, coef, intercept, threshold, source)
    args.out.write_text(json.dumps(scorer.to_dict(), indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(source, indent=1, ensure_ascii=False))
    for name, weight in sorted(zip(FEATURES, coef, strict=True), key=lambda x: -abs(x[1])):
        print(f"  {name:18s} {weight:+.3f}")
    print(f"threshold {threshold} (mean validation accuracy {val_accuracy:.3f}) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
