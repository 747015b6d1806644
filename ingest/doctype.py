"""Whole-file readers: which municipality (or joint body) a file belongs to, and its kind.

Both take plain text and a file name and never raise on odd input.
"""

from __future__ import annotations

import re

from ingest.segment_starts import read_paragraph

# --- Municipality ---------------------------------------------------------------------------

_BODIES = (
    ("Fyra Mälarstäder", re.compile(r"\b4M\b|Fyra Mälarstäder")),
    ("Göteborgsregionen", re.compile(r"Göteborgsregionen|\bGR\b")),
)
# The member municipalities of the joint bodies: their minutes group attendees under these names.
MEMBER_MUNICIPALITIES: dict[str, tuple[str, ...]] = {
    "Fyra Mälarstäder": ("Enköping", "Eskilstuna", "Strängnäs", "Västerås"),
    "Göteborgsregionen": (
        "Ale", "Alingsås", "Göteborg", "Härryda", "Kungsbacka", "Kungälv", "Lerum",
        "Lilla Edet", "Mölndal", "Partille", "Stenungsund", "Tjörn", "Öckerö",
    ),
}  # fmt: skip
_MUNICIPALITIES = (
    ("Västerås stad", re.compile(r"Västerås|vasteras\.se", re.I)),
    ("Göteborgs Stad", re.compile(r"Göteborgs? ?[Ss]tad|goteborg\.se|Göteborgs kommun", re.I)),
    ("Arboga kommun", re.compile(r"Arboga", re.I)),
    ("Enköpings kommun", re.compile(r"Enköping", re.I)),
    ("Eskilstuna kommun", re.compile(r"Eskilstuna", re.I)),
    ("Strängnäs kommun", re.compile(r"Strängnäs", re.I)),
)


def detect_municipality(text: str, filename: str = "") -> str | None:
    """Return who a file belongs to: a municipality or a joint body, or None.

    A joint body named near the top wins ("styrgruppen 4M" -> "Fyra Mälarstäder", GR notes ->
    "Göteborgsregionen"); otherwise the municipality named most often, with the file name
    counting as a mention ("goteborg-ks-..." -> "Göteborgs Stad"); failing that, a
    municipality the file names on one of its first lines ("NORRVALLA KOMMUN").
    """
    head = text[:1000]
    for name, pattern in _BODIES:
        if pattern.search(head):
            return name
    stem = filename.replace("_", " ").replace("-", " ").casefold()
    scores = {
        name: len(pattern.findall(text))
        + 5 * bool(re.search(name.split()[0][:5], stem, re.I))
        + 5 * bool(name == "Göteborgs Stad" and "goteborg" in stem)
        for name, pattern in _MUNICIPALITIES
    }
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] else _named_at_top(head)


# "NORRVALLA KOMMUN", "Ekholms kommun", "Lunds stad" on one of a file's first lines.
_NAMED = re.compile(
    r"^\s*(?P<name>[A-ZÅÄÖ][\wåäöÅÄÖ]+(?:[- ][A-ZÅÄÖ][\wåäöÅÄÖ]+)?)\s+(?P<kind>(?i:kommun|stad))\b",
    re.M,
)
_NOT_NAMES = {"den", "denna", "vår", "hela", "varje", "en", "ny", "din", "er", "som"}


def _named_at_top(head: str) -> str | None:
    """Return the municipality a file names on one of its first lines, as it names itself
    ("NORRVALLA KOMMUN" -> "Norrvalla kommun"), or None."""
    top = "\n".join(head.splitlines()[:6])
    m = _NAMED.search(top)
    if not m or m["name"].casefold() in _NOT_NAMES:
        return None
    name = "-".join(part.capitalize() for part in m["name"].split("-"))
    return f"{name} {m['kind'].lower()}"


# --- Document type --------------------------------------------------------------------------

