"""A fake LLM server for the tests: real HTTP on 127.0.0.1, scripted replies.

It speaks the OpenAI chat-completions API (`POST /v1/chat/completions`, streaming and
not, `GET /v1/models`) and Ollama's `POST /api/chat`, which is what the two kommunrag
backends call. Each request takes the next scripted `Reply` (or the default), so a test
says exactly what the "model" writes, how slowly, or that it fails:

    with FakeLlm() as fake:
        fake.script(Reply("Kostnaden är 69 000 kronor per år [1]."))
        ... point KOMMUNRAG_LLM__BASE_URL at fake.url ...
        fake.requests[-1]["messages"]   # what kommunrag sent

A reply may also be a function of the request body, for tests that must answer the
follow-up rewrite and the answer call differently.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What the fake model does for one request.

    `delay_s` passes before the first byte and `chunk_delay_s` between streamed pieces;
    `hang` never answers (until the server stops); `status` other than 200 sends an
    OpenAI-style error body. `pieces` sets how a stream is cut (default: word by word).
    """

    text: str = ""
    delay_s: float = 0.0
    chunk_delay_s: float = 0.0
    status: int = 200
    hang: bool = False
    pieces: list[str] | None = None

    def stream_pieces(self) -> list[str]:
        if self.pieces is not None:
            return self.pieces
        words = self.text.split(" ")
        return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]


Script = Reply | str | Callable[[dict[str, Any]], "Reply | str"]


@dataclass
class FakeLlm:
    """The server. Use as a context manager; `url` is the OpenAI base URL (…/v1)."""

    default: Script = field(default_factory=lambda: Reply("Källorna besvarar inte frågan."))
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._script: deque[Script] = deque()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return f"{self.root}/v1"

    def __enter__(self) -> FakeLlm:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def script(self, *replies: Script) -> None:
        """Queue replies for the next requests, in order."""
        with self._lock:
            self._script.extend(replies)

    def reset(self, default: Script | None = None) -> None:
        """Forget queued replies and recorded requests; optionally set a new default."""
        with self._lock:
            self._script.clear()
            self.requests.clear()
            if default is not None:
                self.default = default

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            script = self._script.popleft() if self._script else self.default
        if callable(script):
            script = script(body)
        return Reply(script) if isinstance(script, str) else script

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; return False early when the server is stopping."""
        return not self._stopping.wait(seconds)


def _handler_for(fake: FakeLlm) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._json(
                    200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]}
                )
            else:
                self._json(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path not in ("/v1/chat/completions", "/api/chat"):
                self._json(404, {"error": {"message": f"no route {self.path}"}})
                return
            reply = fake.next_reply(body)
            if reply.hang:
                fake.wait(3600)
                return
            if reply.delay_s and not fake.wait(reply.delay_s):
                return
            try:
                if reply.status != 200:
                    self._json(
                        reply.status,
                        {"error": {"message": "scripted failure", "type": "server_error"}},
                    )
                elif self.path == "/api/chat":
                    self._ollama(body, reply)
                else:
                    self._openai(body, reply)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _openai(self, body: dict[str, Any], reply: Reply) -> None:
            model = body.get("model", "fake-model")
            if not body.get("stream"):
                self._json(
                    200,
                    {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": model,
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": reply.text},
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )
                return
            self._start(200, "text/event-stream")
            for n, piece in enumerate(reply.stream_pieces()):
                if n and reply.chunk_delay_s and not fake.wait(reply.chunk_delay_s):
                    return
                delta = {"role": "assistant", "content": piece} if n == 0 else {"content": piece}
                self._event(_chunk(model, delta, None))
            self._event(_chunk(model, {}, "stop"))
            self.wfile.write(b"data: [DONE]\n\n")

        def _ollama(self, body: dict[str, Any], reply: Reply) -> None:
            model = body.get("model", "fake-model")
            if not body.get("stream"):
                self._json(200, _ollama_line(model, reply.text, done=True))
                return
            self._start(200, "application/x-ndjson")
            for n, piece in enumerate(reply.stream_pieces()):
                if n and reply.chunk_delay_s and not fake.wait(reply.chunk_delay_s):
                    return
                self.wfile.write(
                    json.dumps(_ollama_line(model, piece, done=False)).encode() + b"\n"
                )
            self.wfile.write(json.dumps(_ollama_line(model, "", done=True)).encode() + b"\n")

        def _start(self, status: int, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Connection", "close")
            self.end_headers()

        def _event(self, data: dict[str, Any]) -> None:
            self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()

        def _json(self, status: int, data: dict[str, Any]) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    return Handler


def _chunk(model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _ollama_line(model: str, content: str, done: bool) -> dict[str, Any]:
    line: dict[str, Any] = {
        "model": model,
        "created_at": "2025-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": content},
        "done": done,
    }
    if done:
        line.update(done_reason="stop", prompt_eval_count=1, eval_count=1)
    return line


# --- Helpers for tests that read what kommunrag sent, or configure it to use the fake ----------

_SOURCE = re.compile(r'<source id="(\d+)"([^>]*)>\n(.*?)\n</source>', re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def last_user_message(body: dict[str, Any]) -> str:
    """Return the text of the last user message of a request."""
    return next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")


def system_message(body: dict[str, Any]) -> str:
    return next((m["content"] for m in body["messages"] if m["role"] == "system"), "")


def sources_in(body: dict[str, Any]) -> dict[int, str]:
    """Return the numbered source texts kommunrag put in a request."""
    return {int(m.group(1)): m.group(3) for m in _SOURCE.finditer(last_user_message(body))}


def source_attributes(body: dict[str, Any]) -> dict[int, dict[str, str]]:
    """Return each source's attributes (organ, date, dnr, document…)."""
    return {
        int(m.group(1)): dict(_ATTR.findall(m.group(2)))
        for m in _SOURCE.finditer(last_user_message(body))
    }


