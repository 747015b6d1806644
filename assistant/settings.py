"""All settings in one place: one section per package, read from KOMMUNRAG_* variables.

Nested keys use a double underscore: `KOMMUNRAG_INDEX__STORE=chroma`,
`KOMMUNRAG_INGEST__CHUNK_TOKENS=256`. A `.env` file in the working directory is read too.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.auth_settings import AuthSettings
from assistant.web.settings import WebSettings
from index.settings import IndexSettings
from ingest.settings import IngestSettings


class AnswerSettings(BaseModel):
    """How answers are composed."""

    model_config = ConfigDict(extra="forbid")

    top_k: int = Field(6, ge=1, le=50, description="Sources an ordinary answer may cite.")
    aggregate_depth: int = Field(
        200,
        ge=10,
        le=2000,
        description="Hits examined for 'which committees…' questions, "
        "so that every organ is found.",
    )
    min_support: float = Field(
        0.35,
        ge=0.0,
        le=1.0,
        description="Least idf-weighted share of the question's words a vote record or an organ's "
        "statement must cover (words found only elsewhere in its section count half); fact "
        "answers use the learned scorer's threshold (assistant/answer/scorer.json) instead.",
    )
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")


class LlmSettings(BaseModel):
    """The optional LLM that writes generative answers; `extractive` uses none."""

    model_config = ConfigDict(extra="forbid")

    backend: Literal["extractive", "openai", "ollama"] = Field(
        "extractive",
        description="'extractive' (no LLM), 'openai' (any OpenAI-compatible server: vLLM, "
        "llama.cpp, LM Studio, OpenAI, Azure, Mistral) or 'ollama'.",
    )
    base_url: str | None = Field(
        None,
        description="Server address, e.g. http://127.0.0.1:8080/v1 (openai) or "
        "http://127.0.0.1:11434 (ollama, the default for that backend).",
    )
    model: str = Field("", description="Model name as the server knows it; required with an LLM.")
    api_key: SecretStr | None = Field(
        None, description="API key for the openai backend; local servers accept any value."
    )
    timeout_s: float = Field(
        30.0,
        gt=0,
        le=600,
        description="Most seconds one answer waits for the LLM, retries included; after that "
        "the extractive answer is returned, marked degraded.",
    )
    max_retries: int = Field(
        1, ge=0, le=5, description="Retries after a failed LLM call (connection error, 5xx)."
    )
    max_tokens: int = Field(700, ge=16, le=8192, description="Most tokens the LLM may write.")
    temperature: float = Field(0.1, ge=0.0, le=2.0, description="Sampling temperature.")
    context_window: int = Field(
        8192,
        ge=1024,
        le=262144,
        description="Context tokens the model runs with (sent to Ollama as num_ctx).",
    )
    min_similarity: float = Field(
        0.81,
        ge=0.0,
        le=1.0,
        description="Embedding cosine a generated sentence needs with a passage it cites.",
    )
    min_overlap: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Share of a sentence's content terms that must occur in the sources it cites; "
        "halved for English sentences, where only names, numbers and glossary terms can match.",
    )
    min_supported_share: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Least share of checked sentences that must pass verification; below it "
        "the extractive answer is returned instead.",
    )

    @model_validator(mode="after")
    def _model_named(self) -> LlmSettings:
        if self.backend != "extractive" and not self.model:
            raise ValueError(f"llm.backend '{self.backend}' needs llm.model (KOMMUNRAG_LLM__MODEL)")
        return self


class ApiSettings(BaseModel):
    """The HTTP service: address, browser access, limits and logs."""

    model_config = ConfigDict(extra="forbid")

    host: str = Field("127.0.0.1", description="Address `kommunrag serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `kommunrag serve` listens on.")
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser, e.g. "
        '["https://intranet.example.se"]; none by default, so that a web page a user opens '
        "cannot read the corpus through their browser.",
    )
    max_body_bytes: int = Field(
        2_000_000,
        ge=1024,
        le=100_000_000,
        description="Largest request body accepted, in bytes; larger ones get 413 before they "
        "are read.",
    )
    rate_limit_ip: str = Field(
        "600/minute",
        description="Requests one client address may make, in the `limits` notation "
        "('600/minute', '20/second;600/minute'); over it the answer is 429 with Retry-After.",
    )
    rate_limit_principal: str = Field(
        "300/minute",
        description="Requests one principal (API key or signed-in user; the address when "
        "anonymous) may make, in the `limits` notation.",
    )
    rate_limit_storage: str = Field(
        "memory://",
        description="Where rate-limit counters live, a `limits` storage URI. 'memory://' "
        "counts per worker process; 'redis://host:6379' shares them between workers.",
    )
    max_concurrent_per_principal: int = Field(
        2,
        ge=1,
        le=64,
        description="Requests of one principal answered at once; more wait their turn, so "
        "that one client cannot take every worker thread from the rest.",
    )
    max_chat_turns: int = Field(
        40, ge=1, le=100, description="Most messages a chat request may hold (all roles)."
    )
    audit_dir: Path | None = Field(
        None,
        description="Folder of the audit log (who asked what, which documents were cited); "
        "unset, there is none. See README, 'Audit log', for its GDPR considerations.",
    )
    audit_retention_days: int = Field(
        90, ge=1, le=3650, description="Days an audit log file is kept before it is deleted."
    )
    log_json: bool = Field(
        True, description="Write `kommunrag serve` logs as JSON lines with a request id."
    )
    log_document_text: bool = Field(
        False,
        description="Let debug logs hold prompts, questions and document text (the LLM "
        "client's and HTTP libraries' debug records); off, those records are dropped.",
    )


class Settings(BaseSettings):
    """kommunrag's settings, composed from each package's section."""

    model_config = SettingsConfigDict(
        env_prefix="KOMMUNRAG_", env_nested_delimiter="__", env_file=".env", extra="forbid"
    )

    ingest: IngestSettings = Field(
        default_factory=IngestSettings, description="Reading and chunking."
    )
    index: IndexSettings = Field(
        default_factory=IndexSettings, description="Index location and search."
    )
    answer: AnswerSettings = Field(
        default_factory=AnswerSettings, description="Answer composition."
    )
    llm: LlmSettings = Field(
        default_factory=lambda: LlmSettings(), description="Optional LLM for answers."
    )
    api: ApiSettings = Field(default_factory=lambda: ApiSettings(), description="HTTP service.")
    web: WebSettings = Field(
        default_factory=lambda: WebSettings(), description="Chat page and embeddable widget."
    )
    auth: AuthSettings = Field(
        default_factory=lambda: AuthSettings(), description="Principals and their scopes."
    )

    def fingerprint(self) -> str:
        """Return a short hash of the settings, stamped on answers and eval runs."""
        data = self.model_dump(mode="json", exclude={"api", "web", "auth"})
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings read from the environment."""
    return Settings()
