"""`serve --workers N` and ingest killed at random points, with real processes.

Workers: two uvicorn worker processes answer, share their metrics, and pick up a new
index version without a restart. Ingest: SIGKILL at several points of a run into the
PostgreSQL store leaves the served version intact, and the next run completes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import httpx
import pytest
from helpers import ROOT, kommunrag_server
from test_pipeline import MINNES, PROTOKOLL

from assistant.service import Assistant
from index.manifest import current_version
from ingest.pipeline import Ingester

QUESTION = "Vad kostar projektet per år?"


@pytest.mark.slow
def test_two_workers_answer_share_metrics_and_pick_up_new_versions(
    embedder, settings_factory, tmp_path
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minnes.txt").write_text(MINNES)
    settings = settings_factory(tmp_path / "index")
    Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=False)
    env = {"KOMMUNRAG_INDEX__DIR": str(settings.index.dir)}
    with (
        kommunrag_server(env=env, serve_args=("--workers", "2")) as base,
        httpx.Client(base_url=base, timeout=60) as http,
    ):
        answers = [http.post("/v1/ask", json={"question": QUESTION}) for _ in range(6)]
        assert all(a.status_code == 200 and "120 000" in a.json()["answer"] for a in answers)
        (corpus / "kun.txt").write_text(PROTOKOLL)
        Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=False)
        for _ in range(4):  # whichever worker answers, it serves the new version
            cited = http.post("/v1/ask", json={"question": "biblioteksplan Kulturnämnden"})
            assert "Kulturnämnden" in {c["organ"] for c in cited.json()["citations"]}
        metrics = http.get("/metrics").text
    served = [
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith('kommunrag_requests_total{method="POST",route="/v1/ask",status="200"}')
    ]
    assert served == [10.0]  # both workers' requests, in one count


def _ingest_process(index, corpus, env, log) -> subprocess.Popen:
    """An ingest run in its own process; its stderr goes to `log` (a path) for failures."""
    cmd = [sys.executable, "-m", "assistant.cli", "--index", str(index), "ingest", str(corpus)]
    with open(log, "w") as err:
        return subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip


@pytest.mark.slow
def test_ingest_killed_at_random_points_leaves_the_served_version_intact(
    postgres_url, embedder, settings_factory, tmp_path
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minnes.txt").write_text(MINNES)
    settings = settings_factory(tmp_path / "index", store="postgres")
    settings.index.database_url = postgres_url
    Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=False)
    live = current_version(settings.index.dir)
    assistant = Assistant(settings, embedder)
    before = assistant.ask(QUESTION).text
    for n in range(5):
        (corpus / f"kun{n}.txt").write_text(PROTOKOLL.replace("§ 79", f"§ {80 + n}"))
    env = {"KOMMUNRAG_INDEX__STORE": "postgres", "KOMMUNRAG_INDEX__DATABASE_URL": postgres_url}
    # How long a whole run takes here, into a scratch index: the kills land inside it.
    started = time.monotonic()
    trial = _ingest_process(tmp_path / "trial", corpus, env, tmp_path / "trial.log")
    assert trial.wait(timeout=600) == 0, (tmp_path / "trial.log").read_text()[-3000:]
    full_s = time.monotonic() - started
    rng = random.Random(14)
    interrupted = 0
    for n in range(3):
        proc = _ingest_process(settings.index.dir, corpus, env, tmp_path / f"killed{n}.log")
        time.sleep(rng.uniform(0.2, 0.9) * full_s)
        proc.send_signal(signal.SIGKILL)
        if proc.wait(timeout=30) == 0 or current_version(settings.index.dir) != live:
            break  # it published before the kill landed
        interrupted += 1
        assert current_version(settings.index.dir) == live
        assert assistant.ask(QUESTION).text == before
    assert interrupted >= 1, "every run finished before its kill; the corpus is too small"
    log = tmp_path / "done.log"
    done = _ingest_process(settings.index.dir, corpus, env, log)
    assert done.wait(timeout=600) == 0, log.read_text()[-3000:]
    assert current_version(settings.index.dir) != live
    cited = assistant.ask("Vad säger Kulturnämnden om biblioteksplan?").citations
    assert "Kulturnämnden" in {c.organ for c in cited}
