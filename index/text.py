"""Text helpers shared by chunking (ingest) and answer composition (assistant)."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a Swedish sentence.
_ABBREVIATIONS = {
    "bl.a",
    "t.ex",
    "m.m",
    "s.k",
    "ca",
    "nr",
    "kap",
    "p",
    "jfr",
    "dvs",
    "o.s.v",
    "enl",
    "resp",
    "st",
    "kl",
    "fr.o.m",
    "t.o.m",
    "f.d",
    "d.v.s",
    "mfl",
    "m.fl",
    "ang",
    "tel",
    "e.d",
    "o.d",
    "pga",
    "p.g.a",
    "fr",
    "tf",
    "bitr",
    "ordf",
    "vice",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
    "s",
    "kr",
    "milj",
    "mnkr",
    "tkr",
    "ex",
    "inkl",
    "exkl",
    "etc",
}
_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s)")
_BLANK = re.compile(r"\n[ \t]*\n\s*")
_STARTS_NEW = re.compile(r"[A-ZÅÄÖÉ0-9§•\-–\"”(]")
_WS = re.compile(r"\s+")
_LIST_MARKER = re.compile(r"^(\d{1,2}|[a-zA-Z])[.)]$|^[•\-–]$")


def normalise_ws(text: str) -> str:
    """Return `text` with every whitespace run collapsed to one space, stripped."""
    return _WS.sub(" ", text).strip()


def _ends_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].casefold().lstrip('("')
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _candidate_breaks(text: str) -> list[int]:
    breaks: set[int] = set()
    for m in _END.finditer(text):
        if text[m.start()] == "." and _ends_abbreviation(text, m.start()):
            continue
        if text[m.start() - 1 : m.start()].isdigit() and text[m.start()] == ".":
            # "1." in a numbered list or "2023." at a sentence end: break only before a capital.
            nxt = text[m.end() :].lstrip()[:1]
            if not nxt or not nxt.isupper():
                continue
        breaks.add(m.end())
    for m in _BLANK.finditer(text):
        if text[m.start() - 1 : m.start()] not in "-–" and _STARTS_NEW.match(text, m.end()):
            breaks.add(m.start())
    return sorted(breaks)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return `(start, end)` spans of the sentences in `text`, whitespace trimmed.

    Breaks after sentence-final punctuation (not after common Swedish abbreviations)
    and at blank lines followed by something that starts a new sentence or heading.
    Spans cover every non-space character of `text`, in order; empty text gives [].
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for brk in [*_candidate_breaks(text), len(text)]:
        piece = text[start:brk]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if spans and _LIST_MARKER.match(text[spans[-1][0] : spans[-1][1]]):
                spans[-1] = (spans[-1][0], start + trail)
            else:
                spans.append((start + lead, start + trail))
        start = brk
    return spans
