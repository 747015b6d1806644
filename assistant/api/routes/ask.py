"""POST /v1/ask: a question in, a cited answer out."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.api.auth import ScopeDep
from assistant.api.deps import AssistantDep
from assistant.api.schemas import AskRequest, AskResponse

router = APIRouter(prefix="/v1", tags=["answers"])


@router.post("/ask", response_model=AskResponse)
async def ask(body: AskRequest, assistant: AssistantDep, scope: ScopeDep) -> dict:
    """Answer a question with numbered citations to the documents."""
    filters = body.filters.to_filters() if body.filters else None
    answer = await run_in_threadpool(assistant.ask, body.question, filters, body.top_k, None, scope)
    return {**answer.to_dict(), "settings_hash": assistant.settings.fingerprint()}
