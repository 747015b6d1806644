"""A Swedish analyzer for BM25: tokenise, drop stop words, stem, and split compounds.

Swedish writes compounds as one word ("informationssäkerhet", "äldrenämnden"), so a
query for "säkerhet" would miss them after plain stemming. The analyzer therefore emits,
for every word, its Snowball stem plus the stems of the parts it can be split into. The
parts come from a vocabulary learned from the indexed corpus itself (words seen often
enough), joined by the Swedish linking morphemes -s-, -e-, -a-, -u-, -o-. Queries go
through the same analyzer with the stored vocabulary, so both sides meet on the parts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

from index.text import normalise_text

WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
LINKS = ("", "s", "e", "a", "u", "o")

# Function words that carry no topic: pronouns, articles, prepositions, conjunctions,
# auxiliaries and the commonest adverbs. Content words that look short ("lag", "år")
# stay, since they matter in municipal text.
STOPWORDS = frozenset(
    """
    alla allt andra annan annat att av bara blev bli blir blivit de dem den denna denne
    deras dess dessa det detta dig din dina ditt du där då efter ej eller en er era ert
    ett från för ha hade han hans har henne hennes hon honom hur här i icke ingen inget
    inom inte jag ju kan kunde man med mellan men mig min mina mitt mot mycket ni nu när
    någon något några och om oss på samma sedan sig sin sina sitt själ själv ska skall
    skulle som så sådan sådana sådant till under upp ut utan vad var vara varför varit
    varje vars vem vi vid vilka vilken vilket vår våra vårt än är åt över också dock
    eftersom medan bör både vilkas hos genom enligt per före inför kring bland samt även
    trots utom
    """.split()  # noqa: SIM905 - a word list reads better as running text
)

# Endings that look like words once cut off ("ansök|ningar", "bero|ende", "analy|sen"):
# a split whose last part is one of these (or stems to one) is a suffix, not a compound.
SUFFIXES = frozenset(
    """
    ning ningar ningen ningarna ing ingar ingen ande ende are aren arna erna het heten
    else lig liga ligt lighet ighet isk iska skap tion sion itet ering eringen ren sen
    ser tar ner ans ens nad nader ade ats tas ras
    """.split()  # noqa: SIM905 - as above
)


@dataclass(frozen=True)
class AnalyzerConfig:
    """Knobs of the analyzer. `min_count`/`min_part` shape the learned part vocabulary:
    a word becomes a possible compound part when it is seen `min_count` times and has at
    least `min_part` letters; only words of `min_compound` letters or more are split.

    `split_ratio` guards against splits into junk: a split is kept only when its parts'
    counts (geometric mean, inflections pooled) reach `split_ratio` times the whole
    word's count. A word far commoner than its would-be parts ("nämndens" against
    "nämn" + "dens") is a word of its own; 0 splits whenever the parts are known.
    """

    split_compounds: bool = True
    min_count: int = 2
    min_part: int = 4
    min_compound: int = 8
    max_parts: int = 4
    split_ratio: float = 0.1


@dataclass
class SwedishAnalyzer:
    """Turns text into index terms. Build one with `fit(texts)`; reuse it for queries.

    `vocabulary` maps a surface word to its corpus count; it is what `to_dict` persists.
    """

    config: AnalyzerConfig = field(default_factory=AnalyzerConfig)
    vocabulary: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("swedish")
        self._parts = _part_counts(self.vocabulary, self._stemmer)
        self._split = lru_cache(maxsize=200_000)(self._best_split)
        self._stem = lru_cache(maxsize=200_000)(self._stemmer.stemWord)

    @classmethod
    def fit(cls, texts: Iterable[str], config: AnalyzerConfig | None = None) -> SwedishAnalyzer:
        """Return an analyzer whose part vocabulary is learned from `texts`."""
        config = config or AnalyzerConfig()
        counts: Counter[str] = Counter()
        for text in texts:
            for word in words(text):
                counts.update(piece for piece in word.split("-") if piece)
        vocabulary = {
            w: n
            for w, n in counts.items()
            if n >= config.min_count
            and len(w) >= config.min_part
            and w.isalpha()
            and w not in STOPWORDS
        }
        return cls(config=config, vocabulary=vocabulary)

    def analyze(self, text: str) -> list[str]:
        """Return the index terms of `text`, in order; compound parts follow their word."""
        terms: list[str] = []
        for word in words(text):
            terms.extend(self.word_terms(word))
        return terms

    def word_terms(self, word: str) -> list[str]:
        """Return the terms of one lowercased word: its stem, then its pieces' and parts' stems.

        A hyphenated word yields its joined stem and each piece's terms, so
        "it-säkerhetsfrågor" gives "itsäkerhetsfråg", "it", "säkerhetsfråg", "säker", "fråg".
        Stop words yield nothing.
        """
        if word in STOPWORDS:
            return []
        pieces = [p for p in word.split("-") if p]
        if len(pieces) > 1:
            terms = [self._stem("".join(pieces))]
            for piece in pieces:
                terms.extend(t for t in self.word_terms(piece) if t not in terms)
            return terms
        terms = [self._stem(word)]
        if self.config.split_compounds and len(word) >= self.config.min_compound:
            for part in self._split(word):
                stem = self._stem(part)
                if part not in STOPWORDS and stem not in terms:
                    terms.append(stem)
        return terms

    def split(self, word: str) -> tuple[str, ...]:
        """Return the compound parts of `word` (lowercased), or `()` when it does not split."""
        return self._split(word.lower())

    def _best_split(self, word: str) -> tuple[str, ...]:
        """Return the split with fewest parts (then commonest parts), if common enough."""
        best: tuple[tuple[int, float], tuple[str, ...]] | None = None
        for parts in self._segmentations(word, 0):
            if len(parts) < 2:
                continue
            freq = 1.0
            for part in parts:
                freq *= self._part_count(part)
            key = (-len(parts), freq ** (1 / len(parts)))
            if best is None or key > best[0]:
                best = (key, parts)
        if best is None or best[0][1] < self.config.split_ratio * self._part_count(word):
            return ()
        return best[1]

    def _segmentations(self, word: str, depth: int) -> Iterable[tuple[str, ...]]:
        """Yield every way to cut `word` into known parts with optional linking letters."""
        if self._is_head(word):
            yield (word,)
        if depth + 1 >= self.config.max_parts:
            return
        low = self.config.min_part
        for end in range(low, len(word) - low + 1):
            part = word[:end]
            if not self._is_modifier(part):
                continue
            for link in LINKS:
                rest = word[end:]
                if not rest.startswith(link) or len(rest) - len(link) < low:
                    continue
                for tail in self._segmentations(rest[len(link) :], depth + 1):
                    yield (part, *tail)

    def loose_split(self, word: str) -> tuple[str, ...]:
        """Return `split(word)`, or else a two-part split whose modifier is known only by its
        stem: a modifier stands in a compound in its base form, which the corpus may never
        write alone ("arvodesuppräkning", where the corpus has "arvoden" but no "arvode").

        Used on question words only: the index keeps `split`, so its terms do not change.
        The longest head wins, for a compound's head names the kind of thing, and as in
        `split` the parts must be common enough against the whole word (`split_ratio`). A
        word the corpus itself writes is left whole: "angeläget" is a word of its own, not
        "ange" + "läget". () when `word` is shorter than `min_compound`, is known, or no
        such split exists.
        """
        word = word.lower()
        found = self.split(word)
        if found or len(word) < self.config.min_compound or self._known(word):
            return found
        low = self.config.min_part
        for end in range(low, len(word) - low + 1):
            modifier = word[:end]
            if not (self._is_modifier(modifier) or self._stem(modifier) in self._parts):
                continue
            for link in LINKS:
                head = word[end + len(link) :]
                if word[end:].startswith(link) and len(head) >= low and self._is_head(head):
                    common = (self._part_count(modifier) * self._part_count(head)) ** 0.5
                    if common >= self.config.split_ratio * self._part_count(word):
                        return (modifier, head)
        return ()

    def _known(self, word: str) -> bool:
        """A word the corpus writes itself (as written or by its stem) is matched as it is."""
        return word in self.vocabulary or self._stem(word) in self._parts

    def _is_modifier(self, part: str) -> bool:
        return part in self.vocabulary or part in self._parts

    def _is_head(self, part: str) -> bool:
        """A final part may carry any inflection whose stem is known ("frågor" -> "fråg"),
        unless it is a bare suffix."""
        stem = self._stem(part)
        if part in SUFFIXES or stem in SUFFIXES:
            return False
        return part in self.vocabulary or stem in self._parts

    def _part_count(self, part: str) -> float:
        """Return how often `part` occurs with any inflection (its stem's pooled count)."""
        return float(self._parts.get(self._stem(part), 0) or self.vocabulary.get(part, 1))

    def to_dict(self) -> dict:
        """Return a JSON-ready form: the config and the learned vocabulary."""
        return {"config": self.config.__dict__, "vocabulary": self.vocabulary}

    @classmethod
    def from_dict(cls, data: dict) -> SwedishAnalyzer:
        """Return the analyzer `to_dict` described. Refuses (KeyError) a dict without both keys."""
        return cls(config=AnalyzerConfig(**data["config"]), vocabulary=dict(data["vocabulary"]))


def words(text: str) -> list[str]:
    """Return the lowercased words of `text` in normal form (`index.text.normalise_text`):
    letter/digit runs, hyphenated ones kept whole."""
    return WORD.findall(normalise_text(text).lower())


def _part_counts(vocabulary: dict[str, int], stemmer: Stemmer.Stemmer) -> dict[str, int]:
    """Return stem -> summed count, so "skol" (from "skola") can open "skolnämnd"."""
    stems: Counter[str] = Counter()
    for word, count in vocabulary.items():
        stem = stemmer.stemWord(word)
        if len(stem) >= 3:
            stems[stem] += count
    return dict(stems)
