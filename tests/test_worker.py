"""The budget worker: a file over its time or memory budget costs its worker, not the run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest.errors import UnreadableDocument
from ingest.worker import BudgetWorker


def _task(kind: str) -> str:
    if kind == "sleep":
        time.sleep(60)
    if kind == "allocate":
        blocks = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GiB
        return str(len(blocks))
    if kind == "refuse":
        raise UnreadableDocument("x.pdf", "corrupt", "broken")
    if kind == "bug":
        raise ZeroDivisionError("division by zero")
    return f"read {kind}"


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("sleep", "over_time"), ("allocate", "over_memory"), ("refuse", "corrupt"), ("bug", "failed")],
)
def test_a_file_over_budget_is_refused_and_the_next_file_is_read(kind, reason):
    with BudgetWorker(_task, max_seconds=2, max_memory_mb=256) as worker:
        with pytest.raises(UnreadableDocument) as caught:
            worker.call(Path("x.pdf"), kind)
        assert caught.value.reason == reason
        assert worker.call(Path("ok.txt"), "ok.txt") == "read ok.txt"


def test_the_worker_is_reused_between_files():
    with BudgetWorker(lambda: __import__("os").getpid(), 10, 256) as worker:
        first = worker.call(Path("a.txt"))
        assert worker.call(Path("b.txt")) == first
