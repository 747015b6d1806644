"""Settings for who may call the API and what each caller may see (`KOMMUNRAG_AUTH__*`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from index.models import Scope


class Grant(BaseModel):
    """Document classes a principal may see, in these municipalities ("*": every one)."""

    model_config = ConfigDict(extra="forbid")

    classes: list[str] = Field(..., description="Document classes, e.g. ['public', 'internal'].")
    municipalities: list[str] = Field(
        default_factory=lambda: ["*"], description="Municipalities, or ['*'] for every one."
    )

    def scope(self) -> Scope:
        return Scope.of(self.classes, self.municipalities)


class ApiKey(BaseModel):
    """An API key, stored as the hex SHA-256 of the key (never the key itself)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., description="Who holds the key; shown in logs and metrics.")
    sha256: str = Field(
        ...,
        pattern=r"^[0-9a-f]{64}$",
        description="Hex SHA-256 of the key: `printf %s KEY | sha256sum`.",
    )
    grants: list[Grant] = Field(..., description="What the key may see.")


class AuthSettings(BaseModel):
    """Principals (API keys, OIDC/JWT bearer tokens) and their scopes."""

    model_config = ConfigDict(extra="forbid")

    anonymous: list[Grant] | None = Field(
        default_factory=lambda: [Grant(classes=["public"])],
        description="What a request without credentials may see; null refuses such requests "
        "with 401. Default: public documents of every municipality.",
    )
    api_keys: list[ApiKey] = Field(
        default_factory=list, description="API keys, sent as `X-API-Key` or `Bearer`."
    )
    oidc_issuer: str | None = Field(
        None,
        description="Issuer whose signed JWT bearer tokens are accepted (the `iss` claim), "
        "e.g. https://login.kommun.se/realms/intranet; unset, tokens are not accepted.",
    )
    oidc_audience: str | None = Field(
        None, description="The `aud` a token must carry (unset: not checked)."
    )
    jwks_url: str | None = Field(
        None,
        description="Where the issuer's signing keys are (default: "
        "ISSUER/.well-known/jwks.json); cached, fetched again for an unknown key id.",
    )
    jwt_algorithms: list[str] = Field(
        default_factory=lambda: ["RS256", "ES256"], description="Signature algorithms accepted."
    )
    groups_claim: str = Field("groups", description="Token claim listing the user's groups.")
    group_grants: dict[str, list[Grant]] = Field(
        default_factory=dict,
        description="What each group may see, e.g. {'vasteras-tjansteman': [{'classes': "
        "['public', 'internal'], 'municipalities': ['Västerås stad']}]}; a user sees the union "
        "of their groups' grants and, with `anonymous` set, what anyone may see.",
    )
    jwks_timeout_s: float = Field(5.0, gt=0, le=60, description="Timeout fetching the JWKS.")

    def anonymous_scope(self) -> Scope | None:
        """Return the scope of a request without credentials (None: refused)."""
        return union(self.anonymous) if self.anonymous is not None else None


def union(grants: list[Grant]) -> Scope:
    """Return the scope of all `grants` together (empty: sees nothing)."""
    scope = Scope(frozenset())
    for grant in grants:
        scope = scope | grant.scope()
    return scope
