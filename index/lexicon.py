"""The domain words of Swedish municipal documents, in one place for ingest and answers.

Party codes are the abbreviations protocols print after a member's name ("Anna Nordin
(M)"); subheadings are the standard headings inside a protocol § (Beslut, Yrkanden,
Reservation …), which name a part of a § but never state a claim; months are Swedish month
names as dates are written ("26 april 2024").
"""

from __future__ import annotations

import re
from pathlib import Path

PARTY_NAMES: dict[str, str] = {
    "S": "Socialdemokraterna", "M": "Moderaterna", "SD": "Sverigedemokraterna",
    "C": "Centerpartiet", "V": "Vänsterpartiet", "KD": "Kristdemokraterna",
    "L": "Liberalerna", "MP": "Miljöpartiet", "D": "Demokraterna", "FI": "Feministiskt initiativ",
}  # fmt: skip
PARTY_CODES: tuple[str, ...] = tuple(PARTY_NAMES)
# A party code as a regex alternative, longest first so that "SD" is not read as "S".
PARTY_CODE_PATTERN = "(?:" + "|".join(sorted(PARTY_CODES, key=len, reverse=True)) + ")"
# A party's name, casefolded, in its definite form or its genitive ("sverigedemokraternas"),
# to its code: a question says "Sverigedemokraternas yrkande" where the protocol writes "(SD)".
PARTY_BY_NAME: dict[str, str] = {
    form: code
    for code, name in PARTY_NAMES.items()
    for form in (name.casefold(), name.casefold() + "s")
}


# The parties' English adjectives, casefolded ("the Liberal motion", "a Social Democratic
# member"): a party only when written with their capitals. Not "moderate", "green", "left" or
# "centre", which are everyday English words.
PARTY_ENGLISH_ADJECTIVES: dict[str, str] = {
    "liberal": "L", "social democratic": "S", "christian democratic": "KD",
    "sweden democrat": "SD",
}  # fmt: skip
# How English text names the parties, casefolded ("the Sweden Democrats' amendment"). "The
# Democrats" are Demokraterna (D), a local party in Göteborg; the longer names that end in
# "democrats" are matched first.
PARTY_ENGLISH_NAMES: dict[str, str] = {
    "social democrats": "S", "moderates": "M", "moderate party": "M",
    "sweden democrats": "SD", "centre party": "C", "center party": "C", "left party": "V",
    "christian democrats": "KD", "liberals": "L", "liberal party": "L", "green party": "MP",
    "feminist initiative": "FI", "democrats": "D",
    **PARTY_ENGLISH_ADJECTIVES,
}  # fmt: skip


def party_pattern(code: str) -> str:
    """Return a regex for party `code` as protocols write it, case-sensitive: in parentheses
    ("(M)"), or alone for a code of two letters or more ("SD", "KD"); a lone "M" or "S" is too
    often something else to count."""
    alone = rf"|(?<![\w-]){code}(?![\w-])" if len(code) > 1 else ""
    return rf"(?-i:\({code}\){alone})"


MONTHS: tuple[str, ...] = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
MONTH_PATTERN = "(?:" + "|".join(MONTHS) + ")"
# English month names, in the same order, for questions asked in English.
ENGLISH_MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# A month's number (1-12) by its Swedish or English name ("maj" and "may" are 5).
MONTH_NUMBER: dict[str, int] = {
    name: i + 1 for names in (MONTHS, ENGLISH_MONTHS) for i, name in enumerate(names)
}

# Headings inside a protocol § or a tjänsteutlåtande: they name the part that follows.
SUBHEADINGS: tuple[str, ...] = (
    "Beslut", "Kommunstyrelsens beslut", "Nämndens beslut", "Information",
    "Ärendebeskrivning", "Ärendet", "Bakgrund", "Yrkande", "Yrkanden", "Propositionsordning",
    "Proposition", "Propositioner", "Beslutsgång", "Omröstning", "Omröstningsresultat",
    "Handling", "Handlingar", "Beslutsunderlag", "Reservation", "Reservationer",
    "Protokollsanteckning", "Protokollsanteckningar", "Särskilt yttrande", "Yttrande",
    "Förslag till beslut", "Sammanfattning", "Justering", "Synpunkter", "Kopia till",
    "Expedieras till", "Skickas till", "Bedömning", "Förvaltningens bedömning", "Motivering",
    "Motionen",
)  # fmt: skip
SUBHEADING = re.compile(
    r"(?:" + "|".join(re.escape(h) for h in sorted(SUBHEADINGS, key=len, reverse=True)) + r")",
    re.I,
)
# What part of a § each subheading opens. "decision": what the organ decided; "proposal":
# what was put before it (the office's or a committee's förslag till beslut); "record": the
# course of the meeting (yrkanden, propositions, votes, reservations); "case": the account of
# the matter; "listing": the documents of the case and who receives the decision, titles
# that name a document but state nothing.
SUBHEADING_PARTS: dict[str, str] = {
    "beslut": "decision", "kommunstyrelsens beslut": "decision", "nämndens beslut": "decision",
    "förslag till beslut": "proposal",
    "yrkande": "record", "yrkanden": "record", "propositionsordning": "record",
    "proposition": "record", "propositioner": "record", "beslutsgång": "record",
    "omröstning": "record", "omröstningsresultat": "record", "reservation": "record",
    "reservationer": "record", "protokollsanteckning": "record",
    "protokollsanteckningar": "record", "särskilt yttrande": "record",
    "information": "case", "ärendebeskrivning": "case", "ärendet": "case", "bakgrund": "case",
    "sammanfattning": "case", "bedömning": "case", "förvaltningens bedömning": "case",
    "motivering": "case", "synpunkter": "case", "yttrande": "case", "motionen": "case",
    "handling": "listing", "handlingar": "listing", "beslutsunderlag": "listing",
    "kopia till": "listing", "expedieras till": "listing", "skickas till": "listing",
    "justering": "listing",
}  # fmt: skip
# A line that is only a subheading ("Yrkanden", "Beslut:"); group 1 is the heading.
SUBHEADING_LINE = re.compile(rf"^[ \t]*({SUBHEADING.pattern})[ \t]*:?[ \t]*$", re.M | re.I)

