"""GET /v1/documents and /v1/documents/{id}: what the index holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.auth import ScopeDep
from assistant.api.deps import AssistantDep
from assistant.api.schemas import DocumentDetail, DocumentPublic, FiltersIn

router = APIRouter(prefix="/v1", tags=["documents"])


@router.get("/documents", response_model=list[DocumentPublic])
def list_documents(
    assistant: AssistantDep, scope: ScopeDep, filters: Annotated[FiltersIn, Query()]
) -> list[dict]:
    """List the documents the caller may see, with their metadata; the filters keep
    documents with a matching section."""
    return [d.to_dict() for d in assistant.documents(filters.to_filters(), scope)]


@router.get("/documents/{doc_id}", response_model=DocumentDetail)
def get_document(doc_id: str, assistant: AssistantDep, scope: ScopeDep) -> dict:
    """Return a document's text, section by section, with page offsets as anchors; 404 for
    an unknown id and, alike, for a document outside the caller's scope."""
    view = assistant.document(doc_id, scope)
    return {"document": view.record.to_dict(), "sections": view.sections}
