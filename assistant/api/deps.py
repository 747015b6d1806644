"""Dependency aliases for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from assistant.service import Assistant


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


AssistantDep = Annotated[Assistant, Depends(get_assistant)]


def require_access(request: Request) -> None:
    """Let a request through when the deployment serves the anonymous public scope
    (`web.public_access`); otherwise refuse it with 401 `auth_required`.

    Verifying a bearer token or an API key and mapping it to a scope is the access-control
    layer's job; until a deployment has one, a server with public access off answers no
    /v1 request, with or without a token, rather than trusting an unchecked one.
    """
    if request.app.state.assistant.settings.web.public_access:
        return
    raise HTTPException(
        401,
        detail="this server answers only signed-in users, and no token verifier is configured",
        headers={"WWW-Authenticate": "Bearer"},
    )