# The labels of a protocol's meeting furniture (its first and signature pages), per field:
# "Vid protokollet" introduces the secretary, "Utses att justera" the adjusters (justerare).
# "stop" labels end a field's value without starting another.
FURNITURE_LABELS: dict[str, tuple[str, ...]] = {
    "place_time": ("Plats och tid", "Tid och plats", "Plats och datum"),
    "place": ("Plats", "Lokal", "Sammanträdesrum", "Mötesplats"),
    "time": ("Tid", "Sammanträdestid", "Mötestid"),
    "date": ("Sammanträdesdatum", "Mötesdatum", "Datum"),
    "attendees": (
        "Beslutande", "Beslutande ledamöter", "Närvarande", "Närvarande ledamöter",
        "Närvarande ersättare", "Ledamöter", "Tjänstgörande ersättare",
        "Ej tjänstgörande ersättare", "Övriga närvarande", "Övriga deltagande",
        "Övriga deltagare", "Övriga", "Deltagare", "Närvarande tjänstepersoner",
    ),
    "adjusters": ("Utses att justera", "Justerare", "Protokolljusterare", "Justerande", "Justeras"),
    "adjustment": (
        "Justeringens plats och tid", "Justeringens tid och plats", "Justeringsdatum",
        "Dag för justering", "Justeringsdag",
    ),
    "secretary": (
        "Sekreterare", "Protokollförare", "Vid protokollet", "Antecknat av", "Antecknare",
        "Mötessekreterare",
    ),
    "chair": ("Ordförande", "Mötesordförande"),
    "stop": (
        "Underskrifter", "Paragrafer", "Paragraf", "ANSLAG/BEVIS", "Anslag/bevis", "Organ",
        "Datum då anslaget sätts upp", "Datum då anslaget tas ned", "Underskrift",
        "Förvaringsplats för protokollet", "Frånvarande", "Anmält förhinder",
        "Justerandes signatur", "Justerandes sign", "Utdragsbestyrkande",
    ),
}  # fmt: skip

# How a consultee (remissinstans) says it raises nothing: "har inga synpunkter", "inget att
# invända/erinra/tillägga", "inga tillägg eller justeringar", "avstår från att yttra sig".
NO_REMARKS = re.compile(
    r"\b(?:inga|inte\s+några|inte\s+har\s+några)\s+(?:\w+\s+)?(?:synpunkter|invändningar|erinringar"
    r"|tillägg|kommentarer|ändringar|justeringar)\b"
    r"|\b(?:inget|inte\s+något|ingenting)\s+att\s+(?:invända|erinra|tillägga|anmärka|anföra|yttra)"
    r"|\bavstår\s+från\s+att\s+(?:yttra\s+sig|lämna\s+(?:synpunkter|yttrande))"
    r"|\butan\s+(?:synpunkter|invändningar|erinran|erinringar)\b",
    re.I,
)
# "I övrigt har X inget att erinra": the consultee did raise something, elsewhere.
OTHER_REMARKS = re.compile(
    r"^\W*(?:i\s+övrigt|utöver\s+(?:detta|ovanstående)|för\s+övrigt)\b", re.I
)

# Decision verbs that come in opposite pairs, as stem prefixes: a sentence that says one
# does not answer a question that asks about the other ("avstyrker" is not "tillstyrker").
OPPOSITE_DECISIONS: tuple[tuple[str, str], ...] = (
    ("tillstyrk", "avstyrk"),
    ("bifall", "avslag"),
    ("bifaller", "avslår"),
    ("biföll", "avslog"),
    ("godkän", "underkän"),
    ("beviljad", "nekad"),
)


def _municipalities() -> frozenset[str]:
    lines = Path(__file__).with_name("kommuner.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Sweden's 290 municipalities (kommuner) by their short names ("Enköping", "Upplands Väsby"),
# from SCB's list of municipalities by county (`kommuner.txt`).
MUNICIPALITIES: frozenset[str] = _municipalities()
# A municipality named in running text, also in the genitive or with "kommun"/"stad" after it
# ("Enköpings kommun", "till Västerås"); group 1 is the name.
MUNICIPALITY_NAME = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(m) for m in sorted(MUNICIPALITIES, key=len, reverse=True))
    + r")s?(?![\w-])"
)
