"""LLM backends through llama-index, behind one small interface with a hard deadline.

A backend turns chat messages into text, whole (`chat`) or in pieces (`stream`). The
built-in backends wrap llama-index's `OpenAILike` (vLLM, llama.cpp server, LM Studio,
OpenAI, Azure, Mistral…) and `Ollama`; llama-index types stay inside `LlamaIndexBackend`.

`Llm` adds what keeps a request from hanging: every call has a wall-clock budget
(`timeout_s`, retries included) enforced from outside the HTTP client, so a server that
accepts the connection and then trickles bytes, or never answers, still ends the call on
time with `LlmTimeout`. The worker thread left behind ends at the client's own timeout.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.errors import AssistantError
from assistant.settings import LlmSettings

log = logging.getLogger("kommunrag.llm")

DEFAULT_URLS = {"openai": "http://127.0.0.1:8080/v1", "ollama": "http://127.0.0.1:11434"}
_BACKOFF_S = 0.25


class LlmError(AssistantError):
    """The LLM could not be used: unreachable, answering with an error, or misconfigured."""


class LlmTimeout(LlmError):
    """The LLM did not finish within its time budget."""


@dataclass(frozen=True)
class Message:
    """One chat turn: `role` is "system", "user" or "assistant"."""

    role: str
    content: str


class ChatBackend(Protocol):
    """What an LLM backend does. Both methods may block; `Llm` bounds their time."""

    name: str

    def chat(self, messages: list[Message]) -> str:
        """Return the model's whole reply."""
        ...

    def stream(self, messages: list[Message]) -> Iterator[str]:
        """Yield the reply in pieces as the model writes them."""
        ...


class LlamaIndexBackend:
    """Any llama-index LLM as a `ChatBackend`."""

    def __init__(self, llm: Any, name: str) -> None:
        self.llm = llm
        self.name = name

    def chat(self, messages: list[Message]) -> str:
        return self.llm.chat(_to_llama(messages)).message.content or ""

    def stream(self, messages: list[Message]) -> Iterator[str]:
        for response in self.llm.stream_chat(_to_llama(messages)):
            if response.delta:
                yield response.delta


def _to_llama(messages: list[Message]) -> list[Any]:
    from llama_index.core.llms import ChatMessage

    return [ChatMessage(role=m.role, content=m.content) for m in messages]


def openai_backend(settings: LlmSettings) -> ChatBackend:
    """Return an OpenAI-compatible backend. Refuses (ImportError) without the package."""
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as exc:
        raise ImportError(
            "OpenAILike is not available - install llama-index-llms-openai-like"
        ) from exc
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    llm = OpenAILike(
        model=settings.model,
        api_base=settings.base_url or DEFAULT_URLS["openai"],
        api_key=key,
        is_chat_model=True,
        context_window=settings.context_window,
        max_tokens=settings.max_tokens,
        temperature=settings.temperature,
        timeout=settings.timeout_s,
        max_retries=0,  # `Llm` retries, within the deadline; llama-index and openai would too
    )
    return LlamaIndexBackend(llm, f"openai:{settings.model}")


def ollama_backend(settings: LlmSettings) -> ChatBackend:
    """Return an Ollama backend. Refuses (ImportError) without the package."""
    try:
        from llama_index.llms.ollama import Ollama
    except ImportError as exc:
        raise ImportError("Ollama is not available - install llama-index-llms-ollama") from exc
    llm = Ollama(
        model=settings.model,
        base_url=settings.base_url or DEFAULT_URLS["ollama"],
        request_timeout=settings.timeout_s,
        temperature=settings.temperature,
        context_window=settings.context_window,
        additional_kwargs={"num_predict": settings.max_tokens},
    )
    return LlamaIndexBackend(llm, f"ollama:{settings.model}")


BACKENDS: dict[str, Callable[[LlmSettings], ChatBackend]] = {
    "openai": openai_backend,
    "ollama": ollama_backend,
}


