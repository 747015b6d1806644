"""A persistent cache of passage vectors, keyed by the embedder and the exact text embedded.

Embedding is by far the slowest step of ingest. A run that re-reads files whose chunks did
not change (an updated file with one paragraph edited, or every file after a kommunrag
upgrade that changed segmentation) takes the unchanged chunks' vectors from here and embeds
only the new texts. The cache lives beside the index versions, not inside one, so it
outlives them; it only ever grows, and deleting the file is always safe.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

# SQLite allows 32,766 variables per statement; stay far below.
_LOOKUP_BATCH = 500


class EmbeddingCache:
    """Vectors of one embedder (`embedder_id`, `dim`) in an SQLite file."""

    def __init__(self, path: Path, embedder_id: str, dim: int) -> None:
        self.path = Path(path)
        self.embedder_id = embedder_id
        self.dim = dim
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
        )

    def _key(self, text: str) -> bytes:
        material = f"{self.embedder_id}\0{self.dim}\0{text}".encode()
        return hashlib.blake2b(material, digest_size=20).digest()

    def get(self, texts: list[str]) -> dict[int, np.ndarray]:
        """Return {position in `texts`: vector} for the texts that are cached."""
        keys = [self._key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), _LOOKUP_BATCH):
            batch = keys[start : start + _LOOKUP_BATCH]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({marks})",  # noqa: S608 - marks only
                batch,
            )
            for key, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (self.dim,):
                    found[key] = vector
        return {i: found[k] for i, k in enumerate(keys) if k in found}

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        """Store one vector per text (rows of `vectors`)."""
        rows = [
            (self._key(t), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
