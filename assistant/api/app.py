"""Assembles the FastAPI application."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from assistant.api.deps import require_access
from assistant.api.errors import install_error_handlers
from assistant.api.routes import ask, chat, documents, facets, health, openai, web
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
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.api.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["*"],
    )
    app.add_middleware(SecurityHeaders, embed_origins=settings.web.embed_origins)
    install_error_handlers(app)
    for module in (ask, chat, openai, documents, facets):
        app.include_router(module.router, dependencies=[Depends(require_access)])
    app.include_router(health.router)
    app.include_router(web.router)
    app.mount("/assets", StaticFiles(directory=STATIC), name="assets")
    return app
