"""GET /v1/facets: the filter values the index holds, with document counts."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.auth import ScopeDep
from assistant.api.deps import AssistantDep
from assistant.api.schemas import FacetsPublic

router = APIRouter(prefix="/v1", tags=["documents"])


@router.get("/facets", response_model=FacetsPublic)
def facets(assistant: AssistantDep, scope: ScopeDep) -> dict:
    """Return municipalities, organs, document types and years, each value with the number of
    documents holding it, inside the caller's scope; the chat page builds its filter panel
    from these."""
    return assistant.facet_counts(scope)
