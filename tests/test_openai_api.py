"""/v1/chat/completions and /v1/models through the `openai` client and a real uvicorn server."""

from __future__ import annotations

import openai
import pytest
from fake_llm import source_with, with_llm
from helpers import openai_over, streamed_completion

STARK = "Vad kostar STARK-avtalet Arboga kommun per år?"
KEY = "chat-ui-key-0123456789"  # OpenAI clients always send a key; an unknown one gets 401


@pytest.fixture(scope="module", params=["extractive", "llm"])
def api(request, sample_index, embedder, fake):
    """A real uvicorn server, once extractive and once with the fake LLM behind it."""
    settings = (
        sample_index
        if request.param == "extractive"
        else with_llm(sample_index, fake.url, timeout_s=5.0)
    )
    with openai_over(settings, embedder, KEY, 30) as client:
        yield request.param, client


@pytest.fixture(autouse=True)
def _faithful_model(fake):
    def reply(body):
        n = source_with(body, "69 000")
        return f"Arboga kommuns kostnad för STARK-avtalet är 69 000 kronor per år [{n}]."

    fake.reset(default=reply)


@pytest.mark.slow
def test_models_lists_kommunrag(api):
    _, client = api
    assert [m.id for m in client.models.list().data] == ["kommunrag"]


@pytest.mark.slow
def test_a_completion_is_cited_and_lists_its_sources(api):
    mode, client = api
    completion = client.chat.completions.create(
        model="kommunrag",
        messages=[{"role": "system", "content": "Svara kort."}, {"role": "user", "content": STARK}],
    )
    message = completion.choices[0].message
    answer, listing = message.content.split("\n\nKällor:\n")
    assert "69 000" in answer and completion.model == "kommunrag"
    citations = message.model_extra["citations"]
    assert citations and any(c["file"].startswith("004_") for c in citations)
    for citation in citations:
        assert (
            f"[{citation['n']}]" in answer and f"[{citation['n']}] {citation['label']}" in listing
        )
    assert completion.model_extra["kommunrag"]["degraded"] is False
    if mode == "llm":
        assert answer.startswith("Arboga kommuns kostnad för STARK-avtalet")
        assert completion.model_extra["kommunrag"]["verification"]["unsupported"] == 0


@pytest.mark.slow
def test_a_streamed_completion_ends_with_its_citations(api):
    mode, client = api
    chunks, text, citations = streamed_completion(client, STARK)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert "69 000" in text and "\n\nKällor:\n" in text
    assert all(f"[{c['n']}]" in text for c in citations)
    # The role, the answer (verified sentence by sentence), the source list, the end.
    assert len(chunks) >= 4 and chunks[-2].choices[0].delta.content.startswith("\n\nKällor:")


@pytest.mark.slow
def test_an_english_follow_up_gets_an_english_source_heading(api):
    _, client = api
    completion = client.chat.completions.create(
        model="kommunrag",
        messages=[
            {"role": "user", "content": "What does the STARK agreement cost Arboga per year?"},
        ],
    )
    assert "\n\nSources:\n" in completion.choices[0].message.content


@pytest.mark.slow
def test_an_unknown_model_is_refused(api):
    _, client = api
    with pytest.raises(openai.NotFoundError, match="gpt-4o") as caught:
        client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": STARK}]
        )
    assert caught.value.code == "model_not_found" and caught.value.param == "model"
