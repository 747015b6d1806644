"""Request ids, one access log line per request, and Prometheus metrics at /metrics.

Metrics (prometheus-client; with `serve --workers N` the workers share them through
`PROMETHEUS_MULTIPROC_DIR`, which `serve` sets up):

- `kommunrag_requests_total{route,method,status}` and
  `kommunrag_request_seconds{route}`: every request, by route template;
- `kommunrag_stage_seconds{stage}`: time per answer stage (embed, retrieve, compose,
  llm, …) as answers report it in `timings`;
- `kommunrag_answers_total{kind,outcome}`: outcome is answered, refused (nothing
  retrieved supports an answer) or degraded (LLM configured but unusable);
- `kommunrag_errors_total{code}`: error responses by their `code` class (status);
- `kommunrag_rate_limited_total{limit}`: requests refused with 429, by ip or principal;
- `kommunrag_index_chunks{municipality}`: chunks in the live index per municipality.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import (
    Counter as PromCounter,
)
from prometheus_client.core import GaugeMetricFamily
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.logs import request_id
from assistant.models import Answer

log = logging.getLogger("kommunrag.access")
_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
SECONDS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

REQUESTS = PromCounter(
    "kommunrag_requests", "HTTP requests by route template, method and status",
    ["route", "method", "status"],
)  # fmt: skip
LATENCY = Histogram("kommunrag_request_seconds", "Request latency", ["route"], buckets=SECONDS)
STAGES = Histogram("kommunrag_stage_seconds", "Answer time per stage", ["stage"], buckets=SECONDS)
ANSWERS = PromCounter("kommunrag_answers", "Answers by kind and outcome", ["kind", "outcome"])
ERRORS = PromCounter("kommunrag_errors", "Error responses by status class", ["status"])
LIMITED = PromCounter("kommunrag_rate_limited", "Requests refused with 429", ["limit"])


def record_answer(answer: Answer) -> None:
    """Count an answer by kind and outcome and observe its stage timings (seconds)."""
    outcome = "degraded" if answer.degraded else "answered" if answer.supported else "refused"
    ANSWERS.labels(answer.kind, outcome).inc()
    for stage, seconds in answer.timings.items():
        STAGES.labels(stage).observe(seconds)


def record_limited(kind: str) -> None:
    LIMITED.labels(kind).inc()


class RequestLog:
    """ASGI middleware: gives each request an id (the client's `X-Request-ID` when it is
    1–64 characters of [A-Za-z0-9._-], else a new one), returns it in `X-Request-ID`,
    logs one `kommunrag.access` line and counts the request in the metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = [500]

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        finally:
            self._record(scope, status[0], time.perf_counter() - started)
            request_id.reset(token)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", "unmatched")
        REQUESTS.labels(route, scope["method"], str(status)).inc()
        LATENCY.labels(route).observe(seconds)
        if status >= 400:
            ERRORS.labels(str(status)).inc()
        log.info(
            "%s %s %d %.3fs", scope["method"], route, status, seconds,
            extra={"route": route, "method": scope["method"], "status": status,
                   "seconds": round(seconds, 4)},
        )  # fmt: skip


class IndexSizeCollector:
    """Reports `kommunrag_index_chunks{municipality}` for the live index at scrape time
    (counted once per index version)."""

    def __init__(self, assistant: Any) -> None:
        self.assistant = assistant
        self._cached: tuple[Any, Counter[str]] | None = None

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "kommunrag_index_chunks", "Chunks in the live index", labels=["municipality"]
        )
        for municipality, n in sorted(self._counts().items()):
            family.add_metric([municipality], n)
        yield family

    def _counts(self) -> Counter[str]:
        try:
            retriever = self.assistant.retriever()
        except Exception:  # no index yet, or the store is down: report nothing
            return Counter()
        if self._cached is None or self._cached[0] is not retriever:
            chunks = retriever.kb.catalog.iter_chunks()
            self._cached = (retriever, Counter(c.meta.municipality or "" for c in chunks))
        return self._cached[1]


def metrics_endpoint(assistant: Any) -> Any:
    """Return the /metrics handler (text exposition format 0.0.4): this process's metrics,
    or every worker's when `PROMETHEUS_MULTIPROC_DIR` is set, and the index sizes."""
    own = CollectorRegistry()
    own.register(IndexSizeCollector(assistant))  # type: ignore[arg-type]

    async def metrics(request: Request) -> Response:
        shared = REGISTRY
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            shared = CollectorRegistry()
            multiprocess.MultiProcessCollector(shared)
        body = generate_latest(shared) + generate_latest(own)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return metrics
