"""Is it text? The share of a document that reads as words of a Latin-script language.

A word here is a run of letters that looks like one: 2 to 30 letters, lower-case,
Capitalised or UPPER-CASE (not mIxEd), with at least one vowel (Swedish, English and
the Latin-1 letters included). Binary data decoded as text, base64 or random bytes
saved as .txt or .html fall far short; prose, protocols and even number-heavy tables
do not (see `MIN_WORD_SHARE`).
"""

from __future__ import annotations

import re

_LETTERS = re.compile(r"[^\W\d_]+")
_VOWELS = re.compile(r"[aeiouyåäöæøéèêëáàâíìîïóòôõúùûüý]", re.I)
_WORD_LENGTH = range(2, 31)
# Fewer non-space characters than this are judged on nothing: such files are let through.
MIN_SAMPLE_CHARS = 200
# Share of non-space characters that sit in words. Measured with
# benchmarks/ingest_budgets.py over 538 real files (data/sample, tests/data, the Göteborg
# corpus in ../shared/corpus): the lowest scored 0.705. Junk scored 0.04 (base64), 0.07
# (random printable ASCII), 0.13 (random bytes as cp1252), 0.15 (hex) and 0.31 (random
# lower-case letters and spaces). The threshold sits between the two, nearer the junk.
MIN_WORD_SHARE = 0.45
# A long document is judged on evenly spaced samples of this many characters.
_SAMPLE_CHARS = 20_000
_SAMPLES = 10


def word_share(text: str) -> float:
    """Return the share (0..1) of `text`'s non-space characters that lie in plausible words."""
    sample = _sample(text)
    total = sum(1 for ch in sample if not ch.isspace())
    if total == 0:
        return 0.0
    in_words = sum(len(m.group()) for m in _LETTERS.finditer(sample) if _plausible(m.group()))
    return in_words / total


def is_language(text: str) -> bool:
    """Return False when `text` is long enough to judge and reads as no language."""
    if len(text) - text.count(" ") - text.count("\n") < MIN_SAMPLE_CHARS:
        return True
    return word_share(text) >= MIN_WORD_SHARE


def _plausible(word: str) -> bool:
    if len(word) not in _WORD_LENGTH or not _VOWELS.search(word):
        return False
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS * _SAMPLES:
        return text
    step = len(text) // _SAMPLES
    return "".join(text[i : i + _SAMPLE_CHARS] for i in range(0, len(text), step))
