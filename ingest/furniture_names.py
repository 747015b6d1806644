"""The people a meeting's furniture names: lists of attendees, signatures, justering sentences.

`people_in` reads a list field, `lead_name` the person a piece of text starts with; both keep
the party code with the name ("Anna Berg (S)") and return nothing for text that names no one.
"""

from __future__ import annotations

import re

from index.lexicon import PARTY_CODE_PATTERN
from ingest import metadata as md
from ingest.doctype import MEMBER_MUNICIPALITIES

_TOKEN = r"[A-ZÅÄÖÉÜ][a-zåäöéüèáíóúçøæ'’]+(?:[A-ZÅÄÖ][a-zåäö]+)?(?:-[A-ZÅÄÖa-zåäö][a-zåäöé]+)?"
_PARTY = PARTY_CODE_PATTERN
NAME = re.compile(
    rf"(?P<name>{_TOKEN}(?:\s+(?:(?:von|af|de|van|der|da)\s+)?{_TOKEN}){{1,3}})"
    rf"(?:\s*\((?P<party>{_PARTY})\))?"
)
# Words that stand before a name in a list or a sentence but are not part of it.
ROLE_WORDS = frozenset(
    """beslut förste första andre andra tredje vice ordföranden ordförande ordf tillika
    tjänstgörande ledamoten ersättaren kommunalrådet sekreteraren justeraren och samt även
    att jämte""".split()  # noqa: SIM905
)
_NOT_NAME_WORDS = frozenset(
    """protokoll sammanträdesprotokoll kommun kommunen stad staden region ärende ärenden beslut
    paragrafer paragraf sekreterare ordförande justerande närvarande beslutande ledamöter
    ersättare kommunhuset stadshuset rådhuset sessionssalen plats tid datum""".split()  # noqa: SIM905
)
_PLACES = sorted({p for ps in MEMBER_MUNICIPALITIES.values() for p in ps}, key=len, reverse=True)
_PLACE_SPLIT = re.compile(r"\b(?:" + "|".join(_PLACES) + r")\b:?")


# --- Lists and names -----------------------------------------------------------------------


def people_in(
    block: list[tuple[int, str]], runon: bool | None = None
) -> list[tuple[str, str, int]]:
    """Return (person, role, offset) for the people a list field names.

    One person a line ("Anna Berg (S), ordförande"; "Eva Ek, Göteborg"), or a run-on list split
    at commas ("Enköping: Peter Book, Anna Nilsson, Västerås Staffan Jansson"), where member
    municipalities group the names. Words after a name are its role.
    """
    block = [(at, s.replace("\n", " ")) for at, s in block]
    if runon is None:
        runon = any(s.rstrip().endswith(",") or s.count(",") >= 2 for _, s in block)
    items: list[tuple[int, str]] = []
    if runon:
        joined, starts = "", []
        for at, s in block:
            starts.append((len(joined), at))
            joined += s + " "
        for m in re.finditer(r"[^,;]+", joined):
            base = max((b for b in starts if b[0] <= m.start()), default=(0, 0))
            items.append((base[1] + m.start() - base[0], m.group()))
    else:
        items = list(block)
    items = [
        (at + m.start(), m.group())
        for at, item in items
        for m in re.finditer(r"(?:(?!\s(?:och|samt)\s).)+", item)
    ]
    out: list[tuple[str, str, int]] = []
    for at, item in items:
        for piece_at, piece in _pieces(at, item):
            found = lead_name(piece)
            if found:
                out.append((found[0], found[1], piece_at + piece.find(found[0].split()[0])))
            elif out and piece.strip()[:1].islower():
                person, role, where = out[-1]
                out[-1] = (person, f"{role} {piece.strip()}".strip(), where)
    return out


def _pieces(at: int, item: str) -> list[tuple[int, str]]:
    """Split an item at group labels ("Enköping:") and member municipality names."""
    item = re.sub(r"\((?!(?:" + _PARTY + r")\))[^)]*\)", lambda m: " " * len(m.group()), item)
    group = re.match(r"\s*[A-ZÅÄÖ][\w -]{0,30}:\s*", item)
    offset = group.end() if group else 0
    pieces, last = [], offset
    for m in _PLACE_SPLIT.finditer(item, offset):
        pieces.append((at + last, item[last : m.start()]))
        last = m.end()
    pieces.append((at + last, item[last:]))
    return [(a, p) for a, p in pieces if p.strip()]


def lead_name(text: str) -> tuple[str, str] | None:
    """Return the person's name a piece of text starts with, with its party code, and the rest.

    Role words before the name are skipped ("Förste vice ordföranden Håkan Eriksson (V)");
    the name is two to four capitalised words, none of them a furniture or place word.
    """
    flat = " ".join(text.split())
    tokens = flat.split(" ")
    while tokens and (tokens[0][:1].islower() or tokens[0].casefold().strip(",") in ROLE_WORDS):
        tokens = tokens[1:]
    flat = " ".join(tokens)
    m = NAME.match(flat)
    if not m:
        return None
    rest = flat[m.end() :].strip(" ,")
    words = m.group("name").split()
    if flat[m.end() :].lstrip()[:1].isupper() or any(
        w.casefold() in _NOT_NAME_WORDS | ROLE_WORDS for w in words
    ):
        return None
    if md.looks_like_organ(m.group("name")):
        return None
    name = m.group("name") + (f" ({m.group('party')})" if m.group("party") else "")
    return name, rest


def person_key(person: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", person).casefold()