# A § line with its Dnr, in the forms protocols print it: "§ 26 Dnr KS 2024/14", "§ 12 |
# Dnr ...", "KF § 42 Dnr ...", "KS § 110 KS/2025:214", "KSKF/2025:1 § 235 Val ...".
_PARAGRAPH_LINE = re.compile(
    r"^\s*(?:[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{1,5}\s+)?§\s?\d+\s*\|?\s*"
    r"(?:Dnr|Ärendenummer|\d{3,4}/\d{2}|[A-ZÅÄÖ]{2,6}[ /-]?\d{2,4})"
    r"|^\s*[A-ZÅÄÖ]{2,6}[ /-]?(?:19|20)\d{2}[:/-]\d{1,6}\s+§\s?\d+",
    re.M,
)
# Only a protocol (or an extract of one) is justerat and announced: its ANSLAG/BEVIS block.
_PROTOCOL_MARK = re.compile(
    r"SAMMANTRÄDESPROTOKOLL|Utdrag ur protokoll|ANSLAG\s?/\s?BEVIS|Protokollet är justerat", re.I
)
# A kallelse (notice of a meeting) with its agenda: "KALLELSE", "Föredragningslista",
# "Ärendelista", or "... kallas till sammanträde".
_NOTICE = re.compile(
    r"^\s*(?:KALLELSE|Kallelse\b|FÖREDRAGNINGSLISTA|Föredragningslista|Ärendelista)"
    r"|\bkallas (?:härmed )?till sammanträde",
    re.M,
)


def _handling_type(head: str) -> str | None:
    m = re.search(r"Handling \d{4} nr \d+\s+(\S+(?: \S+)?)", head)
    if not m:
        return None
    first = m.group(1)
    if first.startswith("Motion"):
        return "motion"
    if first.startswith(("Yttrande", "Svar på")):
        return "yttrande"
    if first.startswith("Interpellation"):
        return "dokument"
    return "avtal/förslag" if "Kommunstyrelsens förslag" in head else "dokument"


def _paragraph_lines(text: str, enough: int = 2) -> int:
    """Return how many § lines `text` has (counting stops at `enough`)."""
    count = 0
    for line in text.splitlines():
        if "§" in line and read_paragraph(line.strip()):
            count += 1
            if count >= enough:
                break
    return count


def detect_doc_type(text: str, filename: str = "") -> str:
    """Return the kind of a whole file, one of `index.models.DOC_TYPES` ("dokument" if unsure).

    Looks at the top of the text and at the name: § lines with a Dnr, an ANSLAG/BEVIS block
    or a "Protokoll" title -> "protokoll" (also for a web page), "KALLELSE",
    "Föredragningslista" or "... kallas till sammanträde" -> "kallelse",
    "Minnesanteckningar"/"Anteckningar" -> "minnesanteckningar", a KF "Handling ... nr" by its
    title, e-mail headers -> "e-post", audit summaries -> "revisionsrapport", and so on.
    """
    head = text[:1500]
    top = text.lstrip()[:300]
    name = filename.casefold()
    handling = _handling_type(head)
    if handling:
        return handling
    if _PROTOCOL_MARK.search(text[:3000]) or _paragraph_lines(text) >= 2:
        return "protokoll"  # a protocol published as a web page is still a protocol
    if not _PARAGRAPH_LINE.search(text) and _NOTICE.search(text[:600]):
        return "kallelse"
    if name.endswith((".html", ".htm")) or re.search(
        r"Senast uppdaterad:|^Skriv ut\s*$", text, re.M
    ):
        return "webbsida"
    if _PARAGRAPH_LINE.search(text):
        return "protokoll"
    if re.match(r"\s*(?:PROTOKOLL|Protokoll)\b(?!s)", top):
        return "protokoll"
    if re.search(r"\b(Minnesanteckningar|Minnesanteckning|Anteckningar)\b", top):
        return "minnesanteckningar"
    if re.search(r"^Från:.*\n(?:.*\n){0,2}(?:Skickat|Sent|Datum):", head, re.M):
        return "e-post"
    if re.search(r"revision|granskning", name) or re.search(
        r"Rapportsammandrag|Revisionsrapport|Revisionsberättelse", top
    ):
        return "revisionsrapport"
    if re.search(r"tjänsteutlåtande|tjänsteskrivelse", top, re.I):
        return "tjänsteutlåtande"
    if re.search(r"\bYTTRANDE\b|^\s*Yttrande\b|\bRemissvar\b", top, re.M):
        return "yttrande"
    if re.match(r"\s*Motion\b", top):
        return "motion"
    if re.match(r"\s*\w*yrkande\b", top, re.I):
        return "yrkande"
    if re.search(r"\bAvtal\b", head) and "Förslag till beslut" in head:
        return "avtal/förslag"
    if re.search(r"^\s*Förord\s*$|^\s*Program\b", head, re.M):
        return "program"
    return "dokument"
