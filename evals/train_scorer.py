"""Fit the answerer's sentence scorer (`assistant/answer/scorer.json`) on labelled sentences.

    python -m evals.train_scorer --set evals/questions/sample.jsonl data/sample \
        --set evals/questions/sample-paraphrases.jsonl data/sample \
        --set evals/questions/goteborg-dev.jsonl ../shared/corpus/goteborg \
        --set evals/questions/dev-sample.jsonl data/sample \
        --set evals/questions/dev-goteborg.jsonl ../shared/corpus/goteborg \
        --set evals/questions/dev-goteborg2.jsonl ../shared/corpus/goteborg [--out PATH]

(what `make train-scorer` runs). A corpus folder stands for the cached eval index of the
files its questions cite, built on first use as `kommunrag eval` builds it.

Data, each split into a training and a validation part that never share a question:
- **SweQUAD-MC** (dkalpakchi/SweQUAD-MC, CC BY 4.0; `DIR/training.json` and `DIR/dev.json`,
  by default `../shared/benchmarks/swequad-mc-dev/raw`): Swedish questions over texts of
  public authorities, each with the character span of its correct answer. Every sentence
  of the question's context is a candidate; it is positive when it overlaps that span.
  `--swequad-questions` training questions (fixed seed) train; the dev split validates.
  Contexts are given, not retrieved, so their retrieval features are those of a first hit.
- **kommunrag's own sets**, each with an index of its corpus (`--set`): sample.jsonl and
  sample-paraphrases.jsonl over `data/sample`, goteborg-dev.jsonl over the Göteborg files it
  cites, and the development sets dev-sample.jsonl, dev-goteborg.jsonl and
  dev-goteborg2.jsonl (written blind, like the blind sets, but meant to be studied and
  trained on). Each fact, decision and
  cross-lingual question is answered as `assistant.answer` does (same search, depth and
  passages); a candidate sentence is positive when it holds one of the question's answer
  strings. Unanswerable questions give only negatives. Even-numbered questions and their
  paraphrases train, odd-numbered ones validate. The blind sets (`blind-*.jsonl`) are
  refused: they are never trained on.

The model is a logistic regression (scikit-learn, L2) over
`assistant.answer.features.FEATURES`, standardised by the in-domain training rows. The
weight of SweQUAD-MC's rows and the regularisation are picked from a small grid by the
mean top-1 accuracy on the two validation sets. The refusal threshold is the probability
that maximises decision accuracy on the validation questions plus look-alikes made from
them by removing the chunks that hold their answer, the questions to refuse weighing as
much as unanswerable questions do in the question files (about one in eight): a question
is handled right when one of the sentences an answer would quote is positive and the best
reaches the threshold, or when it has no positive candidate and its best sentence stays
under it. Both validation sets weigh equally.
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

from assistant.answer import DocumentReader, fact_depth, question_query, search_query
from assistant.answer.extractive import JOIN_SHARE, MAX_QUOTES, build_passages, candidate_rows
from assistant.answer.features import FEATURES, question_view, set_cosines
from assistant.answer.intent import classify_question
from assistant.answer.language import detect_language
from assistant.answer.scorer import WEIGHTS, SentenceScorer
from assistant.service import Assistant
from assistant.settings import Settings
from evals.dataset import answer_matches, load_questions
from evals.runner import DEFAULT_CACHE, prepare_index, select_files
from index.embedders.base import Embedder
from index.lexical import LexicalIndex
from index.manifest import current_version
from index.models import Chunk, Hit, SectionMeta
from index.retriever import Retriever

FACT_KINDS = ("fact", "decision", "crosslingual", "unanswerable")


@dataclass
class Group:
    """The candidate sentences of one question: features `(n, F)`, labels `(n,)`, texts,
    and the chunk each sentence was read from."""

    qid: str
    source: str
    question: str
    features: np.ndarray
    labels: np.ndarray
    texts: list[str]
    chunks: list[str]

    def without_evidence(self) -> Group | None:
        """Return this question with every chunk that holds a positive sentence removed: a
        look-alike the documents do not answer (same topic, evidence gone), or None when
        nothing is left or nothing was positive."""
        gone = {c for c, y in zip(self.chunks, self.labels, strict=True) if y}
        keep = [i for i, c in enumerate(self.chunks) if c not in gone]
        if not gone or not keep:
            return None
        return Group(
            self.qid + "-absent",
            self.source,
            self.question,
            self.features[keep],
            self.labels[keep],
            [self.texts[i] for i in keep],
            [self.chunks[i] for i in keep],
        )


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
        np.savez(self.path, **self.vectors)  # type: ignore[arg-type]


def with_cosines(group: Group, question: str, cache: VectorCache) -> Group:
    """Fill the cosine column of a group from the cached embeddings."""
    if len(group.texts):
        set_cosines(group.features, cache.passages(group.texts) @ cache.query(question))
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
        rows = candidate_rows(passages, question_view(query, intent, lang))
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
            [p.hit.chunk.id for p, _, _ in rows],
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
    documents = DocumentReader(retriever.kb.catalog)
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
        passages = build_passages(
            hits, retriever.kb.lexical.analyzer, documents.sections, documents.title
        )
        rows = candidate_rows(passages, question_view(query, intent, lang))
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
            [p.hit.chunk.id for p, _, _ in rows],
        )
        groups.append(with_cosines(group, q.question, cache))
    return groups


def unanswerable_share(paths: list[Path]) -> float:
    """Return the share of unanswerable questions over the distinct questions of the files."""
    questions = {q.question: q for path in paths for q in load_questions(path)[0]}
    return sum(not q.answerable for q in questions.values()) / max(len(questions), 1)


def index_of(questions: Path, where: Path, settings: Settings) -> Path:
    """Return `where` when it is an index; for a corpus folder, the cached eval index of the
    files the questions cite, as `kommunrag eval --sample-others 0` builds it (ingested on
    first use)."""
    if current_version(where) is not None:
        return where
    from index.embedders.registry import resolve_embedder

    files = select_files(where, load_questions(questions)[0], 0)
    embedder = resolve_embedder(settings.index.embedder)
    index_dir, _ = prepare_index(settings, embedder, files, DEFAULT_CACHE, progress=None)
    return index_dir


def is_even(qid: str) -> bool:
    """Return True for an even-numbered question ("s04"; a paraphrase counts as the question
    it rewords, "s04p1" as "s04"), so that a question and its paraphrases share a split."""
    digits = re.match(r"\D*(\d+)", qid)
    return digits is not None and int(digits.group(1)) % 2 == 0


# --- Fitting and calibration ------------------------------------------------------------------


def fit(
    groups: list[Group], reference: list[Group], weights: dict[str, float], c: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Return (mean, scale, coef, intercept) of an L2 logistic regression on the groups.

    Features are standardised by the `reference` groups (the retrieved, in-domain ones: in
    SweQUAD-MC every candidate comes from one given context, so its retrieval features are
    constant and would squash their scale); each row weighs `weights[group.source]`.
    """
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([g.features for g in groups])
    y = np.concatenate([g.labels for g in groups])
    w = np.concatenate([np.full(len(g.labels), weights[g.source]) for g in groups])
    ref = np.concatenate([g.features for g in reference])
    mean = ref.mean(axis=0)
    scale = ref.std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit((x - mean) / scale, y, sample_weight=w)
    return mean, scale, model.coef_[0], float(model.intercept_[0])


