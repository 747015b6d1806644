"""Rate limits (429 + Retry-After), fair turns per principal, request ids in JSON logs,
debug logs without document text, /metrics, and the query cut to the embedder's limit."""

from __future__ import annotations

import asyncio
import io
import json
import logging

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.throttle import FairTurns, principal_key
from assistant.logs import DocumentTextFilter, JsonFormatter
from assistant.settings import Settings
from index.query import cut_to_tokens


def _app(tmp_path, embedder, **api):
    settings = Settings()
    settings.index.dir = tmp_path / "index"
    for key, value in api.items():
        setattr(settings.api, key, value)
    return TestClient(create_app(settings, embedder), raise_server_exceptions=False)


def test_over_the_address_limit_is_429_with_retry_after(tmp_path, embedder):
    with _app(tmp_path, embedder, rate_limit_ip="3/minute") as client:
        codes = [client.post("/v1/ask", json={"question": "hej"}).status_code for _ in range(3)]
        refused = client.post("/v1/ask", json={"question": "hej"})
        health = client.get("/healthz")
    assert codes == [503, 503, 503]  # counted, and answered (no index here)
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert health.status_code == 200  # health checks are never limited


def test_the_principal_limit_applies_on_its_own(tmp_path, embedder):
    with _app(tmp_path, embedder, rate_limit_principal="2/minute") as client:
        codes = [client.get("/v1/models").status_code for _ in range(3)]
        body = client.get("/v1/models").json()
    assert codes == [200, 200, 429]
    assert body["error"]["code"] == "rate_limited"  # OpenAI's shape on its routes


def test_guessing_keys_is_rate_limited_per_address(tmp_path, embedder):
    with _app(tmp_path, embedder, rate_limit_ip="3/minute") as client:
        wrong = {"X-API-Key": "guess"}
        codes = [client.get("/v1/models", headers=wrong).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_principal_key_is_the_authenticated_key_else_the_address():
    class Principal:
        key = "key:abc"

    anonymous = {"client": ("10.0.0.7", 5555), "state": {}}
    signed_in = {"client": ("10.0.0.7", 5555), "state": {"principal": Principal()}}
    assert principal_key(anonymous) == "ip:10.0.0.7"
    assert principal_key(signed_in) == "key:abc"


def test_fair_turns_let_others_pass_a_busy_principal():
    turns = FairTurns(concurrent=1)
    order: list[str] = []

    async def request(principal: str, name: str, hold: float) -> None:
        async with turns.turn(principal):
            order.append(f"{name} start")
            await asyncio.sleep(hold)
            order.append(f"{name} end")

    async def scene() -> None:
        heavy = [asyncio.create_task(request("heavy", f"h{i}", 0.05)) for i in range(3)]
        await asyncio.sleep(0.01)
        await request("light", "l0", 0.0)
        await asyncio.gather(*heavy)

    asyncio.run(scene())
    # The light client starts while the heavy one's first request still runs, not after all three.
    assert order.index("l0 end") < order.index("h0 end")
    assert order.index("h1 start") > order.index("h0 end")  # the heavy one waits its turn
    assert turns.active() == 0  # nothing left behind


def test_request_ids_are_echoed_and_in_every_json_log_line(tmp_path, embedder):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger("kommunrag.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        with _app(tmp_path, embedder) as client:
            given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
            made = client.get("/healthz", headers={"X-Request-ID": "bad id!"})
    finally:
        access.removeHandler(handler)
    assert given.headers["x-request-id"] == "abc-123"
    assert made.headers["x-request-id"] != "bad id!" and len(made.headers["x-request-id"]) == 32
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["request_id"] for line in lines] == ["abc-123", made.headers["x-request-id"]]
    assert lines[0]["route"] == "/healthz" and lines[0]["status"] == 200


def test_debug_records_that_hold_prompts_are_dropped_unless_allowed():
    def record(name: str, level: int) -> logging.LogRecord:
        return logging.LogRecord(name, level, __file__, 1, "prompt: Nämnden beslutar…", (), None)

    dropping = DocumentTextFilter()
    assert not dropping.filter(record("openai._base_client", logging.DEBUG))
    assert not dropping.filter(record("llama_index.core.chat_engine", logging.DEBUG))
    assert not dropping.filter(record("httpx", logging.DEBUG))
    assert dropping.filter(record("kommunrag.access", logging.INFO))
    assert dropping.filter(record("openai._base_client", logging.WARNING))


def test_metrics_count_requests_answers_and_index_size(client):
    assert client.post("/v1/ask", json={"question": "Vad kostar STARK-avtalet?"}).status_code == 200
    text = client.get("/metrics").text
    assert 'kommunrag_requests_total{method="POST",route="/v1/ask",status="200"}' in text
    assert "kommunrag_answers_total{" in text
    assert 'kommunrag_stage_seconds_count{stage="retrieve"}' in text
    sizes = [line for line in text.splitlines() if line.startswith("kommunrag_index_chunks{")]
    assert sizes and sum(float(line.rsplit(" ", 1)[1]) for line in sizes) > 0


def test_a_long_query_is_cut_to_the_embedders_limit(embedder):
    heavy = "😀" * 1999
    cut = cut_to_tokens(embedder, heavy)
    assert heavy.startswith(cut) and len(cut) < len(heavy)
    assert embedder.count_tokens(cut) <= embedder.max_tokens
    assert embedder.count_tokens(heavy[: len(cut) + 1]) > embedder.max_tokens  # the longest
    short = "Vad kostar STARK-avtalet Arboga kommun per år?"
    assert cut_to_tokens(embedder, short) == short


@pytest.mark.parametrize("workers", ["0", "-2"])
def test_serve_refuses_fewer_than_one_worker(workers):
    from helpers import run_kommunrag

    done = run_kommunrag("serve", "--workers", workers)
    assert done.returncode == 2 and "must be at least 1" in done.stderr
