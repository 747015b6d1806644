"""English loanwords in their Swedish spelling, for English words the glossary lacks.

Much of the learned vocabulary of both languages comes from Latin, Greek and French, and
Swedish respells it by regular correspondences: "ch" and a hard "c" are written "k"
("architect" -> "arkitekt"), "qu" is "kv" ("quality" -> "kvalitet"), "ph" is "f", "th" is
"t" (an "x" stays: "index", "maximal"); and the endings have Swedish forms: "-ity" is
"-itet", "-ic(al)" is "-isk", "-ure" is "-ur", "-ive" is "-iv", "-ization" is "-isering",
"-y" is "-i" ("strategy" -> "strategi"), "-al" may be "-ell" ("individual" ->
"individuell"), and a verb takes "-era" ("consult" -> "konsultera"). `spellings` writes
the candidates; the caller keeps only those the indexed documents contain, so a wrong
guess costs nothing.

Words that look alike but mean something else (false friends: "actual" is not
"aktuell", "eventual" not "eventuell", "rent" not "ren") are never respelt.
"""

from __future__ import annotations

import itertools
import re

from assistant.answer.language import word_set

# Well-known English-Swedish false friends: the Swedish look-alike means something else.
FALSE_FRIENDS = word_set(
    """
    actual actually eventual eventually sensible fabric novel billion semester rent bond
    kind gift barn fast last glad mode hell fart chef preservative concur genial
    ordinary offer card roll slut stool prick time secret licence license tank chart
    provision camp
    """
)

# English ending -> its Swedish endings, longest English ending first.
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("isation", ("isering",)),
    ("ization", ("isering",)),
    ("graphy", ("grafi",)),
    ("cracy", ("krati",)),
    ("ation", ("ation", "ering")),
    ("ical", ("isk",)),
    ("logy", ("logi",)),
    ("ance", ("ans",)),
    ("ence", ("ens",)),
    ("ics", ("ik",)),
    ("sis", ("s",)),
    ("ise", ("isera",)),
    ("ize", ("isera",)),
    ("ity", ("itet",)),
    ("ary", ("är",)),
    ("ate", ("era", "at")),
    ("ure", ("ur",)),
    ("ive", ("iv",)),
    ("ual", ("uell",)),
    ("eur", ("ör",)),
    ("ic", ("isk", "ik")),
    ("al", ("al", "ell")),
    ("or", ("or", "ör")),
    ("y", ("i",)),
)
# Regular English inflections undone before respelling (plural, past, -ing).
_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""))
_LETTERS = ((r"ph", "f"), (r"th", "t"), (r"qu", "kv"), (r"ch", "k"), (r"ck", "ck"), (r"w", "v"),
            (r"z", "s"))  # fmt: skip
_SOFT_C = re.compile(r"c(?=[eiy])")
_HARD_C = re.compile(r"c(?![eiyk])")
_MAX_SPELLINGS = 24


def spellings(word: str) -> tuple[str, ...]:
    """Return the Swedish spellings English `word` may have as a loanword, most literal
    first; () for a short word (under four letters), a false friend, or a word that is not
    plain lower-case letters.

    >>> "arkitekt" in spellings("architect")
    True
    """
    word = word.casefold()
    if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", word) or word in FALSE_FRIENDS:
        return ()
    out: dict[str, None] = {}
    for base, verbal in _bases(word):
        if len(base) < 4 or base in FALSE_FRIENDS:
            continue
        for stem, endings in _split_ending(base):
            for spelt in _respelt(stem):
                for ending in endings:
                    out.setdefault(spelt + ending)
                    if verbal and ending == "" and spelt[-1] not in "aeiouy":
                        out.setdefault(spelt + "era")  # consulted -> konsultera
                    if ending == "" and spelt.endswith("l"):
                        out.setdefault(spelt + "l")  # protocol -> protokoll
    return tuple(s for s in out if len(s) >= 4)[:_MAX_SPELLINGS]


def _bases(word: str) -> list[tuple[str, bool]]:
    """`word` and its forms with a regular inflection undone ("projects" -> "project"),
    each with whether it may be a verb (the word itself, or the stem of "-ed", "-ing")."""
    bases = {word: True}
    for ending, replacement in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            base = word[: -len(ending)] + replacement
            bases.setdefault(base, ending in ("ed", "ing"))
    return list(bases.items())


def _split_ending(base: str) -> list[tuple[str, tuple[str, ...]]]:
    """The stem and Swedish endings of `base`: by its longest known English ending, and
    always the whole word with no ending ("system" stays "system")."""
    splits: list[tuple[str, tuple[str, ...]]] = [(base, ("",))]
    for ending, swedish in _ENDINGS:
        if base.endswith(ending) and len(base) - len(ending) >= 3:
            splits.append((base[: -len(ending)], swedish))
            break
    if base.endswith("e") and len(base) >= 5:
        splits.append((base[:-1], ("",)))  # analyse -> analys
    return splits


def _respelt(stem: str) -> list[str]:
    """`stem` with the English letter groups put into Swedish spelling; a soft "c" may stay
    ("process") or become "s" ("policy" -> "polisy" is tried, and dropped if unused)."""
    for english, swedish in _LETTERS:
        stem = stem.replace(english, swedish)
    stem = _HARD_C.sub("k", stem)
    soft = [m.start() for m in _SOFT_C.finditer(stem)][:3]
    variants = []
    for choice in itertools.product("cs", repeat=len(soft)):
        letters = list(stem)
        for at, letter in zip(soft, choice, strict=True):
            letters[at] = letter
        variants.append("".join(letters))
    return variants


_PLAIN_VOWELS = {"a": "aäå", "o": "oö"}


def with_diacritics(name: str) -> tuple[str, ...]:
    """Return the Swedish spellings `name` may have had before English text dropped its
    diacritics ("Vasteras" -> "Västerås" among others), itself excluded; () when it has
    å, ä or ö already or more than four a/o to restore.

    >>> "Västerås" in with_diacritics("Vasteras")
    True
    """
    at = [i for i, c in enumerate(name) if c.casefold() in _PLAIN_VOWELS]
    if not at or len(at) > 4 or re.search("[åäöÅÄÖ]", name):
        return ()
    out = []
    for choice in itertools.product(*(_PLAIN_VOWELS[name[i].casefold()] for i in at)):
        letters = list(name)
        for i, letter in zip(at, choice, strict=True):
            letters[i] = letter.upper() if name[i].isupper() else letter
        out.append("".join(letters))
    return tuple(out[1:])
