"""Scoring an eval run: retrieval metrics through ranx, answer metrics, latency, breakdowns.

Retrieval relevance follows the question format: a retrieved chunk is relevant when its
text contains a gold `sources` snippet (`snippet_in`). ranx scores a ranking of *evidence*
rather than of chunks, so that the figures do not depend on how the corpus was chunked:

- each gold snippet of a question is one relevant item (`gold:0`, `gold:1`, …);
- walking the retrieved chunks best first, a chunk that holds snippets not seen higher up
  stands for those snippets (two new snippets in one chunk are two consecutive items);
  any other chunk, a second copy of evidence already found included, is a miss.

So recall@k is the share of gold snippets found in the top k chunks, MRR@10 the reciprocal
rank of the first chunk holding any snippet, and nDCG@10 (over the evidence list) rewards
finding every snippet early. Unanswerable questions have no snippets and no retrieval figures.

Answer metrics, per question (None where a metric does not apply):
- `answer_hit`: answerable, not refused, and the answer text contains a gold answer.
- `refused`: the assistant said it could not answer (`supported` is False).
- `organ_recall`: share of the gold `organs` (organs, or parties on vote questions) that
  the answer text names as whole words.
- `organ_precision` (aggregate questions): of the organs the answer text names, the share
  that are gold organs (either name containing the other, as whole words). An organ counts
  as named when it is a gold organ or an organ of some chunk of the index (the run's
  `vocabulary`), occurs in the answer and is not named by the question itself; when one
  named organ's name holds another's ("Göteborgs Stads idrotts- och föreningsnämnd"), only
  the longer counts. So an answer that presents the speaker of a list (Kommunfullmäktige)
  instead of the organs in it, or that adds organs the question did not ask for, loses
  precision. Organs the index never saw and the gold does not list cannot be recognised.
- citation precision: a citation is correct when its chunk contains a gold snippet, or when
  its snippet lexically supports a sentence citing it: at least `SUPPORT_SHARE` of that
  sentence's content words occur in the snippet (see `supports`). A citation no sentence
  refers to counts only through the gold-snippet rule. Summaries pool all citations.
  An extractive answer quotes the chunk it cites, so its citations pass the second rule by
  construction; the figure tells most about generative answers.
- citation gold share (answerable questions): the share of citations whose chunk holds a
  gold snippet, the stricter half of the rule above. Pooled like citation precision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from evals.dataset import (
    KINDS,
    LANGS,
    Question,
    answer_matches,
    name_form,
    names_in,
    snippet_in,
)

HEADLINE_RETRIEVAL = ("recall@5", "recall@10", "recall@20", "mrr@10", "ndcg@10")
CURVE_KS = tuple(range(1, 21))
STAGES = ("embed", "retrieve", "compose", "total")
CONTEXT = "words@10"  # words in the top 10 retrieved chunks: how much text recall@10 read
SUPPORT_SHARE = 0.6
ANSWER_METRICS = (
    "answer_hit_rate",
    "false_refusal_rate",
    "refusal_accuracy",
    "organ_recall",
    "organ_precision",
    "citation_precision",
    "citation_gold_share",
    "paraphrase_consistency",
)

_WORD = re.compile(r"\w+")
_MARKER = re.compile(r"\[(\d+)\]")
# A sentence ends after . ! ? : or a citation marker, but never right before a marker,
# so "… i år. [2]" keeps its marker.
_SENTENCE_END = re.compile(r"(?<=[.!?:\]])\s+(?!\[\d+\])|\n+(?!\[\d+\])")
# Short function words that would let any two Swedish or English sentences "overlap".
_STOPWORDS = frozenset(
    """
    inte från till samt eller under över efter även andra detta dessa denna vara varit blir
    blev ska skall kommer också sina sitt deras their that this with from have been were
    which what when where there into about would should could will
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def evidence_items(snippets: Sequence[str], chunk_texts: Sequence[str]) -> list[list[str]]:
    """Return, per retrieved chunk (best first), the evidence ids it stands for.

    A chunk holding snippets that no higher chunk held stands for them (`gold:<i>`, index
    into `snippets`); any other chunk is one miss (`miss:<rank>`).
    """
    seen: set[int] = set()
    items: list[list[str]] = []
    for rank, text in enumerate(chunk_texts, 1):
        new = [i for i, s in enumerate(snippets) if i not in seen and snippet_in(s, text)]
        seen.update(new)
        items.append([f"gold:{i}" for i in new] if new else [f"miss:{rank}"])
    return items


def evidence_ranking(snippets: Sequence[str], chunk_texts: Sequence[str]) -> list[str]:
    """Return `evidence_items` flattened: the ranked evidence list ranx scores."""
    return [item for chunk in evidence_items(snippets, chunk_texts) for item in chunk]


