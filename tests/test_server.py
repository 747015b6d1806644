"""A real uvicorn process on 127.0.0.1 answering over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_index):
    port = _free_port()
    env = {**os.environ, "KOMMUNRAG_INDEX__DIR": str(sample_index.index.dir)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail(f"server did not start: {proc.stdout.read().decode() if proc.stdout else ''}")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


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
