"""`kommunrag eval`: run a question set through kommunrag (and the baselines), score it, and
write results.jsonl, summary.json, report.md and report.html.

With `--corpus DIR` the corpus is ingested into a cached index under
`var/eval-index/<corpus hash>-<index hash>`, reused while neither the files, nor the
settings that shape the index, nor the code of `ingest/` and `index/` change. The corpus
hash covers the files' contents (not their paths), so the same files give the same hash
wherever they lie, and `--index DIR` computes it from the index's own file records.

`--config NAME` picks a configuration from `evals/configs/` (see `evals.configs`).
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from assistant.settings import Settings
from evals.baselines import (
    BASELINE_NOTE,
    DenseBaseline,
    LexicalBaseline,
    LlamaIndexBaseline,
    Response,
    Retrieved,
    System,
)
from evals.configs import load_config
from evals.dataset import Question, load_questions, normalise, snippet_in
from evals.generation import generation_of, generation_summary
from evals.metrics import (
    CONTEXT,
    CURVE_KS,
    HEADLINE_RETRIEVAL,
    breakdown,
    question_metrics,
    retrieval_scores,
)
from index.embedders.base import Embedder
from index.manifest import current_version
from ingest.discover import file_sha256, walk

if TYPE_CHECKING:
    from assistant.service import Assistant

DEFAULT_CACHE = Path("var/eval-index")
RETRIEVAL_DEPTH = 20
SHOWN_RETRIEVED = 10
MAIN = "kommunrag"


class EvalError(Exception):
    """An eval cannot run: bad options, an unknown config, no questions, no index."""


@dataclass
class EvalOptions:
    """What `kommunrag eval` was asked to do.

    `sample_others`: with `corpus`, ingest only the files the questions name (`file`) plus
    this many others, picked by a fixed seed; None ingests the whole folder.
    """

    questions: Path
    corpus: Path | None = None
    index: Path | None = None
    config: str = "default"
    out: Path = Path("out/eval")
    baselines: bool = False
    sample_others: int | None = None
    cache_root: Path = DEFAULT_CACHE
    top_k: int | None = None
    progress: bool | None = None


def code_hash() -> str:
    """Return a short hash of the `ingest` and `index` source files: a cached eval index
    is stale once the code that built it changed."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("ingest/**/*.py"), *root.glob("index/**/*.py")]):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def index_key(settings: Settings) -> str:
    """Return a short hash of what shapes an index: the ingest and index settings (not
    where the index lives) and the code of both packages."""
    shape = {
        "ingest": settings.ingest.model_dump(mode="json"),
        "index": settings.index.model_dump(
            mode="json",
            exclude={
                "dir",
                "candidates",
                "lexical",  # a search-time choice: both retrievers read the same index
                "keep_versions",
                "embed_batch_size",
                "embed_cache",
                "embed_cache_path",
            },
        ),
        "code": code_hash(),
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]


def corpus_hash(content_hashes: list[str]) -> str:
    """Return a short hash over a set of file content hashes (order and copies ignored)."""
    return hashlib.sha256("\n".join(sorted(set(content_hashes))).encode()).hexdigest()[:12]


def select_files(corpus: Path, questions: list[Question], sample_others: int | None) -> list[Path]:
    """Return the corpus files to ingest: all of them, or (with `sample_others`) the files the
    questions name plus that many others drawn with a fixed seed. Refuses (EvalError) a
    missing folder and a question `file` absent from it."""
    if not corpus.is_dir():
        raise EvalError(f"corpus folder {corpus} does not exist")
    files = walk([corpus])
    if sample_others is None:
        return files
    named = {(corpus / q.file).resolve() for q in questions if q.file}
    missing = sorted(str(p) for p in named if p not in set(files))
    if missing:
        raise EvalError(f"question files missing from {corpus}: {', '.join(missing[:3])}")
    others = [f for f in files if f not in named]
    picked = random.Random(0).sample(others, min(sample_others, len(others)))
    return sorted(named | set(picked))


def prepare_index(
    settings: Settings,
    embedder: Embedder,
    files: list[Path],
    cache_root: Path,
    progress: bool | None,
) -> tuple[Path, str]:
    """Return (index directory, corpus hash) for `files`, ingesting them unless a cached
    index of the same files and index settings exists."""
    from ingest.pipeline import Ingester

    chash = corpus_hash([file_sha256(f) for f in files])
    index_dir = cache_root / f"{chash}-{index_key(settings)}"
    settings.index.dir = index_dir
    if settings.index.embed_cache and settings.index.embed_cache_path is None:
        # One cache for every eval index: after a code change only changed chunks are embedded.
        settings.index.embed_cache_path = cache_root / "embeddings.sqlite"
    if current_version(index_dir) is None:
        report = Ingester(settings.ingest, settings.index, embedder).run(files, progress=progress)
        print(f"eval index {index_dir}: {report.summary_line()}")
    return index_dir, chash