def _ranx_scores(
    qrels: dict[str, dict[str, int]], rankings: dict[str, list[str]], metrics: list[str]
) -> dict[str, dict[str, float]]:
    """Return `{metric: {question id: value}}` from ranx for ranked evidence lists."""
    from ranx import Qrels, Run

    from evals.ranx_scores import evaluate

    run = {}
    for qid, items in rankings.items():
        items = items or ["miss:0"]  # ranx refuses an empty result list
        run[qid] = {item: float(len(items) - pos) for pos, item in enumerate(items)}
    ranx_run = Run(run)
    evaluate(Qrels(qrels), ranx_run, metrics)
    return {m: {qid: float(v) for qid, v in ranx_run.scores[m].items()} for m in metrics}


def retrieval_scores(
    gold: Mapping[str, Sequence[str]],
    ranked: Mapping[str, Sequence[str]],
    ks: Iterable[int] = CURVE_KS,
) -> dict[str, dict[str, float]]:
    """Return `{question id: {metric: value}}` with recall@k for `ks`, MRR@10 and nDCG@10.

    `gold` maps question ids to their snippets and `ranked` to their retrieved chunk texts,
    best first. recall@k is ranx's recall of the evidence from the first k *chunks*, so a
    chunk holding two snippets does not push later evidence past the cut. Questions without
    snippets are left out; a question missing from `ranked` counts as retrieving nothing.
    """
    ids = [qid for qid, snippets in gold.items() if snippets]
    if not ids:
        return {}
    qrels = {qid: {f"gold:{i}": 1 for i in range(len(gold[qid]))} for qid in ids}
    items = {qid: evidence_items(gold[qid], ranked.get(qid, [])) for qid in ids}
    flat = {qid: [x for chunk in items[qid] for x in chunk] for qid in ids}
    scores = _ranx_scores(qrels, flat, ["mrr@10", "ndcg@10"])
    for k in ks:
        firsts = {qid: [x for chunk in items[qid][:k] for x in chunk] for qid in ids}
        scores[f"recall@{k}"] = _ranx_scores(qrels, firsts, ["recall"])["recall"]
    return {qid: {m: values[qid] for m, values in scores.items()} for qid in ids}


def answer_hit(question: Question, text: str, refused: bool) -> bool | None:
    """Return whether an answerable question got a gold answer; None when unanswerable."""
    if not question.answerable:
        return None
    return not refused and answer_matches(question.answers, text)


def organ_recall(gold: Sequence[str], text: str) -> float | None:
    """Return the share of `gold` names that `text` names; None when `gold` is empty."""
    if not gold:
        return None
    return sum(names_in(name, text) for name in gold) / len(gold)


def organ_precision(
    gold: Sequence[str], answer: str, question: str, vocabulary: Iterable[str]
) -> float | None:
    """Return the share of the organs `answer` names that match a gold organ (see the module
    docstring). None when there is no gold organ or the answer names no known organ."""
    if not gold:
        return None
    known = {name_form(o): o for o in [*vocabulary, *gold] if o and o.strip()}
    named = [
        form
        for form, organ in known.items()
        if names_in(organ, answer) and not names_in(organ, question)
    ]
    named = [n for n in named if not any(n != m and names_in(n, m) for m in named)]
    if not named:
        return None
    good = sum(any(names_in(g, n) or names_in(n, g) for g in gold) for n in named)
    return good / len(named)


def content_words(text: str) -> set[str]:
    """Return the casefolded words of `text` that carry content: four letters or more, or
    any word holding a digit, minus a short list of function words."""
    words = {w.casefold() for w in _WORD.findall(_MARKER.sub(" ", text))}
    return {
        w for w in words if (len(w) >= 4 or any(c.isdigit() for c in w)) and w not in _STOPWORDS
    }


def supports(sentence: str, snippet: str) -> bool:
    """Return True when at least `SUPPORT_SHARE` of the sentence's content words occur in
    `snippet`. A sentence without content words is supported by nothing."""
    words = content_words(sentence)
    if not words:
        return False
    return len(words & content_words(snippet)) / len(words) >= SUPPORT_SHARE


def citing_sentences(text: str, n: int) -> list[str]:
    """Return the sentences (or lines) of `text` that carry the marker `[n]`."""
    marker = f"[{n}]"
    return [s for s in _SENTENCE_END.split(text) if marker in s]


def citation_verdicts(
    answer_text: str, citations: Sequence[dict[str, Any]], sources: Sequence[str]
) -> list[bool]:
    """Return, per citation, whether it is correct (see the module docstring).

    Each citation is a dict with `n`, `snippet` and `chunk_text`.
    """
    gold = gold_citations(citations, sources)
    return [
        ok or any(supports(s, c.get("snippet", "")) for s in citing_sentences(answer_text, c["n"]))
        for c, ok in zip(citations, gold, strict=True)
    ]