def fit_pairwise(
    groups: list[Group], reference: list[Group], weights: dict[str, float], c: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Return (mean, scale, coef, intercept) of a pairwise ranking model, calibrated.

    The ranking is a logistic regression without intercept on feature differences: every
    positive candidate of a question against each of its negatives (RankNet's pairwise
    loss with a linear scorer; Burges et al. 2005), both orders, each question weighing
    `weights[group.source]` whatever its number of pairs. The score `coef · x` is then
    mapped to a probability that the question's best candidate is right by a one-feature
    logistic regression (Platt scaling) on each training question's best candidate, plus
    the same question with its evidence removed (`Group.without_evidence`), which has no
    right candidate; the returned coef and intercept fold both steps together.
    """
    from sklearn.linear_model import LogisticRegression

    ref = np.concatenate([g.features for g in reference])
    mean = ref.mean(axis=0)
    scale = ref.std(axis=0)
    scale[scale < 1e-6] = 1.0
    diffs, labels, w = [], [], []
    for g in groups:
        x = (g.features - mean) / scale
        pos, neg = x[g.labels > 0], x[g.labels == 0]
        if not len(pos) or not len(neg):
            continue
        d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, x.shape[1])
        share = weights[g.source] / len(d)
        diffs += [d, -d]
        labels += [np.ones(len(d)), np.zeros(len(d))]
        w += [np.full(len(d), share)] * 2
    ranker = LogisticRegression(C=c, fit_intercept=False, max_iter=3000)
    ranker.fit(np.concatenate(diffs), np.concatenate(labels), sample_weight=np.concatenate(w))
    coef = ranker.coef_[0]
    tops, right, tw = [], [], []
    looks = [lk for g in groups if (lk := g.without_evidence()) is not None]
    for g in groups + looks:
        z = ((g.features - mean) / scale) @ coef
        best = int(np.argmax(z))
        tops.append(z[best])
        right.append(float(g.labels[best] > 0))
        tw.append(weights[g.source])
    platt = LogisticRegression(C=1.0, max_iter=1000)
    platt.fit(np.asarray(tops)[:, None], np.asarray(right), sample_weight=np.asarray(tw))
    slope, offset = float(platt.coef_[0][0]), float(platt.intercept_[0])
    return mean, scale, slope * coef, offset


def quoted(p: np.ndarray, share: float = JOIN_SHARE, most: int = MAX_QUOTES) -> list[int]:
    """Return the rows an answer would quote: the best, and the next best that reach `share`
    of its probability, `most` in all (as `extractive.compose_fact` joins sources)."""
    order = [int(i) for i in np.argsort(-p, kind="stable")]
    return [i for i in order[:most] if p[i] >= share * p[order[0]]]


def decisions(scorer: SentenceScorer, groups: list[Group]) -> list[tuple[float, bool, bool]]:
    """Return per question: best probability, whether a quoted sentence is positive, and
    whether any candidate is."""
    out = []
    for g in groups:
        p = scorer.probability(g.features)
        rows = quoted(p)
        out.append((float(p[rows[0]]), bool(g.labels[rows].any()), bool(g.labels.any())))
    return out


def accuracy(
    rows: list[tuple[float, bool, bool]], threshold: float, prior: float | None = None
) -> float:
    """Share of questions decided right at `threshold` (see the module docstring).

    With `prior`, questions without a positive candidate are weighted to make up that share
    of all questions (the share of unanswerable questions one expects), whatever their count.
    """
    good = [(p >= threshold and top) or (p < threshold and not anyp) for p, top, anyp in rows]
    if prior is None:
        return sum(good) / len(rows) if rows else 0.0
    answerable = [ok for ok, (_, _, anyp) in zip(good, rows, strict=True) if anyp]
    refusable = [ok for ok, (_, _, anyp) in zip(good, rows, strict=True) if not anyp]
    if not answerable or not refusable:
        return sum(good) / len(rows) if rows else 0.0
    return (1 - prior) * float(np.mean(answerable)) + prior * float(np.mean(refusable))


def top1(scorer: SentenceScorer, groups: list[Group]) -> float:
    """Share of questions with a positive candidate whose best-scored sentence is positive."""
    answerable = [g for g in groups if g.labels.any()]
    hits = [g.labels[int(np.argmax(scorer.logits(g.features)))] for g in answerable]
    return float(np.mean(hits)) if hits else 0.0


def choose_threshold(
    validation: list[list[tuple[float, bool, bool]]], prior: float
) -> tuple[float, float]:
    """Return the threshold (0.01 steps) with the best mean accuracy over the sets (each
    weighing questions to refuse at `prior`, see `accuracy`), and that accuracy."""
    best = (0.5, -1.0)
    for t in np.arange(0.01, 0.99, 0.01):
        score = float(np.mean([accuracy(rows, float(t), prior) for rows in validation]))
        if score > best[1] + 1e-9:
            best = (round(float(t), 2), score)
    return best


# Tried on the validation sets; the pair with the best mean top-1 there is kept.
SWEQUAD_WEIGHTS = (0.05, 0.2, 0.5, 1.0)
REGULARISATION = (0.1, 1.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--swequad", type=Path, default=Path("../shared/benchmarks/swequad-mc-dev/raw")
    )
    parser.add_argument("--swequad-questions", type=int, default=250)
    parser.add_argument(
        "--set",
        dest="sets",
        nargs=2,
        action="append",
        metavar=("QUESTIONS", "INDEX_OR_CORPUS"),
        required=True,
        help="a question file and an index of its corpus, or the corpus folder (its cited files "
        "are ingested into a cached eval index); repeat for each set",
    )
    parser.add_argument(
        "--objective",
        choices=("pointwise", "pairwise"),
        default="pointwise",
        help="pointwise: one logistic regression on every candidate; pairwise: a ranking of "
        "each question's candidates, then calibrated (see `fit_pairwise`). Measured on the "
        "odd-numbered (held-out) questions of the own sets, pointwise decided 123 of 144 right "
        "and pairwise 121 (organ recall 0.851 against 0.800), so pointwise is the default",
    )
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--cache", type=Path, default=Path("var/scorer-vectors.npz"))
    args = parser.parse_args(argv)
    questions = [Path(q) for q, _ in args.sets]
    if any(q.name.startswith("blind-") for q in questions):
        parser.error("the blind sets are for measuring only; never train on them")

    own: list[Group] = []
    cache: VectorCache | None = None
    try:
        for question_file, where in args.sets:
            settings = Settings()
            settings.index.dir = index_of(Path(question_file), Path(where), settings)
            retriever = Assistant(settings).retriever()  # the index as the service opens it
            cache = cache or VectorCache(args.cache, retriever.kb.embedder)
            own += retrieved_groups([Path(question_file)], retriever, 6, cache)
        assert cache is not None
        own = list({g.question: g for g in own}.values())  # a question in two files once
        print(f"own questions: {len(own)}", file=sys.stderr)
        sq_train = swequad_groups(args.swequad / "training.json", args.swequad_questions, cache)
        sq_dev = swequad_groups(args.swequad / "dev.json", None, cache)
    finally:
        if cache is not None:
            cache.save()
    own_train = [g for g in own if is_even(g.qid)]
    own_val = [g for g in own if not is_even(g.qid)]
    absent = [a for g in own_val if (a := g.without_evidence()) is not None]
    fitter = fit_pairwise if args.objective == "pairwise" else fit
    trials = []
    for weight in SWEQUAD_WEIGHTS:
        for c in REGULARISATION:
            fitted = fitter(sq_train + own_train, own_train, {"own": 1.0, "swequad": weight}, c)
            trial = SentenceScorer(FEATURES, *fitted, 0.5)
            trials.append((float(np.mean([top1(trial, own_val), top1(trial, sq_dev)])), weight, c))
    score, weight, c = max(trials)
    mean, scale, coef, intercept = fitter(
        sq_train + own_train, own_train, {"own": 1.0, "swequad": weight}, c
    )
    provisional = SentenceScorer(FEATURES, mean, scale, coef, intercept, 0.5)
    val_rows = [decisions(provisional, own_val + absent), decisions(provisional, sq_dev)]
    prior = unanswerable_share(questions)
    threshold, val_accuracy = choose_threshold(val_rows, prior)
    train_rows = [decisions(provisional, own_train), decisions(provisional, sq_train)]
    names = " + ".join(p.name for p in questions)
    source = {
        "method": (
            "pairwise ranking logistic regression, Platt-calibrated (scikit-learn, L2)"
            if args.objective == "pairwise"
            else "logistic regression (scikit-learn, L2)"
        )
        + " on standardised features",
        "chosen": {"swequad_weight": weight, "C": c, "mean_validation_top1": round(score, 3)},
        "training": {
            "swequad-mc training.json (CC BY 4.0)": len(sq_train),
            f"{names}, even ids": len(own_train),
        },
        "validation": {
            "swequad-mc dev.json": len(sq_dev),
            f"{names}, odd ids": len(own_val),
            "the same with their evidence removed (look-alikes to refuse)": len(absent),
        },
        "positives": int(sum(g.labels.sum() for g in sq_train + own_train)),
        "rows": int(sum(len(g.labels) for g in sq_train + own_train)),
        "threshold_rule": "best mean decision accuracy over the two validation sets, questions "
        f"to refuse weighted to the unanswerable share of the question files ({prior:.3f})",
        "validation_accuracy": {
            "own": round(accuracy(val_rows[0], threshold, prior), 3),
            "swequad": round(accuracy(val_rows[1], threshold, prior), 3),
        },
        "validation_top1": {
            "own": round(top1(provisional, own_val), 3),
            "swequad": round(top1(provisional, sq_dev), 3),
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
