"""A real uvicorn process on 127.0.0.1 answering over HTTP."""

from __future__ import annotations

import httpx
import pytest
from helpers import kommunrag_server


@pytest.fixture(scope="module")
def server(sample_index):
    with kommunrag_server(env={"KOMMUNRAG_INDEX__DIR": str(sample_index.index.dir)}) as base:
        yield base


@pytest.mark.slow
def test_uvicorn_serves_cited_answers(server):
    response = httpx.post(
        f"{server}/v1/ask",
        json={"question": "Vad kostar STARK-avtalet Arboga kommun per år?"},
        timeout=60,
    )
    assert response.status_code == 200
    body = response.json()
    assert "69 000" in body["answer"]
    assert body["citations"] and body["citations"][0]["label"]


@pytest.mark.slow
def test_uvicorn_refuses_bad_requests_without_a_trace(server):
    response = httpx.post(f"{server}/v1/ask", json={"question": ""}, timeout=10)
    assert response.status_code == 422
    assert "Traceback" not in response.text
