"""The OpenAI-compatible API: POST /v1/chat/completions (streaming and not), GET /v1/models.

Chat tools that speak the OpenAI API (Open WebUI, LibreChat, any `openai` client) can use
kommunrag as the model "kommunrag". The answer keeps its `[n]` markers; the message
carries the sources in a `citations` field, and a short "Källor"/"Sources" list is
appended to the text so that a plain chat window shows them too. kommunrag's own details
(the standalone question, degraded flag, verification) come in a `kommunrag` field.
System messages from the client are ignored: the grounding rules are not negotiable.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.answer.generative import StreamEvent
from assistant.api.auth import ScopeDep
from assistant.api.deps import AssistantDep
from assistant.api.routes.chat import SSE_HEADERS, error_message
from assistant.api.schemas import OpenAIChatRequest
from assistant.chat import Rewrite
from assistant.errors import ModelNotFound
from assistant.markup import StreamNeutraliser, neutralise
from assistant.models import Answer, Citation

router = APIRouter(prefix="/v1", tags=["openai"])

MODEL = "kommunrag"


def sources_text(citations: list[Citation], lang: str) -> str:
    """Return the "Källor"/"Sources" list appended to an answer ("" with no citations)."""
    if not citations:
        return ""
    head = "Källor" if lang == "sv" else "Sources"
    lines = [f"[{c.n}] {c.label} – {c.file}" for c in citations]
    return f"\n\n{head}:\n" + "\n".join(lines)


def details(answer: Answer, rewrite: Rewrite, settings_hash: str) -> dict[str, Any]:
    """Return kommunrag's own fields of a completion."""
    return {
        "question": rewrite.question,
        "rewrite": rewrite.to_dict(),
        "supported": answer.supported,
        "degraded": answer.degraded,
        "degraded_reason": answer.degraded_reason,
        "verification": answer.verification,
        "timings": answer.to_dict()["timings"],
        "settings_hash": settings_hash,
    }


def _envelope(kind: str, completion_id: str, created: int) -> dict[str, Any]:
    return {"id": completion_id, "object": kind, "created": created, "model": MODEL}


def completion(answer: Answer, rewrite: Rewrite, settings_hash: str) -> dict[str, Any]:
    """Return a `chat.completion` body for a finished answer."""
    citations = [c.to_dict() for c in answer.citations]
    message = {
        "role": "assistant",
        "content": neutralise(answer.text + sources_text(answer.citations, answer.lang)),
        "citations": citations,
    }
    return {
        **_envelope("chat.completion", f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())),
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "citations": citations,
        "kommunrag": details(answer, rewrite, settings_hash),
    }


def completion_chunks(
    events: Iterator[StreamEvent], rewrite: Rewrite, settings_hash: str
) -> Iterator[str]:
    """Yield `chat.completion.chunk` events for a streamed answer, then `[DONE]`.

    The first chunk names the role; text pieces follow; then the sources list as text;
    the last chunk carries the citations and `finish_reason: "stop"`. The text is
    neutralised (`assistant.markup`), the citations are not.
    """
    head = _envelope("chat.completion.chunk", f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time()))

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    inert = StreamNeutraliser()
    try:
        for item in events:
            if item.event == "delta" and (text := inert.feed(item.data["text"])):
                yield chunk({"content": text})
            elif item.event == "done" and item.answer is not None:
                answer = item.answer
                if rest := inert.flush():
                    yield chunk({"content": rest})
                listing = neutralise(sources_text(answer.citations, answer.lang))
                if listing:
                    yield chunk({"content": listing})
                citations = [c.to_dict() for c in answer.citations]
                yield chunk(
                    {"citations": citations},
                    "stop",
                    citations=citations,
                    kommunrag=details(answer, rewrite, settings_hash),
                )
    except Exception as exc:  # headers are sent; report in the stream, as OpenAI does
        error = {"error": {"message": error_message(exc), "type": "server_error"}}
        yield f"data: {json.dumps(error, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"


@router.get("/models")
def list_models() -> dict[str, Any]:
    """List the one model this server offers, "kommunrag"."""
    return {
        "object": "list",
        "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "kommunrag"}],
    }


@router.post("/chat/completions")
async def chat_completions(
    body: OpenAIChatRequest, assistant: AssistantDep, scope: ScopeDep
) -> Any:
    """Answer the conversation like an OpenAI chat model, with `[n]` citations and sources.

    Refuses a model other than "kommunrag" (404 `model_not_found`), a conversation without a
    final user message (422 `invalid_question`) and filters that match no document (422
    `filter_matches_nothing`), in OpenAI's error shape.
    """
    if body.model != MODEL:
        raise ModelNotFound(
            f"The model '{body.model}' does not exist; this server offers '{MODEL}'"
        )
    messages = body.to_messages()
    filters = body.filters.to_filters() if body.filters else None
    stamp = assistant.settings.fingerprint()
    if body.stream:
        rewrite, events = await run_in_threadpool(assistant.chat_stream, messages, filters, scope)
        return StreamingResponse(
            completion_chunks(events, rewrite, stamp),
            media_type="text/event-stream",
            headers=SSE_HEADERS,
        )
    reply = await run_in_threadpool(assistant.chat, messages, filters, scope)
    return completion(reply.answer, reply.rewrite, stamp)
