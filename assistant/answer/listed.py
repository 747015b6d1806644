"""Aggregate answers whose organs are named *inside* one sentence, not by who speaks.

"Vilka nämnder fick motionen på remiss?", "Vilka nämnder granskades…?", "Which companies
were asked to comment…?" are answered by a list in a decision or a report: "Motionen
remitteras till förskolenämnden, grundskolenämnden och socialnämnd Sydväst." The speaker
of that sentence (Kommunfullmäktige, Stadsrevisionen) is not one of the organs asked for,
so grouping the evidence by speaker, as `aggregate.py` does, answers the wrong thing.

This module finds the sentence that covers the question best among those naming at least
two organs of the asked-for group, and lists the organs it names, each cited to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.aggregate import collect_evidence, compose_aggregate
from assistant.answer.extractive import CitationBook, Composed, Passage, Scored, quality
from assistant.answer.intent import Intent
from assistant.answer.kinds import Context, Kind
from assistant.answer.phrases import phrase, quoted
from assistant.answer.support import Query, anchors_found, coverage

# Questions about what happened *to* organs (they were sent a remiss, audited, tasked, paid)
# rather than what they said.
_DONE_TO = re.compile(
    r"\b(?:fick|får|fått|remitter\w*|remiss(?:en)?\s+till|tillfråga\w*|granska(?:de|des|ts)"
    r"|omfatta\w*|ska\s+återrapportera|återrapporter\w*|uppdrag\w*|ålagts|ålades|tilldela\w*"
    r"|anmärkning\w*|erinran|rekommendation\w*|kritik\w*"
    r"|consulted|asked|audited|reviewed|covered|received|given|tasked|instructed"
    r"|sent\s+(?:the\s+)?(?:motion|proposal|matter))\b",
    re.I,
)
# The group's verb in the passive ("Vilka nämnder läggs ned…", "…granskades", "Which
# committees were abolished"): the organs are what the sentence acts on, so they stand in a
# list inside it, not in texts of their own. Swedish forms the passive with -s; deponent verbs
# that look alike ("finns", "hoppas") only make the listing be tried first.
_PASSIVE_GROUP = re.compile(
    r"\b(?:vilka|vilken|vilket)\s+\w+\s+(?:\w+\s+)?(?:[a-zåäö]{2,}(?:as|es|ds|ts|gs|ks|ls|rs|ns))\b"
    r"|\b(?:which|what)\s+\w+(?:\s+\w+)?\s+(?:are|were|is|was|have\s+been|has\s+been)"
    r"\s+(?:\w+\s+)?\w+(?:ed|en)\b",
    re.I,
)
# What organs "ska" do is what a decision obliges them to ("Vilka nämnder ska reda ut …":
# "Idrotts- och föreningsnämnden, stadsfastighetsnämnden och grundskolenämnden får i uppdrag
# att …"), so the organs stand in the decision's list, not in texts of their own. The modal
# must open the question's topic, right after the group: in "Vilka nämnder anser att staden ska
# …" the organs say something.
_OBLIGED = re.compile(r"\s*(?:ska|skall|skulle|bör|måste|should|shall|must|are\s+to)\b", re.I)
_CONJ_PREFIX = r"(?:(?:[a-zåäö]+\s+samt\s+)?[a-zåäö]+-\s+(?:och|samt)\s+)?"
_DISTRICT = r"(?:\s+(?:Centrum|Hisingen|Nordost|Sydväst|Nord|Syd|Öst|Väst|Norr|Söder))?"
# "nämnden för demokrati och medborgarservice", "nämnden för personer med
# funktionsnedsättning", "nämnden för idrott, fritid och förebyggande", "Styrelsen för
# Habilitering & Hälsa"; not "styrelsen för Förvaltnings AB …", not the next organ of a list
# and not the "äldre" of a following "äldre samt vård- och omsorgsnämnden".
_FOR_WORD = r"(?![\w-]*(?:nämnd|styrelse))(?![\wåäöÅÄÖ-]+\s+(?:AB\b|samt\b))[\wåäöÅÄÖ-]+"
_FOR_WHAT = (
    r"\s+för\s+" + _FOR_WORD + r"(?:\s+(?-i:[A-ZÅÄÖ])[\wåäö-]+)?"
    r"(?:(?:\s+(?:och|med|&)\s+|,\s+(?=[\wåäö-]+(?:,|\s+och\s)))" + _FOR_WORD + r"){0,3}"
)
_ORGAN = re.compile(
    r"(?<![\w-])(?:"
    r"(?:nämnd(?:en)?|styrelse(?:n)?)"
    + _FOR_WHAT
    + r"|"
    + _CONJ_PREFIX
    + r"[\wåäöÅÄÖ]+nämnd(?:ens?)?"
    + _DISTRICT
    + r"|[\wåäöÅÄÖ]+styrelsen?s?"
    + r"|kommunfullmäktige"
    + r")(?![\wåäö])",
    re.I,
)
# Organs of one kind named together by their places: "Socialnämnderna Centrum, Hisingen,
# Nordost och Sydväst" are socialnämnden Centrum, socialnämnden Hisingen and so on (a city's
# district nämnder share the name of their kind and differ by the district).
_PLACE = r"(?-i:[A-ZÅÄÖ][\wåäö-]+)"
_ORGANS_BY_PLACE = re.compile(
    r"(?<![\w-])(?P<kind>[\wåäöÅÄÖ]+nämnd)erna\s+"
    rf"(?P<places>{_PLACE}(?:,\s*{_PLACE})*\s+och\s+{_PLACE})"
    # the list ends at its "och" item: not a place of two words ("Norra Hisingen") or a
    # company that follows the list ("…och Sydväst, Förvaltnings AB Framtiden")
    r"(?![\wåäö-]|\s+(?-i:[A-ZÅÄÖ]))",
    re.I,
)
_COMPANY = re.compile(
    r"(?<![\w&-])(?:[A-ZÅÄÖ][\wåäöÅÄÖ.-]*\s+(?:&\s+)?){0,4}AB(?:\s+[A-ZÅÄÖ][\wåäö-]+)?(?![\w])"
)
_REMISS = re.compile(
    r"\bremiss\w*|\byttr\w*|\btillfråga\w*|\bconsult\w*|\bcomment\w*|\basked\b", re.I
)
_ALSO_COMPANIES = re.compile(r"\b(?:bolag(?:en)?|företag|compan(?:y|ies))\b", re.I)
# The organ that sent the matter ("Kommunstyrelsen har översänt motionen … till …") is not
# one it was sent to.
_SENDER = re.compile(
    r"\s+(?:har|hade)\s+(?:\w+\s+)?(?:översänt|remitterat|begärt|skickat|överlämnat|gett)", re.I
)
# "utbildningsnämndens och grundskolenämndens arbete" names the two nämnder.
_GENITIVE = re.compile(r"((?:nämnd|styrelse)(?:e)?n)s\b", re.I)
_SECTION_OPENERS = frozenset({"enligt", "att", "och", "samt", "till", "från", "för", "av"})
MIN_LISTED = 2


@dataclass
class Listing:
    """The best sentence naming several organs of the asked-for group, and those organs."""

    scored: Scored
    organs: list[str]


def listed_organs(
    question: str,
    passages: list[Passage],
    query: Query,
    intent: Intent,
    min_support: float,
    speakers: int,
) -> Listing | None:
    """Return the listing that answers an organ or company aggregate asking what happened
    *to* the organs or what they are obliged to do (see `_DONE_TO`, `_PASSIVE_GROUP`,
    `_OBLIGED`), or None: the question asks what
    organs said, asks for parties, or no sentence lists enough organs.

    A remiss is answered both ways: the decision lists where it was sent, and each
    organ's own answer is evidence too. For remiss questions the listing is used only
    when it names at least as many organs as the `speakers` found with evidence of their own.
    """
    if intent.group == "party" or not (
        _DONE_TO.search(question) or _PASSIVE_GROUP.search(question) or _OBLIGED.match(intent.topic)
    ):
        return None
    group = intent.group
    if group == "organ" and _ALSO_COMPANIES.search(question):
        group = "any"
    listing = best_listing(passages, query, group, min_support)
    if listing is not None and _REMISS.search(question) and len(listing.organs) < speakers:
        return None
    return listing


def organs_named(text: str, group: str | None) -> list[str]:
    """Return the organs (for group "organ"), companies ("company") or both ("any") that
    `text` names, in order of appearance, each once, with a capital first letter."""
    found: list[tuple[int, str]] = []
    if group in (None, "organ", "any"):
        found += [(m.start(), m.group(0)) for m in _ORGAN.finditer(text) if _named(m, text)]
        found += [
            (m.start() + i, f"{m.group('kind')}en {name}")
            for m in _ORGANS_BY_PLACE.finditer(text)
            for i, name in enumerate(re.split(r",\s*|\s+och\s+", m.group("places")))
        ]
    if group in ("company", "any"):
        found += [
            (m.start(), _company(m.group(0))) for m in _COMPANY.finditer(text) if _named(m, text)
        ]
    names: dict[str, str] = {}
    for _, name in sorted(found):
        name = _GENITIVE.sub(r"\1", " ".join(name.split()))
        if len(name) < 5 or name.casefold() in ("nämnden", "styrelsen", "nämnd", "styrelse"):
            continue
        names.setdefault(name.casefold(), name[0].upper() + name[1:])
    return list(names.values())


def _named(match: re.Match[str], text: str) -> bool:
    """Return False for the sender of a matter, named right before "har översänt", and for
    the organ whose proposal a decision follows ("Enligt kommunstyrelsens förslag: …")."""
    return not _SENDER.match(text, match.end()) and not _FOLLOWED.search(text, 0, match.start())


# The owner of the proposal a decision follows: "Enligt kommunstyrelsens förslag:".
_FOLLOWED = re.compile(r"\benligt\s+$", re.I)


def _bare(name: str) -> str:
    """Return an organ name casefolded, "nämnden"/"styrelsen" reduced to "nämnd"/"styrelse"."""
    return re.sub(r"(nämnd|styrelse)(?:en|n)\b", r"\1", " ".join(name.casefold().split()))


def _company(name: str) -> str:
    """Drop a sentence word caught in front of a company name ("Enligt Higab AB")."""
    words = name.split()
    while len(words) > 1 and words[0].casefold() in _SECTION_OPENERS:
        words = words[1:]
    return " ".join(words)


def best_listing(
    passages: list[Passage], query: Query, group: str | None, min_support: float
) -> Listing | None:
    """Return the sentence that covers the question best (at least `min_support` of it by
    itself) among those naming `MIN_LISTED` or more organs of the group, or None.

    The organ whose text the sentence is does not count among the organs it lists: in its
    own minutes an organ names itself as the one acting ("Äldrenämnden antar … och
    överlämnar det till kommunstyrelsen"), which is not a list of organs acted upon.
    """
    top = max((p.hit.score for p in passages), default=0.0) or 1.0
    best: Listing | None = None
    for passage in passages:
        if not anchors_found(query, passage.context_text):
            continue
        speaker = _bare(passage.hit.chunk.meta.organ or "")
        for sentence in passage.sentences:
            organs = [o for o in organs_named(sentence.text, group) if _bare(o) != speaker]
            if len(organs) < MIN_LISTED:
                continue
            support, own = coverage(query, sentence.terms, passage.context_terms)
            if own < min_support:
                continue
            score = (
                own
                + 0.5 * support
                + 0.1 * passage.hit.score / top
                + 0.02 * min(len(organs), 10)  # a fuller list is likelier the list asked for
                - quality(sentence.text)
            )
            scored = Scored(passage, sentence, support, own, score)
            if best is None or (round(score, 6), -passage.rank) > (
                round(best.scored.score, 6),
                -best.scored.passage.rank,
            ):
                best = Listing(scored, organs)
    return best


def compose_listed(listing: Listing, intent: Intent, lang: str, book: CitationBook) -> Composed:
    """Return the list answer: the organs the sentence names, each cited, then the quote."""
    scored = listing.scored
    n = book.cite(scored.passage.hit, scored.sentence.text, scored.sentence.start)
    group = "company" if intent.group == "company" else "organ"
    lines = [phrase(lang, f"group_{group}", n=len(listing.organs))]
    lines += [f"- {organ} [{n}]" for organ in listing.organs]
    lines.append(f"{quoted(lang, listing.scored.sentence.text)} [{n}]")
    return Composed("\n".join(lines), book.citations)


def _compose_kind(context: Context) -> Composed | None:
    """Organs listed inside one decision or report when the question asks what happened to
    organs; otherwise every organ whose own text supports the topic (`aggregate`)."""
    c = context
    evidence = collect_evidence(c.passages, c.query, c.intent, c.settings.min_support, c.lang)
    listing = listed_organs(
        c.question, c.passages, c.query, c.intent, c.settings.min_support, len(evidence)
    )
    if listing is not None:
        return compose_listed(listing, c.intent, c.lang, c.book)
    return compose_aggregate(evidence, c.intent, c.lang, c.book)


AGGREGATE = Kind(
    "aggregate",
    recognise=lambda question, intent: intent.kind == "aggregate",
    depth=lambda settings, sources: settings.aggregate_depth,
    compose=_compose_kind,
    final=True,
)
