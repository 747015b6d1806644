"""Settings for the ingest package: limits and budgets, OCR, chunk sizes, the index lock."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ingest.access import AccessRule


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
    redact_pii: bool = Field(
        False,
        description="Replace personnummer (date and Luhn checked), phone numbers and e-mail "
        "addresses in document text with [personnummer], [telefon], [e-post] at ingest.",
    )
    default_class: str = Field(
        "public",
        description="Class of documents no sidecar (NAME.meta.json) or access rule classifies; "
        "principals see only the classes their scope names.",
    )
    access_rules: list[AccessRule] = Field(
        default_factory=list,
        description='Folder rules, first match wins: [{"pattern": "*/intern/*", "doc_class": '
        '"internal", "municipality": "Västerås stad"}] (fnmatch globs on the file path).',
    )
    # Budgets per file (README, "What happens to bad input"). The defaults pass every real
    # document in the project's corpora with a wide margin; see benchmarks/ingest_budgets.py.
    max_seconds_per_file: float = Field(
        300.0, gt=0, description="Wall time one file may take to parse, OCR, clean and chunk."
    )
    max_memory_mb: float = Field(
        512.0,
        gt=0,
        description="Memory (address space, MB) the parser process may add for one file.",
    )
    max_unpacked_mb: float = Field(
        64.0, gt=0, description="Most bytes (MB) a DOCX may unpack to, declared or actual."
    )
    max_pages: int = Field(3000, ge=1, description="Most pages in one file.")
    max_chars: int = Field(
        3_000_000, ge=1, description="Most characters of text in one file, before cleaning."
    )
    max_chunks: int = Field(5_000, ge=1, description="Most chunks one file may become.")
    lock_wait_s: float = Field(
        0.0,
        ge=0,
        description="Seconds a run waits for another ingest into the same index to finish.",
    )
