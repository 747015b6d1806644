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
    (`web.public_access`); otherwise refuse it with 401 `unauthorized`.

    A caller the authentication middleware (`assistant.api.auth`) recognised by an API key or
    a verified token passes either way; with public access off, nobody else does.
    """
    if request.app.state.assistant.settings.web.public_access:
        return
    principal = request.scope.get("state", {}).get("principal")
    if principal is not None and principal.kind != "anonymous":
        return  # an API key or a verified token (`auth.Authenticate`)
    raise HTTPException(
        401,
        detail="this server answers only signed-in users, and no token verifier is configured",
        headers={"WWW-Authenticate": "Bearer"},
    )
