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
from functools import lru_cache

import Stemmer

from assistant.answer.anchors import anchor_patterns
from assistant.answer.answer_types import names_role
from assistant.answer.cognates import spellings, with_diacritics
from assistant.answer.language import (
    STRONG_VERB_STEMS,
    SWEDISH_SYNONYMS,
    VERB_PARTICLES,
    date_units,
    glossary_units,
    matter_compound,
    tokens,
    without_english_organ_names,
)
from index.analyzer import STOPWORDS, SwedishAnalyzer
from index.lexicon import MONTH_PATTERN, PARTY_BY_NAME
from index.text import normalise_ws

# Different stems of one word family that the Snowball stemmer keeps apart.
STEM_ALIASES = {
    "kostn": "kost", "kostnad": "kost", "kostnader": "kost",
    "reservation": "reserver", "reservationer": "reserver",
    "yrkand": "yrk", "beslutad": "beslut", "beslutat": "beslut",
    "ordförandeskap": "ordför", "ansvar": "ansv",
    "invånar": "invån", "föreslag": "förslag", "föreslog": "förslag", "föreslå": "förslag",
    "antog": "ant", "antag": "ant", "biföll": "bifall", "avslog": "avslag", "avslå": "avslag",
    "godkänd": "godkän", "ledamöt": "ledamot", "invändning": "invänd", "reserv": "reserver",
    "avstod": "avst", "avstår": "avst", "avstå": "avst", "deltog": "delt",
    "vald": "välj", "antagit": "ant",
    # the infinitive of a short verb, which Snowball keeps apart from its present in -r
    # ("att ge en utredare i uppdrag" says what "gav" and "ger" do)
    "ge": "ger", "ta": "tar", "gå": "går", "se": "ser", "stå": "står", "slå": "slår",
    "dra": "drar",
    # "år", whose genitive and definite forms Snowball keeps ("under 54 års tid")
    "års": "år", "åren": "år", "årens": "år",
    # "plats", which Snowball cuts to "plat" while its plural "platser" stems to "plats"
    "plat": "plats",
}  # fmt: skip
# Past forms of strong and irregular verbs, also ending a compound ("överlät" ~ "överlåter",
# "erbjöd" ~ "erbjuder"), each with the stem Snowball gives the present tense: the stemmer
# keeps the vowel change, so "Till vem överlät kommunstyrelsen…" missed "överlåter".
_STRONG_PAST = (
    ("lät", "låt"), ("bröt", "bryt"), ("brutit", "bryt"), ("beslöt", "beslut"),
    ("beslutit", "beslut"), ("skrev", "skriv"), ("skrivit", "skriv"), ("höll", "håll"),
    ("hållit", "håll"), ("stod", "står"), ("stått", "står"), ("gav", "ger"), ("givit", "ger"),
    ("ersat", "ersät"), ("bjöd", "bjud"), ("bjudit", "bjud"), ("blev", "blir"),
    ("blivit", "blir"), ("brann", "brinn"), ("dragit", "drar"), ("drev", "driv"),
    ("drivit", "driv"), ("föll", "fall"), ("fallit", "fall"), ("fann", "finn"),
    ("funnit", "finn"), ("fick", "får"), ("fått", "får"), ("gick", "går"), ("gått", "går"),
    ("gjord", "gör"), ("gjort", "gör"), ("grep", "grip"), ("gripit", "grip"),
    ("kommit", "komm"), ("sett", "ser"), ("såg", "ser"), ("sköt", "skjut"),
    ("skjutit", "skjut"), ("slog", "slår"), ("slagit", "slår"), ("slöt", "slut"),
    ("slutit", "slut"), ("sagt", "säg"), ("tog", "tar"), ("tagit", "tar"), ("vann", "vinn"),
    ("vunnit", "vinn"), ("valt", "välj"), ("såld", "sälj"), ("sålt", "sälj"),
    ("burit", "bär"), ("gett", "ger"), ("låtit", "låt"), ("frös", "frys"), ("stigit", "stig"),
    ("strök", "stryk"), ("gälld", "gäll"),
)  # fmt: skip
# Left out because another word ends the same way: "satt" (sitta, and sätta's participle),
# "lade" (stems to "lad", as in "blad"), "låg" (the adjective), "bar" ("hållbar"), "band",
# "drog" (the noun), "steg", "bad", "bett", "kunde" (stems to "kund"), "legat".