def gold_citations(citations: Sequence[dict[str, Any]], sources: Sequence[str]) -> list[bool]:
    """Return, per citation, whether its chunk (`chunk_text`) holds a gold snippet."""
    return [any(snippet_in(s, c.get("chunk_text", "")) for s in sources) for c in citations]


def question_metrics(
    question: Question,
    text: str,
    refused: bool,
    citations: Sequence[dict[str, Any]],
    vocabulary: Iterable[str] = (),
) -> dict[str, Any]:
    """Return the answer metrics of one question (see the module docstring), with
    `citation_verdicts`, one bool per citation. `vocabulary`: the organs of the index."""
    verdicts = citation_verdicts(text, citations, question.sources)
    return {
        "answer_hit": answer_hit(question, text, refused),
        "refused": refused,
        "organ_recall": organ_recall(question.organs, text),
        "organ_precision": (
            organ_precision(question.organs, text, question.question, vocabulary)
            if question.kind == "aggregate" and not refused
            else None
        ),
        "citations": len(verdicts),
        "citations_correct": sum(verdicts),
        "citation_verdicts": verdicts,
        "citations_gold": (
            sum(gold_citations(citations, question.sources)) if question.answerable else None
        ),
    }


def percentile(values: Sequence[float], q: float) -> float | None:
    """Return the `q`th percentile (0–100) of `values`, or None when there are none."""
    return float(np.percentile(values, q)) if values else None


def _mean(values: Iterable[float | bool | None]) -> float | None:
    kept = [float(v) for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Return the summary figures of some result rows (each with `answerable`, `metrics`
    and `timings`). A figure with no question it applies to is None."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    metrics = [r["metrics"] for r in rows]
    cited = sum(m.get("citations", 0) for m in metrics)
    out: dict[str, Any] = {
        "n": len(rows),
        "answer_hit_rate": _mean(r["metrics"].get("answer_hit") for r in answerable),
        "false_refusal_rate": _mean(r["metrics"].get("refused") for r in answerable),
        "refusal_accuracy": _mean(r["metrics"].get("refused") for r in unanswerable),
        "organ_recall": _mean(m.get("organ_recall") for m in metrics),
        "organ_precision": _mean(m.get("organ_precision") for m in metrics),
        "citation_precision": (
            sum(m.get("citations_correct", 0) for m in metrics) / cited if cited else None
        ),
        "citation_gold_share": _pooled_share(
            [r["metrics"] for r in answerable if r["metrics"].get("citations_gold") is not None]
        ),
    }
    out["paraphrase_consistency"] = paraphrase_consistency(rows)
    for name in (*HEADLINE_RETRIEVAL, CONTEXT):
        out[name] = _mean(m.get(name) for m in metrics)
    out["latency"] = latency(rows)
    return out


def paraphrase_consistency(rows: Sequence[dict[str, Any]]) -> float | None:
    """Return the share of paraphrase groups whose every question is answered right.

    A group is a question and the paraphrases that name it in `paraphrase_of` (rows carry
    it as "group"); only groups with two or more answerable rows count. None without any.
    """
    groups: dict[str, list[bool]] = {}
    for r in rows:
        if r["answerable"] and r.get("group"):
            groups.setdefault(r["group"], []).append(bool(r["metrics"].get("answer_hit")))
    kept = [all(hits) for hits in groups.values() if len(hits) >= 2]
    return sum(kept) / len(kept) if kept else None


def _pooled_share(metrics: Sequence[dict[str, Any]]) -> float | None:
    """Return citations holding gold evidence over all citations of `metrics`, or None."""
    cited = sum(m.get("citations", 0) for m in metrics)
    return sum(m["citations_gold"] for m in metrics) / cited if cited else None


def latency(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Return p50 and p95 seconds per stage over rows that timed that stage."""
    out = {}
    for stage in STAGES:
        values = [r["timings"][stage] for r in rows if stage in r.get("timings", {})]
        out[stage] = {"p50": percentile(values, 50), "p95": percentile(values, 95)}
    return out


def recall_curve(rows: Sequence[dict[str, Any]]) -> list[float | None]:
    """Return mean recall@k for k in `CURVE_KS` over rows that have a `recall_curve`."""
    curves = [r["recall_curve"] for r in rows if r.get("recall_curve")]
    if not curves:
        return [None for _ in CURVE_KS]
    return [float(v) for v in np.mean(np.array(curves), axis=0)]


def breakdown(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Return `aggregate` overall, per `kind` and per `lang` (groups with no rows left out)."""
    by_kind = {k: aggregate([r for r in rows if r["kind"] == k]) for k in KINDS}
    by_lang = {lang: aggregate([r for r in rows if r["lang"] == lang]) for lang in LANGS}
    return {
        "overall": aggregate(rows),
        "by_kind": {k: v for k, v in by_kind.items() if v["n"]},
        "by_lang": {k: v for k, v in by_lang.items() if v["n"]},
        "recall_curve": recall_curve(rows),
    }
