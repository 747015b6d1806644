"""What the assistant returns: an answer with numbered citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.models import Hit


@dataclass
class Citation:
    """Source `[n]` of an answer, with everything needed to check it."""

    n: int
    label: str
    doc_id: str
    file: str
    page: int
    section: str | None
    dnr: str | None
    organ: str | None
    municipality: str | None
    date: str | None
    snippet: str
    score: float
    chunk_id: str = ""
    also_in: list[str] = field(default_factory=list)

    @classmethod
    def from_hit(cls, n: int, hit: Hit, snippet: str, paths: list[str]) -> Citation:
        """Build citation `n` for a hit; `paths` are the files holding its document, relative
        to the ingested root (an absolute path is cut to its file name: no server path is shown).
        """
        c, meta = hit.chunk, hit.chunk.meta
        names = [Path(p).name if Path(p).is_absolute() else p for p in paths] or [c.doc_id]
        return cls(
            n=n,
            label=c.label,
            doc_id=c.doc_id,
            file=names[0],
            page=c.page_start,
            section=f"§ {meta.paragraph}" if meta.paragraph else meta.title,
            dnr=meta.dnr,
            organ=meta.organ,
            municipality=meta.municipality,
            date=meta.date,
            snippet=snippet,
            score=round(hit.score, 4),
            chunk_id=c.id,
            also_in=names[1:],
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    """An answer text whose `[n]` markers refer to `citations`.

    `supported` is False when nothing retrieved answers the question; the text then says
    so and `citations` is empty. `degraded` is True when an LLM was configured but the
    answer had to come from the extractive composer (`degraded_reason` says why), and
    `verification` reports the citation checks of a generated answer (None otherwise).
    """

    question: str
    text: str
    lang: str
    citations: list[Citation] = field(default_factory=list)
    supported: bool = True
    kind: str = "fact"
    timings: dict[str, float] = field(default_factory=dict)
    degraded: bool = False
    degraded_reason: str | None = None
    verification: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "lang": self.lang,
            "kind": self.kind,
            "supported": self.supported,
            "citations": [c.to_dict() for c in self.citations],
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "degraded": self.degraded,
            "degraded_reason": self.degraded_reason,
            "verification": self.verification,
        }
