"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.api.types import FilterText, Flag, IsoDate, MessageText, Question, TopK
from assistant.llm import Message
from index.models import Filters


class FiltersIn(BaseModel):
    """Metadata restrictions; every field is optional."""

    model_config = ConfigDict(extra="forbid")

    municipality: FilterText | None = Field(None, examples=["Västerås stad"])
    organ: FilterText | None = Field(None, examples=["Äldrenämnden"])
    doc_type: FilterText | None = Field(None, examples=["protokoll"])
    date_from: IsoDate | None = Field(None, examples=["2023-01"])
    date_to: IsoDate | None = Field(None, examples=["2023-12-31"])
    dnr: FilterText | None = Field(None, examples=["AN 2023/00292"])

    def to_filters(self) -> Filters:
        return Filters(**self.model_dump())


class AskRequest(BaseModel):
    """A question, with optional filters and the number of sources wanted."""

    model_config = ConfigDict(extra="forbid")

    question: Question
    filters: FiltersIn | None = None
    top_k: TopK | None = None


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
    section_index: int | None = Field(
        None, description="Ordinal of the cited section in GET /v1/documents/{doc_id} sections."
    )
    quote_start: int | None = Field(
        None, description="Character offset where the quoted sentence starts in that section."
    )
    quote_end: int | None = Field(
        None, description="Character offset just past the quoted sentence in that section."
    )


class DroppedSentence(BaseModel):
    sentence: str
    reason: str | None


class VerificationPublic(BaseModel):
    """What the citation checks of a generated answer found."""

    checked: int = Field(..., description="Sentences that make a claim and were checked.")
    unsupported: int = Field(..., description="Checked sentences their sources do not support.")
    invalid_citations: int = Field(0, description="Sentences citing a source that was not given.")
    fallback: bool = Field(..., description="True when the extractive answer replaced the LLM's.")
    stopped: str | None = Field(
        None,
        description="Why the LLM's reply was cut short: 'repetition' (it looped) or "
        "'chat-template token' (it closed its turn and went on); null when it ended normally.",
    )
    dropped: list[DroppedSentence] = []


class AskResponse(BaseModel):
    question: str
    answer: str
    lang: str
    kind: str
    supported: bool
    citations: list[CitationPublic]
    timings: dict[str, float]
    settings_hash: str
    degraded: bool = Field(False, description="True when the configured LLM could not be used.")
    degraded_reason: str | None = Field(None, description="Why the LLM could not be used.")
    verification: VerificationPublic | None = Field(
        None, description="Citation checks of a generated answer; null for extractive answers."
    )


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


class FacetValue(BaseModel):
    value: str
    documents: int = Field(..., description="Documents holding at least one chunk with the value.")


class FacetsPublic(BaseModel):
    """Filter values of the live index, most documents first (`filters` take these values;
    a year is given as date_from/date_to)."""

    municipalities: list[FacetValue]
    organs: list[FacetValue]
    doc_types: list[FacetValue]
    years: list[FacetValue]


class ErrorBody(BaseModel):
    """What every error response of the kommunrag routes holds."""

    error: str = Field(..., description="What went wrong, in a sentence.")
    code: str = Field(..., description="A stable word for the problem, e.g. 'index_missing'.")
    detail: list[dict[str, str]] | None = Field(None, description="Invalid fields, for 422s.")
    suggestions: dict[str, list[str]] | None = Field(
        None, description="For 'filter_matches_nothing': the closest values the index has."
    )


# --- Generative answers, chat and the OpenAI-compatible endpoint ---------------------------


class ChatMessageIn(BaseModel):
    """One turn of a conversation."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["system", "user", "assistant"]
    content: MessageText


class ChatRequest(BaseModel):
    """A conversation whose last message is the user's question; filters apply to every turn."""

    model_config = ConfigDict(extra="forbid")

    messages: list[ChatMessageIn] = Field(
        ...,
        min_length=1,
        max_length=100,
        description="The turns, oldest first; the server's `api.max_chat_turns` (default 40) "
        "may allow fewer.",
    )
    filters: FiltersIn | None = None

    def to_messages(self) -> list[Message]:
        return [Message(m.role, m.content) for m in self.messages]


class RewritePublic(BaseModel):
    question: str = Field(..., description="The standalone question that was answered.")
    original: str = Field(..., description="The last user message as sent.")
    method: str = Field(..., description="'as_is', 'rules' or 'llm'.")
    filters: dict[str, str] = Field(..., description="Filters applied, carried from earlier turns.")
    degraded_reason: str | None = None


class ChatResponse(AskResponse):
    rewrite: RewritePublic


class OpenAIContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: FilterText
    text: MessageText | None = None


class OpenAIMessageIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: FilterText
    content: MessageText | Annotated[list[OpenAIContentPart], Field(max_length=100)] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


class OpenAIChatRequest(BaseModel):
    """OpenAI chat-completions request; unknown OpenAI parameters are accepted and ignored.

    `filters` (kommunrag's own, e.g. via the openai client's `extra_body`) restricts sources.
    """

    model_config = ConfigDict(extra="allow")

    model: FilterText = Field(..., examples=["kommunrag"])
    messages: list[OpenAIMessageIn] = Field(..., min_length=1, max_length=100)
    stream: Flag = False
    filters: FiltersIn | None = None

    def to_messages(self) -> list[Message]:
        """Return the user and assistant turns; system and tool messages are left out."""
        return [Message(m.role, m.text()) for m in self.messages if m.role in ("user", "assistant")]
