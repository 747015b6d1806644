"""GET /v1/documents and /v1/documents/{id}: what the index holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import AssistantDep
from assistant.api.schemas import DocumentDetail, DocumentPublic, FiltersIn

router = APIRouter(prefix="/v1", tags=["documents"])


@router.get("/documents", response_model=list[DocumentPublic])
def list_documents(assistant: AssistantDep, filters: Annotated[FiltersIn, Query()]) -> list[dict]:
    """List documents with their metadata; the filters keep documents with a matching section."""
    return [d.to_dict() for d in assistant.documents(filters.to_filters())]


@router.get("/documents/{doc_id}", response_model=DocumentDetail)
def get_document(doc_id: str, assistant: AssistantDep) -> dict:
    """Return a document's text, section by section, with page offsets as anchors."""
    view = assistant.document(doc_id)
    return {"document": view.record.to_dict(), "sections": view.sections}
