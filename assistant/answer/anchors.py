"""Anchors: the names, numbers and organs a question is about, as patterns an answering
sentence must match (`anchor_patterns`, `organ_patterns`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.answer.language import DECADE, ORDINAL, matter_compound, tokens, word_set
from index.lexicon import ENGLISH_MONTHS, MONTHS, PARTY_BY_NAME, party_pattern

_COMMON_ACRONYMS = frozenset({"it", "ai", "eu", "vd", "pdf"})
_MONTHS = frozenset(MONTHS + ENGLISH_MONTHS)


def anchor_patterns(
    question: str, spelt: Mapping[str, Sequence[str]] | None = None
) -> list[re.Pattern[str]]:
    """Return patterns for the names, numbers and organs in `question`.

    A name is a run of capitalised words after the first word (each may carry a genitive
    -s or ":s"), an acronym, or a word with digits ("4M", also found as "4 M"); a number of
    two or more digits stands alone. Words of one run must appear together, so "Region
    Västmanland" is not found in "regioner ... Västmanlands". Month names are not names.
    A named organ ("äldrenämnden", "tekniska nämnden") is an anchor too; plain "nämnden" is not.
    `spelt` maps a name to the spellings the documents use instead (an English question's
    "Vasteras" to "Västerås", see `support.build_query`); such a name is found by those.
    """
    sentences = _SENTENCE_START.split(question.strip())
    if len(sentences) > 1:  # each sentence's first word is capitalised as a first word
        found = [p for part in sentences for p in anchor_patterns(part, spelt)]
        return list({p.pattern: p for p in found}.values())
    words = tokens(DECADE.sub(lambda m: f"{m.group(1)}-talet", question))  # "1930's"
    runs: list[list[str]] = []
    current: list[str] = []
    for i, token in enumerate(words):
        if DECADE.fullmatch(token):  # "1930-talet" is one anchor, not the year 1930
            runs.extend([current, [token]] if current else [[token]])
            current = []
            continue
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
    runs = [piece for run in runs for piece in _name_pairs(run)]
    # a matter compound is found as written or by its modifier ("Fiskebäcksärendet":
    # "Fiskebäck", as in "ärendet om Fiskebäcks hamn")
    matters = {w: (w, m[0]) for run in runs for w in run if (m := matter_compound(w))}
    spelt = {**matters, **(spelt or {})}
    patterns = [re.compile(rf"(?<!\w){_run_pattern(run, spelt)}(?!\w)", re.I) for run in runs]
    return patterns + _organ_patterns(words)


# Where a question of two sentences starts its second ("… was sent back by the council.
# Which committee …"): after a full stop that ends a word of four letters or more, so that
# an abbreviation ("t.ex.", "kap.", "Dr.", "Anna E. Berg") ends no sentence.
_SENTENCE_START = re.compile(r"(?:(?<=[a-zåäö]{4}\.)|(?<=[!?]))\s+(?=[A-ZÅÄÖ])")


def _name_pairs(run: list[str]) -> list[list[str]]:
    """Split a run of four or more capitalised words into runs of two (the last may take
    three): "Bengt Bivall Torbjörn Rigemar" names two people, who need not stand together."""
    if len(run) < 4:
        return [run]
    pairs = [run[i : i + 2] for i in range(0, len(run) - len(run) % 2, 2)]
    if len(run) % 2:
        pairs[-1].append(run[-1])
    return pairs


def _run_pattern(run: list[str], spelt: Mapping[str, Sequence[str]]) -> str:
    """Return the regex a run of name words is found by; a party's name ("Moderaternas") is
    found by its code as well ("(M)"), the way protocols name parties."""
    code = PARTY_BY_NAME.get(run[0].casefold()) if len(run) == 1 else None
    if code is not None:
        return rf"(?:{re.escape(_base(run[0]))}s?|{party_pattern(code)})"

    def one(word: str) -> str:
        decade = DECADE.fullmatch(word)
        if decade:  # "1930s" is the 1930s or a year in them
            return rf"(?:{decade.group(1)}-?tal\w*|{decade.group(1)[:3]}\d)"
        ordinal = ORDINAL.fullmatch(word)
        if ordinal:  # "400th" is "400:e", "400-års…" ("3 miljoner" is no third)
            return rf"{ordinal.group(1)}(?=[:\-–])"
        base = re.escape(_base(word))
        if re.fullmatch(r"\d+[A-Za-zÅÄÖåäö]+|[A-Za-zÅÄÖåäö]+\d+", word):
            base = r"\s?".join(re.escape(p) for p in re.findall(r"\d+|\D+", word))
        if spelt.get(word):
            base = "(?:" + "|".join(re.escape(_base(w)) for w in spelt[word]) + ")"
        return base + r"(?:s|:s|n|en|na|ns|ens|erna|et|ets)?"

    pattern = r"[\W_]+".join(one(w) for w in run)
    if len(run) == 1 and len(run[0]) >= _MODIFIER_NAME and run[0].isalpha() and run[0].istitle():
        # A place's name is the first part of a Swedish compound that an English question
        # writes apart: "the Eriksbo school" is "Eriksboskolan" (not a surname in -son:
        # "Anders" is not "Andersson").
        pattern += r"(?:-?(?!s?son\b)(?-i:[a-zåäö]){3,})?"
    return pattern


_MODIFIER_NAME = 5


_ORGAN_WORD = re.compile(
    r"^(?:\w{3,}(?:nämnd|styrelse|fullmäktige)|nämnd|styrelse)(?:en|ens|s|n|ns)?$", re.I
)


def organ_patterns(question: str) -> list[re.Pattern[str]]:
    """Return patterns for the organs `question` names (see `_organ_patterns`)."""
    return _organ_patterns(tokens(question))


def _organ_patterns(words: list[str]) -> list[re.Pattern[str]]:
    """Return patterns for organs the question names: a compound ("äldrenämnden") or an
    adjective before "nämnden"/"styrelsen" ("tekniska nämnden"), not an infinitive after
    "att" ("om att placera nämnden för funktionsstöd")."""
    patterns = []
    for i, word in enumerate(words):
        if not _ORGAN_WORD.match(word):
            continue
        stem = re.sub(r"(?:en|ens|s|n|ns)$", "", word.casefold())
        if stem not in ("nämnd", "styrelse"):
            patterns.append(re.compile(rf"(?<!\w){re.escape(stem)}", re.I))
        elif (
            i > 0
            and re.fullmatch(r"[a-zåäö]{3,}a", words[i - 1].casefold())
            and not _infinitive_object(words, i)
        ):
            patterns.append(re.compile(rf"(?<!\w){re.escape(words[i - 1])}\W+{stem}", re.I))
    return patterns


# Verbs that follow the subject of a clause ("att sociala nämnden ska ta över …").
_CLAUSE_VERBS = word_set(
    "ska skulle har hade får fick kan kunde bör borde måste tar tog ger gav är var"
)


def _infinitive_object(words: list[str], i: int) -> bool:
    """Return True when the word before the organ word at `i` is an infinitive after "att"
    and the organ its object ("om att placera nämnden för funktionsstöd i grupp 3"): Swedish
    infinitives and definite adjectives both end in -a, but an organ that is the subject of
    the att-clause has its verb after it ("att sociala nämnden ska ta över")."""
    after = words[i + 1].casefold() if i + 1 < len(words) else ""
    return i >= 2 and words[i - 2].casefold() == "att" and after not in _CLAUSE_VERBS


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
    """Drop a genitive ending: "Lundkvists" -> "Lundkvist", "GR:s" -> "GR"; and the definite
    "-et" of a long neuter compound a text may name without it ("Göteborgsförslaget" is
    "Göteborgsförslag 13098", "Stadshuset" "Stadshus")."""
    word = re.sub(r":s$", "", word)
    word = word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
    return word[:-2] if len(word) >= 8 and word.endswith("et") else word
