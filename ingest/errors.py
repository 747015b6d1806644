"""Errors raised by the ingest package. Messages name the file involved."""

from pathlib import Path

# Why a file was skipped. The README's "What happens to bad input" explains each one.
READ_REASONS = (
    "corrupt",
    "encrypted",
    "empty",
    "unsupported",
    "oversized",
    "no_text_layer",
    "ocr_failed",
    "not_text",
    "bad_access_metadata",
)
BUDGET_REASONS = (
    "over_time",
    "over_memory",
    "over_unpacked_size",
    "over_pages",
    "over_chars",
    "over_chunks",
)
WALK_REASONS = (
    "unreadable",
    "hidden",
    "link_outside",
    "link_loop",
    "link_dangling",
    "link_folder",
    "special_file",
    "not_a_file",
)
REASONS = (*READ_REASONS, *BUDGET_REASONS, *WALK_REASONS, "failed")


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
