"""GET /v1/documents and /v1/documents/{id}: what the index holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

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


# Source files are served as what they are only where a browser cannot run them from our
# origin: HTML, and anything unknown, goes out as plain text under a sandbox CSP.
_SERVED_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@router.get("/documents/{doc_id}/file", response_class=FileResponse)
def get_document_file(doc_id: str, assistant: AssistantDep, scope: ScopeDep) -> FileResponse:
    """Return the original file of a document (a PDF opens at a page with `#page=N`).

    HTML and other formats come back as text/plain under `Content-Security-Policy: sandbox`,
    so nothing in a source file can run on kommunrag's origin; DOCX is a download.
    """
    path = assistant.original_file(doc_id, scope)
    media = _SERVED_TYPES.get(path.suffix.lower(), "text/plain; charset=utf-8")
    inline = "attachment" if path.suffix.lower() == ".docx" else "inline"
    headers = {"X-Content-Type-Options": "nosniff"}
    if media != "application/pdf":
        headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return FileResponse(
        path,
        media_type=media,
        filename=path.name,
        content_disposition_type=inline,
        headers=headers,
    )
