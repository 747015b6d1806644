"""Text helpers shared by ingest, the analyzer and the assistant: one Unicode normal form,
sentence splitting and whitespace collapsing.

`normalise_text` is the one place where characters are made canonical. Ingest applies it to
every parsed page, the BM25 analyzer to every text it analyses, and the assistant to every
question and filter value, so all of them meet on the same code points.
"""

from __future__ import annotations

import re
import unicodedata

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
# Where an item of a numbered list starts: its number after a space or at the start, then a
# capital ("… beslutar: 1. Hemställan … avslås. 2. Uppdraget … avbryts.").
ITEM_START = re.compile(r"(?:(?<=\s)|^)(\d{1,2})[.)]\s+(?=[A-ZÅÄÖ])")
# The first item of a numbered list run into the line before it ("Förslag till beslut 1.
# Nämnden avstyrker motionen. 2. Nämnden översänder …"), and the second item after a full stop.
_FIRST_ITEM = re.compile(
    r"(?<=[^\W\d])(?<!bilaga)(?<!bilagan)(?<!figur)(?<!tabell)(?<!punkt)(?<!alternativ)"
    r"(?<!kapitel)(?<!sida)(?<!avsnitt)(?<!steg)(?<!etapp)(?<!fas)[ \t]+(1)[.)][ \t]+(?=[A-ZÅÄÖÉ])",
    re.I,
)
# The next item number after an item "1.": it must be "2." after a full stop.
_NEXT_ITEM = re.compile(r"(?:(?<=\s)|^)(\d{1,2})[.)][ \t]+(?=[A-ZÅÄÖÉ])")
_ITEM_REACH = 3000


# Compatibility characters whose NFKC form is the same letters in plain text: ligatures
# ("ﬁ", "ﬂ"), full-width and half-width forms. Others (superscripts "m²", fractions "½",
# "…") keep their meaning only as written, so they are left alone.
_COMPATIBLE = re.compile(r"[\ufb00-\ufb4f\uff01-\uffef]+")
# Spaces of every width, no-break spaces included, become plain spaces; tabs stay.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Characters that take no room: zero-width space, (non-)joiners, word joiner, BOM.
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
# A soft hyphen that broke a line: the word continues on the next line.
_SOFT_BREAK = re.compile(r"\u00ad[ \t]*\n[ \t]*(\S*)")
# Diaeresis and ring written as separate spacing marks by some PDF producers ("a¨", "˚a").
_SPACING_MARKS = re.compile(r"([aoAOuUeE])[\u00a8\u02da]|([\u00a8\u02da])([aoAOuUeE])")
_COMBINING = {"\u00a8": "\u0308", "\u02da": "\u030a"}
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


def normalise_text(text: str) -> str:
    """Return `text` in the project's one normal form; line structure is kept.

    NFC (so decomposed "a\u0308" is "ä"), NFKC for ligatures and full-width forms only,
    no-break and odd-width spaces as " ", zero-width characters removed, Unicode hyphens
    (U+2010, U+2011) as "-". A soft hyphen at a line end joins the next line's first word
    onto its line ("verk\u00ad\nsamheten" -> "verksamheten\n"); other soft hyphens vanish.
    Idempotent; accepts any string.
    """
    text = _SPACING_MARKS.sub(_combine_mark, text)
    text = unicodedata.normalize("NFC", text)
    text = _COMPATIBLE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _ODD_SPACES.sub(" ", _ZERO_WIDTH.sub("", text))
    text = _SOFT_BREAK.sub(lambda m: m.group(1) + "\n", text).replace("\u00ad", "")
    return text.translate(_HYPHENS)


def _combine_mark(m: re.Match[str]) -> str:
    """Return a letter and a stray spacing diaeresis or ring as the letter plus combining mark."""
    letter = m.group(1) or m.group(3)
    mark = m.group(0)[1] if m.group(1) else m.group(2)
    return letter + _COMBINING[mark]


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
    breaks.update(_first_items(text))
    return sorted(breaks)


def _first_items(text: str) -> list[int]:
    """Return where the first item of a numbered list begins when the list runs on from a
    heading without a full stop ("… Förslag till beslut 1. Nämnden avstyrker …"): the "1."
    opens the item, not ends the heading's sentence. It counts as a list only when the next
    item number after it is "2." after a full stop, and not after a word that takes a
    number ("bilaga 1.", "figur 1.", "punkt 1."), so "enligt bilaga 1. Nämnden …" is left
    alone."""
    starts = []
    for m in _FIRST_ITEM.finditer(text):
        following = _NEXT_ITEM.search(text, m.end(), m.end() + _ITEM_REACH)
        if (
            following is not None
            and following.group(1) == "2"
            and text[: following.start()].rstrip()[-1:] in (".", "!", "?")
        ):
            starts.append(m.start(1))
    return starts


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
