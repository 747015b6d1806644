"""POST /v1/chat: a conversation in, a cited answer out, as JSON or as server-sent events.

With `Accept: text/event-stream` the answer streams as events:

- `sources`: the standalone question, its filters and the numbered citations, first;
- `delta`: a piece of answer text (`{"text": …}`); pieces concatenate to the answer;
- `done`: the final answer with citations, verification, degraded flag and timings;
- `error`: `{"error": …}` if something fails after the stream has started.

Bad requests (empty conversation, too long question, missing index) are refused with a
status code before the stream starts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.answer.generative import StreamEvent
from assistant.api.auth import ScopeDep
from assistant.api.deps import AssistantDep
from assistant.api.schemas import ChatRequest, ChatResponse
from assistant.errors import AssistantError
from index.errors import IndexError_

router = APIRouter(prefix="/v1", tags=["chat"])
log = logging.getLogger("kommunrag.api")

SSE_HEADERS = {"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"}


def wants_stream(accept: str | None) -> bool:
    """True when the client asked for server-sent events."""
    return accept is not None and "text/event-stream" in accept


def sse(event: str, data: dict[str, Any]) -> str:
    """Return one server-sent event."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def error_message(exc: Exception) -> str:
    """Return what a client may see of an error raised inside a stream."""
    if isinstance(exc, AssistantError | IndexError_):
        return str(exc)
    log.exception("error while streaming: %s", exc)
    return "internal error; see the server log"


def event_stream(
    events: Iterator[StreamEvent], on_sources: dict[str, Any], on_done: dict[str, Any]
) -> Iterator[str]:
    """Yield the events as SSE text, `on_sources`/`on_done` merged into those events."""
    try:
        for item in events:
            data = item.data
            if item.event == "sources":
                data = {**on_sources, **data}
            elif item.event == "done":
                data = {**data, **on_done}
            yield sse(item.event, data)
    except Exception as exc:  # the status line is sent; an event is all that is left
        yield sse("error", {"error": error_message(exc)})


@router.post(
    "/chat",
    response_model=ChatResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "JSON, or SSE events sources/delta/done/error",
        }
    },
)
async def chat(
    body: ChatRequest,
    assistant: AssistantDep,
    scope: ScopeDep,
    accept: Annotated[str | None, Header()] = None,
) -> Any:
    """Answer the last user message of a conversation; follow-ups are made standalone first."""
    messages = body.to_messages()
    filters = body.filters.to_filters() if body.filters else None
    stamp = {"settings_hash": assistant.settings.fingerprint()}
    if wants_stream(accept):
        rewrite, events = await run_in_threadpool(assistant.chat_stream, messages, filters, scope)
        info = {"rewrite": rewrite.to_dict()}
        return StreamingResponse(
            event_stream(events, {"question": rewrite.question, **info}, {**info, **stamp}),
            media_type="text/event-stream",
            headers=SSE_HEADERS,
        )
    reply = await run_in_threadpool(assistant.chat, messages, filters, scope)
    return {**reply.answer.to_dict(), "rewrite": reply.rewrite.to_dict(), **stamp}
