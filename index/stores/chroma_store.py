"""Chroma as a vector store (`kommunrag[chroma]`), always fed precomputed embeddings.

Filters become a Chroma `where` clause. To keep `Filters` semantics exact:
- organ and municipality are also stored casefolded (`organ_key`, `municipality_key`),
  so equality is case-insensitive;
- the date is also stored as a sortable integer (`date_int`: "2023-05-25" -> 20230525,
  "2023-05" -> 20230500, "2023" -> 20230000, no date -> 0). A partial `date_from` pads
  with 00 and a partial `date_to` with 99, which reproduces the prefix comparison of
  `Filters.matches`;
- a principal's scope (`Filters.scope`) is `$in` on the class (grants in every
  municipality) or on `access_key` (class and municipality together);
- the dnr prefix has no `where` form, so the ids passing every filter are listed first
  (`get` with the rest of the clause, then `Filters.matches`) and the query is limited
  to them.
Every hit is checked with `Filters.matches` as well, so a date that is not ISO can only
make a result go missing, never let a wrong one through.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import BackendUnavailable
from index.models import Filters, access_key
from index.stores.base import checked_batch
from index.stores.server_ref import StoreRef, new_name, referenced

log = logging.getLogger(__name__)
UNAVAILABLE = "Chroma is not available - install kommunrag[chroma]"
COLLECTION = "chunks"
PREFIX = "kommunrag_v_"
COPY_BATCH = 1000
FIELDS = ("doc_id", "municipality", "organ", "doc_type", "date", "dnr")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class ChromaStore:
    """A `VectorStore` in Chroma with cosine distance: embedded (a PersistentClient in
    `path`, one process only) or, given `url`, on a Chroma server through `HttpClient`,
    one collection per index version (`index.stores.server_ref`, copy-on-write)."""

    name = "chroma"

    def __init__(self, path: Path, dim: int, url: str | None = None) -> None:
        if dim < 1:
            raise ValueError(f"vector size must be positive, got {dim}")
        try:
            import chromadb
            from chromadb.config import Settings
        except ImportError as exc:
            raise BackendUnavailable(UNAVAILABLE) from exc
        self.path = Path(path)
        self.dim = dim
        self.ref: StoreRef | None = None
        settings = Settings(anonymized_telemetry=False)
        if url:
            self._client: Any = _http_client(chromadb, url, settings)
            self.ref = StoreRef.open(self.path, dim, PREFIX)
            name = self.ref.collection
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(path=str(self.path), settings=settings)
            name = COLLECTION
        self._collection: Any = self._open(name, create=self.ref is None or not self.ref.inherited)
        stored = (self._collection.metadata or {}).get("dim")
        if stored != dim:
            raise ValueError(f"store {self.path} holds {stored}-d vectors, not {dim}-d")
        if self.ref is not None and not self.ref.inherited:
            self.ref.write()

    def _open(self, name: str, create: bool) -> Any:
        """Return the collection `name`, creating it (tagged with dim and index root) if asked."""
        try:
            if not create:
                return self._client.get_collection(name, embedding_function=None)
            root = str(self.path.resolve().parent.parent)
            return self._client.get_or_create_collection(
                name,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"dim": self.dim, "root": root},
                embedding_function=None,  # the default one downloads a model
            )
        except Exception as exc:
            raise _unavailable(exc) from exc

    def _writable(self) -> Any:
        """Return the collection to write to, copying an inherited one first (copy-on-write)."""
        if self.ref is None or not self.ref.inherited:
            return self._collection
        source = self._collection
        self.ref = StoreRef(self.path, new_name(PREFIX), self.dim, inherited=False)
        self._collection = self._open(self.ref.collection, create=True)
        self._guarded(_copy, source, self._collection)
        self.ref.write()
        return self._collection

    def sweep(self, root: Path) -> list[str]:
        """Drop the server collections this index root created that no version under `root`
        names any more; return them (nothing to do for an embedded store)."""
        if self.ref is None:
            return []
        kept = referenced(root) | ({self.ref.collection} if self.path.exists() else set())
        mine = str(Path(root).resolve())
        gone = [
            c.name
            for c in self._client.list_collections()
            if c.name.startswith(PREFIX)
            and (c.metadata or {}).get("root") == mine
            and c.name not in kept
        ]
        for name in gone:
            self._client.delete_collection(name)
        return gone

    def add(self, ids: list[str], vectors: np.ndarray, fields: list[dict[str, Any]]) -> None:
        """Add or replace vectors; the last of repeated ids wins.

        Refuses (ValueError) vectors that are not `(len(ids), dim)`, fields of another
        length, and fields without the keys `Filters.matches` reads.
        """
        matrix, last = checked_batch(ids, vectors, fields, self.dim, f"store {self.path}")
        if not last:
            return
        metadatas = [_metadata(ids[row], fields[row]) for row in last]
        self._guarded(
            self._writable().upsert,
            ids=[ids[row] for row in last],
            embeddings=matrix[last],
            metadatas=metadatas,
        )

    def delete(self, ids: list[str]) -> None:
        """Remove these ids; unknown ids are ignored."""
        if ids:
            self._guarded(self._writable().delete, ids=list(ids))

    def search(
        self, vector: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Return up to `k` `(id, cosine score)` pairs, best first, that pass `filters`.

        Refuses (ValueError) a vector whose size is not the store's.
        """
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if query.shape[0] != self.dim:
            raise ValueError(f"store {self.path} takes {self.dim}-d vectors, got {query.shape[0]}")
        count = self._guarded(self._collection.count)
        if k < 1 or count == 0:
            return []
        active = filters if filters is not None and not filters.is_empty() else None
        where = _where(active) if active else None
        only = self._passing_ids(active, where) if active and active.dnr else None
        if only is not None and not only:
            return []
        found = self._guarded(
            self._collection.query,
            query_embeddings=[query],
            n_results=min(k, count),
            where=where,
            ids=only,
            include=["distances", "metadatas"],
        )
        hits = zip(found["ids"][0], found["distances"][0], found["metadatas"][0], strict=True)
        return [
            (chunk_id, 1.0 - float(distance))
            for chunk_id, distance, meta in hits
            if active is None or active.matches(meta)
        ]

    def ids(self) -> set[str]:
        """Return every stored chunk id."""
        return set(self._guarded(self._collection.get, include=[])["ids"])

    def save(self) -> None:
        """Nothing to do: Chroma writes every change through (to `path` or the server)."""

    def _guarded(self, call: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a Chroma call; on a server, any failure raises `BackendUnavailable` (the input
        was checked before), so that the API answers 503 and the next call tries again."""
        if self.ref is None:
            return call(*args, **kwargs)
        try:
            return call(*args, **kwargs)
        except Exception as exc:
            raise _unavailable(exc) from exc

    def __len__(self) -> int:
        return int(self._guarded(self._collection.count))

    def _passing_ids(self, filters: Filters, where: dict[str, Any] | None) -> list[str]:
        """Return the ids that pass `where` and then every rule of `filters` (the dnr prefix)."""
        rows = self._guarded(self._collection.get, where=where, include=["metadatas"])
        return [
            i
            for i, meta in zip(rows["ids"], rows["metadatas"], strict=True)
            if filters.matches(meta)
        ]


def _copy(source: Any, target: Any) -> None:
    """Copy every record of the collection `source` into `target`, a batch at a time."""
    for start in range(0, source.count(), COPY_BATCH):
        rows = source.get(include=["embeddings", "metadatas"], limit=COPY_BATCH, offset=start)
        if rows["ids"]:
            target.add(ids=rows["ids"], embeddings=rows["embeddings"], metadatas=rows["metadatas"])


def _http_client(chromadb: Any, url: str, settings: Any) -> Any:
    """Return an `HttpClient` for `url` ("http://host:port"); unreachable: BackendUnavailable."""
    from urllib.parse import urlparse

    parts = urlparse(url)
    try:
        return chromadb.HttpClient(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or (443 if parts.scheme == "https" else 8000),
            ssl=parts.scheme == "https",
            settings=settings,
        )
    except Exception as exc:
        raise _unavailable(exc) from exc


def _unavailable(exc: Exception) -> BackendUnavailable:
    if isinstance(exc, BackendUnavailable):
        return exc
    log.warning("Chroma store unreachable: %s", exc)
    return BackendUnavailable("the Chroma store is unreachable; retry shortly")


def _metadata(chunk_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Return the Chroma metadata for one chunk: its fields plus the filter keys.

    Refuses (ValueError) fields without one of the keys `Filters.matches` reads.
    """
    missing = [key for key in FIELDS[1:] if key not in fields]
    if missing:
        raise ValueError(f"fields of {chunk_id!r} lack {', '.join(missing)}")
    meta: dict[str, Any] = {key: str(fields.get(key) or "") for key in FIELDS}
    meta["doc_class"] = str(fields.get("doc_class") or "public").casefold()
    meta["municipality_key"] = meta["municipality"].casefold()
    meta["access_key"] = access_key(meta["doc_class"], meta["municipality"])
    meta["organ_key"] = meta["organ"].casefold()
    meta["date_int"] = _date_int(meta["date"], pad="00") or 0
    return meta


def _where(filters: Filters) -> dict[str, Any] | None:
    """Return the Chroma `where` clause for every rule of `filters` except the dnr prefix."""
    rules: list[dict[str, Any]] = []
    if filters.scope is not None:
        grants: list[dict[str, Any]] = [
            {"doc_class": {"$in": filters.scope.anywhere() or [""]}},
            {"access_key": {"$in": filters.scope.pairs() or [""]}},
        ]
        rules.append({"$or": grants})
    if filters.municipality:
        rules.append({"municipality_key": filters.municipality.casefold()})
    if filters.organ:
        rules.append({"organ_key": filters.organ.casefold()})
    if filters.doc_type:
        rules.append({"doc_type": filters.doc_type})
    low = _date_int(filters.date_from, pad="00") if filters.date_from else None
    high = _date_int(filters.date_to, pad="99") if filters.date_to else None
    if low is not None:
        rules.append({"date_int": {"$gte": low}})
    if filters.date_to:
        rules.append({"date_int": {"$gt": 0}})  # an undated chunk never passes date_to
    if high is not None:
        rules.append({"date_int": {"$lte": high}})
    if not rules:
        return None
    return rules[0] if len(rules) == 1 else {"$and": rules}


def _date_int(date: str, pad: str) -> int | None:
    """Return "YYYY[-MM[-DD]]" as YYYYMMDD, missing parts filled with `pad`; None if not ISO."""
    match = _ISO.match(date.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return int(year + (month or pad) + (day or pad))
