"""BM25 over chunk texts with the Swedish analyzer, on top of bm25s.

The index keeps the chunk texts so that `add` and `remove` can rebuild it: at our scale
(tens of thousands of chunks) a rebuild takes seconds, and a rebuild also refreshes the
compound vocabulary, which an incremental update could not. `save` writes a directory
(usually next to the vectors) holding the texts, the analyzer's vocabulary and the bm25s
matrices, so `load` needs no re-tokenising.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized

from index.analyzer import AnalyzerConfig, SwedishAnalyzer
from index.errors import IndexNotFound

DOCS_FILE = "docs.jsonl"
ANALYZER_FILE = "analyzer.json"
PARAMS_FILE = "lexical.json"
BM25_DIR = "bm25"


@dataclass(frozen=True)
class BM25Params:
    """BM25 constants (Lucene variant). `b` < 0.75 is gentler on long chunks."""

    k1: float = 1.2
    b: float = 0.75
    method: str = "lucene"


class LexicalIndex:
    """BM25 search over `(id, text)` pairs; ids are chunk ids and must be unique."""

    def __init__(
        self, params: BM25Params | None = None, analyzer_config: AnalyzerConfig | None = None
    ) -> None:
        self.params = params or BM25Params()
        self.analyzer_config = analyzer_config or AnalyzerConfig()
        self.analyzer = SwedishAnalyzer(config=self.analyzer_config)
        self._ids: list[str] = []
        self._texts: list[str] = []
        self._model: bm25s.BM25 | None = None

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def build(self, ids: list[str], texts: list[str]) -> None:
        """Replace the index with these chunks. Refuses (ValueError) unequal lengths or
        duplicate ids."""
        if len(ids) != len(texts):
            raise ValueError(f"build: {len(ids)} ids but {len(texts)} texts")
        if len(set(ids)) != len(ids):
            raise ValueError("build: chunk ids must be unique")
        self._ids, self._texts = list(ids), list(texts)
        self.analyzer = SwedishAnalyzer.fit(self._texts, self.analyzer_config)
        self._model = self._fit_bm25([self.analyzer.analyze(t) for t in self._texts])

    def add(self, ids: list[str], texts: list[str]) -> None:
        """Add chunks, replacing any with the same id, and rebuild."""
        replaced = set(ids)
        kept = [(i, t) for i, t in zip(self._ids, self._texts, strict=True) if i not in replaced]
        self.build([i for i, _ in kept] + list(ids), [t for _, t in kept] + list(texts))

    def remove(self, ids: list[str] | set[str]) -> None:
        """Drop the chunks with these ids (unknown ids are ignored) and rebuild."""
        gone = set(ids)
        kept = [(i, t) for i, t in zip(self._ids, self._texts, strict=True) if i not in gone]
        self.build([i for i, _ in kept], [t for _, t in kept])

    def scores(self, query: str) -> np.ndarray:
        """Return the BM25 score of every indexed chunk for `query` (zeros when nothing matches)."""
        if self._model is None:
            return np.zeros(len(self._ids), dtype=np.float32)
        vocab = self._model.vocab_dict
        term_ids = [vocab[t] for t in self.analyzer.analyze(query) if t and t in vocab]
        if not term_ids:
            return np.zeros(len(self._ids), dtype=np.float32)
        return self._model.get_scores_from_ids(term_ids)

    def holds_word(self, word: str) -> bool:
        """Return True when some indexed chunk holds `word` itself: its own stem is a term
        of the index, not only the parts a compound splits into."""
        stems = self.analyzer.word_terms(word.casefold())
        return bool(stems) and self._model is not None and stems[0] in self._model.vocab_dict

    def search(
        self, query: str, k: int, allowed_ids: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """Return up to `k` `(chunk id, score)` pairs, best first, with score > 0.

        With `allowed_ids`, only those chunks compete (the filter runs before the cut
        to `k`, so a narrow filter still fills the list).
        """
        scores = self.scores(query)
        if allowed_ids is not None:
            mask = np.fromiter((i in allowed_ids for i in self._ids), bool, len(self._ids))
            scores = np.where(mask, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        order = candidates[np.argsort(-scores[candidates], kind="stable")][:k]
        return [(self._ids[i], float(scores[i])) for i in order]

    def save(self, path: Path) -> None:
        """Write the index into directory `path` (created if needed)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with (path / DOCS_FILE).open("w", encoding="utf-8") as handle:
            for chunk_id, text in zip(self._ids, self._texts, strict=True):
                handle.write(json.dumps({"id": chunk_id, "text": text}, ensure_ascii=False) + "\n")
        _write_json(path / ANALYZER_FILE, self.analyzer.to_dict())
        _write_json(path / PARAMS_FILE, {"bm25": self.params.__dict__, "size": len(self._ids)})
        if self._model is not None:
            self._model.save(str(path / BM25_DIR), show_progress=False)
        elif (path / BM25_DIR).exists():  # an empty index must not load an older model
            shutil.rmtree(path / BM25_DIR)

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        """Return the index saved in directory `path`. Refuses (IndexNotFound) a directory
        that holds no lexical index."""
        path = Path(path)
        if not (path / PARAMS_FILE).is_file() or not (path / DOCS_FILE).is_file():
            raise IndexNotFound(f"no lexical index in {path}")
        meta = json.loads((path / PARAMS_FILE).read_text(encoding="utf-8"))
        analyzer = SwedishAnalyzer.from_dict(
            json.loads((path / ANALYZER_FILE).read_text(encoding="utf-8"))
        )
        index = cls(BM25Params(**meta["bm25"]), analyzer.config)
        index.analyzer = analyzer
        with (path / DOCS_FILE).open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        index._ids = [r["id"] for r in rows]
        index._texts = [r["text"] for r in rows]
        if (path / BM25_DIR).is_dir():
            # Memory-mapped: the sparse score matrix stays on disk until pages are read, so
            # opening a large index costs little memory and several processes share it.
            index._model = bm25s.BM25.load(str(path / BM25_DIR), mmap=True, show_progress=False)
        return index

    def _fit_bm25(self, docs: list[list[str]]) -> bm25s.BM25 | None:
        """Return a bm25s model over analysed docs, or None when no doc has a term."""
        vocab: dict[str, int] = {}
        for terms in docs:
            for term in terms:
                vocab.setdefault(term, len(vocab))
        if not vocab:
            return None
        model = bm25s.BM25(k1=self.params.k1, b=self.params.b, method=self.params.method)
        ids = [[vocab[t] for t in terms] for terms in docs]
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        model.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
        return model


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
