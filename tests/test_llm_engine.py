"""The generative path against a real engine: llama.cpp's server with a small GGUF model.

The engine (`llm_engine` fixture, tests/llm_engine.py) runs once per session on 127.0.0.1.
A 270M model is no good at citing, so most of its answers fall back to the extractive
one; these tests check what must hold whatever it writes: the events come in order, no
shown text is withdrawn, bytes are whole UTF-8, what survives is plain cited text in the
question's language, and a budget shorter than the model's generation is kept.
"""

from __future__ import annotations

import re
import time

import pytest
from fake_llm import parse_sse
from fastapi.testclient import TestClient
from helpers import openai_over, streamed_completion

from assistant.answer.verify import cited_numbers, in_other_language, split_units
from assistant.api.app import create_app
from assistant.llm import Message, resolve_llm
from assistant.settings import LlmSettings
from prompts import render_prompt

pytestmark = pytest.mark.llm

STARK = "Vad kostar STARK-avtalet Arboga kommun per år?"
IT_QUESTION = "Which committees raised IT-security concerns?"
SSE = {"Accept": "text/event-stream"}
LEFTOVERS = re.compile(r"\*\*|^#|<think>|<\|[a-z_]+\|>|<(?:start|end)_of_turn>|</s>", re.M)
# Enough for two or three cited sentences; kept small so the suite stays within minutes.
MAX_TOKENS = 96
KEY = "engine-chat-ui-key-0123456789"  # OpenAI clients always send a key; an unknown one gets 401


def engine_settings(settings, engine, **options):
    """Return a copy of `settings` whose LLM is the engine (OpenAI backend, greedy)."""
    copy = settings.model_copy(deep=True)
    values = {"timeout_s": 180.0, "max_tokens": MAX_TOKENS, "temperature": 0.0, **options}
    copy.llm = LlmSettings(backend="openai", base_url=engine.url, model=engine.alias, **values)
    return copy


@pytest.fixture(scope="module")
def engine_client(sample_index, embedder, llm_engine):
    with TestClient(create_app(engine_settings(sample_index, llm_engine), embedder)) as c:
        yield c


def assert_plain_cited_text(body: dict) -> None:
    """What is shown is plain text in the question's language, citing given sources only."""
    answer = body["answer"]
    assert answer.strip() and not LEFTOVERS.search(answer), answer
    assert set(cited_numbers(answer)) <= {c["n"] for c in body["citations"]}
    if not body["verification"]["fallback"] and body["lang"] == "sv":
        assert not any(in_other_language(u.text, "sv") for u in split_units(answer)), answer


SOURCE = (
    '<source id="1" organ="Äldrenämnden">\nÄldrenämnden föreslår att förskolenämnden '
    "får två år till för översynen av äldreomsorgen i Västerås.\n</source>"
)


def _engine_llm(engine, max_tokens):
    settings = LlmSettings(
        backend="openai", base_url=engine.url, model=engine.alias, max_tokens=max_tokens
    )
    llm = resolve_llm(settings)
    assert llm is not None
    user = render_prompt("answer_user", "sv", question="Vad föreslår äldrenämnden?", sources=SOURCE)
    return llm, [Message("system", render_prompt("answer_system", "sv")), Message("user", user)]


def test_the_engine_answers_through_the_openai_backend(llm_engine):
    llm, prompt = _engine_llm(llm_engine, 24)
    assert llm.chat(prompt, timeout_s=120).strip()


def test_streamed_pieces_are_whole_utf8(llm_engine):
    """llama.cpp emits byte-level tokens; å, ä and ö must not arrive split or replaced."""
    llm, prompt = _engine_llm(llm_engine, 48)
    pieces = list(llm.stream(prompt, timeout_s=120))
    text = "".join(pieces)
    assert len(pieces) > 3 and "\ufffd" not in text
    assert re.search("[åäöÅÄÖ]", text), text


def test_ask_with_the_real_engine(engine_client):
    response = engine_client.post("/v1/ask", json={"question": STARK})
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] is False, body["degraded_reason"]
    verification = body["verification"]
    assert verification is not None and body["timings"]["llm"] > 0
    assert_plain_cited_text(body)
    if verification["fallback"]:  # the extractive answer, which has the figure
        assert "69 000" in body["answer"]
    for dropped in verification["dropped"]:
        assert dropped["sentence"] not in body["answer"]


def test_chat_streams_sources_deltas_done_in_whole_utf8(engine_client):
    body = {"messages": [{"role": "user", "content": STARK}]}
    with engine_client.stream("POST", "/v1/chat", json=body, headers=SSE) as response:
        assert response.status_code == 200
        raw = response.read()
    text = raw.decode("utf-8")  # strict: a split multi-byte character raises here
    assert "\ufffd" not in text
    events = parse_sse(text)
    names = [name for name, _ in events]
    assert names[0] == "sources" and names[-1] == "done"
    assert set(names[1:-1]) == {"delta"}, names
    done = events[-1][1]
    shown = "".join(data["text"] for name, data in events if name == "delta")
    assert shown == done["answer"]  # nothing shown was withdrawn or changed afterwards
    assert done["degraded"] is False, done["degraded_reason"]
    assert done["verification"] is not None
    assert_plain_cited_text(done)
    given = {c["n"] for c in events[0][1]["citations"]}
    assert {c["n"] for c in done["citations"]} <= given


def test_an_llm_rewrites_the_follow_up(engine_client):
    body = engine_client.post(
        "/v1/chat",
        json={
            "messages": [
                {"role": "user", "content": IT_QUESTION},
                {"role": "assistant", "content": "Fyra nämnder tog upp IT-säkerhet [1]."},
                {"role": "user", "content": "och vad sa äldrenämnden?"},
            ]
        },
    ).json()
    rewrite = body["rewrite"]
    assert rewrite["method"] == "llm" and rewrite["degraded_reason"] is None, rewrite
    assert rewrite["question"] and "\n" not in rewrite["question"]
    assert not LEFTOVERS.search(rewrite["question"])
    assert rewrite["filters"] == {"organ": "Äldrenämnden"}
    assert body["citations"] and {c["organ"] for c in body["citations"]} == {"Äldrenämnden"}


def test_a_budget_shorter_than_generation_gives_the_extractive_answer_in_time(
    sample_index, embedder, llm_engine, engine_client
):
    started = time.perf_counter()
    full = engine_client.post("/v1/ask", json={"question": STARK}).json()
    full_s = time.perf_counter() - started
    generation_s = full["timings"]["llm"]
    budget = min(1.0, generation_s / 4)
    assert generation_s > 4 * budget * 0.99, f"the engine answered in {generation_s:.2f} s"
    settings = engine_settings(sample_index, llm_engine, timeout_s=budget, max_retries=0)
    with TestClient(create_app(settings, embedder)) as c:
        started = time.perf_counter()
        body = c.post("/v1/ask", json={"question": STARK}).json()
        elapsed = time.perf_counter() - started
    assert body["degraded"] is True and "did not answer within" in body["degraded_reason"]
    assert "69 000" in body["answer"] and body["citations"]
    assert body["timings"]["llm"] <= budget + 0.25
    # The rest of the request (retrieval, extractive composition) is not part of the budget.
    assert elapsed < budget + (full_s - generation_s) + 5.0


@pytest.fixture(scope="module")
def openai_client(sample_index, embedder, llm_engine):
    with openai_over(engine_settings(sample_index, llm_engine), embedder, KEY, 180) as client:
        yield client


def test_chat_completions_through_the_openai_client(openai_client):
    completion = openai_client.chat.completions.create(
        model="kommunrag", messages=[{"role": "user", "content": STARK}]
    )
    message = completion.choices[0].message
    answer, listing = message.content.split("\n\nKällor:\n")
    details = completion.model_extra["kommunrag"]
    assert details["degraded"] is False and details["verification"] is not None
    citations = message.model_extra["citations"]
    assert citations and all(f"[{c['n']}] {c['label']}" in listing for c in citations)
    assert set(cited_numbers(answer)) == {c["n"] for c in citations}
    assert not LEFTOVERS.search(answer)


def test_streamed_chat_completions_through_the_openai_client(openai_client):
    chunks, text, citations = streamed_completion(openai_client, STARK)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    answer, listing = text.split("\n\nKällor:\n")
    assert citations and set(cited_numbers(answer)) == {c["n"] for c in citations}
    assert "\ufffd" not in text and not LEFTOVERS.search(answer)