def git_commit() -> str:
    """Return the commit checked out in the repository holding this file, or "unknown"."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


class KommunragSystem:
    """kommunrag itself: `Assistant.ask` for the answer (with its own timings: embed,
    retrieve, compose) and, for the retrieval metrics, the hybrid search run with the query
    the answerer searches with (an English question gets its Swedish glossary terms)."""

    name = MAIN

    def __init__(self, assistant: Assistant, top_k: int | None) -> None:
        self.assistant = assistant
        self.top_k = top_k

    def respond(self, question: str) -> Response:
        from assistant.answer import search_query
        from assistant.answer.language import detect_language

        retriever = self.assistant.retriever()
        query = search_query(question, detect_language(question))
        hits = retriever.search(query, k=RETRIEVAL_DEPTH)
        retrieved = [
            Retrieved(h.chunk.id, h.chunk.label, h.chunk.text, h.chunk.meta.organ) for h in hits
        ]
        started = time.perf_counter()
        answer = self.assistant.ask(question, None, self.top_k)
        timings = {**answer.timings, "total": time.perf_counter() - started}
        cited = retriever.kb.catalog.chunks(c.chunk_id for c in answer.citations)
        citations = [
            {
                "n": c.n,
                "label": c.label,
                "chunk_id": c.chunk_id,
                "organ": c.organ,
                "snippet": c.snippet,
                "chunk_text": cited[c.chunk_id].text if c.chunk_id in cited else "",
            }
            for c in answer.citations
        ]
        generation = generation_of(answer) if self.assistant.llm is not None else None
        return Response(
            answer.text, not answer.supported, citations, retrieved, timings, None, generation
        )


def answer_row(
    question: Question, response: Response, vocabulary: Sequence[str] = ()
) -> dict[str, Any]:
    """Return the result row of one question: the answer, its citations, what was
    retrieved and the answer metrics (retrieval metrics are added by `add_retrieval`).
    `vocabulary`: the organ names of the index, for organ precision."""
    metrics = question_metrics(
        question, response.text, response.refused, response.citations, vocabulary
    )
    verdicts = metrics.pop("citation_verdicts")
    return {
        "id": question.id,
        "kind": question.kind,
        "lang": question.lang,
        "question": question.question,
        "answerable": question.answerable,
        "group": question.paraphrase_of or question.id,
        "answer": response.text,
        "refused": response.refused,
        "error": response.error,
        "citations": [
            {k: c.get(k) for k in ("n", "label", "chunk_id", "organ", "snippet")} | {"correct": ok}
            for c, ok in zip(response.citations, verdicts, strict=True)
        ],
        "retrieved": [
            {
                "id": r.id,
                "label": r.label,
                "relevant": any(snippet_in(s, r.text) for s in question.sources),
            }
            for r in response.retrieved[:SHOWN_RETRIEVED]
        ],
        "metrics": metrics | {CONTEXT: sum(len(r.text.split()) for r in response.retrieved[:10])},
        "timings": {k: round(v, 5) for k, v in response.timings.items()},
        "generation": response.generation,
    }


def run_system(
    system: System,
    questions: list[Question],
    progress: bool | None,
    vocabulary: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Return one scored row per question. A question that raises is recorded as an
    error (and a refusal) and the run goes on."""
    rows, ranked = [], {}
    for question in tqdm(
        questions, desc=system.name, unit="q", disable=None if progress is None else not progress
    ):
        try:
            response = system.respond(question.question)
        except Exception as exc:  # noqa: BLE001 - one failing question must not end the run
            response = Response("", True, error=f"{type(exc).__name__}: {exc}")
        ranked[question.id] = [r.text for r in response.retrieved]
        rows.append(answer_row(question, response, vocabulary))
    add_retrieval(rows, questions, ranked)
    return rows


def add_retrieval(
    rows: list[dict[str, Any]], questions: list[Question], ranked: dict[str, list[str]]
) -> None:
    """Add recall@5/10/20, MRR@10, nDCG@10 and the recall@1..20 curve to answerable rows."""
    scores = retrieval_scores({q.id: q.sources for q in questions}, ranked)
    for row in rows:
        values = scores.get(row["id"])
        if values is None:
            continue
        row["metrics"].update({m: round(values[m], 4) for m in HEADLINE_RETRIEVAL})
        row["recall_curve"] = [round(values[f"recall@{k}"], 4) for k in CURVE_KS]


def unreachable_snippets(questions: list[Question], chunk_texts: list[str]) -> list[dict[str, str]]:
    """Return the gold snippets that no chunk of the index contains whole (they straddle a
    chunk boundary or were lost in parsing), so no retriever can score them."""
    texts = [normalise(t) for t in chunk_texts]
    return [
        {"id": q.id, "snippet": s}
        for q in questions
        for s in q.sources
        if not any(normalise(s) in t for t in texts)
    ]


