"""POST /v1/chat with Accept: text/event-stream: sources first, then deltas, then done."""

from __future__ import annotations

import pytest
from fake_llm import Reply, parse_sse, source_with, with_llm
from fastapi.testclient import TestClient

from assistant.api.app import create_app

STARK = "Vad kostar STARK-avtalet Arboga kommun per år?"
SSE = {"Accept": "text/event-stream"}


def _stream(client, question: str) -> list[tuple[str, dict]]:
    body = {"messages": [{"role": "user", "content": question}]}
    with client.stream("POST", "/v1/chat", json=body, headers=SSE) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return parse_sse(response.read().decode())


def _check_order(events):
    names = [name for name, _ in events]
    assert names[0] == "sources" and names[-1] == "done"
    assert set(names[1:-1]) == {"delta"}
    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == done["answer"]
    return events[0][1], done


def test_extractive_answers_stream_too(client):
    sources, done = _check_order(_stream(client, STARK))
    assert sources["citations"] and sources["question"] == STARK
    assert "69 000" in done["answer"] and done["settings_hash"]


@pytest.fixture(scope="module")
def slow_client(sample_index, embedder, fake):
    """An app whose LLM budget is 2 s, for the tests where the fake stalls."""
    with TestClient(
        create_app(with_llm(sample_index, fake.url, timeout_s=2.0, max_retries=0), embedder)
    ) as c:
        yield c


def test_a_generated_answer_streams_only_verified_sentences(llm_client, fake):
    def reply(body):
        n = source_with(body, "69 000")
        return Reply(
            f"Arboga kommuns kostnad för STARK-avtalet är 69 000 kronor per år [{n}]. "
            f"Avtalet gäller från 2025-10-01 till 2028-09-30 [{n}]. "
            "Dessutom betalar Västerås 9 000 000 kronor [31].",
            chunk_delay_s=0.01,
        )

    fake.reset(default=reply)
    events = _stream(llm_client, STARK)
    sources, done = _check_order(events)
    assert fake.requests[-1]["stream"] is True
    assert len([e for e in events if e[0] == "delta"]) == 2
    assert "[31]" not in done["answer"] and "2028-09-30" in done["answer"]
    assert done["verification"]["checked"] == 3 and done["verification"]["unsupported"] == 1
    numbers = {c["n"] for c in sources["citations"]}
    assert {c["n"] for c in done["citations"]} <= numbers


def test_a_stream_from_a_hanging_llm_ends_with_the_degraded_extractive_answer(
    slow_client, fake, client
):
    fake.reset(default=Reply(hang=True))
    _, done = _check_order(_stream(slow_client, STARK))
    assert done["degraded"] is True and "69 000" in done["answer"]
    assert done["answer"] == client.post("/v1/ask", json={"question": STARK}).json()["answer"]


def test_a_stream_that_stops_midway_keeps_its_verified_part(slow_client, fake):
    def reply(body):
        n = source_with(body, "69 000")
        first = f"Arboga kommuns kostnad för STARK-avtalet är 69 000 kronor per år [{n}]. "
        return Reply(
            first + "Avtalet gäller", pieces=[first, "Avtalet ", "gäller"], chunk_delay_s=30
        )

    fake.reset(default=reply)
    _, done = _check_order(_stream(slow_client, STARK))
    assert done["degraded"] is True and "stopped after 1 sentences" in done["degraded_reason"]
    assert done["answer"].startswith("Arboga kommuns kostnad")
    assert "Avtalet gäller" not in done["answer"]


def test_bad_requests_are_refused_before_the_stream(client):
    response = client.post(
        "/v1/chat", json={"messages": [{"role": "user", "content": " "}]}, headers=SSE
    )
    assert response.status_code == 422