_SNOWBALL = Stemmer.Stemmer("swedish")

# Swedish question words that carry no topic beyond what `intent` reads from them.
_QUESTION_WORDS = (
    "hur många länge lång vilket vilken vilka datum när var vem vems vad finns fanns gäller "
    "står stod "
    "tog fick får gjorde gör blev kom hålls hölls ligger låg hade sa sade sagt säger "
    "person personer ledamot ledamöter ledamöterna "
    # "fatta beslut" is a support verb: the decision is in "beslut" ("Hur fattade nämnden
    # sitt beslut?" is answered by "Nämnden beslutade utan omröstning …").
    "fatta fattar fattade fattat "
    # What an organ "tycker" or would "göra" with a matter asks for its position, which the
    # documents write as a decision or a proposal, never with these words ("Vad tycker
    # kommunstyrelsen att fullmäktige ska göra med motionen?" - "Motionen bifalles").
    "tycker tyckte tycka göra"
)
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())


class TermSet:
    """Index terms of a text, matched loosely: a stem also finds a term it is a prefix of,
    or that is a prefix of it, when both have five letters or more and differ by at most
    three ("program" ~ "programmet", "remiss" ~ "remissvar"). Snowball leaves such pairs apart.

    A stem of five letters or more also finds a compound it is the head of: Swedish puts the
    word that names the kind of thing last, after a modifier, and a compound the corpus
    writes too seldom for the analyzer to split ("kompetensförsörjning") is still a kind of
    "försörjning". The head must follow a modifier of four letters or more and may carry an
    ending of at most four letters ("avtal" ~ "samverkansavtalet").

    A verb and the noun of its act are one word family: Swedish names an act by the verb's
    stem and "-ning", "-ande", "-ende" or "-else" ("ombilda" ~ "ombildning", "besluta" ~
    "beslutande"), which is more than the three letters the prefix rule allows.
    """

    __slots__ = ("exact", "_prefixes", "_heads", "_verbs")

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.exact = set(terms)
        self._prefixes = {t[:k] for t in self.exact for k in range(max(5, len(t) - 3), len(t))}
        self._heads: dict[str, list[str]] | None = None
        self._verbs = {verb for t in self.exact if (verb := verb_of_act(t))}

    def __contains__(self, stem: object) -> bool:
        if not isinstance(stem, str):
            return False
        if stem in self.exact or stem in self._prefixes or stem in self._verbs:
            return True
        if any(stem[:k] in self.exact for k in range(max(5, len(stem) - 3), len(stem))):
            return True
        # an inflected verb ("uppföljdes", "utredd") finds the noun of its act
        if any(stem[:k] in self._verbs for k in range(max(5, len(stem) - 2), len(stem))):
            return True
        verb = verb_of_act(stem)
        if verb and (verb in self.exact or verb in self._verbs):
            return True
        return len(stem) >= _HEAD and self._heads_of(stem)

    def _heads_of(self, stem: str) -> bool:
        """Return True when some compound term ends in `stem` as its head (see the class)."""
        if self._heads is None:
            self._heads = {}
            for term in self.exact:
                for at in range(_MODIFIER, len(term) - _HEAD + 1):
                    self._heads.setdefault(term[at : at + _HEAD], []).append(term[at:])
        for head in self._heads.get(stem[:_HEAD], ()):
            if head.startswith(stem):
                if len(head) - len(stem) <= _ENDING:
                    return True
            elif stem.startswith(head) and len(stem) - len(head) <= 3:
                return True
        return False

    def __or__(self, other: TermSet) -> TermSet:
        return TermSet(self.exact | other.exact)


