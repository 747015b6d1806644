"""The one place where errors become HTTP status codes. No stack trace reaches a client."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.errors import DocumentNotFound, QuestionRejected
from index.errors import BackendUnavailable, EmbedderMismatch, IndexNotFound

log = logging.getLogger("kommunrag.api")

_STATUS: dict[type[Exception], tuple[int, str]] = {
    QuestionRejected: (422, "invalid_question"),
    DocumentNotFound: (404, "not_found"),
    IndexNotFound: (503, "index_missing"),
    EmbedderMismatch: (503, "index_mismatch"),
    BackendUnavailable: (503, "backend_unavailable"),
}


def _validation_message(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        out.append({"field": where or "body", "message": str(err.get("msg", "invalid"))})
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Map known errors to status codes and anything else to a plain 500."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = _validation_message(exc)
        summary = "; ".join(f"{d['field']}: {d['message']}" for d in detail)
        return JSONResponse(status_code=422, content={"error": summary, "detail": detail})

    for kind, (status, code) in _STATUS.items():

        async def _known(
            _: Request, exc: Exception, status: int = status, code: str = code
        ) -> JSONResponse:
            return JSONResponse(status_code=status, content={"error": str(exc), "code": code})

        app.add_exception_handler(kind, _known)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error: %s", exc)
        return JSONResponse(
            status_code=500, content={"error": "internal error; see the server log"}
        )
