"""All settings in one place: one section per package, read from KOMMUNRAG_* variables.

Nested keys use a double underscore: `KOMMUNRAG_INDEX__STORE=chroma`,
`KOMMUNRAG_INGEST__CHUNK_TOKENS=256`. A `.env` file in the working directory is read too.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.settings import IndexSettings
from ingest.settings import IngestSettings


class AnswerSettings(BaseModel):
    """How answers are composed."""

    model_config = ConfigDict(extra="forbid")

    top_k: int = Field(6, ge=1, le=50, description="Sources an ordinary answer may cite.")
    aggregate_depth: int = Field(
        200, ge=10, le=2000,
        description="Hits examined for 'which committees…' questions, so that every organ is found.",
    )
    min_support: float = Field(
        0.35, ge=0.0, le=1.0,
        description="Least share of the question's content terms a passage must cover to count as support.",
    )
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")


class ApiSettings(BaseModel):
    """The HTTP service."""

    model_config = ConfigDict(extra="forbid")

    host: str = Field("127.0.0.1", description="Address `kommunrag serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `kommunrag serve` listens on.")
    cors_origins: list[str] = Field(
        default_factory=lambda: ["*"], description="Origins allowed to call the API from a browser."
    )


class Settings(BaseSettings):
    """kommunrag's settings, composed from each package's section."""

    model_config = SettingsConfigDict(
        env_prefix="KOMMUNRAG_", env_nested_delimiter="__", env_file=".env", extra="forbid"
    )

    ingest: IngestSettings = Field(default_factory=IngestSettings, description="Reading and chunking.")
    index: IndexSettings = Field(default_factory=IndexSettings, description="Index location and search.")
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="Answer composition.")
    api: ApiSettings = Field(default_factory=ApiSettings, description="HTTP service.")

    def fingerprint(self) -> str:
        """Return a short hash of the settings, stamped on answers and eval runs."""
        data = self.model_dump(mode="json", exclude={"api"})
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings read from the environment."""
    return Settings()