def source_with(body: dict[str, Any], needle: str) -> int:
    """Return the number of the first source whose text contains `needle`."""
    return next(n for n, text in sources_in(body).items() if needle in text)


def source_without(body: dict[str, Any], needle: str) -> int:
    """Return the number of the first source whose text lacks `needle`."""
    return next(n for n, text in sources_in(body).items() if needle not in text)


def is_rewrite_request(body: dict[str, Any]) -> bool:
    """True for kommunrag's follow-up rewriting call (as opposed to an answer call)."""
    text = system_message(body)
    return "fristående fråga" in text or "standalone question" in text


def with_llm(settings: Any, url: str, **options: Any) -> Any:
    """Return a copy of kommunrag `settings` using the fake at `url` as an OpenAI backend."""
    from assistant.settings import LlmSettings

    copy = settings.model_copy(deep=True)
    copy.llm = LlmSettings(backend="openai", base_url=url, model="fake-model", **options)
    return copy


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    """Return the `(event, data)` pairs of a server-sent event stream."""
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "data" in fields:
            events.append((fields.get("event", "message"), json.loads(fields["data"])))
    return events


def organ_lines(body: dict[str, Any], needle: str) -> dict[str, str]:
    """Return, per organ heading of an aggregate prompt, the line a faithful model would
    write: "- Organ: <the first sentence of its first source that mentions needle> [n]"."""
    text = last_user_message(body)
    lines: dict[str, str] = {}
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        organ = block.splitlines()[0].strip()
        match = _SOURCE.search(block)
        if not match:
            continue
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(match.group(3).split()))
        quote = next((s for s in sentences if needle in s.casefold()), sentences[0]).rstrip(".")
        lines[organ] = f"- {organ}: {quote} [{match.group(1)}]."
    return lines


def quoting_model(body: dict[str, Any]) -> Reply:
    """A well-behaved stand-in model: quotes the best sentence of source 1 with its
    citation (the sentence sharing most words with the question); a rewrite request gets
    the latest message back unchanged."""
    user = last_user_message(body)
    if is_rewrite_request(body):
        found = re.search(r"(?:Senaste meddelandet|Latest message): (.*)", user)
        return Reply(found.group(1).strip() if found else "")
    sources = sources_in(body)
    if not sources:
        return Reply("Källorna besvarar inte frågan.")
    question = _stems(user.rsplit("</source>", 1)[-1])
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(sources[min(sources)].split()))
    best = max(sentences, key=lambda s: (len(question & _stems(s)), -len(s)))
    return Reply(f"{best.rstrip('.')} [{min(sources)}].", chunk_delay_s=0.05)


def _stems(text: str) -> set[str]:
    return {w[:4] for w in re.findall(r"\w{4,}", text.casefold())}


def main() -> None:
    """Run the fake on a fixed port for manual tries: `python tests/fake_llm.py 8090`."""
    import sys

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8090
    with FakeLlm(default=quoting_model, port=port) as fake:
        print(f"fake OpenAI-compatible LLM on {fake.url} (Ctrl-C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
