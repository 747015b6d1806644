"""PostgreSQL full-text search (the `swedish` configuration) as the lexical retriever of
the postgres store, against a real server: Swedish inflections match, compounds do not
split, filters and scopes are SQL predicates, replaced rows get new terms, and the
`index.lexical` setting switches the retriever of a real ingest."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from test_pipeline import MINNES, PROTOKOLL
from test_store_contract import ROWS, corpus  # noqa: F401 (a fixture)

from assistant.service import Assistant
from index.errors import IndexNotFound
from index.models import Filters, Scope
from index.settings import IndexSettings
from index.stores.pgvector_store import PgvectorStore, fts_words
from ingest.pipeline import Ingester

TEXTS = {row[0]: row[1] for row in ROWS}


@pytest.fixture
def pg(postgres_url, tmp_path: Path, corpus) -> PgvectorStore:  # noqa: F811
    store = PgvectorStore(tmp_path / "v1" / "vectors", 384, url=postgres_url)
    store.add(*corpus)
    assert store.index_texts(TEXTS) == len(ROWS)
    return store


def ids(store: PgvectorStore, query: str, **filters) -> list[str]:
    return [chunk_id for chunk_id, _ in store.text_search(query, 10, Filters(**filters))]


def test_inflected_swedish_words_match_their_stem(pg):
    assert ids(pg, "budgetar") == ["ks-budget"]  # budgeten ~ budgetar: stem "budget"
    assert ids(pg, "skolor") == ["tn-hastighet"]  # skolorna ~ skolor: stem "skol"
    assert ids(pg, "Vilka budgetar?") == ["ks-budget"]  # the stop word "vilka" is dropped


def test_any_word_matches_and_more_matches_rank_higher(pg):
    hits = pg.text_search("kommunstyrelsen budget", 10)
    assert [cid for cid, _ in hits] == ["ks-budget", "ks-avtal"]
    assert hits[0][1] > hits[1][1] > 0


def test_compounds_are_not_split_and_some_forms_are_not_stemmed(pg):
    # bullerutredning holds "utredning", detaljplanen holds "plan": the swedish configuration
    # keeps compounds whole, so neither part finds it (bm25s's analyzer splits them).
    assert ids(pg, "utredning") == []
    assert ids(pg, "plan") == []
    assert ids(pg, "bullerutredningen") == ["mn-buller"]
    # PostgreSQL's Swedish stemmer leaves "avtalet" whole, so "avtal" misses it.
    assert ids(pg, "avtal") == []
    assert ids(pg, "avtalet") == ["ks-avtal"]  # (our analyzer stems both to "avtal")


def test_filters_and_scopes_are_applied_before_the_cut(pg):
    query = "kommunstyrelsen nämnden kommunfullmäktige"
    assert set(ids(pg, query, municipality="göteborg")) == {"ks-budget", "ks-avtal"}
    assert ids(pg, query, organ="KOMMUNFULLMÄKTIGE") == ["kf-val"]
    assert ids(pg, "kommunstyrelsen", date_from="2024") == ["ks-avtal"]
    assert ids(pg, "kommunstyrelsen", dnr="KS 2023/315") == ["ks-budget"]
    assert ids(pg, "kommunstyrelsen", dnr="KS 1999/1") == []
    only_uppsala = Filters(scope=Scope.of(["public"], ["Uppsala"]))
    assert [c for c, _ in pg.text_search(query, 10, only_uppsala)] == ["kf-val"]


def test_a_replaced_row_gets_new_terms(pg, corpus):  # noqa: F811
    chunk_ids, vectors, fields = corpus
    pg.add([chunk_ids[0]], vectors[:1], fields[:1])
    assert ids(pg, "budgeten") == []  # replaced: no terms until the next commit
    assert pg.index_texts({chunk_ids[0]: "Ny text om idrottshallen."}) == 1
    assert ids(pg, "idrottshallar") == ["ks-budget"]
    assert ids(pg, "budgeten") == []


def test_queries_without_words_or_quotes_are_safe(pg):
    assert fts_words("KS 2023/00136: 'a' & !b | <->") == ["KS", "2023", "00136", "a", "b"]
    assert pg.text_search("!!! ?? ", 10) == []
    assert pg.text_search("'; DROP TABLE x; -- budget", 10)[0][0] == "ks-budget"
    assert pg.text_search("budget", 0) == []


def test_a_table_without_terms_is_refused(postgres_url, tmp_path, corpus):  # noqa: F811
    import psycopg

    store = PgvectorStore(tmp_path / "old" / "vectors", 384, url=postgres_url)
    store.add(*corpus)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"ALTER TABLE {store.ref.collection} DROP COLUMN tsv")
    with pytest.raises(IndexNotFound, match="re-ingest"):
        store.text_search("budget", 5)


def test_lexical_postgres_needs_the_postgres_store():
    with pytest.raises(ValidationError, match="needs index.store 'postgres'"):
        IndexSettings(store="faiss", lexical="postgres")
    assert IndexSettings(store="postgres", lexical="postgres").lexical == "postgres"


@pytest.mark.slow
def test_ingest_and_answer_with_postgres_full_text_search(
    postgres_url, embedder, settings_factory, tmp_path
):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "minnes.txt").write_text(MINNES)
    (corpus_dir / "kun.txt").write_text(PROTOKOLL)
    settings = settings_factory(tmp_path / "index", store="postgres")
    settings.index.database_url = postgres_url
    Ingester(settings.ingest, settings.index, embedder).run([corpus_dir], progress=False)
    settings.index.lexical = "postgres"
    assistant = Assistant(settings, embedder)
    retriever = assistant.retriever()
    fts = retriever.kb.vectors.text_search("biblioteksplanen", 5)  # type: ignore[attr-defined]
    assert fts and {retriever.chunk(cid).meta.organ for cid, _ in fts} == {"Kulturnämnden"}
    hits = retriever.search("Vad beslutade Kulturnämnden om biblioteksplanen?", k=5)
    assert hits[0].chunk.meta.organ == "Kulturnämnden"
    assert any("bm25" in h.ranks for h in hits)  # the lexical list came from PostgreSQL
    assert "120 000" in assistant.ask("Vad kostar projektet per år?").text
    filtered = retriever.search("projektet", k=5, filters=Filters(organ="Kulturnämnden"))
    assert filtered and {h.chunk.meta.organ for h in filtered} == {"Kulturnämnden"}
