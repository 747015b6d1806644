"""Lines of a governance document and where its sections start; small pieces the readers share.

`split_lines` turns text into `Line`s; the `*_starts` functions return `Start`s for §, yttrande,
e-mail, letter, numbered item and programme chapter. A Göteborg KF handling is found by
`ingest.segment_handlings`. `Context` and `clip` are shared with the section readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from index.dnr import DNR_PATTERN
from index.models import SectionMeta
from ingest import metadata as md

# The § line of a protocol, in the forms Swedish templates print it: "§ 26", "§ 26 Dnr KS
# 2024/14", "§ 12 | Dnr ASN 2025/3" (table cells), "KF § 41" and "Ks § 108 Dnr 00041/2025"
# (the organ's register code first), "KSKF/2025:1 § 235 Val till ..." (the Dnr first and the
# ärendemening after). Two-letter words that can start a sentence are no organ codes.
_ORGAN_CODE = r"(?:[A-ZÅÄÖ]{2,6}|(?!(?:Se|Om|Av|På|Nu|Ja|Vi|Ni|Du|Är|Ur)\b)[A-ZÅÄÖ][a-zåäö])"
_DNR_AFTER = (
    r"(?:Dnr|Ärendenummer|Diarienummer)\b.*|Dnr\S.*|\d{3,4}/\d{2}\b.*"
    r"|[A-ZÅÄÖ]{2,6}[- /]?\d{2,4}.*"
)
PARAGRAPH = re.compile(
    rf"^(?:{_ORGAN_CODE}\s+)?§\s?(\d{{1,4}})(?:\s*\|\s*|\s+)?({_DNR_AFTER})?\s*\|?\s*$"
)
_DNR_FIRST = re.compile(
    rf"^(?P<printed>{DNR_PATTERN})\s+§\s?(?P<number>\d{{1,4}})(?:\s+(?P<title>[A-ZÅÄÖ].*))?$"
)


@dataclass(frozen=True)
class ParagraphLine:
    """A § line read: its number, the Dnr text printed on it and an ärendemening on it."""

    number: str
    dnr: str | None = None
    title: str | None = None


def read_paragraph(s: str) -> ParagraphLine | None:
    """Return the § line `s` (stripped) read into its parts, or None when it is no § line."""
    m = PARAGRAPH.match(s)
    if m:
        return ParagraphLine(m.group(1), m.group(2))
    m = _DNR_FIRST.match(s)
    return ParagraphLine(m["number"], m["printed"], m["title"]) if m else None


STRONG_HEADER = re.compile(
    r"^(?:SAMMANTRÄDESPROTOKOLL|VÄSTERÅS STAD|Göteborgs Stad(?!s)|Protokoll(?:$| nr| \(nr)"
    r"|Utdrag ur protokoll|Sammanträdesdatum|Justerandes|\d+\s?\(\d+\)$|\d{4}-\d{2}-\d{2}$)"
)
_WEAK_HEADER = re.compile(r"^(?:Utdragsbestyrkande|Sida \d+(?: av \d+)?|\d+ \(\d+\))$")
# "Byggnadsnämnden 2023-05-25", "Kommunfullmäktige, sammanträde 2025-02-24",
# "Kommunstyrelsen – protokoll den 2025-01-21".
ORGAN_DATE = re.compile(
    r"^(.{4,80}?)[\s,–-]+(?:(?:sammanträde|sammanträdesprotokoll|protokoll|möte)"
    r"(?:\s+(?:den|från))?\s+)?(\d{4}-\d{2}-\d{2})$",
    re.I,
)
_EMAIL_LABEL = re.compile(r"^E-?post:\s*\S+@\S+$", re.I)
_STATEMENT_HEAD = re.compile(
    r"^(?:YTTRANDE|TJÄNSTEUTLÅTANDE|Tjänsteutlåtande\b|Yttrande\b(?!t)|Remissvar\b|Remissyttrande\b)"
)
_CAPS_STATEMENT = re.compile(r"^(?:YTTRANDE|TJÄNSTEUTLÅTANDE)\b[^a-zåäö]*$")
# A line holding only a Dnr, labelled or not ("Dnr KS 2024/00391", "KS/2011:286"): above or
# below a bare § line it is that §'s Dnr.
DNR_LINE = re.compile(
    r"^(?:(?:Dnr|Diarienr|Diarienummer|Ärendenummer)\.?:?\s*)?(?:" + DNR_PATTERN + r")$"
)
NUMBERED = re.compile(r"^(\d{1,2})\.\s+([A-ZÅÄÖ].{1,100})$")
# The heading of a table of contents or an agenda list, whose entries point at §§ or items
# printed further on ("Innehåll", "Ärendeförteckning", "Ärendelista 12 maj 2025").
TOC_HEADING = re.compile(
    r"^(?:Innehållsförteckning|Innehåll|Ärendeförteckning|Ärendelista|Föredragningslista"
    r"|Dagordning|Paragrafförteckning|Förteckning över\b.*\bärenden)\b:?[^.]{0,40}$",
    re.I,
)


@dataclass
class Line:
    start: int
    text: str

    @property
    def s(self) -> str:
        return self.text.strip()


@dataclass
class Start:
    line: int
    kind: str
    head: int
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    municipality: str | None
    doc_type: str
    organ: str | None = None
    date: str | None = None
    dnr: str | None = None
    title: str | None = None
    last_paragraph: SectionMeta | None = None


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        skip = len(raw) - len(raw.lstrip("\f"))
        lines.append(Line(pos + skip, raw[skip:]))
        pos += len(raw) + 1
    return lines


def _is_strong(s: str) -> bool:
    m = ORGAN_DATE.match(s)
    return bool(
        STRONG_HEADER.match(s) or (m and md.looks_like_organ(m.group(1))) or DNR_LINE.match(s)
    )


def is_header(s: str) -> bool:
    return _is_strong(s) or bool(_WEAK_HEADER.match(s)) or md.looks_like_organ(s)


def _header_start(lines: list[Line], i: int) -> int:
    """Return the first line of the page header just above line `i`, or `i` if there is none.

    The run starts at its first strong line (a protocol heading, a date, a page number), so a
    bare organ name that ends a "Kopia till" list stays with the section before; it never
    reaches back across a page break.
    """
    start = j = i
    while j > 0:
        if _page_break_before(lines, j):
            return j if j < i else start
        s = lines[j - 1].s
        if s and not is_header(s):
            break
        j -= 1
        if s and _is_strong(s):
            start = j
    return start


def _page_break_before(lines: list[Line], i: int) -> bool:
    return i > 0 and lines[i].start > lines[i - 1].start + len(lines[i - 1].text) + 1


def paragraph_starts(lines: list[Line]) -> list[Start]:
    """Return a start per § line, leaving out the entries of a table of contents."""
    toc = toc_lines(lines, _paragraph_number)
    found = []
    for i, line in enumerate(lines):
        if i not in toc and read_paragraph(line.s):
            found.append(Start(_header_start(lines, i), "paragraf", i))
    return found


def _paragraph_number(s: str) -> str | None:
    found = read_paragraph(s)
    return found.number if found else None


def item_number(s: str) -> str | None:
    """Return the number of an agenda item line ("2. Anmälan om ..." -> "2"), or None."""
    m = NUMBERED.match(s)
    return m.group(1) if m and not s.endswith((".", ",", ";")) else None


def toc_lines(lines: list[Line], number_of: Callable[[str], str | None]) -> set[int]:
    """Return the lines that are entries of a table of contents, not starts of what they name.

    `number_of` reads an entry's number (a § or an item). An entry is a numbered line whose
    number comes again further on (the entry points at it), and that either follows a TOC
    heading, up to the first number that repeats (where the body begins), or sits right
    above another numbered line with no text between them. A "Dagordning" heading inside a
    § takes nothing with it: the §§ after it are not printed again.
    """
    numbered = [(i, n) for i, line in enumerate(lines) if (n := number_of(line.s))]
    last = {n: i for i, n in numbered}
    found: set[int] = set()
    for h, line in enumerate(lines):
        if TOC_HEADING.match(line.s):
            seen: set[str] = set()
            for i, n in numbered:
                if i > h and n in seen:
                    break
                if i > h:
                    seen.add(n)
                    found.add(i)
    for (i, _), (j, _) in zip(numbered, numbered[1:], strict=False):
        if not any(line.s for line in lines[i + 1 : j]):
            found.update((i, j))
    return {i for i, n in numbered if i in found and last[n] > i}


def statement_starts(lines: list[Line]) -> list[Start]:
    found: list[Start] = []
    heads: set[int] = set()
    for i, line in enumerate(lines):
        if not _EMAIL_LABEL.match(line.s):
            continue
        ahead = [j for j in range(i + 1, min(i + 30, len(lines))) if lines[j].s][:12]
        head = next((j for j in ahead if _STATEMENT_HEAD.match(lines[j].s)), None)
        if head is None or any(read_paragraph(lines[j].s) for j in ahead if j < head):
            continue
        above = [j for j in range(i - 1, max(i - 6, -1), -1) if lines[j].s][:2]
        kind = "tjänsteutlåtande" if lines[head].s.upper().startswith("TJÄNSTE") else "yttrande"
        found.append(
            Start(
                above[-1] if above else i,
                kind,
                head,
                {"sender": lines[above[-1]].s if above else ""},
            )
        )
        heads.update(range(i, head + 1))
    for i, line in enumerate(lines):
        if i not in heads and _CAPS_STATEMENT.match(line.s):
            kind = "tjänsteutlåtande" if line.s.startswith("TJÄNSTE") else "yttrande"
            found.append(Start(i, kind, i))
    return found


def email_starts(lines: list[Line]) -> list[Start]:
    found = []
    for i, line in enumerate(lines):
        if line.s.startswith("Från:") and any(
            re.match(r"(Skickat|Sent|Datum):", lines[j].s)
            for j in range(i + 1, min(i + 4, len(lines)))
        ):
            found.append(Start(i, "e-post", i))
    return found


def letter_starts(lines: list[Line]) -> list[Start]:
    found = []
    for i, line in enumerate(lines):
        if line.s == "HANDLÄGGARE" and any(
            lines[j].s == "DATUM" for j in range(i, min(i + 20, len(lines)))
        ):
            start = i
            while start > 0 and re.match(r"(Postadress|E-post|Besöksadress):", lines[start - 1].s):
                start -= 1
            found.append(Start(start, "yttrande", i, {"letter": "1"}))
    return found


def numbered_starts(lines: list[Line], a: int, b: int, kind: str) -> list[Start]:
    """Return a start per numbered item 1, 2, 3 … in lines a..b, leaving out a list of them
    above (an agenda's ärendelista) whose items are printed again further on."""
    toc = toc_lines(lines[:b], item_number)
    found, expected = [], 1
    for i in range(a, b):
        number = item_number(lines[i].s)
        if i not in toc and number and int(number) == expected:
            found.append(Start(i, kind, i))
            expected += 1
    return found


def programme_starts(lines: list[Line], taken: list[int]) -> list[Start]:
    """Return the starts of a programme text inside a protocol bundle: its preface, its chapters."""
    first = next(
        (i for i, line in enumerate(lines) if re.match(r"^(?:Program anger\b|Förord$)", line.s)),
        None,
    )
    if first is None:
        return []
    end = next((k for k in taken if k > first), len(lines))
    return [
        Start(first, "kapitel", first, {"title": "Förord"}),
        *numbered_starts(lines, first, end, "kapitel"),
    ]


def clip(title: str, size: int = 200) -> str:
    title = re.split(
        r"\s+(?:Till Göteborgs kommunfullmäktige|Förslag till beslut|Kommunstyrelsens förslag)\b",
        title,
    )[0]
    title = " ".join(title.split())
    return title if len(title) <= size else title[:size].rsplit(" ", 1)[0] + " …"
