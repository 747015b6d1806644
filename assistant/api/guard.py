"""ASGI middleware at the edge: a request body size limit and security headers.

Both are plain ASGI (no `BaseHTTPMiddleware`), so streamed answers pass through unbuffered.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import OPENAI_PATHS

# Swagger UI (/docs) and ReDoc (/redoc) load their script and styles from jsDelivr and run
# one inline script; every other HTML page gets the strict policy unless it sets its own.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; worker-src blob:; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
STRICT_CSP = (
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'"
)
ALWAYS = {b"x-content-type-options": b"nosniff", b"referrer-policy": b"no-referrer"}
HTML_ONLY = {
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
}
BODY_METHODS = {"POST", "PUT", "PATCH"}


def error_response(path: str, status: int, message: str, code: str) -> tuple[dict, bytes]:
    """Return the start message and body of an error answered before the app runs, in
    kommunrag's error shape (OpenAI's on the OpenAI-compatible routes)."""
    if path.startswith(OPENAI_PATHS):
        kind = "invalid_request_error" if status < 500 else "server_error"
        content: dict[str, Any] = {
            "error": {"message": message, "type": kind, "param": None, "code": code}
        }
    else:
        content = {"error": message, "code": code}
    body = json.dumps(content).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))],
    }
    return start, body


async def send_error(send: Send, path: str, status: int, message: str, code: str,
                     headers: list[tuple[bytes, bytes]] | None = None) -> None:  # fmt: skip
    """Send an error response (see `error_response`) with extra `headers`."""
    start, body = error_response(path, status, message, code)
    start["headers"] += headers or []
    await send(start)
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuses a request body over `max_bytes` with 413 `body_too_large`, before the app
    parses it: a declared Content-Length is checked first, a chunked body as it arrives."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await self._refuse(scope, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = f"the request body is over the limit of {self.max_bytes} bytes"
        await send_error(send, scope["path"], 413, message, "body_too_large")


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect

    return replay


class SecurityHeaders:
    """Adds nosniff and no-referrer to every response; frame, opener and content security
    policies to HTML responses (a page's own Content-Security-Policy is kept); and
    `Cache-Control: no-store` to /v1 answers, which may hold restricted documents."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _secured(list(message.get("headers", [])), path)
            await send(message)

        await self.app(scope, receive, with_headers)


def _secured(headers: list[tuple[bytes, bytes]], path: str) -> list[tuple[bytes, bytes]]:
    present = {k.lower() for k, _ in headers}
    extra = dict(ALWAYS)
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    if content_type.startswith(b"text/html"):
        extra.update(HTML_ONLY)
        if b"content-security-policy" in present:
            # The page set its own policy, framing included (the widget's /embed/ may be
            # framed by the deployment's origins): X-Frame-Options would contradict it.
            extra.pop(b"x-frame-options", None)
        docs = path.startswith(("/docs", "/redoc"))
        extra[b"content-security-policy"] = (DOCS_CSP if docs else STRICT_CSP).encode()
    if path.startswith("/v1/"):
        extra[b"cache-control"] = b"no-store"
    return headers + [(k, v) for k, v in extra.items() if k not in present]