# Letters of a compound's head, of the modifier before it and of the ending after it.
_HEAD, _MODIFIER, _ENDING = 5, 4, 4
# The suffixes that name a verb's act, after a verb stem of five letters or more, ending the
# word with at most an inflection (not the modifier of a compound: "upplåningsbehov" is no act
# of "upplåta").
_ACT_NOUN = re.compile(r"^(\w{5,}?)(?:ning|ande|ende|else)(?:en|ens|ar|arna|et|er|erna|n|r|s)?$")


def verb_of_act(stem: str) -> str | None:
    """Return the verb stem of a noun naming its act ("ombildning" -> "ombild"), else None."""
    found = _ACT_NOUN.match(stem)
    return found.group(1) if found else None


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

    def head_found(self, terms: TermSet) -> bool:
        """Return True when `terms` hold a compound with this unit's head (see `shares_head`):
        "belysningsstolpar" names the same kind of thing as "lyktstolpar"."""
        return any(
            words and any(shares_head(words[-1].stem, term) for term in terms.exact)
            for words in self.alternatives
        )


# Swedish compounds put the kind of thing in their last part (the head): "lyktstolpar" and
# "belysningsstolpar" are both "stolpar". A head shorter than HEAD_MIN letters, or one that is
# a derivational ending ("-ation", "-ering"), names no kind of thing.
HEAD_MIN = 5
_DERIVATIONAL = ("ation", "ering", "itet", "ning", "ande", "ende", "else", "het", "skap", "ism")


def shares_head(stem: str, term: str) -> bool:
    """Return True when `stem` and `term` (index stems) are compounds, or a compound and its
    head, that end in the same head of `HEAD_MIN` letters or more."""
    if stem == term or min(len(stem), len(term)) < HEAD_MIN:
        return False
    n = 0
    while n < min(len(stem), len(term)) and stem[-1 - n] == term[-1 - n]:
        n += 1
    head = stem[len(stem) - n :]
    if n < HEAD_MIN or any(
        head == e or (len(head) - len(e) < 3 and head.endswith(e)) for e in _DERIVATIONAL
    ):
        return False
    return n < len(stem) or n < len(term)


