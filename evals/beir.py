"""BEIR-format benchmarks: BM25, dense and hybrid retrieval scored with ranx in one run.

A BEIR folder holds `corpus.jsonl` (`_id`, optional `title`, `text`), `queries.jsonl`
(`_id`, `text`) and `qrels.tsv` (query-id, corpus-id, score; a header row is optional).
Embeddings take minutes on a CPU, so they are cached under `var/cache/beir/`, keyed by
the folder name, the side (passage or query), the model tag and a hash of the texts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.fusion import FusionParams, fuse_rankings, reciprocal_rank_fusion
from index.lexical import LexicalIndex

METRICS = ("ndcg@10", "recall@10", "mrr@10")
DEPTH = 100
DEFAULT_CACHE = Path("var/cache/beir")

PassageFn = Callable[[list[str]], np.ndarray]
QueryFn = Callable[[str], np.ndarray]
Ranking = list[tuple[str, float]]


class BeirFormatError(ValueError):
    """A BEIR folder is missing a file or holds a malformed line."""


@dataclass
class BeirSet:
    """One benchmark: parallel id/text lists for documents and queries, and graded qrels."""

    name: str
    doc_ids: list[str]
    doc_texts: list[str]
    query_ids: list[str]
    query_texts: list[str]
    qrels: dict[str, dict[str, int]] = field(default_factory=dict)


def load_beir(folder: Path) -> BeirSet:
    """Return the corpus, the queries that have qrels, and the qrels of a BEIR folder.

    Refuses (BeirFormatError) a folder without the three files or with unreadable lines.
    """
    folder = Path(folder)
    for name in ("corpus.jsonl", "queries.jsonl", "qrels.tsv"):
        if not (folder / name).is_file():
            raise BeirFormatError(f"{folder}: missing {name}")
    docs = _read_jsonl(folder / "corpus.jsonl")
    qrels = _read_qrels(folder / "qrels.tsv")
    queries = [q for q in _read_jsonl(folder / "queries.jsonl") if q["_id"] in qrels]
    return BeirSet(
        name=folder.name,
        doc_ids=[d["_id"] for d in docs],
        doc_texts=[passage_text(d) for d in docs],
        query_ids=[q["_id"] for q in queries],
        query_texts=[q["text"].strip() for q in queries],
        qrels=qrels,
    )


def passage_text(doc: dict) -> str:
    """Return title and text joined, leaving out a title that the text already opens with."""
    title = (doc.get("title") or "").strip()
    text = (doc.get("text") or "").strip()
    if not title or text.startswith(title):
        return text
    return f"{title}\n{text}"


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BeirFormatError(f"{path}:{number}: not JSON") from exc
            if "_id" not in row or "text" not in row:
                raise BeirFormatError(f"{path}:{number}: needs _id and text")
            row["_id"] = str(row["_id"])
            rows.append(row)
    return rows


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 3 or not cells[0]:
                continue
            try:
                score = int(float(cells[2]))
            except ValueError as exc:
                if number == 1:  # header row: query-id, corpus-id, score
                    continue
                raise BeirFormatError(f"{path}:{number}: score {cells[2]!r} is not a number") from exc
            if score > 0:
                qrels.setdefault(cells[0], {})[cells[1]] = score
    return qrels


def cached_embeddings(
    texts: list[str],
    embed: Callable[[list[str]], np.ndarray],
    key: str,
    cache_dir: Path = DEFAULT_CACHE,
) -> np.ndarray:
    """Return `embed(texts)`, read from `<cache_dir>/<key>-<hash>.npy` when present.

    The hash covers the texts and their order, so an edited corpus misses the cache.
    """
    digest = hashlib.sha256("\x1e".join(texts).encode("utf-8")).hexdigest()[:16]
    path = Path(cache_dir) / f"{key}-{digest}.npy"
    if path.is_file():
        cached = np.load(path)
        if cached.shape[0] == len(texts):
            return cached
    vectors = np.asarray(embed(texts), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors
