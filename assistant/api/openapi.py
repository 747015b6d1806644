"""The OpenAPI schema documents every error the service answers with, in its real shape.

FastAPI documents a 422 as its own `HTTPValidationError`, while kommunrag answers errors
as `ErrorBody` (`{"error", "code", …}`) and, on the OpenAI-compatible routes, as
`{"error": {"message", "type", "param", "code"}}`. This rewrites the schema once so that
a client generated from it, and schemathesis, meet the bodies that are sent.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

from assistant.api.errors import OPENAI_PATHS
from assistant.api.schemas import ErrorBody


class OpenAIErrorDetail(BaseModel):
    message: str = Field(..., description="What went wrong, in a sentence.")
    type: str = Field(..., description="'invalid_request_error' or 'server_error'.")
    param: str | None = Field(None, description="The request field concerned, if one is.")
    code: str = Field(..., description="A stable word for the problem, as in ErrorBody.")
    detail: list[dict[str, str]] | None = None
    suggestions: dict[str, list[str]] | None = None


class OpenAIError(BaseModel):
    """An error of the OpenAI-compatible routes, in OpenAI's shape."""

    error: OpenAIErrorDetail


# status -> description; every route may answer these.
COMMON = {
    "400": "The body is not text in UTF-8 (code `unreadable_body`).",
    "413": "The request body is over `api.max_body_bytes` (code `body_too_large`).",
    "422": "A field is invalid (code `invalid_request`, with `detail`) or the question "
    "cannot be used (`invalid_question`, `filter_matches_nothing`).",
    "429": "Over a rate limit (code `rate_limited`); wait `Retry-After` seconds.",
    "500": "An unexpected error; the message never holds server paths or a trace.",
    "503": "No index yet, or the store is unreachable (`index_missing`, "
    "`backend_unavailable`); retry later.",
}
ROUTE_ERRORS = {
    "401": "Credentials missing (when anonymous access is off), unknown, invalid or "
    "expired (code `unauthorized`).",
    "404": "Not found: an unknown document id (or one outside the caller's scope) or model.",
    **COMMON,
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` return the schema with the real error bodies on every route."""

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes,
            )  # fmt: skip
            _document_errors(spec)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]


def _document_errors(spec: dict[str, Any]) -> None:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorBody, OpenAIError, OpenAIErrorDetail):
        schemas[model.__name__] = model.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path, operations in spec.get("paths", {}).items():
        shape = "OpenAIError" if path.startswith(OPENAI_PATHS) else "ErrorBody"
        body = {"application/json": {"schema": {"$ref": f"#/components/schemas/{shape}"}}}
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, text in ROUTE_ERRORS.items():
                entry: dict[str, Any] = {"description": text, "content": body}
                if status == "429":
                    entry["headers"] = RETRY_AFTER
                responses[status] = entry
