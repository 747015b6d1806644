"""How well a document sentence supports a question, measured on Swedish index terms.

A question becomes `Unit`s: its content words, each with the Swedish alternatives that
count for it (an English word brings its glossary renderings; "IT- eller
informationssäkerhet" is one unit with two alternatives). Words are compared as the
index's Swedish analyzer sees them, stem plus compound parts, so "säkerhet" finds
"informationssäkerheten". Units are weighted by how rare they are in the index, so that a
sentence must cover what makes the question specific rather than "kommun" or "program".

A sentence's support is the weighted share of units it covers, where a unit covered only
by the rest of its section (its title, organ, other sentences) counts half.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from index.analyzer import STOPWORDS, SwedishAnalyzer
from index.text import normalise_ws

from assistant.answer.language import SWEDISH_SYNONYMS, glossary_units

_TOKEN = re.compile(r"[^\W_]+(?:[-:][^\W_]+)*-?")

# Different stems of one word family that the Snowball stemmer keeps apart.
STEM_ALIASES = {
    "kostn": "kost", "kostnad": "kost", "kostnader": "kost",
    "reservation": "reserver", "reservationer": "reserver",
    "yrkand": "yrk", "beslutad": "beslut", "beslutat": "beslut",
    "ordförandeskap": "ordför", "ansvar": "ansv",
    "invånar": "invån", "föreslag": "förslag", "föreslog": "förslag", "föreslå": "förslag",
    "antog": "ant", "antag": "ant", "biföll": "bifall", "avslog": "avslag", "avslå": "avslag",
    "godkänd": "godkän", "ledamöt": "ledamot", "invändning": "invänd", "reserv": "reserver",
}  # fmt: skip

# Swedish question words that carry no topic beyond what `intent` reads from them.
_QUESTION_WORDS = (
    "hur många vilket vilken vilka datum när var vem vems vad finns fanns gäller står stod "
    "tog fick får gjorde gör blev kom hålls hölls ligger låg hade"
)
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())


class TermSet:
    """Index terms of a text, matched loosely: a stem also finds a term it is a prefix of,
    or that is a prefix of it, when both have five letters or more and differ by at most
    three ("program" ~ "programmet", "remiss" ~ "remissvar"). Snowball leaves such pairs apart.
    """

    __slots__ = ("exact", "_prefixes")

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.exact = set(terms)
        self._prefixes = {t[:k] for t in self.exact for k in range(max(5, len(t) - 3), len(t))}

    def __contains__(self, stem: object) -> bool:
        if not isinstance(stem, str):
            return False
        if stem in self.exact or stem in self._prefixes:
            return True
        return any(stem[:k] in self.exact for k in range(max(5, len(stem) - 3), len(stem)))

    def __or__(self, other: TermSet) -> TermSet:
        return TermSet(self.exact | other.exact)


@dataclass(frozen=True)
class Word:
    """One word as the analyzer sees it: its stem and the stems of its compound parts."""

    stem: str
    parts: tuple[str, ...] = ()
    pieces: tuple[str, ...] = ()

    def cover(self, terms: TermSet) -> float:
        """Return how fully `terms` hold this word (0..1).

        1.0 for the whole word; 0.8 for every part of a compound, and 0.2 per share of its
        parts otherwise (a lone "säker" only hints at "informationssäkerhet"). The pieces of
        a hyphenated word stand more on their own: "4M" alone gives "4M-samarbetet" 0.45.
        """
        if self.stem in terms:
            return 1.0
        if self.pieces:
            found = sum(piece in terms for piece in self.pieces)
            if found:
                return 0.9 * found / len(self.pieces)
        if not self.parts:
            return 0.0
        found = sum(part in terms for part in self.parts)
        return 0.8 if found == len(self.parts) else 0.2 * found / len(self.parts)


@dataclass(frozen=True)
class Unit:
    """A content word of the question; any one of `alternatives` (word sequences) covers it."""

    label: str
    alternatives: tuple[tuple[Word, ...], ...]
    weight: float = 1.0

    def cover(self, terms: TermSet) -> float:
        """Return how fully `terms` cover this unit (0..1); a unit with no alternatives gives 0."""
        best = 0.0
        for words in self.alternatives:
            if words:
                best = max(best, sum(w.cover(terms) for w in words) / len(words))
        return best


@dataclass
class Query:
    """The question's units and the names (anchors) a supporting passage must mention."""

    units: list[Unit]
    anchors: list[re.Pattern[str]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(u.weight for u in self.units)


# --- Words and terms -------------------------------------------------------------------------


def canonical(term: str) -> str:
    return STEM_ALIASES.get(term, term)


def word_of(token: str, analyzer: SwedishAnalyzer) -> Word | None:
    """Return the analysed form of one token, or None for a stop word."""
    folded = token.casefold().strip("-:")
    terms = [canonical(t) for t in analyzer.word_terms(folded)]
    if not terms:
        return None
    pieces = tuple(
        canonical(found[0]) for p in folded.split("-") if (found := analyzer.word_terms(p))
    ) if "-" in folded else ()
    return Word(terms[0], tuple(t for t in terms[1:] if t != terms[0]), pieces)


def tokens(text: str) -> list[str]:
    """Return the words of `text` as written, a trailing hyphen kept ("IT-" in "IT- eller")."""
    return _TOKEN.findall(text)


def completed_tokens(text: str, analyzer: SwedishAnalyzer) -> list[str]:
    """Return the tokens of `text` with suspended compounds written out in full.

    "IT- eller informationssäkerhet" also yields "IT-säkerhet", and "cyber-, it, och
    informationssäkerhet" yields "cyber-säkerhet": a word ending in a hyphen borrows the
    last part of the compound that closes the list.
    """
    words = tokens(text)
    out = list(words)
    for i in range(len(words)):
        closing = _closing_word(words, i, analyzer)
        if closing:
            out.append(closing[0])
    return out


def _closing_word(words: list[str], i: int, analyzer: SwedishAnalyzer) -> tuple[str, str] | None:
    """For a suspended word at `i` ("IT-"), return its completed form and the conjunction."""
    word = words[i]
    if not word.endswith("-") or len(word) < 2:
        return None
    for k in range(i + 1, min(i + 6, len(words) - 1)):
        conjunction = words[k].casefold()
        if conjunction in _CONJUNCTIONS:
            parts = analyzer.split(words[k + 1].casefold())
            return (f"{word}{parts[-1]}", conjunction) if parts else None
    return None


_CONJUNCTIONS = ("och", "eller", "samt", "resp")


def text_terms(text: str, analyzer: SwedishAnalyzer) -> TermSet:
    """Return every index term of `text` (stems and compound parts), aliases folded."""
    terms: set[str] = set()
    for token in completed_tokens(text, analyzer):
        terms.update(canonical(t) for t in analyzer.word_terms(token.casefold().strip("-:")))
    return TermSet(terms)


# --- The question ------------------------------------------------------------------------------


def build_query(
    text: str, lang: str, analyzer: SwedishAnalyzer, doc_freq: Callable[[str], int] | None = None,
    total_docs: int = 0, drop: Iterable[str] = (),
) -> Query:
    """Return the units and anchors of question text `text` (already stripped of its frame).

    `doc_freq(word)` gives how many indexed chunks hold a word; with it, units are weighted
    by inverse document frequency, otherwise equally. Words in `drop` (casefolded) are not
    units. English words missing from the glossary become units that nothing covers, at a
    low weight: they may be function words the glossary does not know.
    """
    skip = {w.casefold() for w in drop}
    raw: list[tuple[str, tuple[str, ...] | None]]
    dates, rest = date_units(text)
    words = glossary_units(rest) if lang == "en" else _swedish_units(rest, analyzer)
    raw = [(label, alts) for label, alts in [*words, *dates] if label.casefold() not in skip]
    units = []
    for label, alternatives in raw:
        if alternatives is None:
            units.append(Unit(label, (), -1.0))
            continue
        analysed = tuple(_analysed(alt, analyzer) for alt in alternatives)
        analysed = tuple(a for a in analysed if a)
        if analysed:
            units.append(Unit(label, analysed, _weight(alternatives, analyzer, doc_freq, total_docs)))
    known = [u.weight for u in units if u.weight > 0]
    floor = 0.5 * min(known) if known else 1.0
    units = [u if u.weight > 0 else Unit(u.label, u.alternatives, floor) for u in units]
    return Query(_merge_duplicates(units), anchor_patterns(text))


_MONTH_NUMBERS = {
    m: i + 1
    for i, m in enumerate(
        "januari februari mars april maj juni juli augusti september oktober november december".split()
    )
} | {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_DATE = re.compile(
    r"\b(?:(\d{1,2})\s+)?(" + "|".join(_MONTH_NUMBERS) + r")\s+((?:19|20)\d\d)\b", re.I
)


def date_units(text: str) -> tuple[list[tuple[str, tuple[str, ...] | None]], str]:
    """Return the dates written out in `text` as units, and `text` without them.

    "8 december 2025" may be found as written or as the ISO date of a section
    ("2025-12-08"); "december 2025" also as "2025-12".
    """
    units: list[tuple[str, tuple[str, ...] | None]] = []
    for m in _DATE.finditer(text):
        month = _MONTH_NUMBERS[m.group(2).casefold()]
        iso = f"{m.group(3)}-{month:02d}" + (f"-{int(m.group(1)):02d}" if m.group(1) else "")
        units.append((m.group(0), (f"{m.group(2)} {m.group(3)}", iso)))
    return units, _DATE.sub(" ", text)


def _swedish_units(text: str, analyzer: SwedishAnalyzer) -> list[tuple[str, tuple[str, ...] | None]]:
    """Return the content words of a Swedish question with their alternatives.

    "X eller Y" is one unit with two alternatives; a suspended "IT- eller
    informationssäkerhet" is completed first ("IT-säkerhet" or "informationssäkerhet").
    """
    words = tokens(text)
    units: list[tuple[str, tuple[str, ...] | None]] = []
    pending: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        folded = word.casefold().strip("-:")
        closing = _closing_word(words, i, analyzer)
        if closing:
            if closing[1] == "eller":
                pending.append(closing[0])
            else:
                units.append((closing[0], (closing[0],)))
        elif folded and folded not in STOPWORDS and folded not in QUESTION_WORDS and not word.endswith("-"):
            group = [*pending, word, *_synonyms(word, analyzer)]
            pending = []
            while i + 2 < len(words) and words[i + 1].casefold() == "eller":
                group.append(words[i + 2])
                i += 2
            units.append((" eller ".join(group), tuple(group)))
        i += 1
    return units


def _synonyms(word: str, analyzer: SwedishAnalyzer) -> tuple[str, ...]:
    terms = analyzer.word_terms(word.casefold())
    return SWEDISH_SYNONYMS.get(terms[0], ()) if terms else ()


def _analysed(alternative: str, analyzer: SwedishAnalyzer) -> tuple[Word, ...]:
    return tuple(w for w in (word_of(t, analyzer) for t in tokens(alternative)) if w)


def _weight(
    alternatives: tuple[str, ...], analyzer: SwedishAnalyzer,
    doc_freq: Callable[[str], int] | None, total_docs: int,
) -> float:
    """Return the BM25 idf of the commonest alternative (a compound counts as its rarest part)."""
    if doc_freq is None or total_docs <= 0:
        return 1.0
    freqs = []
    for alt in alternatives:
        pieces = []
        for token in tokens(alt):
            token = token.casefold().strip("-:")
            parts = [p for piece in token.split("-") for p in (analyzer.split(piece) or (piece,))]
            pieces.append(min(doc_freq(p) for p in parts) if parts else 0)
        freqs.append(min(pieces) if pieces else 0)
    df = max(freqs) if freqs else 0
    return math.log(1 + (total_docs - df + 0.5) / (df + 0.5))


def _merge_duplicates(units: list[Unit]) -> list[Unit]:
    seen: dict[tuple, Unit] = {}
    for unit in units:
        seen.setdefault(unit.alternatives or (unit.label,), unit)
    return list(seen.values())


# --- Anchors: names and numbers the answer must be about ---------------------------------------

_COMMON_ACRONYMS = frozenset({"it", "ai", "eu", "vd", "pdf"})
_MONTHS = frozenset(
    """januari februari mars april maj juni juli augusti september oktober november december
    january february march may june july august october""".split()
)


def anchor_patterns(question: str) -> list[re.Pattern[str]]:
    """Return patterns for the names, numbers and organs in `question`.

    A name is a run of capitalised words after the first word (each may carry a genitive
    -s or ":s"), an acronym, or a word with digits ("4M", also found as "4 M"); a number of
    two or more digits stands alone. Words of one run must appear together, so "Region
    Västmanland" is not found in "regioner ... Västmanlands". Month names are not names.
    A named organ ("äldrenämnden", "tekniska nämnden") is an anchor too; plain "nämnden" is not.
    """
    words = tokens(question)
    runs: list[list[str]] = []
    current: list[str] = []
    for i, token in enumerate(words):
        pieces = [p for p in re.split(r"[-:]", token.strip("-")) if p]
        named = [p for p in pieces if _is_name(p, i)]
        if named and len(named) == len(pieces) and len(pieces) == 1 and not pieces[0].isdigit():
            current.append(pieces[0])
            continue
        if current:
            runs.append(current)
            current = []
        runs.extend([p] for p in named)
    if current:
        runs.append(current)
    patterns = [re.compile(rf"(?<!\w){_run_pattern(run)}(?!\w)", re.I) for run in runs]
    return patterns + _organ_patterns(words)


def _run_pattern(run: list[str]) -> str:
    def one(word: str) -> str:
        base = re.escape(_base(word))
        if re.fullmatch(r"\d+[A-Za-zÅÄÖåäö]+|[A-Za-zÅÄÖåäö]+\d+", word):
            base = r"\s?".join(re.escape(p) for p in re.findall(r"\d+|\D+", word))
        return base + r"(?:s|:s|n|en|na|ns|ens|erna)?"

    return r"[\W_]+".join(one(w) for w in run)


_ORGAN_WORD = re.compile(r"^(?:\w{3,}(?:nämnd|styrelse|fullmäktige)|nämnd|styrelse)(?:en|ens|s|n|ns)?$", re.I)


def _organ_patterns(words: list[str]) -> list[re.Pattern[str]]:
    """Return patterns for organs the question names: a compound ("äldrenämnden") or an
    adjective before "nämnden"/"styrelsen" ("tekniska nämnden")."""
    patterns = []
    for i, word in enumerate(words):
        if not _ORGAN_WORD.match(word):
            continue
        stem = re.sub(r"(?:en|ens|s|n|ns)$", "", word.casefold())
        if stem not in ("nämnd", "styrelse"):
            patterns.append(re.compile(rf"(?<!\w){re.escape(stem)}", re.I))
        elif i > 0 and re.fullmatch(r"[a-zåäö]{3,}a", words[i - 1].casefold()):
            patterns.append(re.compile(rf"(?<!\w){re.escape(words[i - 1])}\W+{stem}", re.I))
    return patterns


def _is_name(piece: str, position: int) -> bool:
    if piece.isdigit():
        return len(piece) >= 2
    folded = piece.casefold()
    if folded in _COMMON_ACRONYMS or folded in _MONTHS:
        return False
    if any(c.isdigit() for c in piece) and any(c.isalpha() for c in piece):
        return True
    if len(piece) > 1 and piece.isupper():
        return True
    return position > 0 and piece[:1].isupper() and len(piece) > 1


def _base(word: str) -> str:
    """Drop a genitive ending: "Lundkvists" -> "Lundkvist", "GR:s" -> "GR"."""
    word = re.sub(r":s$", "", word)
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def anchors_found(query: Query, text: str) -> bool:
    """Return True when every anchor of `query` occurs in `text`."""
    return all(p.search(text) for p in query.anchors)


# --- Scoring -------------------------------------------------------------------------------------


def coverage(query: Query, own: TermSet, context: TermSet) -> tuple[float, float]:
    """Return `(support, own_share)` of a sentence with terms `own` in a section with `context`.

    `own_share` is the weighted share of units the sentence covers itself; `support` adds
    half credit for what only the context covers. Both are 0 for a query without units.
    """
    total = query.total
    if total <= 0:
        return 0.0, 0.0
    mine = theirs = 0.0
    for unit in query.units:
        here = unit.cover(own)
        there = unit.cover(context)
        mine += unit.weight * here
        theirs += unit.weight * max(0.0, there - here) * 0.5
    return (mine + theirs) / total, mine / total


def unit_hits(query: Query, terms: TermSet, at_least: float = 0.8) -> list[Unit]:
    """Return the units that `terms` cover at least `at_least`."""
    return [u for u in query.units if u.cover(terms) >= at_least]


def display(text: str) -> str:
    """Return a sentence as it is quoted: whitespace collapsed, a word broken at a line end
    rejoined ("utvecklings- arbetet" -> "utvecklingsarbetet"; "barn- och" stays), e-mail
    addresses and phone numbers left out, and a quotation mark that opens or closes a
    quotation outside the sentence dropped."""
    text = _BROKEN.sub(r"\1", normalise_ws(_CONTACT.sub(" ", text)))
    if sum(text.count(q) for q in "\"”“") % 2:
        text = re.sub(r"^[\"”“]\s*|(?<=[.!?])\s*[\"”“]$|[\"”“](?=[.!?]?$)", "", text, count=1)
    return text.strip()


_CONTACT = re.compile(r"\S+@\S+|(?<!\w)0\d{1,3}[-\s]\d{2,3}(?:[\s-]?\d{2}){1,3}(?!\w)")

_BROKEN = re.compile(r"(\w)- (?!(?:och|eller|samt|resp|till|som|men)\b)(?=[a-zåäö])")

