"""Check a question set against its corpus and print a summary.

    python -m evals.validate_questions evals/questions/sample.jsonl --corpus data/sample

Failures (exit status 1): malformed lines, duplicate ids, a `file` missing from the corpus,
a `sources` snippet not found verbatim (after `normalise`) in its file or, without `file`,
anywhere in the corpus, and snippets outside 5–20 words. Text files are read raw; PDFs
through pypdf's `extract_text`, pages joined by newlines. An answer string absent from the
evidence file is only a warning, since answers may be renderings ("69000" for "69 000").
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from evals.dataset import KINDS, LANGS, Question, answer_matches, load_questions, normalise

TEXT_SUFFIXES = {".txt", ".md", ".html", ".htm"}
MIN_WORDS, MAX_WORDS = 5, 20


@dataclass
class Report:
    """What a validation run found: hard failures, soft warnings and the questions read."""

    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def read_pdf(path: Path) -> str:
    """Return the text pypdf extracts from every page of `path`, pages joined by newlines."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


class Corpus:
    """Normalised texts of a corpus folder, read on first use and cached by relative path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._texts: dict[str, str] = {}

    def has(self, rel: str) -> bool:
        """Return True when `rel` names a readable file inside the corpus root."""
        path = (self.root / rel).resolve()
        return path.is_file() and path.is_relative_to(self.root.resolve())

    def text(self, rel: str) -> str:
        """Return the normalised text of the file at `rel` (raises OSError when unreadable)."""
        if rel not in self._texts:
            path = self.root / rel
            raw = read_pdf(path) if path.suffix.lower() == ".pdf" else path.read_text("utf-8")
            self._texts[rel] = normalise(raw)
        return self._texts[rel]

    def files(self) -> Iterator[str]:
        """Yield the relative paths of every text or PDF file under the root, sorted."""
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES | {".pdf"}:
                yield path.relative_to(self.root).as_posix()

    def find(self, snippet: str) -> str | None:
        """Return the first file whose text contains `snippet`, or None."""
        needle = normalise(snippet)
        return next((rel for rel in self.files() if needle in self.text(rel)), None)


def check_ids(questions: list[Question]) -> list[str]:
    """Return one failure per id used more than once."""
    counts = Counter(q.id for q in questions)
    return [f"duplicate id {qid!r} ({n} times)" for qid, n in counts.items() if n > 1]


def check_snippet_length(question: Question) -> list[str]:
    """Return one failure per snippet shorter than 5 or longer than 20 words."""
    return [
        f"{question.id}: snippet has {len(s.split())} words (want {MIN_WORDS}-{MAX_WORDS}): {s!r}"
        for s in question.sources
        if not MIN_WORDS <= len(s.split()) <= MAX_WORDS
    ]


def check_evidence(question: Question, corpus: Corpus) -> tuple[list[str], list[str]]:
    """Return (failures, warnings) for the snippets and answers of one question."""
    if not question.answerable:
        return [], []
    if question.file is not None and not corpus.has(question.file):
        return [f"{question.id}: file {question.file!r} not found in {corpus.root}"], []
    failures: list[str] = []
    for snippet in question.sources:
        if question.file is not None:
            if normalise(snippet) not in corpus.text(question.file):
                failures.append(f"{question.id}: snippet not in {question.file}: {snippet!r}")
        elif corpus.find(snippet) is None:
            failures.append(f"{question.id}: snippet not found in corpus: {snippet!r}")
    warnings: list[str] = []
    evidence = corpus.text(question.file) if question.file is not None else None
    if evidence is not None and not answer_matches(question.answers, evidence):
        warnings.append(f"{question.id}: no answer string occurs in {question.file}")
    return failures, warnings


def validate(path: Path, corpus_root: Path) -> Report:
    """Return the report for the question file at `path` checked against `corpus_root`.

    Refuses nothing by raising: every problem, an unreadable file included, is a failure.
    """
    report = Report()
    try:
        report.questions, report.failures = load_questions(path)
    except (OSError, UnicodeDecodeError) as exc:
        report.failures.append(f"cannot read {path}: {exc}")
        return report
    if not corpus_root.is_dir():
        report.failures.append(f"corpus folder {corpus_root} does not exist")
        return report
    report.failures.extend(check_ids(report.questions))
    corpus = Corpus(corpus_root)
    for question in report.questions:
        report.failures.extend(check_snippet_length(question))
        failures, warnings = check_evidence(question, corpus)
        report.failures.extend(failures)
        report.warnings.extend(warnings)
    return report


def summary(questions: list[Question]) -> str:
    """Return a small table of question counts by kind and lang, with totals."""
    counts: Counter[tuple[str, str]] = Counter((q.kind, q.lang) for q in questions)
    lines = [f"{'kind':<14}" + "".join(f"{lang:>6}" for lang in LANGS) + f"{'all':>6}"]
    for kind in KINDS:
        row = [counts[(kind, lang)] for lang in LANGS]
        lines.append(f"{kind:<14}" + "".join(f"{n:>6}" for n in row) + f"{sum(row):>6}")
    totals = [sum(counts[(kind, lang)] for kind in KINDS) for lang in LANGS]
    lines.append(f"{'all':<14}" + "".join(f"{n:>6}" for n in totals) + f"{sum(totals):>6}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Validate one question file; print failures, warnings and the summary. Return 0 or 1."""
    parser = argparse.ArgumentParser(description="Check a question set against its corpus.")
    parser.add_argument("questions", type=Path, help="JSONL question file")
    parser.add_argument("--corpus", type=Path, required=True, help="corpus root folder")
    args = parser.parse_args(argv)
    report = validate(args.questions, args.corpus)
    for line in report.failures:
        print(f"FAIL {line}")
    for line in report.warnings:
        print(f"warn {line}")
    print(summary(report.questions))
    verdict = "ok" if report.ok else f"{len(report.failures)} failure(s)"
    print(f"{args.questions}: {len(report.questions)} questions, {verdict}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
