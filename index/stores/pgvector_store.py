"""PostgreSQL with pgvector as a vector store (`kommunrag[server]`): the deployment store.

Each index version's vectors live in one table (`kommunrag_v_<hex>`, named in the
version's `vectors/store.json`, see `index.stores.server_ref`) with an HNSW index on
cosine distance and the filter fields as columns, so every `Filters` rule except the
Dnr prefix is a SQL predicate inside the nearest-neighbour query:

- municipality and organ compare casefolded copies (`municipality_key`, `organ_key`);
- a principal's scope (`Filters.scope`) is `= ANY` over the class (grants in every
  municipality) or over class and municipality together;
- a date compares its first len(bound) characters with the bound, as `Filters.matches`;
- the Dnr prefix (`index.dnr`) is decided in Python over the rows passing the rest,
  and the query is then limited to those ids.

`hnsw.iterative_scan = strict_order` lets a filtered HNSW scan go on until `k` rows pass.

Each row also keeps its full-text terms (`tsv`, the `swedish` configuration, GIN index),
given at each ingest commit by `index_texts` to the rows added or replaced since; with
`index.lexical = postgres` the retriever's lexical list is `text_search` (README, "Lexical
search"), under the same filter predicates.

A server that cannot be reached raises `BackendUnavailable` (a 503 in the API), and the
next call connects again, so the service recovers by itself when the server is back. A
table dropped under a reader (a version replaced by newer publishes) raises `VersionGone`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import BackendUnavailable, IndexNotFound, VersionGone
from index.models import Filters
from index.stores.base import checked_batch
from index.stores.server_ref import StoreRef, referenced

log = logging.getLogger(__name__)
UNAVAILABLE = "PostgreSQL is not available - install kommunrag[server] (psycopg)"
PREFIX = "kommunrag_v_"
COLUMNS = ("doc_id", "municipality", "organ", "doc_type", "date", "dnr")
CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 30_000
# PostgreSQL's built-in Swedish text search configuration (Snowball stemmer, stop words).
FTS_CONFIG = "swedish"
# ts_rank_cd normalisation 1: the rank is divided by 1 + log(document length), so long
# chunks do not win on length alone (BM25's b does the same for bm25s).
RANK_NORMALISATION = 1


class PgvectorStore:
    """A `VectorStore` in a PostgreSQL table with pgvector; `url` is a libpq URI."""

    name = "postgres"

    def __init__(self, path: Path, dim: int, url: str | None = None) -> None:
        if dim < 1:
            raise ValueError(f"vector size must be positive, got {dim}")
        if not url:
            raise BackendUnavailable(
                "the postgres store needs index.database_url "
                "(KOMMUNRAG_INDEX__DATABASE_URL=postgresql://…)"
            )
        try:
            import psycopg
        except ImportError as exc:
            raise BackendUnavailable(UNAVAILABLE) from exc
        self._psycopg = psycopg
        self.url = url
        self.dim = dim
        self.path = Path(path)
        self._conn: Any = None
        self.ref = StoreRef.open(self.path, dim, PREFIX)
        if not self.ref.inherited:
            self._create(self.ref.collection)
            self.ref.write()
        elif not self._exists(self.ref.collection):
            raise BackendUnavailable(f"the table of store {self.path} is gone from PostgreSQL")

    # --- connection ---------------------------------------------------------------------

    def _sql(self, query: str, params: Any = None, fetch: bool = False) -> list[tuple]:
        """Run one statement; raise `BackendUnavailable` when the server cannot be reached."""
        try:
            if self._conn is None or self._conn.closed:
                self._conn = self._connect()
            cursor = self._conn.execute(query, params)
            return cursor.fetchall() if fetch else []
        except self._psycopg.errors.UndefinedColumn as exc:  # a table older than its reader
            raise IndexNotFound(
                f"store {self.path} lacks a column this kommunrag reads ({exc}); re-ingest it"
            ) from exc
        except self._psycopg.errors.UndefinedTable as exc:
            raise VersionGone(
                f"the table of index version {self.path.parent.name} was dropped by newer "
                "publishes while it was read; retry"
            ) from exc
        except (self._psycopg.OperationalError, self._psycopg.InterfaceError) as exc:
            log.warning("PostgreSQL store unreachable: %s", exc)
            self._drop_connection()
            raise BackendUnavailable("the PostgreSQL store is unreachable; retry shortly") from exc

    def _connect(self) -> Any:
        conn = self._psycopg.connect(
            self.url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
        )
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute("SET hnsw.iterative_scan = strict_order")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS kommunrag_stores (name text PRIMARY KEY, root text, "
            "dim int NOT NULL, created timestamptz NOT NULL DEFAULT now())"
        )
        return conn

    def _drop_connection(self) -> None:
        try:
            if self._conn is not None:
                self._conn.close()
        finally:
            self._conn = None

    def close(self) -> None:
        self._drop_connection()

    # --- tables -------------------------------------------------------------------------

    def _exists(self, table: str) -> bool:
        return bool(self._sql("SELECT to_regclass(%s)", (table,), fetch=True)[0][0])

    def _create(self, table: str, copy_of: str | None = None) -> None:
        """Create `table` (empty, or a copy of `copy_of`) and register it, in one transaction."""
        root = str(self.path.resolve().parent.parent)
        statements = [
            (
                f"CREATE TABLE {table} (id text PRIMARY KEY, embedding vector({self.dim}) "
                "NOT NULL, doc_id text NOT NULL, municipality text NOT NULL, municipality_key "
                "text NOT NULL, organ text NOT NULL, organ_key text NOT NULL, doc_type text NOT "
                "NULL, date text NOT NULL, dnr text NOT NULL, doc_class text NOT NULL, "
                "tsv tsvector)",
                None,
            ),
            (f"CREATE INDEX ON {table} USING hnsw (embedding vector_cosine_ops)", None),
            (f"CREATE INDEX ON {table} USING gin (tsv)", None),
            ("INSERT INTO kommunrag_stores (name, root, dim) VALUES (%s, %s, %s)",
             (table, root, self.dim)),
        ]  # fmt: skip
        if copy_of:
            # Named columns: a table made before the tsv column existed copies too (its
            # rows get their tsv at the next commit, see `index_texts`).
            columns = ", ".join(_STORED) + (", tsv" if self._has_tsv(copy_of) else "")
            statements.append(
                (f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {copy_of}", None)
            )
        self._transaction(statements)

    def _transaction(self, statements: list[tuple[str, Any]]) -> None:
        try:
            if self._conn is None or self._conn.closed:
                self._conn = self._connect()
            with self._conn.transaction():
                for query, params in statements:
                    self._conn.execute(query, params)
        except (self._psycopg.OperationalError, self._psycopg.InterfaceError) as exc:
            self._drop_connection()
            raise BackendUnavailable("the PostgreSQL store is unreachable; retry shortly") from exc

    def _writable(self) -> str:
        """Return the table to write to, copying the inherited one first (copy-on-write)."""
        if self.ref.inherited:
            source = self.ref.collection
            self.ref = StoreRef(self.path, f"{PREFIX}{_hex()}", self.dim, inherited=False)
            self._create(self.ref.collection, copy_of=source)
            self.ref.write()
        return self.ref.collection

    # --- the VectorStore contract ---------------------------------------------------------

    def add(self, ids: list[str], vectors: np.ndarray, fields: list[dict[str, Any]]) -> None:
        """Add or replace vectors (the last of repeated ids wins), in one transaction.

        Refuses (ValueError) vectors that are not `(len(ids), dim)`, fields of another
        length, and fields without the keys `Filters.matches` reads.
        """
        matrix, last = checked_batch(ids, vectors, fields, self.dim, f"store {self.path}")
        rows = [_row(ids[r], matrix[r], fields[r]) for r in last]
        if not rows:
            return
        table = self._writable()
        upsert = (
            f"INSERT INTO {table} ({', '.join(_STORED)}) "
            "VALUES (%s, %s::vector, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET tsv = NULL, "
            + ", ".join(f"{c} = EXCLUDED.{c}" for c in ("embedding", *_STORED[2:]))
        )
        self._transaction([(upsert, row) for row in rows])

    def delete(self, ids: list[str]) -> None:
        """Remove these ids; unknown ids are ignored."""
        if ids:
            self._sql(f"DELETE FROM {self._writable()} WHERE id = ANY(%s)", (list(ids),))

    def search(
        self, vector: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Return up to `k` `(id, cosine score)` pairs, best first, that pass `filters`.

        Refuses (ValueError) a vector whose size is not the store's.
        """
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if query.shape[0] != self.dim:
            raise ValueError(f"store {self.path} takes {self.dim}-d vectors, got {query.shape[0]}")
        if k < 1:
            return []
        filtered = self._filtered(filters)
        if filtered is None:
            return []
        where, params = filtered
        table = self.ref.collection
        text = _vector_text(query)
        self._sql(f"SET hnsw.ef_search = {max(40, min(k, 1000))}")
        rows = self._sql(
            f"SELECT id, 1 - (embedding <=> %s::vector) FROM {table} WHERE {where} "
            "ORDER BY embedding <=> %s::vector LIMIT %s",
            (text, *params, text, k),
            fetch=True,
        )
        return [(chunk_id, float(score)) for chunk_id, score in rows]

    def index_texts(self, texts: Mapping[str, str]) -> int:
        """Give every row without full-text terms its `tsvector` (the `swedish` configuration)
        from `texts` (chunk id -> indexed text), in one transaction; return how many rows got
        one. Rows added or replaced since the last call are the ones without terms."""
        table = self._writable() if self._unindexed(self.ref.collection) else self.ref.collection
        missing = [row[0] for row in self._sql(
            f"SELECT id FROM {table} WHERE tsv IS NULL", fetch=True
        )]  # fmt: skip
        known = [chunk_id for chunk_id in missing if chunk_id in texts]
        if known:
            update = (
                f"UPDATE {table} AS t SET tsv = to_tsvector('{FTS_CONFIG}', u.text) FROM "
                "unnest(%s::text[], %s::text[]) AS u(id, text) WHERE t.id = u.id"
            )
            self._transaction([(update, (known, [texts[c] for c in known]))])
        return len(known)

    def text_search(
        self, query: str, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Return up to `k` `(id, ts_rank_cd score)` pairs, best first, for the chunks whose
        terms match any word of `query` (PostgreSQL full-text search, `swedish`: stemmed,
        stop words dropped, compounds left whole) and that pass `filters` (SQL predicates,
        as `search`). Raises `IndexNotFound` for a table built before full-text terms were
        kept (re-ingest to add them)."""
        words = fts_words(query)
        if k < 1 or not words:
            return []
        table = self.ref.collection
        filtered = self._filtered(filters)
        if filtered is None:
            return []
        where, params = filtered
        rows = self._sql(
            f"SELECT id, ts_rank_cd(tsv, q, {RANK_NORMALISATION}) AS rank FROM {table}, "
            f"websearch_to_tsquery('{FTS_CONFIG}', %s) AS q WHERE tsv @@ q AND {where} "
            "ORDER BY rank DESC, id LIMIT %s",
            (" or ".join(words), *params, k),
            fetch=True,
        )
        return [(chunk_id, float(score)) for chunk_id, score in rows]

    def ids(self) -> set[str]:
        """Return every stored chunk id."""
        return {row[0] for row in self._sql(f"SELECT id FROM {self.ref.collection}", fetch=True)}

    def save(self) -> None:
        """Nothing to do: every write is committed as it is made."""

    def __len__(self) -> int:
        return int(self._sql(f"SELECT count(*) FROM {self.ref.collection}", fetch=True)[0][0])

    def sweep(self, root: Path) -> list[str]:
        """Drop the tables this index root created that no version under `root` names any
        more (versions dropped after a publish, abandoned staging copies); return them."""
        kept = referenced(root) | ({self.ref.collection} if self.path.exists() else set())
        rows = self._sql(
            "SELECT name FROM kommunrag_stores WHERE root = %s", (str(Path(root).resolve()),),
            fetch=True,
        )  # fmt: skip
        gone = [name for (name,) in rows if name not in kept]
        for name in gone:
            drop = [
                (f"DROP TABLE IF EXISTS {name}", None),
                ("DELETE FROM kommunrag_stores WHERE name = %s", (name,)),
            ]
            self._transaction(drop)
        return gone

    def _filtered(self, filters: Filters | None) -> tuple[str, list[Any]] | None:
        """Return the SQL predicate and parameters for `filters`, or None when its Dnr rule
        passes no row (then nothing can match)."""
        active = filters if filters is not None and not filters.is_empty() else None
        where, params = _where(active)
        if active is not None and active.dnr:
            only = self._dnr_ids(active, where, params)
            if not only:
                return None
            where, params = f"{where} AND id = ANY(%s)", [*params, only]
        return where, params

    def _has_tsv(self, table: str) -> bool:
        return bool(self._sql(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND "
            "column_name = 'tsv'", (table,), fetch=True,
        ))  # fmt: skip

    def _unindexed(self, table: str) -> bool:
        """Whether `table` lacks the tsv column or has a row without terms."""
        if not self._has_tsv(table):
            return True
        return bool(self._sql(f"SELECT 1 FROM {table} WHERE tsv IS NULL LIMIT 1", fetch=True))

    def _dnr_ids(self, filters: Filters, where: str, params: list[Any]) -> list[str]:
        rows = self._sql(
            f"SELECT id, municipality, organ, doc_type, date, dnr, doc_class FROM "
            f"{self.ref.collection} WHERE {where} AND dnr <> ''",
            params,
            fetch=True,
        )
        keys = ("municipality", "organ", "doc_type", "date", "dnr", "doc_class")
        return [r[0] for r in rows if filters.matches(dict(zip(keys, r[1:], strict=True)))]


_STORED = ("id", "embedding", *COLUMNS[:2], "municipality_key", "organ", "organ_key",
           "doc_type", "date", "dnr", "doc_class")  # fmt: skip


def _row(chunk_id: str, vector: np.ndarray, fields: dict[str, Any]) -> tuple:
    """Return the table row of one chunk. Refuses (ValueError) fields lacking a filter key."""
    missing = [key for key in COLUMNS[1:] if key not in fields]
    if missing:
        raise ValueError(f"fields of {chunk_id!r} lack {', '.join(missing)}")
    value = {key: str(fields.get(key) or "") for key in COLUMNS}
    return (
        chunk_id, _vector_text(vector), value["doc_id"], value["municipality"],
        value["municipality"].casefold(), value["organ"], value["organ"].casefold(),
        value["doc_type"], value["date"], value["dnr"],
        str(fields.get("doc_class") or "public").casefold(),
    )  # fmt: skip


def _where(filters: Filters | None) -> tuple[str, list[Any]]:
    """Return the SQL predicate and parameters for every rule of `filters` but the Dnr."""
    rules: list[str] = ["TRUE"]
    params: list[Any] = []
    if filters is None:
        return "TRUE", []
    if filters.scope is not None:
        rules.append("(doc_class = ANY(%s) OR doc_class || chr(31) || municipality_key = ANY(%s))")
        params += [filters.scope.anywhere(), filters.scope.pairs()]
    if filters.municipality:
        rules.append("municipality_key = %s")
        params.append(filters.municipality.casefold())
    if filters.organ:
        rules.append("organ_key = %s")
        params.append(filters.organ.casefold())
    if filters.doc_type:
        rules.append("doc_type = %s")
        params.append(filters.doc_type)
    if filters.date_from:
        rules.append("date <> '' AND left(date, %s) COLLATE \"C\" >= %s")
        params += [len(filters.date_from), filters.date_from]
    if filters.date_to:
        rules.append("date <> '' AND left(date, %s) COLLATE \"C\" <= %s")
        params += [len(filters.date_to), filters.date_to]
    return " AND ".join(rules), params


def fts_words(query: str) -> list[str]:
    """Return the words of `query` for an OR full-text query: runs of letters and digits
    (a Dnr "KS 2023/00136" gives KS, 2023, 00136); operators and quotes are dropped."""
    return re.findall(r"\w+", query)


def _vector_text(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in np.asarray(vector, dtype=np.float32)) + "]"


def _hex() -> str:
    import uuid

    return uuid.uuid4().hex[:16]