def write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_questions(path: Path) -> tuple[list[Question], list[str]]:
    """Return the valid questions and the line-numbered problems of the others.

    Refuses (EvalError) an unreadable file and a file without one valid question.
    """
    try:
        questions, problems = load_questions(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {exc}") from exc
    if not questions:
        raise EvalError(f"{path}: no valid questions ({len(problems)} malformed lines)")
    return questions, problems


def baseline_systems(
    kb: Any, files: list[Path], embedder: Embedder, cache_dir: Path
) -> list[System]:
    """Return BM25-only, dense-only and (when the corpus files are at hand) llama-index."""
    systems: list[System] = [LexicalBaseline(kb), DenseBaseline(kb)]
    if files:
        systems.append(LlamaIndexBaseline(files, embedder, cache_dir))
    else:
        print("llama-index baseline skipped: the index's source files are not on disk")
    return systems


def open_corpus(
    options: EvalOptions, settings: Settings, embedder: Embedder, questions: list[Question]
) -> tuple[Assistant, list[Path], str]:
    """Return the assistant over the eval index, the corpus files and the corpus hash.

    Refuses (EvalError) neither or both of `corpus`/`index`, and an index folder with no index.
    """
    from assistant.service import Assistant

    if (options.corpus is None) == (options.index is None):
        raise EvalError("give exactly one of --corpus DIR and --index DIR")
    if options.corpus is not None:
        files = select_files(options.corpus, questions, options.sample_others)
        _, chash = prepare_index(settings, embedder, files, options.cache_root, options.progress)
        return Assistant(settings, embedder), files, chash
    settings.index.dir = Path(str(options.index))
    if current_version(settings.index.dir) is None:
        raise EvalError(f"no index in {options.index}")
    assistant = Assistant(settings, embedder)
    records = assistant.retriever().kb.catalog.files()
    files = [Path(p) for p in sorted(records) if Path(p).is_file()]
    return assistant, files, corpus_hash([r.sha256 for r in records.values()])


def build_summary(
    stamp: dict[str, Any], results: dict[str, list[dict[str, Any]]], extra: dict[str, Any]
) -> dict[str, Any]:
    """Return summary.json's content: the stamp, then every system's figures."""
    systems = {}
    for name, rows in results.items():
        systems[name] = {**breakdown(rows), "errors": sum(1 for r in rows if r["error"])}
        generation = generation_summary(rows)
        if generation:
            systems[name]["generation"] = generation
    return {"stamp": stamp, **extra, "systems": systems}


def run_eval(options: EvalOptions, embedder: Embedder | None = None) -> dict[str, Any]:
    """Run the eval described by `options`, write its files into `options.out`, and return
    the summary. Malformed question lines are printed (by line number) and skipped."""
    from evals.report import write_reports
    from index.embedders.registry import resolve_embedder

    questions, problems = read_questions(options.questions)
    for problem in problems:
        print(f"{options.questions}: {problem} (skipped)")
    settings, config = load_config(options.config)
    settings_hash = settings.fingerprint()
    embedder = embedder or resolve_embedder(settings.index.embedder)
    assistant, files, chash = open_corpus(options, settings, embedder, questions)
    kb = assistant.retriever().kb
    systems: list[System] = [KommunragSystem(assistant, options.top_k)]
    if options.baselines:
        slug = "".join(c if c.isalnum() else "-" for c in embedder.id)
        cache = options.cache_root / f"{chash}-llamaindex-{slug}"
        systems += baseline_systems(kb, files, embedder, cache)
    chunks = list(kb.catalog.iter_chunks())
    vocabulary = sorted({c.meta.organ for c in chunks if c.meta.organ})
    results = {s.name: run_system(s, questions, options.progress, vocabulary) for s in systems}
    stamp = {
        "settings_hash": settings_hash,
        "config": config["name"],
        "embedder": embedder.id,
        "store": settings.index.store,
        "lexical": settings.index.lexical,
        "corpus_hash": chash,
        "corpus": str(options.corpus or options.index),
        "index": str(settings.index.dir),
        "files": len(files),
        "git_commit": git_commit(),
        "questions": str(options.questions),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    extra = {
        "config": config,
        "questions": {"n": len(questions), "skipped": problems},
        "baselines_note": BASELINE_NOTE if options.baselines else None,
        "unreachable_snippets": unreachable_snippets(questions, [c.text for c in chunks]),
    }
    summary = build_summary(stamp, results, extra)
    out = Path(options.out)
    write_rows(out / "results.jsonl", results[MAIN])
    for name, rows in results.items():
        if name != MAIN:
            write_rows(out / "baselines" / f"{name}.jsonl", rows)
    (out / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    write_reports(out, summary, results)
    return summary
