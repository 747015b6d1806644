"""Cleanup of extracted page text: page furniture, hyphenated line breaks and whitespace.

The steps, in order:
1. bring characters to normal form (`index.text.normalise_text`: NFC, soft hyphens,
   zero-width characters, odd spaces) and collapse whitespace line by line;
2. drop page furniture: signature boxes ("Justerandes signatur", also OCR-garbled),
   page counters ("Sida 3 av 12", "1 (2)", "SAMMANTRÄDESPROTOKOLL 12(17)"), bare page
   numbers at a page's edge and Göteborg-style "X Stad <organ>, protokoll" footers;
3. drop short lines that repeat at the top or bottom of many pages; a repeated header
   is kept where it first occurs, because later steps read organ and date from it;
4. drop repeats of a protocol header ("Protokoll nr 7" + "Sammanträdesdatum: ...")
   after the first one in the file, for extractions without page breaks;
5. rejoin words hyphenated across lines and pages;
6. collapse runs of blank lines.
The page list keeps its length, so page numbers stay valid; a page may become "".
"""

from __future__ import annotations

import difflib
import math
import re

from index.text import normalise_text

# ---- step 1: characters -------------------------------------------------------------

_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_RUNS = re.compile(r"[ \t]{2,}|\t")


def _normalise_line(line: str) -> str:
    """Return a (normal-form) line without control characters, tabs and runs of spaces
    as one space, stripped."""
    line = _INVISIBLE.sub("", line)
    return _RUNS.sub(" ", line).strip()


def _split_lines(page: str) -> list[str]:
    """Return the page's lines in normal form (see `_normalise_line`)."""
    page = normalise_text(page.replace("\r\n", "\n").replace("\r", "\n"))
    return [_normalise_line(line) for line in re.split(r"\n|\f|\v", page)]


# ---- step 2: furniture recognisable on its own ----------------------------------------

_COUNTER = re.compile(
    r"^(?:sida|page|s\.)?\s*(\d{1,3})\s*(?:\(\s*(\d{1,3})\s*\)|av\s+(\d{1,3})|/\s*(\d{1,3})"
    r"|of\s+(\d{1,3}))$",
    re.I,
)
_TITLED_COUNTER = re.compile(r"^(.{1,100}?)\s(\d{1,3})\s?\((\d{1,3})\)$")
_BARE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$")
_PROTOCOL_FOOTER = re.compile(r"^\w+s (?:stad|kommun)(?: [\w-]+){1,3},? protokoll$", re.I)
_SIGNATURES = (
    "justerandessignatur",
    "utdragsbestyrkande",
    "justerandessignaturutdragsbestyrkande",
    "justeraressignatur",
    "justerandessign",
    "ordförandessignatur",
)
# Garble rarely hits every one of these, and they keep difflib off ordinary lines.
_SIGNATURE_PARTS = ("juster", "signat", "utdrag", "bestyr", "rkande", "andes", "natur")


def _is_counter(line: str) -> bool:
    """True for a bare page counter: "Sida 3 av 12", "1 (2)", "1/2", "Sida 1 (1)"."""
    match = _COUNTER.match(line)
    return match is not None and _counts_pages(match.groups())


def _counts_pages(groups: tuple[str | None, ...]) -> bool:
    numbers = [int(n) for n in groups if n]
    return len(numbers) == 2 and 1 <= numbers[0] <= numbers[1]


def _header_before_counter(line: str) -> str | None:
    """Return the text before a trailing page counter, or None when there is no counter.

    "SAMMANTRÄDESPROTOKOLL 12(17)" -> "SAMMANTRÄDESPROTOKOLL".
    """
    match = _TITLED_COUNTER.match(line)
    if match is None or not _counts_pages(match.groups()[1:]):
        return None
    return match.group(1).strip()


def _is_signature_box(line: str) -> bool:
    """True for signature-box labels, fuzzily so that OCR garble still matches."""
    if len(line) > 60:
        return False
    key = "".join(ch for ch in line.casefold() if ch.isalpha())
    if len(key) < 8 or not any(part in key for part in _SIGNATURE_PARTS):
        return False
    return any(_similar(key, target) for target in _SIGNATURES)


def _similar(a: str, b: str, threshold: float = 0.8) -> bool:
    """True when difflib's ratio reaches `threshold`; cheap upper bounds go first."""
    if 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
        return False  # the lengths alone rule it out
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold


def is_furniture(line: str) -> bool:
    """Return True when a (normalised) line is page furniture wherever it stands.

    Bare page numbers are not included: they count only at a page's edge.
    """
    if not line:
        return False
    return (
        line.casefold() == "sida"
        or _is_counter(line)
        or _is_signature_box(line)
        or _PROTOCOL_FOOTER.match(line) is not None
    )


def _drop_furniture(pages: list[list[str | None]]) -> None:
    """Blank out furniture lines in place.

    A running header with a page counter goes entirely when the rest is a label
    ("SAMMANTRÄDESPROTOKOLL 1 (2)"). When the rest holds figures, such as a date or a
    diarienummer, it is kept once without the counter and dropped where it repeats.
    """
    seen: set[str] = set()
    for lines in pages:
        for index, line in enumerate(lines):
            if not line:
                continue
            if is_furniture(line):
                lines[index] = None
                continue
            header = _header_before_counter(line)
            if header is None:
                continue
            keep = any(ch.isdigit() for ch in header) and header not in seen
            lines[index] = header if keep else None
            seen.add(header)


# ---- step 3: repeated headers and footers -------------------------------------------

_EDGE_DEPTH = 3  # lines from each edge that may be a header or footer
# A trailing page number: "Årsredovisning 2023 | 14" and "... | 15" repeat as one line.
_TRAILING_NUMBER = re.compile(r"(?<=[\s|–-])\d{1,3}$")
_MIN_PAGES = 3


def _edge_key(line: str) -> str:
    """Return the comparison key of a line that could be a running header or footer,
    or "" for a line that cannot be one."""
    if len(line) > 100 or line.startswith("§") or _BARE_NUMBER.match(line):
        return ""
    return _TRAILING_NUMBER.sub("#", line.casefold())


def _edge_keys(lines: list[str | None], from_top: bool) -> set[str]:
    """Return the keys of up to _EDGE_DEPTH non-blank lines at one edge of a page."""
    ordered = lines if from_top else lines[::-1]
    found = [line for line in ordered if line][:_EDGE_DEPTH]
    return {_edge_key(line) for line in found} - {""}


def _repeated(pages: list[list[str | None]], from_top: bool) -> set[str]:
    """Return the keys of lines found near the same edge on at least half the pages."""
    if len(pages) < _MIN_PAGES:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        for key in _edge_keys(lines, from_top):
            counts[key] = counts.get(key, 0) + 1
    needed = max(_MIN_PAGES, math.ceil(len(pages) / 2))
    return {key for key, count in counts.items() if count >= needed}


def _peel(lines: list[str | None], from_top: bool, drop: set[str], keep: set[str]) -> None:
    """Blank out furniture at one edge of a page, stopping at the first content line.

    Lines whose key is in `drop` go; those in `keep` stay but do not stop the peeling.
    """
    indexes = range(len(lines)) if from_top else range(len(lines) - 1, -1, -1)
    seen = 0
    for index in indexes:
        line = lines[index]
        if not line:
            continue
        seen += 1
        key = _edge_key(line)
        if (seen == 1 and _BARE_NUMBER.match(line)) or key in drop:
            lines[index] = None
        elif key not in keep or seen > 2 * _EDGE_DEPTH:
            return


def _drop_running_lines(pages: list[list[str | None]]) -> None:
    """Drop repeated headers (kept on the first page that has them), repeated footers and
    bare page numbers at page edges."""
    headers = _repeated(pages, from_top=True)
    footers = _repeated(pages, from_top=False)
    kept: set[str] = set()
    for lines in pages:
        present = _edge_keys(lines, from_top=True) & headers
        first_here = present - kept
        kept |= present
        _peel(lines, True, drop=(headers - first_here) | footers, keep=first_here)
        _peel(lines, False, drop=footers | (headers - first_here), keep=first_here)


# ---- step 4: repeated protocol headers ---------------------------------------------------

_PROTOCOL = re.compile(r"^protokoll(?:\s*\(?\s*nr\.?\s*\d+\s*\)?)?$", re.I)
_MEETING_DATE = re.compile(r"^sammanträdesdatum:?\s*\d{4}-\d{2}-\d{2}$", re.I)
_LOOK_BACK = 3  # non-blank lines before a repeated header that may hold its organ line


