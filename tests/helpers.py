"""Helpers shared by test modules."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_kommunrag(*args: str, cwd: Path = ROOT, timeout: int = 600):
    """Run the `kommunrag` command line (as `python -m assistant.cli`) and return the
    completed process, output captured as text. Works from any `cwd`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=env,
    )


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, grace_s: float = 10) -> None:
    """Stop a server process started here (terminate, then kill after `grace_s` seconds)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def kommunrag_server(
    *args: str, env: dict[str, str] | None = None, serve_args: tuple[str, ...] = ()
) -> Iterator[str]:
    """Run `kommunrag [args] serve [serve_args]` on a free port of 127.0.0.1 and yield its
    base URL once /healthz answers; stop it afterwards. Fails the test if it does not start
    in 60 s.

    The server's output goes to a temporary file, not a pipe: a pipe nobody reads fills
    up with access log lines and then blocks the server."""
    port = free_port()
    command = [sys.executable, "-m", "assistant.cli", *args, "serve", *serve_args]
    command += ["--host", "127.0.0.1"]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=log,
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
        log.seek(0)
        pytest.fail(f"server did not start: {log.read().decode(errors='replace')[-4000:]}")
    try:
        yield base
    finally:
        stop(proc, grace_s=30)
        log.close()


@contextmanager
def openai_over(app_settings, embedder, key: str, timeout_s: float) -> Iterator[object]:
    """Yield an `openai.OpenAI` client of the real app served by uvicorn on loopback.

    `key` is configured as the app's one API key (hashed, public grant), since OpenAI
    clients always send one and an unknown key is refused. The server stops on exit.
    """
    import hashlib
    import threading

    import openai
    import uvicorn

    from assistant.api.app import create_app
    from assistant.auth_settings import ApiKey, Grant

    settings = app_settings.model_copy(deep=True)
    digest = hashlib.sha256(key.encode()).hexdigest()
    settings.auth.api_keys = [
        ApiKey(name="chat-ui", sha256=digest, grants=[Grant(classes=["public"])])
    ]
    app = create_app(settings, embedder)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield openai.OpenAI(
            base_url=f"http://127.0.0.1:{port}/v1", api_key=key, max_retries=0, timeout=timeout_s
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def streamed_completion(client, question: str) -> tuple[list, str, list[dict]]:
    """Stream a chat completion of `question` through an `openai` client; return the chunks,
    the joined text and the citations the last chunk carries."""
    stream = client.chat.completions.create(
        model="kommunrag", messages=[{"role": "user", "content": question}], stream=True
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    return chunks, text, chunks[-1].choices[0].delta.model_extra["citations"]
