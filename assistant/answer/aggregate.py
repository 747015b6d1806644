"""Answers to "Which committees / companies / parties …?": every one the documents support, once.

The evidence is sentences from a deep retrieval. Only an organ's *own* position counts, so
three kinds of text are set aside, none by naming an organ:

- the programme or plan being commented on (section kind "kapitel", doc type "program");
- summaries of what others said ("Övriga synpunkter berörde…", "Flera remissinstanser…");
- the sections of the organ that sent the matter out for comment (the remiss issuer),
  recognised because several other organs route their answers to it or say it sent them
  the remiss. Its texts compile the answers rather than give its own view.

A supporting sentence inside a "Yrkanden" block is a member's motion, not the organ's
decision; the answer says who moved it and whether the organ adopted it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from assistant.answer.extractive import (
    CitationBook,
    Composed,
    Passage,
    Scored,
    Sentence,
    quality,
)
from assistant.answer.intent import Intent, asks_no_remarks
from assistant.answer.phrases import party_label, phrase, quoted
from assistant.answer.support import Query, TermSet, Unit, anchors_found, coverage
from index.lexicon import NO_REMARKS, OTHER_REMARKS, PARTY_CODE_PATTERN

PROGRAMME_KINDS = frozenset({"kapitel"})
PROGRAMME_DOC_TYPES = frozenset({"program"})
_ORGAN_NAME = r"([\wåäöÅÄÖ-]*(?:styrelse|nämnd|fullmäktige)[\wåäö]*)"
_ROUTED_TO = re.compile(
    r"\b(?:överlämna\w*|översän\w*|vidaresän\w*|skicka\w*|lämna\w*)\b[^.]{0,80}?\btill\s+"
    + _ORGAN_NAME,
    re.I,
)
_ROUTED_FROM = re.compile(r"\bremiss\w*\b[^.]{0,80}?\bfrån\s+" + _ORGAN_NAME, re.I)
_REMITTED_BY = re.compile(_ORGAN_NAME + r"\s+har\s+remitterat", re.I)
_SUMMARY = re.compile(
    r"\b(?:övriga synpunkter|remissinstans\w*|(?:flera|samtliga|ett par|några|alla|många)\s+"
    r"(?:instanser|nämnder|remissvar|yttranden)|inkomna\s+(?:yttranden|synpunkter|remissvar)"
    r"|sammanfattande reflektion|sammanställning\w*|synpunkterna|remissvaren)\b",
    re.I,
)
_PARTY = rf"\(({PARTY_CODE_PATTERN})\)"
_MOVER = re.compile(
    r"([A-ZÅÄÖ][\wåäöé-]+(?:\s+[A-ZÅÄÖ][\wåäöé-]+){1,2})\s*" + _PARTY + r"\s+yrka", re.M
)
_ACTORS = re.compile(
    r"^(?:[A-ZÅÄÖ][\wåäöé-]+(?:\s+[A-ZÅÄÖ][\wåäöé-]+){1,2}\s*" + _PARTY + r"(?:,\s*|\s+och\s+)?)+"
)
_RULING = re.compile(r"[^.]*\bfinner\b[^.]*\b(?:beslutar|bifall\w*|avslå\w*)\b[^.]*", re.I)
_COMPANY = re.compile(r"(?:^|\s)AB(?:\s|$)|\bbolag", re.I)


@dataclass
class Evidence:
    """The best sentence found for one organ (or party); for a party, also the best sentence
    of each other organ where it stands behind the same position (`others`)."""

    key: str
    scored: Scored
    note: str = ""
    others: list[Scored] = field(default_factory=list)


def remiss_issuers(passages: list[Passage]) -> set[tuple[str, str]]:
    """Return `(municipality, organ)` (casefolded) for each organ that at least two other
    organs of its municipality answer, or say they got a remiss from."""
    senders: dict[tuple[str, str], set[str]] = defaultdict(set)
    seen: set[tuple[str, int]] = set()
    for passage in passages:
        chunk = passage.hit.chunk
        if (chunk.doc_id, chunk.section) in seen or not chunk.meta.organ:
            continue
        seen.add((chunk.doc_id, chunk.section))
        own = chunk.meta.organ.casefold()
        for pattern in (_ROUTED_TO, _ROUTED_FROM, _REMITTED_BY):
            for m in pattern.finditer(passage.section_text):
                target = _organ_key(m.group(1))
                if target and target != own:
                    senders[(_place(passage), target)].add(own)
    return {key for key, who in senders.items() if len(who) >= 2}


def _place(passage: Passage) -> str:
    return (passage.hit.chunk.meta.municipality or "").casefold()


def _organ_key(name: str) -> str:
    key = name.casefold().strip("-")
    return key[:-1] if key.endswith(("ens", "ets")) else key


def is_programme(passage: Passage) -> bool:
    """Return True for the text of a programme or plan (the thing a remiss asks about)."""
    chunk = passage.hit.chunk
    return chunk.section_kind in PROGRAMME_KINDS or chunk.meta.doc_type in PROGRAMME_DOC_TYPES


def is_summary(text: str) -> bool:
    """Return True for a sentence that reports what others said rather than a position."""
    return bool(_SUMMARY.search(text))


def group_keys(group: str | None, passage: Passage, sentence: Sentence) -> list[str]:
    """Return what a sentence is evidence for: its organ, or for party questions its parties.

    Organ questions leave companies out and company questions keep only companies (an
    organ named "… AB" or "…bolag"). Parties are those of the members the sentence opens
    with ("Eleonore Lundkvist (M) och Frank Pettersson (M) reserverar…"), else the mover's
    when the sentence is a motion's text, else the section's one party in its metadata.
    """
    meta = passage.hit.chunk.meta
    if group == "party":
        actors = _ACTORS.match(sentence.text)
        if actors:
            return list(dict.fromkeys(re.findall(_PARTY, actors.group(0))))
        motion = motion_of(passage, sentence)
        if motion:
            return [motion.party]
        return list(meta.parties) if len(meta.parties) == 1 else []
    organ = meta.organ
    if not organ:
        return []
    if group == "any":
        return [organ]
    is_company = bool(_COMPANY.search(organ))
    if (group == "company") != is_company:
        return []
    return [organ]


@dataclass
class Motion:
    """A member's motion that a sentence belongs to: who moved it and how the organ ruled
    (True adopted, False voted down, None not recorded)."""

    mover: str
    party: str
    adopted: bool | None


def motion_of(passage: Passage, sentence: Sentence) -> Motion | None:
    """Return the motion whose words `sentence` is, or None when it is not a motion's text.

    The sentence is a motion's text when it stands in the section's "Yrkanden" block and
    the decision before that block does not repeat it; the mover is the last
    "Name (P) yrkar…" before it; the ruling is the last "finner … beslutar" after it:
    adopted when it names the mover, voted down when it names the mover with "avslå" or
    decides without naming the mover. A sentence that itself says who moves is not a
    motion's text.
    """
    section = passage.section_text
    offset = passage.section_offset(sentence.start)
    if offset is None or _ACTORS.match(sentence.text):
        return None
    heading = passage.heading_before(sentence.start)
    if heading is None or not heading.group(1).casefold().startswith("yrkande"):
        return None
    if _flat(sentence.text) in _flat(section[: heading.start()]):
        return None  # the decision itself took the motion's words in
    movers = list(_MOVER.finditer(section, heading.end(), offset))
    if not movers:
        return None
    name, party = " ".join(movers[-1].group(1).split()), movers[-1].group(2)
    rulings = list(_RULING.finditer(section, offset))
    if not rulings:
        return Motion(f"{name} ({party})", party, None)
    ruling = rulings[-1].group(0)
    adopted = name.split()[-1] in ruling and not re.search(r"\bavslå", ruling, re.I)
    return Motion(f"{name} ({party})", party, adopted)


def motion_note(motion: Motion | None, lang: str) -> str:
    """Return "in a motion by X (P), which was voted down" (or adopted), or "" for no motion."""
    if motion is None:
        return ""
    key = (
        "motion"
        if motion.adopted is None
        else "motion_adopted"
        if motion.adopted
        else "motion_rejected"
    )
    return phrase(lang, key, mover=motion.mover)


def candidates(passages: list[Passage], query: Query, intent: Intent) -> list[tuple[str, Passage]]:
    """Return `(organ or party, passage)` pairs that may hold evidence, in retrieval order.

    Left out: programme text, the remiss issuer's sections, sections missing an anchor of
    the question, and organs outside the asked-for group.
    """
    issuers = remiss_issuers(passages)
    pairs: list[tuple[str, Passage]] = []
    for passage in passages:
        organ = (passage.hit.chunk.meta.organ or "").casefold()
        if (
            is_programme(passage)
            or organ in issuers
            or not anchors_found(query, passage.context_text)
        ):
            continue
        keys = {k for s in passage.sentences for k in group_keys(intent.group, passage, s)}
        pairs.extend((key, passage) for key in sorted(keys))
    return pairs


def focus_units(query: Query, pairs: list[tuple[str, Passage]]) -> list[Unit]:
    """Return the units that tell the organs apart: covered by some, but at most half, of them.

    Words that every organ's section shares ("programmet", "remiss") only place the
    question; a word no section covers cannot separate anyone either.
    """
    organs = {key for key, _ in pairs}
    focus = []
    for unit in query.units:
        covering = {key for key, p in pairs if unit.cover(p.context_terms) >= 0.8}
        if 1 <= len(covering) <= len(organs) / 2:
            focus.append(unit)
    return focus


def collect_evidence(
    passages: list[Passage], query: Query, intent: Intent, min_support: float, lang: str
) -> list[Evidence]:
    """Return the best supporting sentence per organ (or party), in Swedish alphabetical order.

    With focus units (see `focus_units`), a sentence counts when it covers one of them
    itself and its section covers all of them; without, when it covers `min_support` of
    the question itself. Summaries of others' views never count.
    """
    pairs = candidates(passages, query, intent)
    if asks_no_remarks(intent.topic):
        return _no_remarks(pairs, intent, lang)
    focus = focus_units(query, pairs)
    top = max((p.hit.score for p in passages), default=0.0) or 1.0
    best: dict[tuple[str, str], Scored] = {}
    for key, passage in pairs:
        if focus and any(u.cover(passage.context_terms) < 0.8 for u in focus):
            continue
        for sentence in passage.sentences:
            if key not in group_keys(intent.group, passage, sentence) or is_summary(sentence.text):
                continue
            support, own = coverage(query, sentence.terms, passage.context_terms)
            mine = sum(u.weight for u in focus if u.cover(sentence.terms) >= 0.8)
            if not focus:
                own = unplaced_share(query, sentence.terms, passage.meta_terms, own)
            if (focus and mine <= 0) or (not focus and own < min_support):
                continue
            score = mine + support + 0.1 * passage.hit.score / top - quality(sentence.text)
            scored = Scored(passage, sentence, support, own, score)
            slot = (key, passage.hit.chunk.meta.organ or "" if intent.group == "party" else "")
            if slot not in best or _better(scored, best[slot]):
                best[slot] = scored
    return _evidence(best, lang)


def unplaced_share(query: Query, own: TermSet, meta: TermSet, whole: float) -> float:
    """Return the weighted share (0..1) of the question's units that the section's own
    metadata does not cover and the sentence does; `whole` (the sentence's share of all
    units) when the metadata covers every unit or none (units without a rendering, such as
    an English word the glossary lacks, count for neither).

    A § title (ärendemening) names the matter a section is about ("Yttrande över förslag
    till digitaliseringsprogram"); what an organ raised about it stands in its text. So in
    "Vilka nämnder tog upp informationssäkerhet i sina yttranden över
    digitaliseringsprogrammet?" the title places the yttrande and the sentence must carry
    "informationssäkerhet"; a sentence that only repeats the title ("Fritidsnämnden lämnar
    yttrande enligt förvaltningens förslag") carries nothing.
    """
    known = [u for u in query.units if u.alternatives]  # an unknown English word meets nothing
    rest = [u for u in known if u.cover(meta) < 0.8]
    total = sum(u.weight for u in rest)
    if total <= 0 or len(rest) == len(known):
        return whole
    return sum(u.weight * u.cover(own) for u in rest) / total


def _no_remarks(pairs: list[tuple[str, Passage]], intent: Intent, lang: str) -> list[Evidence]:
    """Return, per organ, the sentence in which its own text says it raises nothing
    (`lexicon.NO_REMARKS`), for a question asking which bodies had no comments. A sentence
    opening "I övrigt …" does not count: the body raised something before it."""
    best: dict[tuple[str, str], Scored] = {}
    for key, passage in pairs:
        for sentence in passage.sentences:
            text = sentence.text
            if (
                key not in group_keys(intent.group, passage, sentence)
                or is_summary(text)
                or not NO_REMARKS.search(text)
                or OTHER_REMARKS.search(text)
            ):
                continue
            scored = Scored(passage, sentence, 1.0, 1.0, 1.0 - quality(text))
            slot = (key, "")
            if slot not in best or _better(scored, best[slot]):
                best[slot] = scored
    return _evidence(best, lang)


def _evidence(best: dict[tuple[str, str], Scored], lang: str) -> list[Evidence]:
    """Return one `Evidence` per key from the best sentence per (key, organ) slot."""
    by_key: dict[str, list[Scored]] = defaultdict(list)
    for (key, _), scored in best.items():
        by_key[key].append(scored)
    evidence = []
    for key, found in by_key.items():
        found.sort(key=lambda s: (-round(s.score, 6), s.passage.rank, s.sentence.position))
        note = motion_note(motion_of(found[0].passage, found[0].sentence), lang)
        evidence.append(Evidence(key, found[0], note, found[1:]))
    return sorted(evidence, key=lambda e: _swedish_order(e.key))


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[\"”“]", "", text).split()).casefold()


def _better(a: Scored, b: Scored) -> bool:
    return (round(a.score, 6), -a.passage.rank, -a.sentence.position) > (
        round(b.score, 6),
        -b.passage.rank,
        -b.sentence.position,
    )


_SWEDISH_ORDER = str.maketrans("åäöé", "{|}e")


def _swedish_order(name: str) -> str:
    return name.casefold().translate(_SWEDISH_ORDER)


def compose_aggregate(
    evidence: list[Evidence], intent: Intent, lang: str, book: CitationBook
) -> Composed | None:
    """Return a list answer from `collect_evidence`'s result, one line per organ (or party)
    with its quote and citation. Returns None when no organ has support."""
    if not evidence:
        return None
    group = "organ" if intent.group in (None, "any") else intent.group
    head = (
        phrase(lang, f"group_{group}_one")
        if len(evidence) == 1
        else phrase(lang, f"group_{group}", n=len(evidence))
    )
    lines = [head]
    for item in evidence:
        hit = item.scored.passage.hit
        n = book.cite(hit, item.scored.sentence.text, item.scored.sentence.start)
        label = party_label(item.key) if group == "party" else item.key
        meta, paragraph = hit.chunk.meta, item.scored.passage.paragraph
        where = f" § {paragraph}" if paragraph else ""
        if group == "party":
            where = f", {meta.organ}{where}" if meta.organ else ""
        note = f" ({item.note})" if item.note else ""
        line = f"- {label}{where}: {quoted(lang, item.scored.sentence.text)} [{n}]{note}"
        also = [_also(other, book) for other in item.others]
        if also:
            line += f"; {phrase(lang, 'also_in', where=', '.join(also))}"
        lines.append(line)
    return Composed("\n".join(lines), book.citations)


def _also(scored: Scored, book: CitationBook) -> str:
    """Return "Äldrenämnden § 127 [3]", citing the sentence found there."""
    meta, paragraph = scored.passage.hit.chunk.meta, scored.passage.paragraph
    n = book.cite(scored.passage.hit, scored.sentence.text, scored.sentence.start)
    return f"{meta.organ}{f' § {paragraph}' if paragraph else ''} [{n}]"
