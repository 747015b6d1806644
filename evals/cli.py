"""`kommunrag eval` and `kommunrag eval-beir`: argument parsing and one-line error messages.

`assistant/cli.py` forwards `[command, *arguments]` here through one lazy import, so the
service itself never depends on `evals`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from evals.report import Table


def eval_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kommunrag eval",
        description="Run a question set through kommunrag, score it and write a report.",
    )
    parser.add_argument("questions", nargs="?", type=Path, help="JSONL question file")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, help="ingest this folder into a cached eval index")
    source.add_argument("--index", type=Path, help="use this existing index directory")
    parser.add_argument(
        "--config", default="default", help="evals/configs/NAME.toml or a path (default: default)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("out/eval"), help="output folder (default: out/eval)"
    )
    parser.add_argument(
        "--baselines", action="store_true", help="also run BM25-only, dense-only and llama-index"
    )
    parser.add_argument(
        "--sample-others",
        type=int,
        metavar="N",
        help="with --corpus: only the files the questions name plus N others",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path("var/eval-index"),
        help="where cached eval indexes live (default: var/eval-index)",
    )
    parser.add_argument("--top-k", type=int, help="sources an answer may cite")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--compare",
        nargs="+",
        type=Path,
        metavar="SUMMARY",
        help="print two or more summary.json files side by side, with deltas against the "
        "first, and exit",
    )
    return parser


def beir_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kommunrag eval-beir",
        description="nDCG@10, recall@10 and MRR@10 of BM25-only, dense-only and hybrid "
        "retrieval on BEIR folders, in one run.",
    )
    parser.add_argument(
        "folders",
        nargs="+",
        type=Path,
        help="BEIR folders (corpus.jsonl, queries.jsonl, qrels.tsv)",
    )
    parser.add_argument(
        "--split", help="qrels split: reads qrels/SPLIT.tsv when the folder has one"
    )
    parser.add_argument("--config", default="default", help="configuration whose embedder is used")
    parser.add_argument("--out", type=Path, help="also write beir.json and beir.md here")
    return parser


def text_table(table: Table) -> str:
    """Return a table as aligned plain text."""
    widths = [
        max(len(r[i]) for r in [table.headers, *table.rows]) for i in range(len(table.headers))
    ]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [table.headers, *table.rows]
    ]
    return "\n".join(lines)


def cmd_compare(paths: list[Path]) -> int:
    from evals.report import compare_summaries

    if len(paths) < 2:
        raise UsageError("--compare needs at least two summary.json files")
    try:
        print(compare_summaries(*(json.loads(p.read_text(encoding="utf-8")) for p in paths)))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot compare: {exc}") from exc
    except KeyError as exc:
        raise UsageError(f"cannot compare: a summary has no {exc}") from exc
    return 0


def cmd_eval(argv: list[str]) -> int:
    args = eval_parser().parse_args(argv)
    if args.compare:
        return cmd_compare(args.compare)
    if args.questions is None:
        raise UsageError("give a question file (or --compare A/summary.json B/summary.json)")
    from evals.report import systems_table
    from evals.runner import EvalOptions, run_eval

    options = EvalOptions(
        questions=args.questions,
        corpus=args.corpus,
        index=args.index,
        config=args.config,
        out=args.out,
        baselines=args.baselines,
        sample_others=args.sample_others,
        cache_root=args.cache,
        top_k=args.top_k,
        progress=False if args.no_progress else None,
    )
    summary = run_eval(options)
    print(text_table(systems_table(summary)))
    errors = sum(s["errors"] for s in summary["systems"].values())
    if errors:
        print(f"warning: {errors} question runs raised errors; see results.jsonl", file=sys.stderr)
    print(f"report: {args.out / 'report.html'}  summary: {args.out / 'summary.json'}")
    return 0


SEB_SWEFAQ = (
    "Published nDCG@10 on SweFAQ (Scandinavian Embedding Benchmark): voyage-multilingual-2 "
    "0.837, snowflake-arctic-embed-l-v2.0 0.787, multilingual-e5-large 0.733, "
    "multilingual-e5-small 0.687, all-MiniLM-L6-v2 0.411."
)


def split_ids(folder: Path, split: str) -> set[str]:
    """Return the ids of the queries in `folder/queries.jsonl` whose `split` is `split`."""
    ids = set()
    with (folder / "queries.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if row.get("split") == split:
                    ids.add(str(row["_id"]))
    return ids


def beir_scores(folder: Path, embedder: Any, split: str | None) -> dict[str, dict[str, float]]:
    """Return system -> metric for one BEIR folder (all queries, or one `split`).

    Refuses (UsageError) a split that no query of the folder belongs to.
    """
    from evals.beir import BeirSet, collect_runs, score_runs

    runs = collect_runs(folder, embedder)
    if split is not None:
        wanted = split_ids(folder, split)
        keep = [i for i, qid in enumerate(runs.bench.query_ids) if qid in wanted]
        if not keep:
            raise UsageError(f"{folder}: no query has split '{split}'")
        b = runs.bench
        runs.bench = BeirSet(
            b.name,
            b.doc_ids,
            b.doc_texts,
            [b.query_ids[i] for i in keep],
            [b.query_texts[i] for i in keep],
            b.qrels,
        )
        runs.rankings = {name: [r[i] for i in keep] for name, r in runs.rankings.items()}
    return score_runs(runs)


def cmd_beir(argv: list[str]) -> int:
    args = beir_parser().parse_args(argv)
    from evals.beir import markdown_table
    from evals.configs import load_config
    from index.embedders.registry import resolve_embedder

    settings, _ = load_config(args.config)
    embedder = resolve_embedder(settings.index.embedder)
    results = {}
    for folder in args.folders:
        name = folder.name + (f" ({args.split})" if args.split else "")
        results[name] = beir_scores(folder, embedder, args.split)
    lines = [
        f"Embedder: {embedder.id}. hybrid = kommunrag's fusion (index.fusion defaults); "
        "rrf = plain reciprocal-rank fusion, for reference.",
        "",
        markdown_table(results),
    ]
    if any(f.name.startswith("swefaq") for f in args.folders):
        lines += ["", SEB_SWEFAQ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "beir.md").write_text(text + "\n", encoding="utf-8")
        stamp = {"embedder": embedder.id, "config": args.config, "split": args.split}
        (args.out / "beir.json").write_text(
            json.dumps({"stamp": stamp, "results": results}, indent=1), encoding="utf-8"
        )
    return 0


class UsageError(Exception):
    """Bad arguments or inputs, reported as one line."""


def main(argv: list[str] | None = None) -> int:
    """Run `eval` or `eval-beir` (the first item of `argv`); errors print one line, exit 1."""
    from evals.beir import BeirFormatError
    from evals.configs import ConfigError
    from evals.runner import EvalError
    from index.errors import IndexError_

    argv = list(sys.argv[1:] if argv is None else argv)
    commands: dict[str, Any] = {"eval": cmd_eval, "eval-beir": cmd_beir}
    if not argv or argv[0] not in commands:
        print("usage: kommunrag eval|eval-beir ...", file=sys.stderr)
        return 2
    try:
        return commands[argv[0]](argv[1:])
    except (
        UsageError,
        EvalError,
        ConfigError,
        BeirFormatError,
        IndexError_,
        FileNotFoundError,
    ) as exc:
        print(f"kommunrag {argv[0]}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
