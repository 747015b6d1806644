"""LexicalIndex on real sample documents: search, filters, updates and persistence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.errors import IndexNotFound
from index.lexical import LexicalIndex

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def sample_chunks(window: int = 60) -> tuple[list[str], list[str]]:
    """Cut each sample file into chunks of about `window` words, ids like `004_…:3`."""
    ids, texts = [], []
    for path in sorted(SAMPLE.glob("*.txt")):
        tokens = re.split(r"\s+", path.read_text(encoding="utf-8").strip())
        for n, start in enumerate(range(0, len(tokens), window)):
            ids.append(f"{path.stem}:{n}")
            texts.append(" ".join(tokens[start : start + window]))
    return ids, texts


@pytest.fixture(scope="module")
def chunks() -> tuple[list[str], list[str]]:
    return sample_chunks()


@pytest.fixture(scope="module")
def index(chunks) -> LexicalIndex:
    built = LexicalIndex()
    built.build(*chunks)
    return built


def test_exact_terms_find_the_arboga_agreement(index):
    hits = index.search("STARK-avtalet strategiskt arbete i regioner", k=5)
    assert hits[0][0].startswith("004_")
    assert all(a[1] >= b[1] for a, b in zip(hits, hits[1:], strict=False))


def test_head_word_finds_compounds(index, chunks):
    hits = index.search("säkerhet", k=50)
    found = {chunk_id for chunk_id, _ in hits}
    with_compound = {i for i, t in zip(*chunks, strict=True) if "informationssäkerhet" in t.lower()}
    assert with_compound and with_compound <= found


def test_allowed_ids_filter_before_the_cut(index, chunks):
    ids, _ = chunks
    allowed = {i for i in ids if i.startswith("003_")}
    hits = index.search("kommun", k=3, allowed_ids=allowed)
    assert hits and {h[0] for h in hits} <= allowed
    assert index.search("kommun", k=3, allowed_ids=set()) == []


def test_unknown_and_empty_queries_return_nothing(index):
    assert index.search("xyzzyplugh", k=5) == []
    assert index.search("   ", k=5) == []
    assert index.search("och att det", k=5) == []


def test_save_load_round_trip(index, tmp_path):
    index.save(tmp_path / "lexical")
    again = LexicalIndex.load(tmp_path / "lexical")
    query = "Vad sa äldrenämnden om informationssäkerhet?"
    assert again.search(query, k=10) == index.search(query, k=10)
    assert again.ids == index.ids
    assert again.analyzer.vocabulary == index.analyzer.vocabulary


def test_load_maps_the_score_matrix_from_disk(index, tmp_path):
    import numpy as np

    index.save(tmp_path / "lexical")
    again = LexicalIndex.load(tmp_path / "lexical")
    assert isinstance(again._model.scores["data"], np.memmap)
    assert again.search("Arboga STARK", k=3) == index.search("Arboga STARK", k=3)


def test_load_refuses_an_empty_directory(tmp_path):
    with pytest.raises(IndexNotFound, match=str(tmp_path)):
        LexicalIndex.load(tmp_path)


def test_add_and_remove_rebuild(chunks):
    ids, texts = chunks
    local = LexicalIndex()
    local.build(ids, texts)
    local.add(["new:0"], ["Snöröjningen på Arbogavägen upphandlas av tekniska nämnden."])
    assert local.search("snöröjning", k=1)[0][0] == "new:0"
    local.remove(["new:0", ids[0]])
    assert local.search("snöröjning", k=1) == []
    assert ids[0] not in local.ids and len(local) == len(ids) - 1


def test_build_refuses_duplicate_ids():
    with pytest.raises(ValueError, match="unique"):
        LexicalIndex().build(["a", "a"], ["x", "y"])


def test_empty_index_searches_and_saves_over_an_older_one(index, tmp_path):
    index.save(tmp_path / "e")
    empty = LexicalIndex()
    empty.build([], [])
    assert empty.search("kommun", k=3) == []
    empty.save(tmp_path / "e")
    assert LexicalIndex.load(tmp_path / "e").search("kommun", k=3) == []
