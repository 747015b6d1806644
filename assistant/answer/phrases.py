"""Labels and glue text of answers, in Swedish and English. Quotes are never translated."""

from __future__ import annotations

from index.lexicon import PARTY_NAMES
from index.models import SectionMeta

PHRASES: dict[str, dict[str, str]] = {
    "sv": {
        "no_support": "Jag hittar inget stöd för det i dokumenten.",
        "according_to": "Enligt {source}",
        "see_also": "Se även {source}",
        "sources": "Källor",
        "group_organ": "Följande {n} organ har stöd i dokumenten:",
        "group_organ_one": "Ett organ har stöd i dokumenten:",
        "group_company": "Följande {n} bolag har stöd i dokumenten:",
        "group_company_one": "Ett bolag har stöd i dokumenten:",
        "group_party": "Följande {n} partier har stöd i dokumenten:",
        "group_party_one": "Ett parti har stöd i dokumenten:",
        "motion": "i ett yrkande av {mover}",
        "motion_rejected": "i ett yrkande av {mover}, som avslogs",
        "motion_adopted": "i ett yrkande av {mover}, som bifölls",
        "also_in": "även i {where}",
        "open": "”",
        "close": "”",
        "meeting_field": "{field} vid {source}: {value}",
        "chair_adjusts": "; protokollet justeras också av ordföranden {chair}",
        "field_chair": "Ordförande",
        "field_secretary": "Sekreterare",
        "field_adjusters": "Justerare",
        "field_attendees": "Närvarande",
        "field_place": "Plats",
        "field_meeting_time": "Tid",
        "field_date": "Datum",
        "field_adjusted_on": "Dag för justering",
    },
    "en": {
        "no_support": "I found nothing in the documents that answers this.",
        "according_to": "According to {source}",
        "see_also": "See also {source}",
        "sources": "Sources",
        "group_organ": "The documents support these {n} bodies:",
        "group_organ_one": "The documents support one body:",
        "group_company": "The documents support these {n} companies:",
        "group_company_one": "The documents support one company:",
        "group_party": "The documents support these {n} parties:",
        "group_party_one": "The documents support one party:",
        "motion": "in a motion by {mover}",
        "motion_rejected": "in a motion by {mover}, which was voted down",
        "motion_adopted": "in a motion by {mover}, which was adopted",
        "also_in": "also in {where}",
        "open": "“",
        "close": "”",
        "meeting_field": "{field} at {source}: {value}",
        "chair_adjusts": "; the chair, {chair}, adjusts the minutes with them",
        "field_chair": "Chair",
        "field_secretary": "Secretary (minutes)",
        "field_adjusters": "Adjusters of the minutes (justerare)",
        "field_attendees": "Present",
        "field_place": "Place",
        "field_meeting_time": "Time",
        "field_date": "Date",
        "field_adjusted_on": "Day the minutes are adjusted (justering)",
    },
}


def phrase(lang: str, key: str, **values: object) -> str:
    """Return the phrase `key` in `lang` (Swedish for an unknown language), filled in.

    Refuses (KeyError) a key that is not defined.
    """
    table = PHRASES.get(lang, PHRASES["sv"])
    return table[key].format(**values)


def quoted(lang: str, text: str) -> str:
    """Return `text` between the quotation marks of `lang`; the text itself is kept as is."""
    return f"{phrase(lang, 'open')}{text}{phrase(lang, 'close')}"


def no_support(lang: str) -> str:
    """Return the plain reply for a question the documents do not answer."""
    return phrase(lang, "no_support")


def party_label(code: str) -> str:
    """Return "Moderaterna (M)" for "M"; an unknown code is returned as is."""
    name = PARTY_NAMES.get(code)
    return f"{name} ({code})" if name else code


def source_name(meta: SectionMeta, paragraph: str | None = None) -> str:
    """Return how the glue text names a source: "Äldrenämnden § 127 (Västerås stad)"."""
    name = meta.organ or meta.title or meta.municipality or "?"
    paragraph = paragraph or meta.paragraph
    if paragraph:
        name += f" § {paragraph}"
    if meta.municipality and meta.organ and meta.municipality.split()[0] not in name:
        name += f" ({meta.municipality})"
    return name