def _drop_repeated_protocol_headers(pages: list[list[str | None]]) -> None:
    """Drop "Protokoll nr N" + "Sammanträdesdatum: ..." pairs after the first one, with
    the lines just above them that repeat the first header (e.g. "Kommunstyrelsen")."""
    where = [(p, i) for p, lines in enumerate(pages) for i, line in enumerate(lines) if line]
    first_header: set[str] | None = None
    for n, (p, i) in enumerate(where[:-1]):
        q, j = where[n + 1]
        if not (_PROTOCOL.match(pages[p][i] or "") and _MEETING_DATE.match(pages[q][j] or "")):
            continue
        above = where[max(0, n - _LOOK_BACK) : n]
        if first_header is None:
            first_header = {pages[a][b] or "" for a, b in above}
            continue
        pages[p][i] = pages[q][j] = None
        for a, b in above:
            if pages[a][b] in first_header:
                pages[a][b] = None


# ---- step 5: hyphenation -----------------------------------------------------------------

_LEFT_FRAGMENT = re.compile(r"(\w+)-$")
_RIGHT_WORD = re.compile(r"^(\w+)(\S*)\s*")
# Words after a hyphen that mark a shortened compound: "planerings- och utvecklingsarbete".
# fmt: off
_CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp", "liksom", "alternativt",
                 "som", "men", "utan", "till"}
# fmt: on


def _join_hyphenated(left: str, right: str) -> tuple[str, str] | None:
    """Return (left, right) with the first word of `right` moved onto `left`, or None.

    "verk-" + "samheten är" -> "verksamheten", "är"; "IT-" + "säkerhet" -> "IT-säkerhet";
    "planerings-" + "och ..." is left alone; so are numbers ("2024-" + "2027").
    """
    fragment = _LEFT_FRAGMENT.search(left)
    word = _RIGHT_WORD.match(right)
    if fragment is None or word is None:
        return None
    stem, head = fragment.group(1), word.group(1)
    if not (stem[-1].isalpha() and head[0].isalpha()):
        return None
    if stem.isupper() or len(stem) == 1:
        # An abbreviation or a letter ("IT-säkerhet", "e-tjänst"): keep the hyphen.
        # Swedish typesetting never breaks a word after its first letter.
        joined = left + word.group(1) + word.group(2)
    elif stem[-1].islower() and head[0].islower():
        if head.casefold() in _CONJUNCTIONS:
            return None
        joined = left[:-1] + word.group(1) + word.group(2)
    else:  # a capital after the hyphen is too often a header or a new sentence
        return None
    return joined, right[word.end() :]


def _rejoin_hyphenation(pages: list[list[str | None]]) -> None:
    """Rejoin hyphenated words across line breaks (past at most one blank line, which
    double-spaced extractions put between every line) and across page breaks."""
    where = [(p, i) for p, lines in enumerate(pages) for i, line in enumerate(lines) if line]
    for n, (p, i) in enumerate(where[:-1]):
        q, j = where[n + 1]
        left, right = pages[p][i], pages[q][j]
        if not left or not right or not left.endswith("-"):
            continue
        if p == q and sum(1 for k in range(i + 1, j) if pages[p][k] == "") > 1:
            continue  # more than one blank line: a real break
        joined = _join_hyphenated(left, right)
        if joined is not None:
            pages[p][i] = joined[0]
            pages[q][j] = joined[1] or None


# ---- step 6 and the whole ------------------------------------------------------------------


def _join_lines(lines: list[str | None]) -> str:
    """Return the page's remaining lines as text, with single blank lines between blocks.

    Dropped lines (None) vanish; blank lines that were there stay, collapsed to one.
    """
    out: list[str] = []
    for line in lines:
        if line is None:
            continue
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def clean_pages(pages: list[str]) -> list[str]:
    """Return the pages cleaned (see the module docstring), one string per input page.

    Never merges paragraphs that a blank line separated, and never drops or adds a
    page. Accepts any list, including an empty one.
    """
    split: list[list[str | None]] = [list(_split_lines(page)) for page in pages]
    _drop_furniture(split)
    _drop_running_lines(split)
    _drop_repeated_protocol_headers(split)
    _rejoin_hyphenation(split)
    return [_join_lines(lines) for lines in split]
