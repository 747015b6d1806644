"""The one place where errors become HTTP status codes. No stack trace reaches a client.

Every error body names the problem in `error` (a sentence) and `code` (a stable word a
client can branch on). The OpenAI-compatible routes answer in OpenAI's shape instead,
`{"error": {"message", "type", "param", "code"}}`, so that OpenAI clients show the message.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.errors import (
    DocumentNotFound,
    FilterMatchesNothing,
    ModelNotFound,
    OriginalFileMissing,
    QuestionRejected,
)
from index.errors import BackendUnavailable, EmbedderMismatch, IndexNotFound

log = logging.getLogger("kommunrag.api")

OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")

# error type -> (status, code, the request field it concerns)
_STATUS: dict[type[Exception], tuple[int, str, str | None]] = {
    QuestionRejected: (422, "invalid_question", "messages"),
    FilterMatchesNothing: (422, "filter_matches_nothing", "filters"),
    ModelNotFound: (404, "model_not_found", "model"),
    DocumentNotFound: (404, "document_not_found", "doc_id"),
    OriginalFileMissing: (404, "file_not_available", "doc_id"),
    IndexNotFound: (503, "index_missing", None),
    EmbedderMismatch: (503, "index_mismatch", None),
    BackendUnavailable: (503, "backend_unavailable", None),
}

# Messages that would show a client the server's own paths get a public wording.
_PUBLIC_MESSAGE: dict[type[Exception], str] = {
    IndexNotFound: "the server has no index yet; ingest documents with 'kommunrag ingest PATH'",
}

_HTTP_CODES = {
    400: "unreadable_body",
    401: "unauthorized",
    404: "route_not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    429: "rate_limited",
}


def printable(value: Any) -> Any:
    """Return `value` with lone surrogates in its strings replaced by '?', so that an error
    about undecodable input can itself be encoded."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable(v) for v in value]
    return value


def error_body(
    request: Request, status: int, message: str, code: str, param: str | None = None, **extra: Any
) -> JSONResponse:
    """Return the error response for `request`: kommunrag's shape, or OpenAI's on its routes."""
    if request.url.path.startswith(OPENAI_PATHS):
        kind = "invalid_request_error" if status < 500 else "server_error"
        content: dict[str, Any] = {
            "error": {"message": message, "type": kind, "param": param, "code": code, **extra}
        }
    else:
        content = {"error": message, "code": code, **extra}
    return JSONResponse(status_code=status, content=printable(content))


def _validation_message(exc: RequestValidationError) -> list[dict[str, str]]:
    """Return `[{field, message}]`, one per invalid field; the names pydantic gives the
    members of a union ("list[OpenAIContentPart]") are left out of the field path."""
    out: list[dict[str, str]] = []
    for err in exc.errors():
        parts = (str(p) for p in err.get("loc", ()) if p != "body")
        where = ".".join(p for p in parts if "[" not in p)
        item = {"field": where or "body", "message": str(err.get("msg", "invalid"))}
        if item not in out:
            out.append(item)
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Map known errors to status codes and anything else to a plain 500."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = _validation_message(exc)
        summary = "; ".join(f"{d['field']}: {d['message']}" for d in detail)
        field = detail[0]["field"] if detail else None
        return error_body(request, 422, summary, "invalid_request", field, detail=detail)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 404:
            message = f"no route {request.method} {request.url.path}; see /docs"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}; see /docs"
        else:
            message = str(exc.detail)
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        response = error_body(request, exc.status_code, message, code)
        response.headers.update(exc.headers or {})  # e.g. Allow on a 405
        return response

    for kind, (status, code, param) in _STATUS.items():

        async def _known(
            request: Request,
            exc: Exception,
            status: int = status,
            code: str = code,
            param: str | None = param,
        ) -> JSONResponse:
            message = _PUBLIC_MESSAGE.get(type(exc), str(exc))
            extra = (
                {"suggestions": exc.suggestions} if isinstance(exc, FilterMatchesNothing) else {}
            )
            return error_body(request, status, message, code, param, **extra)

        app.add_exception_handler(kind, _known)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error: %s", exc)
        return error_body(request, 500, "internal error; see the server log", "internal_error")
