"""Resolve a vector store name from settings to its class.

Names: "faiss", "chroma", "postgres", or a dotted path "package.module:Class".
"""

from __future__ import annotations

from index.embedders.registry import load_class

BUILTINS = {
    "faiss": "index.stores.faiss_store:FaissStore",
    "chroma": "index.stores.chroma_store:ChromaStore",
    "postgres": "index.stores.pgvector_store:PgvectorStore",
}


def resolve(name: str) -> type:
    """Return the store class called `name`; it is constructed as `cls(path, dim)`.

    Importing a built-in never imports its backend package (that happens when the store
    is opened). Raises `ValueError` for an unknown or malformed name and
    `BackendUnavailable` when a dotted path's module cannot be imported.
    """
    name = name.strip()
    if name in BUILTINS:
        return load_class(BUILTINS[name])
    if ":" in name:
        return load_class(name)
    known = ", ".join(BUILTINS)
    raise ValueError(f"unknown vector store {name!r}; use one of {known} or 'package.module:Class'")
