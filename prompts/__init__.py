"""Prompt templates kept as files, loaded by name and language.

A template is `prompts/<name>.<lang>.txt` in `str.format` syntax. `VARIABLES` says which
variables each template must contain; `render_prompt` refuses a call that leaves one out
or passes one the template does not use, and a test checks every file against the table.
Values are inserted verbatim and never re-parsed, so document text with braces is safe.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from prompts.errors import PromptError

DIR = Path(__file__).resolve().parent
LANGS = ("sv", "en")
VARIABLES: dict[str, frozenset[str]] = {
    "answer_system": frozenset(),
    "answer_user": frozenset({"question", "sources"}),
    "aggregate_system": frozenset(),
    "aggregate_user": frozenset({"question", "sources", "organs"}),
    "followup_system": frozenset(),
    "followup_user": frozenset({"history", "message"}),
}

__all__ = [
    "LANGS",
    "VARIABLES",
    "PromptError",
    "load_prompt",
    "render_prompt",
    "template_variables",
]


@lru_cache(maxsize=64)
def load_prompt(name: str, lang: str) -> str:
    """Return the raw template `name` in `lang` ("sv" or "en").

    Refuses (PromptError) a name not in `VARIABLES`, a language not in `LANGS`, or a
    template file that is missing.
    """
    if name not in VARIABLES:
        raise PromptError(f"unknown prompt '{name}'; known: {', '.join(sorted(VARIABLES))}")
    if lang not in LANGS:
        raise PromptError(f"prompt '{name}' has no language '{lang}'; use one of {LANGS}")
    path = DIR / f"{name}.{lang}.txt"
    if not path.is_file():
        raise PromptError(f"prompt file {path} is missing")
    return path.read_text(encoding="utf-8").strip() + "\n"


def template_variables(template: str) -> set[str]:
    """Return the names of the `{variables}` a template uses (escaped `{{ }}` excluded)."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def render_prompt(name: str, lang: str, **values: str) -> str:
    """Return template `name` in `lang` filled with `values`.

    Refuses (PromptError) values that do not match the template's variables exactly.
    """
    template = load_prompt(name, lang)
    expected = VARIABLES[name]
    given = set(values)
    if given != expected:
        missing, extra = sorted(expected - given), sorted(given - expected)
        raise PromptError(f"prompt '{name}.{lang}': missing {missing}, unexpected {extra}")
    return template.format(**values)
