"""Settings for the ingest package: limits, OCR and chunk sizes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class IngestSettings(BaseModel):
    """How files are read and cut into chunks."""

    model_config = ConfigDict(extra="forbid")

    max_file_mb: float = Field(
        50.0, gt=0, description="Files larger than this are skipped as oversized."
    )
    ocr: bool = Field(
        True, description="OCR scanned PDFs with tesseract (swe) when it is installed."
    )
    chunk_tokens: int = Field(
        200, ge=32, le=512, description="Most embedder tokens in one chunk (sentences kept whole)."
    )
    chunk_overlap_sentences: int = Field(
        1, ge=0, le=5, description="Sentences repeated at the start of the next chunk of a section."
    )
    default_municipality: str | None = Field(
        None, description="Municipality set on documents where none is detected in the text."
    )
