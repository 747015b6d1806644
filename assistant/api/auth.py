"""Who is calling: API keys and OIDC/JWT bearer tokens become a principal with a scope.

ASGI middleware on the /v1 routes. Credentials come as `Authorization: Bearer TOKEN` or
`X-API-Key: KEY`:

- a key whose SHA-256 is configured (`auth.api_keys`) is that key's principal;
- else, with `auth.oidc_issuer` set, a JWT signed by a key of the issuer's JWKS, with
  that `iss`, an unexpired `exp` (and `aud` when configured) is a user: `sub` names it,
  and the groups in `auth.groups_claim` give its scope (`auth.group_grants`);
- anything else gets 401 `unauthorized`, the same for an unknown key, a bad signature
  and an expired token. No credentials: the anonymous scope (`auth.anonymous`), or 401
  when that is null.

The principal goes to `scope["state"]["principal"]`, where the rate limits and the routes
find it; the routes pass its scope into every search.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.types import ASGIApp, Receive, Send
from starlette.types import Scope as AsgiScope

from assistant.api.guard import send_error
from assistant.audit import principal_name
from assistant.auth_settings import AuthSettings, union
from index.models import Scope

log = logging.getLogger("kommunrag.auth")
GUARDED = "/v1/"
CHALLENGE = [(b"www-authenticate", b'Bearer realm="kommunrag"')]


@dataclass(frozen=True)
class Principal:
    """A caller: `key` names it ("key:NAME", "user:SUB", or None when anonymous)."""

    key: str | None
    scope: Scope
    kind: str  # "api_key", "user" or "anonymous"


class Unauthorized(Exception):
    """The credentials are unknown, invalid or expired."""


class Authenticator:
    """Turns credentials into a `Principal` (see the module doc)."""

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        self._keys = {k.sha256: k for k in settings.api_keys}
        self._jwks: Any = None
        if settings.oidc_issuer:
            import jwt

            url = settings.jwks_url or settings.oidc_issuer.rstrip("/") + "/.well-known/jwks.json"
            self._jwks = jwt.PyJWKClient(url, cache_keys=True, timeout=settings.jwks_timeout_s)

    def principal(self, credential: str | None) -> Principal | None:
        """Return the principal of `credential`; None when anonymous callers are refused.

        Raises `Unauthorized` for credentials that are not accepted.
        """
        if not credential:
            scope = self.settings.anonymous_scope()
            return Principal(None, scope, "anonymous") if scope is not None else None
        digest = hashlib.sha256(credential.encode("utf-8", "replace")).hexdigest()
        for stored, key in self._keys.items():
            if hmac.compare_digest(stored, digest):
                return Principal(f"key:{key.name}", union(key.grants), "api_key")
        if self._jwks is not None and credential.count(".") == 2:
            return self._user(credential)
        raise Unauthorized("unknown API key")

    def _user(self, token: str) -> Principal:
        import jwt

        try:
            signing = self._jwks.get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token,
                signing.key,
                algorithms=self.settings.jwt_algorithms,
                issuer=self.settings.oidc_issuer,
                audience=self.settings.oidc_audience,
                options={
                    "require": ["exp", "iss", "sub"],
                    "verify_aud": bool(self.settings.oidc_audience),
                },
            )
        except jwt.PyJWKClientConnectionError as exc:
            log.warning("JWKS unreachable: %s", exc)
            raise Unauthorized("the token issuer's keys could not be fetched") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"token refused: {exc}") from exc
        groups = claims.get(self.settings.groups_claim) or []
        grants = [g for name in groups if isinstance(name, str)
                  for g in self.settings.group_grants.get(name, [])]  # fmt: skip
        scope = union(grants)
        anonymous = self.settings.anonymous_scope()
        if anonymous is not None:
            scope = scope | anonymous
        return Principal(f"user:{claims['sub']}", scope, "user")


def credential_of(headers: dict[bytes, bytes]) -> str | None:
    """Return the bearer token or API key a request carries, or None."""
    key = headers.get(b"x-api-key")
    if key:
        return key.decode("latin-1").strip()
    auth = headers.get(b"authorization", b"").decode("latin-1")
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class Authenticate:
    """ASGI middleware: sets `scope["state"]["principal"]` on /v1 requests, or answers 401."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(GUARDED):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":  # CORS preflights carry no credentials
            await self.app(scope, receive, send)
            return
        credential = credential_of(dict(scope["headers"]))
        try:
            principal = self.authenticator.principal(credential)
        except Unauthorized as exc:
            log.info("refused credentials: %s", exc)
            message = "unknown, invalid or expired credentials"
            await send_error(send, scope["path"], 401, message, "unauthorized", CHALLENGE)
            return
        if principal is None:
            message = "credentials required: send an API key or a bearer token"
            await send_error(send, scope["path"], 401, message, "unauthorized", CHALLENGE)
            return
        scope.setdefault("state", {})["principal"] = principal
        token = principal_name.set(principal.key or "anonymous")
        try:
            await self.app(scope, receive, send)
        finally:
            principal_name.reset(token)


def get_scope(request: Request) -> Scope:
    """Return the scope of the request's principal; refuses (RuntimeError) a /v1 request
    the authentication middleware did not see, so that no route runs unscoped."""
    principal = request.scope.get("state", {}).get("principal")
    if principal is None:
        raise RuntimeError("request reached a route without authentication")
    return principal.scope


ScopeDep = Annotated[Scope, Depends(get_scope)]
