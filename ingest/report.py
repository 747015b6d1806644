"""The ingest run report: one outcome per file, totals, and a one-line summary."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.errors import UnreadableDocument
from ingest.names import safe_text

STATUSES = ("added", "updated", "unchanged", "duplicate", "skipped", "removed")


@dataclass
class FileOutcome:
    """What happened to one file. `reason` is set for skipped files ("corrupt", "empty", ...).

    `hidden_chars` counts the non-space characters left out because no reader sees them
    (invisible or white PDF text, text outside the crop box, hidden HTML).
    """

    path: str
    status: str
    reason: str | None = None
    message: str | None = None
    doc_id: str | None = None
    sections: int = 0
    chunks: int = 0
    hidden_chars: int = 0

    def __post_init__(self) -> None:
        # Names and messages may carry a file name that is not valid UTF-8.
        self.path = safe_text(self.path)
        if self.message is not None:
            self.message = safe_text(self.message)


def skip_outcome(key: str, exc: Exception) -> FileOutcome:
    """Return the "skipped" outcome for an error raised while handling one file.

    UnreadableDocument keeps its reason; an OS error (permission denied, a file that
    vanished) is "unreadable", a MemoryError "over_memory", anything else "failed".
    """
    if isinstance(exc, UnreadableDocument):
        return FileOutcome(key, "skipped", exc.reason, exc.message)
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, OSError):
        return FileOutcome(key, "skipped", "unreadable", f"cannot read file: {detail}")
    if isinstance(exc, MemoryError):
        return FileOutcome(key, "skipped", "over_memory", "ran out of memory")
    return FileOutcome(key, "skipped", "failed", f"unexpected error: {detail}")


@dataclass
class IngestReport:
    """Everything a run did, for the JSON report and the closing summary."""

    files: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    embed_seconds: float = 0.0
    embed_tokens: int = 0
    embedder: str = ""
    embed_cached: int = 0
    index_version: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def tokens_per_second(self) -> float:
        return self.embed_tokens / self.embed_seconds if self.embed_seconds else 0.0

    def totals(self) -> dict[str, int | float]:
        """Return files by status, sections, chunks, embedding figures and seconds."""
        done = [f for f in self.files if f.status in ("added", "updated")]
        return {
            "files": len(self.files),
            **{s: self.count(s) for s in STATUSES},
            "sections": sum(f.sections for f in done),
            "chunks": sum(f.chunks for f in done),
            "hidden_chars": sum(f.hidden_chars for f in done),
            "embed_tokens": self.embed_tokens,
            "embed_tokens_per_s": round(self.tokens_per_second, 1),
            "embed_cached_chunks": self.embed_cached,
            "seconds": round(self.seconds, 2),
        }

    def skip_reasons(self) -> Counter[str]:
        return Counter(f.reason or "unknown" for f in self.files if f.status == "skipped")

    def summary_line(self) -> str:
        """Return e.g. `12 files: 10 added, 1 skipped (corrupt: 1); 40 sections, ...; 3.2 s`."""
        t = self.totals()
        parts = [f"{t[s]} {s}" for s in STATUSES if t[s]]
        reasons = ", ".join(f"{r}: {n}" for r, n in sorted(self.skip_reasons().items()))
        line = f"{t['files']} files: {', '.join(parts) or 'nothing to do'}"
        if reasons:
            line += f" ({reasons})"
        line += f"; {t['sections']} sections, {t['chunks']} chunks"
        if self.embed_tokens:
            line += f", {t['embed_tokens']} tokens embedded at {t['embed_tokens_per_s']} tokens/s"
            line += f" ({self.embedder})" if self.embedder else ""
        if self.embed_cached:
            line += f", {self.embed_cached} chunks from the embedding cache"
        return line + f"; {t['seconds']} s"

    def to_json(self) -> str:
        data = {
            "totals": self.totals(),
            "index_version": self.index_version,
            "embedder": self.embedder,
            "files": [asdict(f) for f in self.files],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json())
