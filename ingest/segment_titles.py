"""The ärendemening (title) of a § or statement: the lines after its head, up to the body.

A blank line, a subheading ("Beslut", "Kommunstyrelsens beslut", "Förslag till beslut") or
the next § ends the title. Text without blank lines (PDF and text exports) also ends it at
the body's first sentence, while a wrapped title goes on.
"""

from __future__ import annotations

import re

from ingest.segment_starts import Line, clip, is_header, read_paragraph

SUBHEAD = re.compile(
    r"^(?:Beslut|Information|Ärendebeskrivning|Yrkanden?|Proposition\w*|Handlingar?|Reservation"
    r"|Protokollsanteckning|Förslag till beslut|Sammanfattning|Justering|Synpunkter"
    r"|Fråga \d+|Beslutsunderlag|Bakgrund|Ärendet|Sammanfattning av ärendet"
    r"|[A-ZÅÄÖ][\w-]*(?: och [\w-]+)?s (?:beslut|förslag till beslut))\s*:?$"
)
# A full stop after a word of four letters or more, or a number: not "11 kap.", "m.m.".
_SENTENCE_END = re.compile(r"(?:\w{4,}|\d)\.$")
# A wrapped ärendemening goes on after these words and marks, whatever the next line holds.
_WRAPS_AFTER = ("-", ",", " och", " samt", " för", " om", " av", " i", " till", " med", " på")
# A field label alone on its line, over the value it names.
_FIELD_LABEL = re.compile(r"^(?:Dnr|Diarienr|Diarienummer|Ärendenummer|Paragraf)\.?:?$")


def title_after(lines: list[Line], i: int, limit: int = 4) -> str | None:
    """Return the ärendemening: the lines after a § line up to a blank line or a subheading.

    Page-header lines, and a field label standing alone before it ("Diarienummer" over the
    Dnr on a meeting portal's page), are skipped.
    """
    parts: list[str] = []
    for j, line in enumerate(lines[i + 1 : i + 14], i + 1):
        s = line.s
        skip = is_header(s) and not s.endswith(" AB") or _FIELD_LABEL.match(s)
        if not s or (skip and not parts):
            if parts and not s:
                break
            continue
        if SUBHEAD.match(s) or read_paragraph(s) or len(parts) >= limit or _body(parts, lines, j):
            break
        parts.append(s)
    title = re.sub(r"^Beslut\s*[-–]\s*", "", " ".join(parts))
    return clip(title) or None


def _body(parts: list[str], lines: list[Line], j: int) -> bool:
    """Return True when line j, after title lines `parts`, starts the body, not the title.

    Text without blank lines needs this (elsewhere a blank line ends the title first). The
    line must start with a capital and either end a sentence itself or be a full-width line
    (50 characters or more) of a sentence that ends within the next two lines of its block.
    A short capitalised line ("Stad ska förhålla sig till AI") goes on a wrapped title.
    """
    s = lines[j].s
    if not parts or not s[:1].isupper() or parts[-1].endswith(_WRAPS_AFTER):
        return False
    if _SENTENCE_END.search(s):
        return True
    if len(s) < 50:
        return False
    for line in lines[j + 1 : j + 3]:
        if not line.s or SUBHEAD.match(line.s) or read_paragraph(line.s):
            return False
        if _SENTENCE_END.search(line.s):
            return True
    return False