@dataclass
class Query:
    """The question's units and the names (anchors) a supporting passage must mention."""

    units: list[Unit]
    anchors: list[re.Pattern[str]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(u.weight for u in self.units)


# --- Words and terms -------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def canonical(term: str) -> str:
    """Return the stem that stands for `term`'s word family (see `STEM_ALIASES`), with the
    definite endings Snowball keeps folded away (`fold_definite`)."""
    if term in STEM_ALIASES:
        return STEM_ALIASES[term]
    for past, present in _STRONG_PAST:
        if term.endswith(past):
            return fold_definite(term[: len(term) - len(past)] + present)
    return fold_definite(term)


def fold_definite(stem: str) -> str:
    """Return a Snowball stem with the two noun endings Swedish Snowball leaves on removed.

    - A short vowel's m or n is single at the end of a word and doubled before an ending
      ("program", "programmet", "programmen"; "man", "mannen"). Snowball leaves "-et" after
      the doubled letter and keeps the double, so "programmet" and "programmen" stem to
      "programmet" and "programm", apart from "program". The double folds to one letter and
      a "-et" after it goes.
    - The definite "-an" of nouns in -a ("frågan", "skolan") is never removed, while the
      indefinite stems without its -a ("fråg"). A stem of six letters or more loses it
      ("redan", "organ", "Johan" keep theirs).
    - The definite plural "-na" after a plural in -n ("yttrandena", "ärendena",
      "områdena") loses only its "a", leaving "yttranden" where "yttrande" and "yttranden"
      stem to "yttr". A stem that still ends in "-en" is stemmed once more: Snowball
      removes "-en" wherever its rules allow, so only such plurals change.

    A double folds only in a stem of five letters or more: short stems ("vinn", "finn",
    "damm", "komm") would meet other words ("vin", "fin", "dam"). Both the question and
    the sentence go through this. Examples: "digitaliseringsprogrammet" ->
    "digitaliseringsprogram", "kvinnan" -> "kvin" (as "kvinna" -> "kvinn" -> "kvin").
    """
    if stem.endswith("en"):
        stem = _SNOWBALL.stemWord(stem)
    if stem.endswith(("mmet", "nnet")) or (stem.endswith("an") and len(stem) >= 6):
        stem = stem[:-2]
    if stem.endswith(("mm", "nn")) and len(stem) >= 5:
        stem = stem[:-1]
    return stem


def word_of(token: str, analyzer: SwedishAnalyzer) -> Word | None:
    """Return the analysed form of one token, or None for a stop word. A compound the
    index does not split may still split here, when its modifier is known by its stem
    (`SwedishAnalyzer.loose_split`: "arvodesuppräkning" is found in "uppräkning av
    arvoden")."""
    folded = token.casefold().strip("-:")
    terms = [canonical(t) for t in analyzer.word_terms(folded)]
    if not terms:
        return None
    if len(terms) == 1 and "-" not in folded:
        terms += [
            canonical(t[0]) for p in analyzer.loose_split(folded) if (t := analyzer.word_terms(p))
        ]
    pieces = (
        tuple(canonical(found[0]) for p in folded.split("-") if (found := analyzer.word_terms(p)))
        if "-" in folded
        else ()
    )
    return Word(terms[0], tuple(t for t in terms[1:] if t != terms[0]), pieces)


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


# The part of a stretch of time a question dates by ("i slutet av september 2024", "i början
# av året", "mitten av 2023"): the words name when, which the date after them says, not what;
# a document writes the day itself ("den 25 september 2024").
_TIME_PART = re.compile(
    rf"\b(?:början|mitten|slutet)\s+av\s+(?=(?:{MONTH_PATTERN}|(?:19|20)\d\d|året|månaden"
    r"|veckan|våren|hösten)\b)",
    re.I,
)


def build_query(
    text: str,
    lang: str,
    analyzer: SwedishAnalyzer,
    doc_freq: Callable[[str], int] | None = None,
    total_docs: int = 0,
    drop: Iterable[str] = (),
    holds_word: Callable[[str], bool] | None = None,
) -> Query:
    """Return the units and anchors of question text `text` (already stripped of its frame).

    `doc_freq(word)` gives how many indexed chunks hold a word; with it, units are weighted
    by inverse document frequency, otherwise equally. Words in `drop` (casefolded) are not
    units. English words missing from the glossary become units that nothing covers, at a
    low weight: they may be function words the glossary does not know. `holds_word(word)`
    tells whether the index holds a word itself (not only its compound parts); with it, an
    English noun pair also finds its Swedish compound (`english_compounds`).
    """
    skip = {w.casefold() for w in drop}
    raw: list[tuple[str, tuple[str, ...] | None]]
    dates, rest = date_units(_TIME_PART.sub(" ", text) if lang != "en" else text)
    words = glossary_units(rest) if lang == "en" else _swedish_units(rest, analyzer)
    if lang == "en" and holds_word is not None:
        words = english_compounds(words, rest, holds_word)
    raw = [(label, alts) for label, alts in [*words, *dates] if label.casefold() not in skip]
    units = []
    spelt: dict[str, tuple[str, ...]] = {}
    for label, alternatives in raw:
        if alternatives and all(a.casefold() in QUESTION_WORDS for a in alternatives):
            continue  # "members", "ledamöter": what a person question asks for, not its topic
        if lang == "en" and doc_freq is not None:
            found = _english_spellings(label, alternatives, doc_freq)
            if alternatives == (label,) and found != alternatives and found:
                spelt[label] = found  # a name found with its diacritics back
            elif (
                found
                and label not in found
                and label.isupper()
                and doc_freq(label) < max(doc_freq(r) for r in found)
                and not names_role(" ".join(found))
            ):
                # An acronym English writes otherwise ("LGBTQ": "HBTQ") is found by the
                # Swedish one, or as written where a text uses it. Not an office's ("CEO":
                # "VD"): an office is not a name (see `answer_types.names_role`).
                spelt[label] = (label, *found)
            alternatives = found
        if not alternatives:
            units.append(Unit(label, (), -1.0))
            continue
        analysed = tuple(_analysed(alt, analyzer) for alt in alternatives)
        analysed = tuple(a for a in analysed if a)
        if analysed:
            units.append(
                Unit(label, analysed, _weight(alternatives, analyzer, doc_freq, total_docs))
            )
    known = [u.weight for u in units if u.weight > 0]
    floor = 0.5 * min(known) if known else 1.0
    units = [u if u.weight > 0 else Unit(u.label, u.alternatives, floor) for u in units]
    named = without_english_organ_names(text) if lang == "en" else text
    return Query(_merge_duplicates(units), anchor_patterns(named, spelt))


def english_compounds(
    units: list[tuple[str, tuple[str, ...] | None]], text: str, holds: Callable[[str], bool]
) -> list[tuple[str, tuple[str, ...] | None]]:
    """Return the glossary units of English `text` where two nouns stand side by side as a
    modifier and its head ("resource functions", "wartime organisation") each with, besides
    their own renderings, the Swedish compound of the two that the index holds
    (`holds(compound)`): Swedish writes such a pair as one word ("resursfunktioner"),
    its modifier joined as written, with a linking "s" ("försörjningsstöd") or without its
    final vowel ("skolgård"). Each unit is then covered by the one word that says both.
    """
    out = list(units)
    folded = " ".join(text.casefold().split())
    for i in range(len(units) - 1):
        (first, modifiers), (second, heads) = units[i], units[i + 1]
        if not modifiers or not heads or f"{first} {second}".casefold() not in folded:
            continue
        found: list[str] = []
        for modifier in modifiers:
            stems = {modifier, modifier + "s"}
            if modifier[-1:] in ("a", "e"):
                stems.add(modifier[:-1])
            for stem in sorted(stems):
                for head in heads:
                    compound = (stem + head).casefold()
                    if compound.isalpha() and compound not in found and holds(compound):
                        found.append(compound)
        if found:
            out[i] = (first, (*(out[i][1] or ()), *found))
            out[i + 1] = (second, (*(out[i + 1][1] or ()), *found))
    return out


def _english_spellings(
    label: str, alternatives: tuple[str, ...] | None, doc_freq: Callable[[str], int]
) -> tuple[str, ...] | None:
    """Return the alternatives of English question word `label` with the Swedish spellings
    the index holds (`doc_freq(spelling) > 0`) for a word the glossary lacks (as a loanword,
    `cognates.spellings`) and for a name the index lacks as written (with its diacritics
    back, `cognates.with_diacritics`: "Vasteras" -> "Västerås")."""
    if alternatives is None:
        found = tuple(s for s in spellings(label) if doc_freq(s) > 0)
        return found or None
    if alternatives == (label,) and label[:1].isupper() and doc_freq(label) == 0:
        found = tuple(s for s in with_diacritics(label) if doc_freq(s) > 0)
        return found or alternatives
    return alternatives


def unverified_as_unknown(query: Query, contexts: Iterable[TermSet]) -> Query:
    """Return `query` (of an English question) with each unit that no retrieved passage's
    `contexts` (its section and metadata terms) covers at half or more weighed like a word
    the glossary lacks: half the lightest weight of the units that are covered.

    An English word reaches the documents through a rendering; when not one retrieved
    passage holds it, the documents say the thing otherwise ("register a reservation" is
    "reserverar sig"), so its absence shows no more than that of an unknown word. A
    rendering that some passage holds keeps its weight.
    """
    contexts = list(contexts)
    found = {id(u) for u in query.units if any(u.cover(c) >= 0.5 for c in contexts)}
    known = [u.weight for u in query.units if id(u) in found]
    if not known or len(known) == len(query.units):
        return query
    floor = 0.5 * min(known)
    units = [
        u if id(u) in found else Unit(u.label, u.alternatives, min(u.weight, floor))
        for u in query.units
    ]
    return Query(units, query.anchors)


def _swedish_units(
    text: str, analyzer: SwedishAnalyzer
) -> list[tuple[str, tuple[str, ...] | None]]:
    """Return the content words of a Swedish question with their alternatives.

    "X eller Y" is one unit with two alternatives; a suspended "IT- eller
    informationssäkerhet" is completed first ("IT-säkerhet" or "informationssäkerhet").
    """
    words = _particle_after_subject(tokens(text))
    units: list[tuple[str, tuple[str, ...] | None]] = []
    pending: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        folded = word.casefold().strip("-:")
        closing = _closing_word(words, i, analyzer)
        particle = _particle_verb(words, i, analyzer)
        if closing:
            if closing[1] == "eller":
                pending.append(closing[0])
            else:
                units.append((closing[0], (closing[0],)))
        elif particle:
            units.extend(particle)
            i += 1
        elif (
            folded
            and folded not in STOPWORDS
            and folded not in QUESTION_WORDS
            and not word.endswith("-")
        ):
            group = [*pending, word, *_synonyms(word, analyzer)]
            if matter := matter_compound(word):
                group.append(" ".join(matter))  # "Fiskebäcksärendet": "Fiskebäck ärende"
            pending = []
            while i + 2 < len(words) and words[i + 1].casefold() == "eller":
                group.append(words[i + 2])
                i += 2
            units.append((" eller ".join(group), tuple(group)))
        i += 1
    return units


# Particles that are no preposition after a subject: "När lade kommunen ned skolan?"
_SEPARATED_PARTICLES = frozenset({"ned", "ner", "upp", "ut", "fram", "bort", "igenom", "ihop"})
# A preposition after the particle makes it an adverb of direction ("färjan ut till Vrångö").
_DIRECTIONS = frozenset({"till", "från", "i", "på", "mot", "ur", "åt", "genom", "över"})
# A subject between a verb and its particle: a pronoun or a noun in the definite form.
_SUBJECT = re.compile(r"(?:man|de|den|det|han|hon|vi|ni|[a-zåäö]{3,}(?:en|et|na|n))", re.I)


def _particle_after_subject(words: list[str]) -> list[str]:
    """Return `words` with a verb's particle moved back beside its verb when a question puts
    the subject between them ("lade kommunen ned" -> "lade ned kommunen"): a question
    inverts verb and subject, and the particle of a particle verb stays after the subject
    (see `_particle_verb`). Only a particle that cannot be a preposition there moves."""
    out = list(words)
    for i in range(len(out) - 2):
        verb, subject, particle = out[i], out[i + 1], out[i + 2]
        if (
            particle.casefold() in _SEPARATED_PARTICLES
            and verb[:1].islower()
            and verb.isalpha()
            and (
                (verb.casefold() not in STOPWORDS and verb.casefold() not in QUESTION_WORDS)
                or verb.casefold() in STRONG_VERB_STEMS
            )
            and subject[:1].islower()
            and _SUBJECT.fullmatch(subject)
            and subject.casefold() not in VERB_PARTICLES
            and (i + 3 >= len(out) or out[i + 3].casefold() not in _DIRECTIONS)
        ):
            out[i + 1], out[i + 2] = particle, subject
    return out


def _particle_verb(
    words: list[str], i: int, analyzer: SwedishAnalyzer
) -> list[tuple[str, tuple[str, ...]]]:
    """Return the units of a particle verb at `i` ("reda ut", "gå igenom"), else []: the verb,
    and the particle unless it is a stop word, each met by its word or by the compound with
    the particle first ("utreda", "genomgång"; a strong verb takes its compound stem, "ta fram"
    -> "framtag"), or by a word a text says the act with (`SWEDISH_SYNONYMS` of the
    compound: what "läggs ned" "upphör"). See `VERB_PARTICLES`.

    The particle stays a unit of its own: a section that writes the verb and particle apart
    ("lyfte fram") covers them as before, and one that writes the compound covers both.
    """
    if i + 1 >= len(words):
        return []
    verb, particle = words[i].casefold(), VERB_PARTICLES.get(words[i + 1].casefold())
    if particle is None or not words[i][:1].islower() or not verb.isalpha():
        return []
    strong = STRONG_VERB_STEMS.get(verb)
    if strong is None and (verb in STOPWORDS or verb in QUESTION_WORDS):
        return []
    compound = particle + (strong or verb)
    forms = (compound, *_synonyms(compound, analyzer))
    units = [] if verb in QUESTION_WORDS else [(words[i], (words[i], *forms))]
    written = words[i + 1].casefold()
    if written not in STOPWORDS:
        units.append((words[i + 1], (words[i + 1], *forms)))
    return units


def _synonyms(word: str, analyzer: SwedishAnalyzer) -> tuple[str, ...]:
    """Return the other words a text may say `word` with: `SWEDISH_SYNONYMS`, and a party's
    code for its name ("Sverigedemokraternas" -> "SD", as protocols write "Anna Ek (SD)")."""
    party = PARTY_BY_NAME.get(word.casefold())
    if party is not None:
        return (party,)
    terms = analyzer.word_terms(word.casefold())
    return SWEDISH_SYNONYMS.get(terms[0], ()) if terms else ()


def _analysed(alternative: str, analyzer: SwedishAnalyzer) -> tuple[Word, ...]:
    return tuple(w for w in (word_of(t, analyzer) for t in tokens(alternative)) if w)


def _weight(
    alternatives: tuple[str, ...],
    analyzer: SwedishAnalyzer,
    doc_freq: Callable[[str], int] | None,
    total_docs: int,
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


def anchors_found(query: Query, text: str) -> bool:
    """Return True when every anchor of `query` occurs in `text`."""
    return all(p.search(text) for p in query.anchors)


# --- Scoring -------------------------------------------------------------------------------------


def missing_share(query: Query, own: TermSet, context: TermSet | None = None) -> float:
    """Return the largest weight share of one unit that neither the sentence nor its section
    covers even half: a question word that heavy names something the passage is not about.
    Without `context`, only what the sentence itself covers counts."""
    context = context or TermSet()
    total = query.total
    missing = [
        u.weight for u in query.units if max(u.cover(own), u.cover(context)) < 0.5 and total > 0
    ]
    return max(missing, default=0.0) / total if total > 0 else 0.0


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


def display(text: str) -> str:
    """Return a sentence as it is quoted: the document's words with whitespace collapsed,
    e-mail addresses and phone numbers left out, a quotation mark that opens or closes a
    quotation outside the sentence dropped, and the artefacts of joined lines repaired (see
    `repair_joins`), and a run of empty bullets dropped. Words are never changed otherwise."""
    text = repair_joins(normalise_ws(_EMPTY_BULLETS.sub(" ", _CONTACT.sub(" ", text))))
    if sum(text.count(q) for q in '"”“') % 2:
        text = re.sub(r"^[\"”“]\s*|(?<=[.!?])\s*[\"”“]$|[\"”“](?=[.!?]?$)", "", text, count=1)
    return text.strip()


def repair_joins(text: str) -> str:
    """Return `text` with the two marks a line break leaves in extracted text mended.

    A number broken after its hyphen comes back with a space ("2028- 09-30" is
    "2028-09-30", "2023- 2026" is "2023-2026"); a line that ended in a number and a line
    that began with a word come back glued ("2023-2026daterat" is "2023-2026 daterat").
    """
    return _GLUED.sub(" ", _BROKEN_NUMBER.sub("-", text))


_BROKEN_NUMBER = re.compile(r"(?<=\d)-\s+(?=\d)")
# The bullets of a list whose items the text layer lost ("… under följande rubriker: • • •"):
# two or more ending the text with nothing between them say nothing (a rating in symbols,
# "●●● hög risk", is left alone).
_EMPTY_BULLETS = re.compile(r"(?:\s*[•▪]){2,}\s*$")
_GLUED = re.compile(r"(?<=\d\d)(?=[a-zåäö]{4,})")
_CONTACT = re.compile(r"\S+@\S+|(?<!\w)0\d{1,3}[-\s]\d{2,3}(?:[\s-]?\d{2}){1,3}(?!\w)")
