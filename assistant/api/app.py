"""Assembles the FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from assistant.api.errors import install_error_handlers
from assistant.api.routes import ask, chat, documents, health, openai
from assistant.service import Assistant
from assistant.settings import Settings, get_settings
from index.embedders.base import Embedder


def create_app(settings: Settings | None = None, embedder: Embedder | None = None) -> FastAPI:
    """Return the kommunrag API app for `settings` (read from the environment by default)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="kommunrag",
        version="0.1.0",
        description="Cited answers over Swedish municipal governance documents.",
    )
    app.state.assistant = Assistant(settings, embedder)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.api.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["*"],
    )
    install_error_handlers(app)
    for module in (ask, chat, openai, documents, health):
        app.include_router(module.router)
    return app
