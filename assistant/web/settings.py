"""Settings of the web pages and the embeddable widget (`KOMMUNRAG_WEB__*`)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.web.contrast import contrast_with_white

DISCLOSURE_SV = "Du chattar med en AI-assistent. Svaren kan innehålla fel – kontrollera källorna."
DISCLOSURE_EN = (
    "You are chatting with an AI assistant. Answers may contain errors – check the sources."
)
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5  # WCAG 2.2 SC 1.4.3, normal text


class WebSettings(BaseModel):
    """The chat page, the widget's iframe and who may frame it."""

    model_config = ConfigDict(extra="forbid")

    embed_origins: list[str] = Field(
        default_factory=list,
        description="Origins whose pages may frame the widget's chat (/embed/), e.g. "
        '["https://intranat.vasteras.se"]: the CSP frame-ancestors list. Empty: only '
        "kommunrag's own origin. Every other page may not be framed at all.",
    )
    public_access: bool = Field(
        True,
        description="Answer requests that carry no credentials (the anonymous public scope). "
        "Off: such requests to /v1/* get 401 unauthorized.",
    )
    color: str = Field(
        "#1b5e8c",
        description="Default accent colour (#rrggbb) of the page and widget; white text on it "
        "must reach a contrast of 4.5:1 (WCAG 1.4.3), else the setting is refused.",
    )
    disclosure_sv: str = Field(
        DISCLOSURE_SV,
        min_length=20,
        description="The AI disclosure (EU AI Act art. 50) shown in Swedish; it can be reworded, "
        "never removed.",
    )
    disclosure_en: str = Field(
        DISCLOSURE_EN, min_length=20, description="The AI disclosure shown in English."
    )

    @field_validator("embed_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        value = [o.rstrip("/") for o in value]
        for origin in value:
            if not _ORIGIN.match(origin):
                raise ValueError(
                    f"web.embed_origins: '{origin}' is not an origin like https://host[:port] "
                    "(no path, no wildcard)"
                )
        return value

    @field_validator("color")
    @classmethod
    def _color(cls, value: str) -> str:
        if not _HEX.match(value):
            raise ValueError(f"web.color: '{value}' is not a #rrggbb colour")
        ratio = contrast_with_white(value)
        if ratio < MIN_CONTRAST:
            raise ValueError(
                f"web.color: white text on {value} has contrast {ratio:.2f}:1; "
                f"at least {MIN_CONTRAST}:1 is needed"
            )
        return value
