"""Readers of who acts in a governance text: politicians with their party, and party codes.

Both take plain text and never raise on odd input; they return empty lists when nobody acts.
"""

from __future__ import annotations

import re

from index import lexicon
from index.lexicon import PARTY_CODE_PATTERN

# --- People and parties ---------------------------------------------------------------------

# A party's full name, lowercased, to its code ("centerpartiet" -> "C").
PARTY_NAMES = {name.casefold(): code for code, name in lexicon.PARTY_NAMES.items()}
_TOKEN = r"[A-ZÅÄÖÉÜ][a-zåäöéüèáíóúçøæ'’]+(?:-[A-ZÅÄÖa-zåäö][a-zåäöé]+)?"
_PERSON = re.compile(
    rf"((?:{_TOKEN}\s+(?:(?:von|af|de|van|der|da)\s+)?){{1,5}}{_TOKEN})"
    rf"\s*\(({PARTY_CODE_PATTERN})\)(?=(.{{0,25}}))"
)
# Capitalised words that stand before a name but are not part of it.
_NOT_NAMES = frozenset(
    """reservation reservationer yrkanden yrkande proposition propositionsordning beslut
    protokollsanteckning protokollsanteckningar ordföranden ordförande vice förste andre andra
    tredje kommunalrådet kommunalråd tjänstgörande ersättaren ledamoten ledamöterna
    representanterna särskilt yttrande handlingar enligt av till med och från efter då när att
    den det vid under samt även på i om för fråga interpellation motion svar omröstning
    ärendebeskrivning motionen motionären""".split()  # noqa: SIM905
)
_ACTION = re.compile(
    r"\b(?:yrka[rd]e?|\w*yrkande[nt]?|reserver(?:ar|ade)|reservation|anmäl(?:er|de)|antecknar|"
    r"antecknade|deltar inte|deltog inte|avst(?:år|od)|röstade|instämmer|instämde|föreslår|"
    r"föreslog|"
    r"på förslag av|protokollsanteckning|ställer en fråga|besvarar|motion av|interpellation av)\b",
    re.I,
)
_PARTY_LIST = re.compile(
    r"\b(?:från|Representanterna från|ledamöterna från)\s+"
    r"((?:[A-Z]{1,2}(?:,\s*|\s+och\s+))*[A-Z]{1,2})\b"
)


def _sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"”])", flat)


def _person_name(run: str, after: str, seen: set[str]) -> str | None:
    tokens = run.split()
    while tokens and tokens[0].casefold() in _NOT_NAMES:
        tokens = tokens[1:]
    tokens = tokens[-3:]
    while tokens and tokens[0].casefold() in _NOT_NAMES:
        tokens = tokens[1:]
    if len(tokens) < 2:
        return None
    name = " ".join(tokens)
    genitive = re.match(r"\s*\w*(yrkande|förslag)", after) or name[:-1] in seen
    if name.endswith("s") and genitive:
        name = name[:-1]
    return name


def extract_people_and_parties(text: str) -> tuple[list[str], list[str]]:
    """Return the politicians who act in `text` and the parties involved, in order of appearance.

    Only sentences that move a case count: yrkanden, reservationer, protokollsanteckningar,
    votes, questions ("Anna Nordin (M) yrkar bifall", "Eleonore Lundkvist (M) och Frank
    Pettersson (M) reserverar sig"). People come as "Anna Nordin (M)"; genitive forms are
    folded back ("Eleonore Lundkvists (M) ändringsyrkande"). Parties are codes ("M", "SD"),
    also taken from "yrkande från M, D, L och KD".
    """
    people: list[str] = []
    parties: list[str] = []
    seen: set[str] = set()
    for sentence in _sentences(text):
        if not _ACTION.search(sentence):
            continue
        for m in _PERSON.finditer(sentence):
            name = _person_name(m.group(1), m.group(3), seen)
            if name:
                seen.add(name)
                _add(people, f"{name} ({m.group(2)})")
            _add(parties, m.group(2))
        for m in _PARTY_LIST.finditer(sentence):
            for code in re.split(r",\s*|\s+och\s+", m.group(1)):
                if code in lexicon.PARTY_CODES:
                    _add(parties, code)
    return people, parties


def parties_in(text: str) -> list[str]:
    """Return party codes named in a heading, by code or full name ("Centerpartiet" -> "C")."""
    found: list[tuple[int, str]] = []
    for name, code in PARTY_NAMES.items():
        found += [(m.start(), code) for m in re.finditer(rf"(?<!\w){name}", text, re.I)]
    found += [(m.start(), m.group()) for m in re.finditer(rf"\b{PARTY_CODE_PATTERN}\b", text)]
    codes: list[str] = []
    for _, code in sorted(found):
        _add(codes, code)
    return codes


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)
