"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from index.models import Filters


class FiltersIn(BaseModel):
    """Metadata restrictions; every field is optional."""

    model_config = ConfigDict(extra="forbid")

    municipality: str | None = Field(None, examples=["Västerås stad"])
    organ: str | None = Field(None, examples=["Äldrenämnden"])
    doc_type: str | None = Field(None, examples=["protokoll"])
    date_from: str | None = Field(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", examples=["2023-01"])
    date_to: str | None = Field(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", examples=["2023-12-31"])
    dnr: str | None = Field(None, examples=["AN 2023/00292"])

    def to_filters(self) -> Filters:
        return Filters(**self.model_dump())


class AskRequest(BaseModel):
    """A question, with optional filters and the number of sources wanted."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(..., description="The question, in Swedish or English (1–2000 characters).")
    filters: FiltersIn | None = None
    top_k: int | None = Field(None, ge=1, le=50, description="Most sources for an ordinary answer.")


class CitationPublic(BaseModel):
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
    also_in: list[str] = []


class AskResponse(BaseModel):
    question: str
    answer: str
    lang: str
    kind: str
    supported: bool
    citations: list[CitationPublic]
    timings: dict[str, float]
    settings_hash: str


class DocumentPublic(BaseModel):
    doc_id: str
    title: str | None
    format: str
    pages: int
    files: list[str]
    sections: int
    chunks: int
    municipality: str | None
    organ: str | None
    doc_type: str
    date: str | None
    dnr: str | None


class SectionPublic(BaseModel):
    anchor: str = Field(..., description="Stable anchor within the document, e.g. 's3'.")
    kind: str
    pages: list[int] = Field(..., description="First and last page of the section.")
    page_starts: list[dict[str, int]] = Field(
        ..., description="Character offsets in `text` where each page begins."
    )
    municipality: str | None
    organ: str | None
    doc_type: str
    date: str | None
    dnr: str | None
    paragraph: str | None
    title: str | None
    people: list[str]
    parties: list[str]
    text: str


class DocumentDetail(BaseModel):
    document: DocumentPublic
    sections: list[SectionPublic]


class ErrorBody(BaseModel):
    error: str
    detail: list[dict[str, str]] | None = None
