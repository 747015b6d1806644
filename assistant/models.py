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
    section_index: int | None = None
    quote_start: int | None = None
    quote_end: int | None = None

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
            section_index=c.section,
        )

    def locate(self, hit: Hit, offset: int, quote: str) -> None:
        """Set `quote_start`/`quote_end`: where the quoted sentence stands in the section text
        (`GET /v1/documents/{doc_id}` sections[`section_index`].text), from the chunk's stored
        offset in its section and the sentence's `offset` in the chunk. Left None for a chunk
        from a catalog that kept no offsets."""
        chunk = hit.chunk
        if chunk.start is None or not 0 <= offset < len(chunk.text):
            return
        self.quote_start = chunk.start + offset
        self.quote_end = chunk.start + aligned_end(chunk.text, offset, quote)

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


def aligned_end(text: str, start: int, quote: str) -> int:
    """Return the offset in `text` just past the quote that begins at `start`.

    The quote is the document's words with whitespace collapsed (and joins repaired), so
    the two are walked together from `start`, whitespace skipped on both sides, up to the
    first character that differs. A quote that begins with an earlier sentence (a quote of
    neighbouring sentences cited at its best one) is walked from where the text at `start`
    appears in it.
    """
    word = text[start:].split(maxsplit=1)
    j = max(quote.find(word[0]), 0) if word else 0
    i, end = start, start
    while i < len(text) and j < len(quote):
        if text[i].isspace():
            i += 1
        elif quote[j].isspace():
            j += 1
        elif text[i] == quote[j]:
            i, j, end = i + 1, j + 1, i + 1
        else:
            break
    return max(end, start + 1)
