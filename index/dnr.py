"""Diarienummer (Dnr): the case numbers of Swedish diarium systems, read and compared.

Diarium systems print the same parts in many ways: an optional register prefix (the organ's
code: "KS", "BN-AU", "SLK"), a year and a running number, in either order, and an optional
classification (from the municipality's klassificeringsstruktur) or document number:

    KS 2024/00391        KS 2024/00391-1.2.3    KS-2024-00391     KS/2024:391
    Dnr 2025-00013       2024/123 (1.3.2)       00322/2025        0496/22
    SLK-2023-00226:3     N608-1230/22           KS2024/12         SN 18/0098
    KS 02-820 107

A two-digit year first ("SN 18/0098", "KS 02-820") is read only after a register prefix:
without one, "18/0098" could be a running number and a year.

`parse_dnr` reads one at the start of a string; `Dnr.key` is its normalised form, used for
filtering, while `Dnr.printed` keeps the form a citation shows. Ingest and the filters both
use this module, so a filter typed in any of these forms finds the case however the
document printed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The register prefix: letters, optionally a number joined by "-" ("N608-"), and further
# letter groups ("BN-AU"). Upper case only, so that words are never taken for a prefix.
_PREFIX = r"(?P<pre>[A-ZÅÄÖ]{1,8}(?:\d{1,4}(?=-))?(?:-[A-ZÅÄÖ]{1,6})*)[\s./-]?\s?"
# Year first: "2024/00391", "2024:391", "2024.391", "2024-00391" (three or more digits
# after a dash, and no year, so that "2024-05-12" and "2024-2027" are not read as a Dnr).
_YEAR_FIRST = (
    r"(?P<yr>(?:19|20)\d{2})\s?"
    r"(?:[/:.]\s?(?P<num>\d{1,6})|-\s?(?P<dnum>(?!(?:19|20)\d\d(?!\d))\d{3,6}))"
)
# Number first: "00322/2025", "0496/22" (a two-digit year needs three digits before it).
_NUMBER_FIRST_FULL = r"(?P<num2>\d{1,6})\s?/\s?(?P<yr2>(?:19|20)\d{2})"
_NUMBER_FIRST_SHORT = r"(?P<num3>\d{3,6})/(?P<yr3>\d{2})"
# Two-digit year first, after a prefix only: "SN 18/0098", "KS 02-820".
_SHORT_YEAR_FIRST = r"(?(pre)(?P<syr>\d{2})(?:/|-)(?P<snum>\d{3,6})|(?!))"
# A classification ("-1.2.3", " (1.3.2)", or a three-digit code after a space, "KS 02-820
# 107", as older klassificeringsstrukturer print it) or a document number (":3", ":-2").
_SUFFIX = (
    r"(?:\s?-\s?(?P<cls>\d{1,3}(?:\.\d{1,3})*)(?![\d/])"
    r"|\s?\((?P<pcls>\d{1,3}(?:\.\d{1,3})*)\)"
    r"|(?(syr) (?P<scls>\d{3})(?![\d/.,:-])(?! \d)|(?!))"
    r"|(?P<doc>:-?\d{1,4}))?"
)
DNR_PATTERN = (
    rf"(?:{_PREFIX})?(?:{_YEAR_FIRST}|{_NUMBER_FIRST_FULL}|{_SHORT_YEAR_FIRST}"
    rf"|{_NUMBER_FIRST_SHORT}){_SUFFIX}(?![\d/])"
)
_DNR = re.compile(DNR_PATTERN)
_SPACE_AROUND = re.compile(r"\s*([/:.-])\s*")


@dataclass(frozen=True)
class Dnr:
    """One diarienummer: `printed` as the document wrote it (whitespace tidied, a document
    number dropped), and its parts. `prefix` and `classification` are "" when absent."""

    printed: str
    prefix: str
    year: int
    number: int
    classification: str

    @property
    def key(self) -> str:
        """Return the normalised form: "KS 2024/391-1.2.3", "2025/13" (no zero padding)."""
        joiner = "-" if self.prefix[-1:].isdigit() else " "  # "N608-2022/1230" reads back
        head = f"{self.prefix}{joiner}" if self.prefix else ""
        tail = f"-{self.classification}" if self.classification else ""
        return f"{head}{self.year}/{self.number}{tail}"

    def covers(self, other: Dnr) -> bool:
        """Return True when a filter for this Dnr should find `other`.

        Year and number must agree; a prefix or classification given here must agree too
        (a classification also matches its sub-classes: "1.2" finds "1.2.3"); parts left
        out here match anything.
        """
        if (self.year, self.number) != (other.year, other.number):
            return False
        if self.prefix and self.prefix != other.prefix:
            return False
        mine, theirs = self.classification, other.classification
        return not mine or theirs == mine or theirs.startswith(mine + ".")


def parse_dnr(text: str) -> Dnr | None:
    """Return the Dnr at the very start of `text` (leading whitespace skipped), or None.

    Only upper-case prefixes are read ("KS 2024/1"), so callers that accept user input
    should upper-case it first (see `dnr_key`). Never raises.
    """
    text = text.lstrip()
    m = _DNR.match(text)
    if not m:
        return None
    return _from_match(m)


def _from_match(m: re.Match[str]) -> Dnr:
    if m["yr"]:
        year, number = int(m["yr"]), int(m["num"] or m["dnum"])
    elif m["yr2"]:
        year, number = int(m["yr2"]), int(m["num2"])
    elif m["syr"]:
        year, number = _century(int(m["syr"])), int(m["snum"])
    else:
        year, number = _century(int(m["yr3"])), int(m["num3"])
    numbers = next(m.start(g) for g in ("yr", "num2", "syr", "num3") if m[g])
    rest = m.string[numbers : m.start("doc") if m["doc"] else m.end()].strip()
    rest = re.sub(r"\s*\(", " (", _SPACE_AROUND.sub(r"\1", rest))
    prefix = m["pre"] or ""
    joiner = m.string[m.end("pre") : numbers] if prefix else ""
    joiner = " " if joiner[:1].isspace() else joiner.strip()
    return Dnr(
        printed=prefix + joiner + rest,
        prefix=prefix,
        year=year,
        number=number,
        classification=m["cls"] or m["pcls"] or m["scls"] or "",
    )


def _century(short: int) -> int:
    """Return the year a two-digit year stands for: 00-50 are 2000s, 51-99 the 1900s."""
    return 2000 + short if short <= 50 else 1900 + short


@lru_cache(maxsize=100_000)
def _parse_loose(text: str) -> Dnr | None:
    """Return the Dnr `text` is (any case, an optional "Dnr" label), or None."""
    clean = re.sub(r"^\s*(?:dnr|diarienr|diarienummer)\.?[\s:]*", "", text, flags=re.I)
    return parse_dnr(clean.upper())


def dnr_key(text: str) -> str:
    """Return the normalised form of a Dnr written in any form and case ("ks 2024/00391"
    -> "KS 2024/391"); text that is no Dnr comes back without whitespace, upper-cased."""
    found = _parse_loose(text)
    return found.key if found else "".join(text.split()).upper()


def same_case(a: str | None, b: str | None) -> bool:
    """Return True when two Dnrs (any form) name the same case: same prefix, year and
    number, whatever their classification. None or unreadable input gives False."""
    x, y = _parse_loose(a or ""), _parse_loose(b or "")
    return (
        x is not None
        and y is not None
        and (x.prefix, x.year, x.number)
        == (
            y.prefix,
            y.year,
            y.number,
        )
    )


def dnr_matches(wanted: str, stored: str) -> bool:
    """Return True when a filter for `wanted` finds a chunk whose Dnr is `stored`.

    Both may be printed or normalised forms: the comparison is on the parsed parts (see
    `Dnr.covers`), so "2024/391" finds "KS 2024/00391-1.2.3" and "KS 2024/391" does not find
    "KS 2024/3910". When either is no full Dnr ("KS 2023", a register and year), `wanted`
    must be a prefix of `stored`'s normalised form. An empty `stored` never matches.
    """
    if not stored.strip():
        return False
    a, b = _parse_loose(wanted), _parse_loose(stored)
    if a is not None and b is not None:
        return a.covers(b)
    return "".join(dnr_key(stored).split()).startswith("".join(dnr_key(wanted).split()))
