"""Any sentence-transformers model, from a local directory or a hub name (`kommunrag[st]`).

Install the extra first; nothing here downloads unless a hub name is given that is not
in the local cache. A local directory is loaded with the hub switched off.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import BackendUnavailable

UNAVAILABLE = "sentence-transformers is not available - install kommunrag[st]"


class SentenceTransformerEmbedder:
    """A sentence-transformers model with normalised embeddings, on the CPU unless told otherwise.

    `model` is a local path or a hub name; `id` is `"st/<model>"` exactly as given, so an
    index built with one path refuses another. Models whose name (last path part)
    contains "e5" get the "query: " / "passage: " prefixes they were trained with;
    `e5_prefixes` overrides that guess.
    """

    def __init__(
        self,
        model: str,
        device: str = "cpu",
        batch_size: int = 16,  # benchmarks/embed_throughput.py: 16-32 best for MiniLM
        e5_prefixes: bool | None = None,
    ) -> None:
        if not model:
            raise ValueError("sentence-transformers needs a model name or path")
        local = Path(model).expanduser().is_dir()
        if local:
            # Read by huggingface_hub at import; set before the import below.
            os.environ["HF_HUB_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise BackendUnavailable(UNAVAILABLE) from exc
        try:
            self._model = SentenceTransformer(
                str(Path(model).expanduser()) if local else model,
                device=device,
                local_files_only=local,
            )
        except OSError as exc:
            raise BackendUnavailable(f"cannot load sentence-transformers model {model!r}") from exc
        self.id = f"st/{model}"
        dim = self._model.get_embedding_dimension()
        if not dim:
            raise BackendUnavailable(
                f"sentence-transformers model {model!r} has no fixed dimension"
            )
        self.dim: int = int(dim)
        self.max_tokens: int = int(self._model.max_seq_length or 512)
        self.batch_size = batch_size
        is_e5 = "e5" in Path(model).name.lower() if e5_prefixes is None else e5_prefixes
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""
        self._counter = _untruncated(self._model.tokenizer)
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Return a `(len(texts), dim)` float32 array; refuses non-list or non-str (TypeError)."""
        if not isinstance(texts, list):
            raise TypeError(f"texts must be a list of str, got {type(texts).__name__}")
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] must be a str, got {type(text).__name__}")
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return self._encode([self._passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        """Return the `(dim,)` embedding of a query; refuses a non-string with TypeError."""
        if not isinstance(text, str):
            raise TypeError(f"query must be a str, got {type(text).__name__}")
        return self._encode([self._query_prefix + text])[0]

    def count_tokens(self, text: str) -> int:
        """Return the tokens `text` becomes as a passage, specials included, never truncated."""
        return self._counter(self._passage_prefix + text)

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)


def _untruncated(tokenizer: Any):
    """Return a function counting tokens with truncation and padding switched off.

    A tokenizer.json may carry its own truncation and padding (MiniLM's truncates and
    pads to 128), so counting goes through a private copy with both removed.
    """
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is not None:
        from tokenizers import Tokenizer

        copy = Tokenizer.from_str(backend.to_str())
        copy.no_truncation()
        copy.no_padding()
        return lambda text: len(copy.encode(text, add_special_tokens=True).ids)
    return lambda text: len(
        tokenizer(text, add_special_tokens=True, truncation=False, padding=False)["input_ids"]
    )
