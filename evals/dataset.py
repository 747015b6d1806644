"""Evaluation questions: the JSONL format, its loader and the relevance rule.

One JSON object per line:

    {"id": "q07", "lang": "sv", "kind": "fact", "question": "...", "answerable": true,
     "answers": ["69 000", "69000"], "organs": [], "sources": ["verbatim snippet"],
     "file": "004_8b185b4bc1901688.txt"}

- `answers`: a correct answer contains at least one of these (after `normalise`).
- `organs`: every name a complete answer must contain. Aggregate questions list organs and
  companies (canonical form, e.g. "Äldrenämnden", "Bostads AB Mimer") and must not be empty;
  vote questions may list members or parties as the protocols abbreviate them ("M", "KD");
  fact questions may list people or municipalities. Match them with `names_in`, which
  respects word boundaries so that a party letter such as "M" does not match inside words,
  and treats the definite and indefinite forms of "nämnd" and "styrelse" alike
  ("Socialnämnd Centrum" is named by "socialnämnden Centrum").
- `sources`: verbatim evidence snippets; a chunk is relevant when `snippet_in(snippet, chunk)`.
- `file`: optional path of the evidence file, relative to the corpus root.
- `paraphrase_of`: optional id of the question this one rewords (same answers). A set that
  holds a question and its paraphrases reports `paraphrase_consistency`: the share of such
  groups answered right throughout.

Unknown extra fields are ignored. Blank lines and lines starting with `#` are skipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

Kind = Literal["fact", "aggregate", "decision", "vote", "crosslingual", "unanswerable"]
Lang = Literal["sv", "en"]
KINDS: tuple[str, ...] = ("fact", "aggregate", "decision", "vote", "crosslingual", "unanswerable")
LANGS: tuple[str, ...] = ("sv", "en")

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return `text` casefolded with every whitespace run collapsed to one space, stripped."""
    return _WS.sub(" ", text.casefold()).strip()


def snippet_in(snippet: str, text: str) -> bool:
    """Return True when the normalised `snippet` occurs in the normalised `text`.

    An empty or whitespace-only snippet never matches: it would make every chunk relevant.
    """
    needle = normalise(snippet)
    return bool(needle) and needle in normalise(text)


_DEFINITE = re.compile(r"(nämnd|styrelse)(?:en|n)\b")


def name_form(text: str) -> str:
    """Return `text` normalised, with "nämnden"/"styrelsen" reduced to "nämnd"/"styrelse"."""
    return _DEFINITE.sub(r"\1", normalise(text))


def names_in(name: str, text: str) -> bool:
    """Return True when `name` occurs in `text` as whole words (see `name_form`).

    "M" matches "(M)" and "M, D, L och KD" but not "Mimer"; an empty name never matches.
    """
    needle = name_form(name)
    if not needle:
        return False
    pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    return re.search(pattern, name_form(text)) is not None


def answer_matches(answers: list[str], text: str) -> bool:
    """Return True when `text` contains at least one of `answers` (normalised containment)."""
    return any(snippet_in(answer, text) for answer in answers)


class Question(BaseModel):
    """One evaluation question; refuses an unknown kind or lang, empty text and
    answerable/unanswerable inconsistencies (see `_check_consistency`)."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    id: str
    lang: Lang
    kind: Kind
    question: str
    answerable: bool
    answers: list[str]
    organs: list[str] = []
    sources: list[str]
    file: str | None = None
    paraphrase_of: str | None = None

    @field_validator("id", "question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("answers", "organs", "sources")
    @classmethod
    def _no_blank_items(cls, value: list[str]) -> list[str]:
        if any(not item.strip() for item in value):
            raise ValueError("must not contain empty strings")
        return value

    @model_validator(mode="after")
    def _check_consistency(self) -> Question:
        if self.answerable != (self.kind != "unanswerable"):
            raise ValueError("kind 'unanswerable' goes with answerable=false and only with it")
        if not self.answerable and (self.answers or self.sources or self.organs):
            raise ValueError("an unanswerable question must have no answers, organs or sources")
        if self.answerable and not (self.answers and self.sources):
            raise ValueError("an answerable question needs at least one answer and one source")
        if self.kind == "aggregate" and not self.organs:
            raise ValueError("an aggregate question must list the organs a full answer names")
        return self


def _describe(error: ErrorDetails) -> str:
    field = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        return f"missing field '{field}'"
    if not field:
        return error["msg"].removeprefix("Value error, ")
    return f"field '{field}': {error['msg'].removeprefix('Value error, ')}"


def parse_line(line: str, lineno: int) -> tuple[Question | None, str | None]:
    """Return the question on one line, or None and one message naming every problem.

    The message starts with "line N: "; several problems are joined with "; ".
    Refuses invalid JSON, anything but a JSON object, and whatever `Question` refuses.
    """
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"line {lineno}: invalid JSON ({exc.msg}, column {exc.colno})"
    if not isinstance(data, dict):
        return None, f"line {lineno}: expected a JSON object, got {type(data).__name__}"
    try:
        return Question.model_validate(data), None
    except ValidationError as exc:
        problems = "; ".join(_describe(err) for err in exc.errors())
        return None, f"line {lineno}: {problems}"


def load_questions(path: str | Path) -> tuple[list[Question], list[str]]:
    """Return the valid questions in the JSONL file at `path` and one message per bad line.

    Never aborts on a malformed line. Only an unreadable file raises (OSError,
    UnicodeDecodeError).
    """
    questions: list[Question] = []
    errors: list[str] = []
    text = Path(path).read_text(encoding="utf-8")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        question, problem = parse_line(line, lineno)
        if problem is not None:
            errors.append(problem)
        if question is not None:
            questions.append(question)
    return questions, errors
