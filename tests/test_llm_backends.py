"""The LLM backends against a fake server on 127.0.0.1: replies, streams, deadlines, retries."""

from __future__ import annotations

import socket
import time

import pytest
from fake_llm import FakeLlm, Reply
from pydantic import ValidationError

from assistant.llm import LlmError, LlmTimeout, Message, resolve_llm
from assistant.settings import LlmSettings

MESSAGES = [Message("system", "Du är en testmodell."), Message("user", "Säg hej.")]


@pytest.fixture(autouse=True)
def _fresh(fake):
    fake.reset(default=Reply("Hej från modellen."))


def _llm(fake: FakeLlm, backend: str = "openai", **options):
    url = fake.url if backend == "openai" else fake.root
    values = {
        "backend": backend,
        "base_url": url,
        "model": "fake-model",
        "timeout_s": 5.0,
        **options,
    }
    return resolve_llm(LlmSettings(**values))


@pytest.mark.parametrize("backend", ["openai", "ollama"])
def test_chat_returns_the_reply_and_sends_the_settings(fake, backend):
    fake.script(Reply("Kostnaden är 69 000 kronor per år [1]."))
    llm = _llm(fake, backend, max_tokens=123, temperature=0.3)
    assert llm.chat(MESSAGES) == "Kostnaden är 69 000 kronor per år [1]."
    sent = fake.requests[-1]
    assert sent["model"] == "fake-model"
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert sent["messages"][1]["content"] == "Säg hej."
    if backend == "openai":
        assert sent["max_tokens"] == 123 and sent["temperature"] == pytest.approx(0.3)
    else:
        assert sent["options"]["num_predict"] == 123 and sent["options"]["num_ctx"] == 8192


@pytest.mark.parametrize("backend", ["openai", "ollama"])
def test_stream_yields_the_pieces_in_order(fake, backend):
    fake.script(Reply("Ett två tre fyra.", pieces=["Ett ", "två ", "tre ", "fyra."]))
    pieces = list(_llm(fake, backend).stream(MESSAGES))
    assert pieces == ["Ett ", "två ", "tre ", "fyra."]
    assert fake.requests[-1]["stream"] is True


@pytest.mark.parametrize("backend", ["openai", "ollama"])
def test_a_slow_server_ends_in_llm_timeout_not_a_hang(fake, backend):
    fake.script(Reply("för sent", delay_s=30))
    llm = _llm(fake, backend, timeout_s=0.5, max_retries=0)
    started = time.monotonic()
    with pytest.raises(LlmTimeout):
        llm.chat(MESSAGES)
    assert time.monotonic() - started < 10  # the server would have needed 30 s


def test_a_stream_that_stalls_midway_ends_in_llm_timeout(fake):
    fake.script(Reply("a b c d", pieces=["a ", "b ", "c ", "d"], chunk_delay_s=30))
    pieces = []
    with pytest.raises(LlmTimeout):
        for piece in _llm(fake, timeout_s=0.5).stream(MESSAGES):
            pieces.append(piece)
    assert pieces == ["a "]


def test_a_server_error_is_retried_within_the_budget(fake):
    fake.script(Reply(status=500), Reply("andra försöket"))
    assert _llm(fake, max_retries=1).chat(MESSAGES) == "andra försöket"
    assert len(fake.requests) == 2


def test_retries_are_bounded(fake):
    fake.script(Reply(status=503), Reply(status=503), Reply(status=503))
    with pytest.raises(LlmError, match="failed"):
        _llm(fake, max_retries=1).chat(MESSAGES)
    assert len(fake.requests) == 2


def test_a_client_error_is_not_retried(fake):
    fake.script(Reply(status=400), Reply("should not be asked"))
    with pytest.raises(LlmError):
        _llm(fake, max_retries=3).chat(MESSAGES)
    assert len(fake.requests) == 1


def test_a_stream_that_fails_before_its_first_piece_is_retried(fake):
    fake.script(Reply(status=502), Reply("till slut", pieces=["till ", "slut"]))
    assert "".join(_llm(fake, max_retries=1).stream(MESSAGES)) == "till slut"


@pytest.mark.parametrize("backend", ["openai", "ollama"])
def test_a_dead_server_fails_fast_with_llm_error(backend):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}" + ("/v1" if backend == "openai" else "")
    llm = resolve_llm(
        LlmSettings(backend=backend, base_url=url, model="m", timeout_s=5, max_retries=1)
    )
    with pytest.raises(LlmError):
        llm.chat(MESSAGES)


def test_extractive_means_no_llm_and_an_llm_needs_a_model():
    assert resolve_llm(LlmSettings()) is None
    with pytest.raises(ValidationError, match="needs llm.model"):
        LlmSettings(backend="ollama")
