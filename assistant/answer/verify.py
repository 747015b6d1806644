"""Citation checks for generated answers: is every sentence backed by the sources it cites?

A generated answer is cut into units (sentences, and list lines such as "- Kulturnämnden:
… [3]"). Each unit that makes a claim must cite at least one `[n]`, every cited `n` must
be a source that was given to the model, and the cited sources must support it:

- numbers of three or more digits (amounts, years, §, Dnr) must occur in a cited source;
- enough of its content terms must occur in the cited sources (`min_overlap`); for an
  English unit over Swedish sources the terms go through the glossary first, and half the
  share is enough, since only names, numbers and glossary words can match;
- the unit's embedding (as a query) must come within `min_similarity` cosine of a cited
  source, whole or one of its two-sentence windows.

This catches invented citation numbers, claims pinned on the wrong source and invented
figures. It cannot see a fluent contradiction of a source ("avslog" where the source says
"godkände"): that needs an entailment model, which we do not ship.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.answer.language import detect_language, glossary_units, language_counts
from assistant.settings import LlmSettings
from index.analyzer import SwedishAnalyzer
from index.embedders.base import Embedder
from index.text import split_sentences

MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_MARKERS_ONLY = re.compile(r"^(?:\s*\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\])+[\s.,;:!?]*$")
_LEADING_MARKERS = re.compile(r"^((?:\s*\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\])+[.,;:]?)\s*")
NO_ANSWER = re.compile(
    r"besvarar inte frågan|inget stöd för det|do(?:es)? not answer the question|"
    r"don't answer the question|no support for (?:that|this)",
    re.IGNORECASE,
)
SOURCE_LIST = re.compile(
    r"^\s*(?:#+\s*)?\**\s*(?:källor|källförteckning|referenser|sources|references)\s*\**\s*:?\s*\**\s*$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[ \u00a0.,]\d{3}(?!\d))*(?:[.,]\d+)?")
_CONTENT = re.compile(r"[^\W\d_]{3,}")


@dataclass
class Unit:
    """One sentence or list line of an answer, the whitespace before it, and the offset
    just past it (its citation markers included) in the text it was cut from. `flaw` says
    why the unit is dropped unchecked (it repeats an earlier one, it was cut off)."""

    text: str
    sep: str = ""
    end: int = 0
    flaw: str | None = None


@dataclass
class SentenceCheck:
    """The verdict on one unit. `status` is "supported", "unsupported", "skipped" (no
    claim, e.g. "Sammanfattning:") or "no_answer" (the model says the sources do not answer)."""

    text: str
    cites: list[int]
    status: str
    reason: str | None = None
    similarity: float | None = None
    overlap: float | None = None

    @property
    def kept(self) -> bool:
        return self.status != "unsupported"


@dataclass
class Verification:
    """All checks of one answer and whether the extractive answer replaced it."""

    checks: list[SentenceCheck] = field(default_factory=list)
    fallback: bool = False
    stopped: str | None = None

    @property
    def checked(self) -> int:
        return sum(c.status in ("supported", "unsupported") for c in self.checks)

    @property
    def unsupported(self) -> int:
        return sum(c.status == "unsupported" for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        """Return `{checked, unsupported, invalid_citations, fallback, stopped, dropped}`;
        `stopped` says why the reply was cut short ("repetition", "chat-template token")."""
        invalid = sum(1 for c in self.checks if c.reason and c.reason.startswith("cites ["))
        return {
            "checked": self.checked,
            "unsupported": self.unsupported,
            "invalid_citations": invalid,
            "fallback": self.fallback,
            "stopped": self.stopped,
            "dropped": [
                {"sentence": c.text, "reason": c.reason} for c in self.checks if not c.kept
            ],
        }


def cited_numbers(text: str) -> list[int]:
    """Return the source numbers a text cites, in order of first mention."""
    found: list[int] = []
    for match in MARKER.finditer(text):
        for part in re.split(r"\s*[,;]\s*", match.group(1)):
            if int(part) not in found:
                found.append(int(part))
    return found


def strip_markers(text: str) -> str:
    """Return `text` without its `[n]` markers, whitespace tidied."""
    return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s*" + MARKER.pattern, "", text)).strip()


def split_units(text: str) -> list[Unit]:
    """Return the units of `text`: each line cut into sentences, with a marker-only piece
    ("[2].") or leading markers joined to the sentence before them."""
    units: list[Unit] = []
    pos = 0
    for line in re.finditer(r"[^\n]+", text):
        for start, end in split_sentences(line.group()):
            piece, at = line.group()[start:end], line.start() + start
            gap, pos = text[pos:at], line.start() + end
            lead = _LEADING_MARKERS.match(piece)
            if units and lead and "\n" not in gap:
                moved = piece if _MARKERS_ONLY.match(piece) else lead.group(0)
                units[-1].text += " " + moved.strip()
                units[-1].end = at + len(moved.rstrip())
                piece, at, gap = piece[len(moved) :], at + len(moved), " "
            if piece:
                units.append(Unit(piece, _sep(gap), pos))
    return units


def _sep(gap: str) -> str:
    if "\n\n" in gap:
        return "\n\n"
    if "\n" in gap:
        return "\n"
    return " " if gap else ""


class UnitStream:
    """Cuts streamed text into units as soon as each is complete.

    A unit is complete when another unit follows it that does not start with "[" (which
    may be its citation still arriving). `flush()` returns the rest at the end. `prepare`,
    if given, rewrites the buffer before it is cut, with `final` False while more may
    arrive; it must be idempotent, since it sees the same text again as more arrives
    (`tidy.tidy_text` is).
    """

    def __init__(self, prepare: Callable[[str, bool], str] | None = None) -> None:
        self._buffer = ""
        self._prepare = prepare

    @property
    def pending(self) -> str:
        """The text received but not yet released as units."""
        return self._buffer

    def feed(self, piece: str) -> list[Unit]:
        """Add streamed text; return the units it completed."""
        self._buffer += piece
        if self._prepare:
            self._buffer = self._prepare(self._buffer, False)
        units = split_units(self._buffer)
        keep = 2 if units and units[-1].text.lstrip().startswith("[") else 1
        done = units[:-keep] if len(units) > keep else []
        if done:
            self._buffer = self._buffer[done[-1].end :]
        return done

    def flush(self) -> list[Unit]:
        """Return the units still buffered, at the end of the stream."""
        text = self._prepare(self._buffer, True) if self._prepare else self._buffer
        units, self._buffer = split_units(text), ""
        return units


def normalise_numbers(text: str) -> set[str]:
    """Return the numbers in `text` with thousands separators removed ("69 000" -> "69000")."""
    out = set()
    for match in _NUMBER.finditer(text):
        raw = re.sub(r"(?<=\d)[ \u00a0.,](?=\d{3}(?!\d))", "", match.group())
        out.add(raw.replace(",", "."))
    return out


class Verifier:
    """Checks units against numbered source texts with the embedder and the analyzer.

    Source passages are embedded lazily, once per answer, and only for cited sources.
    """

    def __init__(
        self,
        sources: dict[int, str],
        embedder: Embedder,
        settings: LlmSettings,
        analyzer: SwedishAnalyzer | None = None,
        lang: str | None = None,
    ) -> None:
        self.sources = sources
        self.lang = lang
        self.embedder = embedder
        self.settings = settings
        self.analyzer = analyzer or SwedishAnalyzer.fit(sources.values())
        self._vectors: dict[int, np.ndarray] = {}
        self._windows: dict[int, np.ndarray] = {}
        self._terms: dict[int, set[str]] = {}
        self._numbers: dict[int, set[str]] = {}

    def check(self, text: str) -> SentenceCheck:
        """Return the verdict on one unit of a generated answer."""
        cites = cited_numbers(text)
        plain = strip_markers(text)
        if NO_ANSWER.search(plain):
            return SentenceCheck(text, cites, "no_answer")
        # Only English in a Swedish answer is foreign: an English answer may quote the
        # Swedish documents, as the extractive answerer does.
        if self.lang == "sv" and in_other_language(plain, "sv"):
            return SentenceCheck(
                text, cites, "unsupported", "written in English; the question is in Swedish"
            )
        if not cites:
            if len(_CONTENT.findall(plain)) < 3 and not re.search(r"\d", plain):
                return SentenceCheck(text, cites, "skipped")
            return SentenceCheck(text, cites, "unsupported", "no citation")
        unknown = [n for n in cites if n not in self.sources]
        if unknown:
            listed = ", ".join(f"[{n}]" for n in unknown)
            return SentenceCheck(
                text, cites, "unsupported", f"cites {listed}, which is not a source"
            )
        return self._check_support(text, plain, cites)

    def _check_support(self, text: str, plain: str, cites: list[int]) -> SentenceCheck:
        """Check the cheap things first (numbers, words), the embedding only if they pass."""
        check = SentenceCheck(text, cites, "unsupported")
        missing = self._missing_numbers(plain, cites)
        if missing:
            check.reason = f"{', '.join(sorted(missing))} not in the cited sources"
            return check
        overlap = self.overlap(plain, cites)
        check.overlap = None if overlap is None else round(overlap, 3)
        needed = self.settings.min_overlap / (2 if detect_language(plain) == "en" else 1)
        if overlap is not None and overlap < needed:
            check.reason = f"too few of its words in the cited sources ({overlap:.0%})"
            return check
        similarity = self.similarity(plain, cites)
        check.similarity = round(similarity, 4)
        if similarity < self.settings.min_similarity:
            check.reason = f"too far from the cited sources (cosine {similarity:.2f})"
            return check
        check.status = "supported"
        return check

    def similarity(self, plain: str, cites: list[int]) -> float:
        """Return the best cosine between the unit (as a query) and a cited passage.

        Whole sources are tried first; their two-sentence windows are embedded only when
        no whole source is close enough, since a window can only raise the best score.
        """
        query = np.asarray(self.embedder.embed_query(plain), dtype=np.float32)
        best = max(float(self._whole(n) @ query) for n in cites)
        if best >= self.settings.min_similarity:
            return best
        return max(best, *(float((self._windows_of(n) @ query).max()) for n in cites))

    def overlap(self, plain: str, cites: list[int]) -> float | None:
        """Return the share of the unit's content terms found in the cited sources, or None
        when it has none to compare (then only the embedding decides)."""
        terms = set().union(*(self._source_terms(n) for n in cites))
        if detect_language(plain) == "en":
            units = [alts for _, alts in glossary_units(plain) if alts]
            hits = [any(self._covered(alt, terms) for alt in alts) for alts in units]
        else:
            own = list(dict.fromkeys(self.analyzer.analyze(_join_thousands(plain))))
            hits = [t in terms for t in own]
        return sum(hits) / len(hits) if hits else None

    def _covered(self, phrase: str, terms: set[str]) -> bool:
        wanted = set(self.analyzer.analyze(_join_thousands(phrase)))
        return bool(wanted) and wanted <= terms

    def _missing_numbers(self, plain: str, cites: list[int]) -> set[str]:
        have = set().union(*(self._source_numbers(n) for n in cites))
        wanted = {n for n in normalise_numbers(plain) if len(n.replace(".", "")) >= 3}
        return wanted - have

    def _whole(self, n: int) -> np.ndarray:
        if n not in self._vectors:
            self._vectors[n] = np.asarray(self.embedder.embed_passages([self.sources[n]])[0])
        return self._vectors[n]

    def _windows_of(self, n: int) -> np.ndarray:
        if n not in self._windows:
            text = self.sources[n]
            sentences = [text[a:b] for a, b in split_sentences(text)]
            windows = [" ".join(sentences[i : i + 2]) for i in range(max(len(sentences) - 1, 1))]
            vectors = self.embedder.embed_passages([w for w in windows if w] or [text])
            self._windows[n] = np.asarray(vectors, dtype=np.float32)
        return self._windows[n]

    def _source_terms(self, n: int) -> set[str]:
        if n not in self._terms:
            self._terms[n] = set(self.analyzer.analyze(_join_thousands(self.sources[n])))
        return self._terms[n]

    def _source_numbers(self, n: int) -> set[str]:
        if n not in self._numbers:
            self._numbers[n] = normalise_numbers(self.sources[n])
        return self._numbers[n]


def _join_thousands(text: str) -> str:
    return re.sub(r"(?<=\d)[ \u00a0.,](?=\d{3}(?!\d))", "", text)


def in_other_language(plain: str, lang: str) -> bool:
    """True when `plain` reads as the other language than `lang` ("sv"/"en"): at least two
    function words of that language, and more of them than of `lang`'s. Names, numbers and
    single borrowed words do not make a sentence foreign."""
    sv, en = language_counts(plain)
    own, other = (sv, en) if lang == "sv" else (en, sv)
    return other >= 2 and other > own


def needs_fallback(verification: Verification, min_share: float) -> bool:
    """True when too little of a generated answer survived: no supported unit at all, or
    a smaller share of the checked units than `min_share`."""
    supported = verification.checked - verification.unsupported
    if supported == 0:
        return True
    return supported / verification.checked < min_share


class AnswerFilter:
    """Lets through the units of a generated answer that pass, as they arrive.

    A unit without a claim ("Sammanfattning:") waits for the next supported unit and is
    dropped if none follows; units after a list of sources the model wrote itself
    ("Källor:") are ignored, since kommunrag appends its own. `kept` is what passed.
    """

    def __init__(self, verifier: Verifier) -> None:
        self.verifier = verifier
        self.verification = Verification()
        self.kept: list[Unit] = []
        self._pending: list[Unit] = []
        self._closed = False

    def offer(self, unit: Unit) -> list[Unit]:
        """Check one unit; return the units that may be shown now (possibly none)."""
        if self._closed:
            return []
        if SOURCE_LIST.match(unit.text):
            self._closed = True
            return []
        if unit.flaw:
            check = SentenceCheck(unit.text, cited_numbers(unit.text), "unsupported", unit.flaw)
            self.verification.checks.append(check)
            return []
        check = self.verifier.check(unit.text)
        self.verification.checks.append(check)
        if check.status == "skipped":
            self._pending.append(unit)
            return []
        if check.status != "supported":
            return []
        released, self._pending = [*self._pending, unit], []
        self.kept += released
        return released

    def offer_text(self, text: str) -> list[Unit]:
        """Check a whole answer; return the units that pass."""
        for unit in split_units(text):
            self.offer(unit)
        return self.kept


def join_units(units: list[Unit]) -> str:
    """Return the text the units make, first separator dropped."""
    return "".join(u.sep + u.text for u in units).strip()
