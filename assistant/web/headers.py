"""Security headers on every response: who may frame what, what a page may load, no sniffing.

`/embed/*` (the widget's chat) may be framed by the origins in `web.embed_origins` and by
kommunrag itself; every other response says `frame-ancestors 'none'`. Browsers send no
Origin header when they load an iframe, so CORS cannot decide framing: only this CSP
directive can. HTML pages may load scripts, styles and data from kommunrag's own origin only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'"
)
# Swagger UI sets inline styles and draws its icons from data: URLs.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'"
)
OTHER_POLICY = "default-src 'none'"
COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def frame_ancestors(path: str, embed_origins: list[str]) -> str:
    """Return the frame-ancestors directive for a response to `path`."""
    if path.startswith("/embed/") or path == "/embed":
        return "frame-ancestors " + " ".join(["'self'", *embed_origins])
    return "frame-ancestors 'none'"


def policy_for(path: str, content_type: str, embed_origins: list[str]) -> str:
    """Return the Content-Security-Policy for a response to `path` of `content_type`."""
    if path.startswith("/docs"):
        base = DOCS_POLICY
    elif content_type.startswith("text/html"):
        base = PAGE_POLICY
    else:
        base = OTHER_POLICY
    return f"{base}; {frame_ancestors(path, embed_origins)}"


class SecurityHeaders:
    """ASGI middleware adding the headers above; a header a route set itself is kept."""

    def __init__(self, app: App, embed_origins: list[str]) -> None:
        self.app = app
        self.embed_origins = embed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.decode("latin-1").lower() for k, _ in headers}
                kind = dict(headers).get(b"content-type", b"").decode("latin-1")
                extra = dict(COMMON)
                extra["content-security-policy"] = policy_for(path, kind, self.embed_origins)
                if not path.startswith("/embed"):
                    extra["x-frame-options"] = "DENY"
                for name, value in extra.items():
                    if name not in have:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, add_headers)
