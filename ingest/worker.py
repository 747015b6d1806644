"""A worker process that prepares one file at a time under a wall-time and memory budget.

Parsing hostile files can take hours or gigabytes inside a library we do not control, so
the work runs in a child process: an address-space limit (RLIMIT_AS) turns a memory bomb
into a MemoryError or a dead child, and a file over its time budget gets its child
killed. Either way the run goes on with a fresh child. The child is forked once and
reused for every file, so the normal path costs one pipe round trip per file.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ingest.errors import UnreadableDocument

# Bytes the child may map beyond what it had when it started.
_MB = 1024 * 1024
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class BudgetWorker:
    """Runs `task(*args)` for one file in a reused child process; use it as a context manager.

    `call` returns the task's result, or raises UnreadableDocument: "over_time" when the
    task runs past `max_seconds` (the child is killed), "over_memory" when it runs out of
    its `max_memory_mb` or the child dies, and the task's own reasons. A KeyboardInterrupt
    in the task is raised again in the caller.
    """

    def __init__(self, task: Callable[..., Any], max_seconds: float, max_memory_mb: float):
        self.task = task
        self.max_seconds = max_seconds
        self.max_memory = int(max_memory_mb * _MB)
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> BudgetWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, path: Path, *args: Any) -> Any:
        """Return `task(*args)`; `path` names the file in errors (see the class docstring)."""
        conn = self._start()
        conn.send((path, args))
        if not conn.poll(self.max_seconds):
            self._kill()
            raise UnreadableDocument(
                path, "over_time", f"took longer than the {self.max_seconds:g} s budget"
            )
        try:
            status, payload = conn.recv()
        except (EOFError, OSError):
            code = self._kill()
            raise UnreadableDocument(
                path, "over_memory", f"the parser process died (exit status {code})"
            ) from None
        if status == "ok":
            return payload
        if status == "interrupted":
            raise KeyboardInterrupt
        if status == "memory":
            self._kill()  # a child that ran out of memory may be left in a bad state
            raise UnreadableDocument(
                path, "over_memory", f"needed more than the {self.max_memory // _MB} MB budget"
            )
        if status == "skip":
            raise UnreadableDocument(path, *payload)
        raise UnreadableDocument(path, "failed", f"unexpected error: {payload}")

    def close(self) -> None:
        """Stop the child (it exits at the end of its current file, or is killed)."""
        if self._process is not None and self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(None)
            self._process.join(timeout=5)
        self._kill()

    def _start(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._kill()
        ours, theirs = multiprocessing.Pipe()
        # fork: the child shares the parent's loaded modules and token counter at no cost.
        context = multiprocessing.get_context("fork")
        process = context.Process(
            target=_serve, args=(theirs, ours, self.task, self.max_memory), daemon=True
        )
        process.start()
        theirs.close()
        self._process, self._conn = process, ours
        return ours

    def _kill(self) -> int | None:
        """Kill the child and what it started (OCR tools); return its exit status."""
        process, self._process = self._process, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if process is None:
            return None
        if process.is_alive() and process.pid is not None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                process.kill()
        process.join()
        return process.exitcode


def _serve(
    conn: Connection, parents_end: Connection, task: Callable[..., Any], max_memory: int
) -> None:
    """The child's loop: run one task per message until None or the pipe closes.

    The child dies with its parent: it closes its copy of the parent's end of the pipe (so
    a dead parent reads as end of file) and, on Linux, asks for SIGKILL when the parent
    exits, so a killed ingest leaves no parser running on.
    """
    parent = os.getppid()
    parents_end.close()
    _die_with(parent)
    os.setpgrp()  # its own group, so a kill reaches the tools it runs too
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(max_memory)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        _, args = message
        try:
            conn.send(("ok", task(*args)))
        except MemoryError:
            conn.send(("memory", None))
        except UnreadableDocument as exc:
            conn.send(("skip", (exc.reason, exc.message)))
        except KeyboardInterrupt:
            conn.send(("interrupted", None))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _die_with(parent: int) -> None:
    """Have the kernel SIGKILL this process when `parent` exits (Linux prctl; else nothing)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _limit_memory(extra: int) -> None:
    """Cap the child's address space at its current size plus `extra` bytes (Linux)."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
        current = pages * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + extra
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):
        pass  # no /proc or no RLIMIT_AS: the time budget still applies