class Llm:
    """A backend whose every call ends within `timeout_s`, with bounded retries."""

    def __init__(self, backend: ChatBackend, timeout_s: float, max_retries: int = 1) -> None:
        self.backend = backend
        self.timeout_s = timeout_s
        self.max_retries = max_retries

    @property
    def name(self) -> str:
        return self.backend.name

    def chat(self, messages: list[Message], timeout_s: float | None = None) -> str:
        """Return the whole reply.

        Raises `LlmTimeout` when the budget runs out and `LlmError` when the backend
        fails for good (after the retries a connection error or 5xx earns).
        """
        budget = timeout_s or self.timeout_s
        deadline = time.monotonic() + budget

        def call() -> str:
            try:
                return _call_before(self.backend.chat, messages, deadline)
            except _DeadlinePassed:
                raise LlmTimeout(f"LLM {self.name} did not answer within {budget:g} s") from None

        return self._with_retries(call, deadline)

    def stream(
        self, messages: list[Message], timeout_s: float | None = None
    ) -> Generator[str, None, None]:
        """Yield the reply in pieces; raise `LlmTimeout` if it is not finished in time.

        A failure before the first piece is retried like `chat`; after it, a retry
        would repeat text, so the error is raised. Closing the iterator stops the worker.
        """
        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        worker = threading.Thread(
            target=self._stream_worker,
            args=(messages, deadline, pieces, stop),
            daemon=True,
            name="kommunrag-llm-stream",
        )
        worker.start()
        try:
            while True:
                kind, value = _next_piece(pieces, deadline, self.name)
                if kind == "end":
                    return
                if kind == "error":
                    raise value
                yield value
        finally:
            stop.set()

    def _stream_worker(
        self, messages: list[Message], deadline: float, out: queue.Queue, stop: threading.Event
    ) -> None:
        started = False

        def run() -> None:
            nonlocal started
            generator = self.backend.stream(messages)
            try:
                for piece in generator:
                    if stop.is_set():
                        return
                    started = True
                    out.put(("piece", piece))
            finally:
                close = getattr(generator, "close", None)
                if close:
                    close()

        try:
            self._with_retries(run, deadline, retry_if=lambda: not started)
            out.put(("end", None))
        except LlmError as exc:
            out.put(("error", exc))

    def _with_retries(
        self, call: Callable[[], Any], deadline: float, retry_if: Callable[[], bool] = lambda: True
    ) -> Any:
        attempt = 0
        while True:
            try:
                return call()
            except LlmTimeout:
                raise
            except Exception as exc:
                left = deadline - time.monotonic()
                if attempt >= self.max_retries or not _retriable(exc) or not retry_if():
                    raise LlmError(f"LLM {self.name} failed: {_describe(exc)}") from exc
                if left <= _BACKOFF_S:
                    raise LlmTimeout(
                        f"LLM {self.name} failed and no time is left to retry"
                    ) from exc
                attempt += 1
                log.info("LLM %s failed (%s); retry %d", self.name, _describe(exc), attempt)
                time.sleep(_BACKOFF_S * attempt)


class _DeadlinePassed(Exception):
    """Internal: a call outlived its deadline."""


def _call_before(
    fn: Callable[[list[Message]], str], messages: list[Message], deadline: float
) -> str:
    """Run `fn(messages)` in a worker thread and return its result if it ends by `deadline`.

    Raises `_DeadlinePassed` when it does not; `fn`'s own exceptions pass through.
    """
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, fn(messages)))
        except BaseException as exc:  # handed to the caller's thread
            box.put((False, exc))

    threading.Thread(target=run, daemon=True, name="kommunrag-llm-call").start()
    try:
        ok, value = box.get(timeout=max(deadline - time.monotonic(), 0.0))
    except queue.Empty:
        raise _DeadlinePassed from None
    if ok:
        return value
    raise value


def _next_piece(pieces: queue.Queue, deadline: float, name: str) -> tuple[str, Any]:
    try:
        return pieces.get(timeout=max(deadline - time.monotonic(), 0.0))
    except queue.Empty:
        raise LlmTimeout(f"LLM {name} did not finish in time") from None


def _retriable(exc: BaseException) -> bool:
    """True for connection errors, timeouts, 429 and 5xx; False for other client errors."""
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        return status == 429 or status >= 500
    names = {cls.__name__ for cls in type(exc).__mro__}
    transient = {"APIConnectionError", "APITimeoutError", "TransportError", "ConnectError"}
    return bool(names & transient) or isinstance(exc, ConnectionError | TimeoutError)


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def resolve_llm(settings: LlmSettings) -> Llm | None:
    """Return the configured LLM, or None for the extractive backend.

    Refuses (LlmError) an unknown backend name; a missing package raises ImportError.
    """
    if settings.backend == "extractive":
        return None
    factory = BACKENDS.get(settings.backend)
    if factory is None:
        raise LlmError(f"unknown LLM backend '{settings.backend}'; known: {', '.join(BACKENDS)}")
    return Llm(factory(settings), settings.timeout_s, settings.max_retries)
