"""Rate limits per client address and per principal, and fair turns between principals.

Counting uses the `limits` library (moving windows, storage from a URI: per process with
`memory://`, shared between workers with `redis://…`). A request over a limit gets 429
`rate_limited` with `Retry-After` in whole seconds. Fair turns: a principal has at most
`api.max_concurrent_per_principal` requests inside the app at once; the rest wait in
line, so one client sending heavy questions cannot hold every worker thread.

A principal is what authentication put in `scope["state"]["principal"]` (its `key`), or
the client address for an anonymous request. Behind a reverse proxy, run uvicorn with
`--proxy-headers --forwarded-allow-ips=PROXY` so that the address is the client's.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

from limits import RateLimitItem, parse_many, storage, strategies
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.guard import send_error

EXEMPT = ("/healthz", "/metrics")


def client_ip(scope: Scope) -> str:
    """Return the client address of a request ("unknown" when the server gave none)."""
    client = scope.get("client")
    return client[0] if client else "unknown"


def principal_key(scope: Scope) -> str:
    """Return the key that names a request's principal: set by authentication, else the IP."""
    principal = (scope.get("state") or {}).get("principal")
    key = getattr(principal, "key", None)
    return key if key else f"ip:{client_ip(scope)}"


class Throttle:
    """ASGI middleware: a rate limit on one key of the request (429 + Retry-After), and,
    for principals, fair turns.

    `kind` "ip" counts per client address, so it can run before authentication and also
    slows down guessing of keys; "principal" counts per principal (after authentication)
    and holds each principal to `concurrent` requests at once. `on_limited(kind)` is
    called for each refused request. Raises ValueError at start for a limit that
    `limits` cannot parse.
    """

    def __init__(
        self,
        app: ASGIApp,
        kind: str,
        limit: str,
        storage_uri: str,
        concurrent: int | None = None,
        on_limited: Callable[[str], None] = lambda kind: None,
    ) -> None:
        if kind not in _NOUN:
            raise ValueError(f"unknown throttle kind {kind!r}; use 'ip' or 'principal'")
        self.app = app
        self.kind = kind
        self.limits: list[RateLimitItem] = parse_many(limit)
        self.limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri))
        self.turns = FairTurns(concurrent) if concurrent else None
        self.on_limited = on_limited

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        key = client_ip(scope) if self.kind == "ip" else principal_key(scope)
        wait = self._over(key)
        if wait is not None:
            self.on_limited(self.kind)
            message = f"too many requests from this {_NOUN[self.kind]}; retry in {wait} s"
            retry = [(b"retry-after", str(wait).encode())]
            await send_error(send, scope["path"], 429, message, "rate_limited", retry)
            return
        if self.turns is None:
            await self.app(scope, receive, send)
            return
        async with self.turns.turn(key):
            await self.app(scope, receive, send)

    def _over(self, key: str) -> int | None:
        """Count one request for `key`; return the seconds to wait if a limit is passed."""
        for item in self.limits:
            if not self.limiter.hit(item, self.kind, key):
                reset = self.limiter.get_window_stats(item, self.kind, key).reset_time
                return max(1, math.ceil(reset - time.time()))
        return None


_NOUN = {"ip": "address", "principal": "principal"}


class FairTurns:
    """At most `concurrent` requests per principal at once; the others wait in line.

    Semaphores are dropped when a principal has nothing running or waiting, so the
    table does not grow with every client ever seen.
    """

    def __init__(self, concurrent: int) -> None:
        self.concurrent = concurrent
        self._slots: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}

    def turn(self, principal: str) -> _Turn:
        """Return an async context manager that holds one of `principal`'s slots."""
        if principal not in self._slots:
            self._slots[principal] = (asyncio.Semaphore(self.concurrent), [0])
        return _Turn(self, principal)

    def active(self) -> int:
        """Return how many principals have a request running or waiting."""
        return len(self._slots)


class _Turn:
    def __init__(self, turns: FairTurns, principal: str) -> None:
        self.turns = turns
        self.principal = principal

    async def __aenter__(self) -> None:
        semaphore, users = self.turns._slots[self.principal]
        users[0] += 1
        try:
            await semaphore.acquire()
        except BaseException:
            self._leave(users)
            raise

    async def __aexit__(self, *exc: object) -> None:
        semaphore, users = self.turns._slots[self.principal]
        semaphore.release()
        self._leave(users)

    def _leave(self, users: list[int]) -> None:
        users[0] -= 1
        if users[0] == 0:
            del self.turns._slots[self.principal]
