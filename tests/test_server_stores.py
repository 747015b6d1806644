"""Ingest and answer on the server stores (PostgreSQL + pgvector, Chroma server), with
real servers: versions are copies on write, old ones are dropped, and a store that is
killed gives 503 `backend_unavailable` until it is back, then answers again by itself."""

from __future__ import annotations

import time

import psycopg
import pytest
from fastapi.testclient import TestClient
from servers import (
    chroma_server,
    crash_postgres,
    postgres_server,
    restart_postgres,
    start_chroma,
    stop,
)
from test_pipeline import MINNES, PROTOKOLL

from assistant.api.app import create_app
from assistant.service import Assistant
from index.manifest import current_version
from index.stores.server_ref import collection_of, referenced
from ingest.pipeline import Ingester

QUESTION = "Vad kostar projektet per år?"


def _settings(settings_factory, tmp_path, store: str, url: str):
    settings = settings_factory(tmp_path / "index", store=store)
    if store == "postgres":
        settings.index.database_url = url
    else:
        settings.index.chroma_url = url
    return settings


def _ingest(settings, embedder, folder):
    return Ingester(settings.ingest, settings.index, embedder).run([folder], progress=False)


def _tables(url: str, root) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT name FROM kommunrag_stores WHERE root = %s", (str(root.resolve()),)
        ).fetchall()
    return {name for (name,) in rows}


@pytest.mark.slow
def test_postgres_versions_are_copies_and_old_ones_are_dropped(
    postgres_url, embedder, settings_factory, tmp_path
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minnes.txt").write_text(MINNES)
    settings = _settings(settings_factory, tmp_path, "postgres", postgres_url)
    settings.index.keep_versions = 1
    _ingest(settings, embedder, corpus)
    first = collection_of(current_version(settings.index.dir) / "vectors")
    assistant = Assistant(settings, embedder)
    answer = assistant.ask(QUESTION)
    assert "120 000" in answer.text

    (corpus / "kun.txt").write_text(PROTOKOLL)
    _ingest(settings, embedder, corpus)
    second = collection_of(current_version(settings.index.dir) / "vectors")
    assert second != first  # the new version wrote to its own copy
    assert _tables(postgres_url, settings.index.dir) == {second} == referenced(settings.index.dir)
    organs = {
        c.organ for c in assistant.ask("Vad beslutade Kulturnämnden om biblioteksplanen?").citations
    }
    assert "Kulturnämnden" in organs  # the running assistant picked up the new version


@pytest.mark.slow
def test_chroma_server_ingest_and_answer(chroma_url, embedder, settings_factory, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minnes.txt").write_text(MINNES)
    settings = _settings(settings_factory, tmp_path, "chroma", chroma_url)
    _ingest(settings, embedder, corpus)
    assert "120 000" in Assistant(settings, embedder).ask(QUESTION).text
    assert not (current_version(settings.index.dir) / "vectors" / "chroma.sqlite3").exists()


def _wait_until(check, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_postgres_killed_gives_503_then_recovers(embedder, settings_factory, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minnes.txt").write_text(MINNES)
    with postgres_server() as (url, server):
        settings = _settings(settings_factory, tmp_path, "postgres", url)
        _ingest(settings, embedder, corpus)
        with TestClient(create_app(settings, embedder)) as client:
            assert client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
            crash_postgres(server)
            down = client.post("/v1/ask", json={"question": QUESTION})
            assert down.status_code == 503, down.text
            assert down.json()["code"] == "backend_unavailable"
            assert "retry" in down.json()["error"] and url not in down.text
            restart_postgres(server)
            back = _wait_until(
                lambda: client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
            )
            assert back, "the service did not recover after PostgreSQL came back"


@pytest.mark.slow
def test_chroma_server_killed_gives_503_then_recovers(embedder, settings_factory, tmp_path):
    from helpers import free_port

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minnes.txt").write_text(MINNES)
    port, data = free_port(), tmp_path / "chroma-data"
    with chroma_server(port=port, path=data) as url:
        settings = _settings(settings_factory, tmp_path, "chroma", url)
        _ingest(settings, embedder, corpus)
    # The server is stopped now; the index still names its collection.
    with TestClient(create_app(settings, embedder)) as client:
        down = client.post("/v1/ask", json={"question": QUESTION})
        assert down.status_code == 503 and down.json()["code"] == "backend_unavailable"
        proc = start_chroma(data, port)
        try:
            back = _wait_until(
                lambda: client.post("/v1/ask", json={"question": QUESTION}).status_code == 200
            )
            assert back, "the service did not recover after the Chroma server came back"
        finally:
            stop(proc)
