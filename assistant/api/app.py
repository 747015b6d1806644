"""Assembles the FastAPI application: routes, error handlers, and the middleware at the edge.

Middleware, outermost first: request id and access log (`observe`), security headers and
the body size limit (`guard`), CORS (closed unless `api.cors_origins` names origins), the
rate limit per client address (`throttle`), the principal and its scope (`auth`), then the
rate limit and fair turns per principal (`throttle`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from assistant.api.auth import Authenticate, Authenticator
from assistant.api.deps import require_access
from assistant.api.errors import install_error_handlers
from assistant.api.guard import BodyLimit
from assistant.api.guard import SecurityHeaders as BaseHeaders
from assistant.api.observe import RequestLog, metrics_endpoint, record_answer, record_limited
from assistant.api.openapi import install_openapi
from assistant.api.routes import ask, chat, documents, facets, health, openai, web
from assistant.api.throttle import Throttle
from assistant.audit import AuditLog
from assistant.logs import configure_logging
from assistant.models import Answer
from assistant.service import Assistant
from assistant.settings import Settings, get_settings
from assistant.web.headers import SecurityHeaders
from assistant.web.pages import STATIC
from index.embedders.base import Embedder


def create_app(settings: Settings | None = None, embedder: Embedder | None = None) -> FastAPI:
    """Return the kommunrag API app for `settings` (read from the environment by default)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="kommunrag",
        version="0.1.0",
        description="Cited answers over Swedish municipal governance documents.",
        docs_url=None,  # served by routes/web.py with local files instead of a CDN
        redoc_url=None,
    )
    app.state.assistant = Assistant(settings, embedder)
    app.state.assistant.observer = _observer(settings)
    install_error_handlers(app)
    for module in (ask, chat, openai, documents, facets):
        app.include_router(module.router, dependencies=[Depends(require_access)])
    app.include_router(health.router)
    app.include_router(web.router)
    app.mount("/assets", StaticFiles(directory=STATIC), name="assets")
    app.add_route("/metrics", metrics_endpoint(app.state.assistant), include_in_schema=False)
    install_openapi(app)
    _add_middleware(app, settings)
    return app


def _observer(settings: Settings) -> Callable[[Answer], None]:
    """Return what the service calls with each answer: metrics, and the audit log if on."""
    if settings.api.audit_dir is None:
        return record_answer
    audit = AuditLog(settings.api.audit_dir, settings.api.audit_retention_days)

    def observe(answer: Answer) -> None:
        record_answer(answer)
        audit.record(answer)

    return observe


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    api = settings.api
    # Starlette runs the middleware added last first.
    app.add_middleware(
        Throttle,
        kind="principal",
        limit=api.rate_limit_principal,
        storage_uri=api.rate_limit_storage,
        concurrent=api.max_concurrent_per_principal,
        on_limited=record_limited,
    )
    app.add_middleware(Authenticate, authenticator=Authenticator(settings.auth))
    app.add_middleware(
        Throttle,
        kind="ip",
        limit=api.rate_limit_ip,
        storage_uri=api.rate_limit_storage,
        on_limited=record_limited,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=api.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "X-API-Key", "X-Request-ID"],
        expose_headers=["Retry-After", "X-Request-ID"],
    )
    app.add_middleware(BodyLimit, max_bytes=api.max_body_bytes)
    # The web pages' framing and content policies first; then the headers every response gets.
    app.add_middleware(SecurityHeaders, embed_origins=settings.web.embed_origins)
    app.add_middleware(BaseHeaders)
    app.add_middleware(RequestLog)


def serve_app() -> FastAPI:
    """Return the app for `kommunrag serve` (a uvicorn factory, run once per worker): logs
    configured from the settings, JSON lines with request ids by default."""
    settings = get_settings()
    configure_logging(
        verbose=os.environ.get("KOMMUNRAG_VERBOSE") == "1",
        json_lines=settings.api.log_json,
        document_text=settings.api.log_document_text,
    )
    return create_app(settings)
