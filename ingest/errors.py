"""Errors raised by the ingest package. Messages name the file involved."""

from pathlib import Path

REASONS = (
    "corrupt",
    "encrypted",
    "empty",
    "unsupported",
    "oversized",
    "no_text_layer",
    "ocr_failed",
)


class IngestError(Exception):
    """Base class for ingest errors."""


class UnreadableDocument(IngestError):
    """A file that cannot be turned into text; `reason` is one of `REASONS`."""

    def __init__(self, path: str | Path, reason: str, message: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}; expected one of {REASONS}")
        self.path = str(path)
        self.reason = reason
        self.message = message
        super().__init__(f"{self.path}: {message} ({reason})")
