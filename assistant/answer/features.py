"""What the learned scorer knows about one candidate sentence for one question.

`sentence_features` turns a (question, sentence) pair into the fixed vector
`FEATURES` names. The same function serves answering and training
(`evals/train_scorer.py`), so the model sees at run time exactly what it was fitted on.

The features are facts any reader of a governance document would weigh:
- how close the sentence is in meaning to the question (e5 cosine of the question's query
  side and the sentence's passage side; it works across Swedish and English);
- how much of the question's wording the sentence and its section hold (idf-weighted
  coverage, see `support`), and the heaviest question word that is missing;
- whether the names and numbers the question asks about (anchors) occur in its document,
  and those its section's metadata does not give in its own section (§);
- whether the sentence holds a value of the type the question asks for (a date for "när",
  an amount for "vad kostar", a person for "vem", see `answer_types.has_answer_type`), and for
  a question asking for several ("Vilka personer…", "Which municipalities…") how many;
- whether it says the question's verb, or is a heading rather than a claim;
- which part of its § it stands in (`index.lexicon.SUBHEADING_PARTS`): the list of the
  case's documents names titles and states nothing, the "Beslut" part holds the decision,
  and "förslag till beslut" what was proposed; a decision question is answered from the part
  that holds what it asks (what was decided, or what was proposed);
- how the retrievers ranked its chunk;
- whether the question is in English, alone and with the cosine: an English question's
  wording reaches the Swedish text only through the glossary, so its lexical evidence is
  thinner and the meaning carries more of the weight.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.answer.answer_types import (
    DAY_DATE,
    asks_several,
    has_answer_type,
    names_role,
    type_noun,
    typed_values,
)
from assistant.answer.intent import MEETING_ROLES, Intent
from assistant.answer.support import Query, TermSet, Unit, coverage, missing_share
from index.lexicon import OPPOSITE_DECISIONS, PARTY_CODE_PATTERN
from index.text import ITEM_START

FEATURES: tuple[str, ...] = (
    "cosine",
    "support",
    "own",
    "own_with_previous",
    "missing",
    "own_missing",
    "anchors_context",
    "anchors_section",
    "type_missing",
    "type_found",
    "type_values",
    "verb_missing",
    "focus_missing",
    "heading",
    "part_listing",
    "part_decision",
    "part_asked",
    "words",
    "retrieval",
    "rank",
    "dense_rank",
    "bm25_rank",
    "english",
    "english_cosine",
)
# Answer types that date an event: the date belongs to the event its own sentence tells
# (see `extractive.admissible`).
EVENT_TYPES = ("date", "when")
# The rank a retriever is taken to have given a chunk it did not return.
ABSENT_RANK = 100


@dataclass(frozen=True)
class QuestionView:
    """What the features need of a question: its units split by role, and its intent.

    `subject` is the query without the focus word ("kostar"), which a sentence must say
    itself; `verb` holds the unit of the question's finite verb, if any. `coverable` is
    True when a subject word has a Swedish form a text can hold (an English word the
    glossary lacks has none). `lang` is the question's language ("sv" or "en"). `several`
    says that it asks for several values (`answer_types.asks_several`), `part` which part of a §
    answers it (`asked_part`): both are read once per question, not per sentence.
    """

    query: Query
    subject: Query
    focus: tuple[Unit, ...]
    verb: tuple[Unit, ...]
    intent: Intent
    coverable: bool = True
    lang: str = "sv"
    several: bool = False
    part: str | None = None


def question_view(query: Query, intent: Intent, lang: str = "sv") -> QuestionView:
    """Return `query` split into subject, focus and verb units for `intent`.

    A focus word the glossary cannot render in Swedish ("lampposts") has nothing to look
    for in a Swedish text, so it stays with the subject instead of deciding alone. The noun
    that names the answer's type ("kommun" in "Vilken kommun…", `answer_types.type_noun`) leaves
    the subject: every candidate holds a value of that type (`holds_type`), which is what the
    noun asks for.
    """
    focus = tuple(
        u
        for u in query.units
        if intent.focus and intent.focus.casefold() in u.label.casefold() and u.alternatives
    )
    named_type = type_noun(intent.topic, intent.answer_type)
    subject = Query(
        [u for u in query.units if u not in focus and u.label.casefold() != named_type]
        or query.units,
        query.anchors,
    )
    verb = tuple(
        u
        for u in query.units
        if intent.verb and u.label.casefold().split(" eller ")[0] == intent.verb.casefold()
    )
    coverable = any(u.alternatives for u in subject.units)
    return QuestionView(
        query,
        subject,
        focus,
        verb,
        intent,
        coverable,
        lang,
        asks_several(intent.topic),
        asked_part(intent),
    )


def holds_type(intent: Intent, text: str) -> bool:
    """Return True when `text` holds a value of the type `intent` asks for (always for an
    untyped question); a "who" question is also answered by an office ("…till
    kommunstyrelsens presidium"), see `answer_types.names_role`. What a motion proposes ("I
    motionen föreslås…") is the matter an organ decides on, not its decision: it answers a
    decision question only when the question names no organ (see `motion_report`). A
    question for a meeting role ("Vem justerade protokollet?", `intent.role`) is answered
    only by a text that says the role."""
    if intent.role and not MEETING_ROLES[intent.role][1].search(text):
        return False  # "Vem justerade…" is not answered by a sentence that names no justering
    if intent.office and not MEETING_ROLES[intent.office][2].search(text):
        return False  # "Vem blev ny ordförande…" needs a text that names the office
    if intent.answer_type == "decision" and ORGAN_IN_QUESTION.search(intent.topic):
        text = motion_report(text)
    if intent.answer_type in ("count", "amount"):
        text = own_values(intent.topic, text)
    if intent.answer_type in ("date", "when") and not _DOCUMENT.search(intent.topic):
        text = _DOCUMENT_DATE.sub(" ", text)
    if has_answer_type(intent.answer_type, text, intent.topic):
        return True
    return intent.answer_type == "person" and names_role(text, intent.topic)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEARS = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:[-–—]|till(?:\s+och\s+med)?)\s*((?:19|20)\d\d)(?!\d)"
)
# A year that dates the decision or meeting a question names ("som fullmäktige beslutade om
# 2023", "antog i mars 2023") says when it was decided, not which year's value is asked.
_DECIDED_IN = re.compile(
    r"\b(?:beslut\w*|beslöt|antog\w*|antag\w*|fattade|behandlade|sammanträd\w*|möte\w*"
    r"|decided|adopted|approved|meeting)\b[^.?]{0,25}$",
    re.I,
)


def _years(text: str) -> set[int]:
    """Return the years `text` names, a span ("2025–2027", "2022-2024") with those between."""
    found = {int(y) for y in _YEAR.findall(text)}
    for first, last in _YEARS.findall(text):
        found |= set(range(int(first), int(last) + 1)) if int(first) <= int(last) else set()
    return found


def of_other_years(question: str, text: str) -> bool:
    """Return True when `question` names a year and `text` names years but none of it: a
    count or a sum belongs to the time its own sentence gives ("cirka 240 hushåll någon gång
    under året 2020"), so it does not answer for another year. A span holds the years
    between its ends ("100 mnkr per år under perioden 2025–2027" answers for 2026), and a
    year that dates the decision the question names asks for no year's value."""
    asked = _asked_years(question)
    said = _years(text)
    return bool(asked and said and not asked & said)


@lru_cache(maxsize=256)
def _asked_years(question: str) -> frozenset[int]:
    """Return the years whose values `question` asks for (see `of_other_years`), read once
    per question, not once per candidate sentence."""
    return frozenset(
        int(m.group())
        for m in _YEAR.finditer(question)
        if not _DECIDED_IN.search(question[: m.start()])
    )


def own_values(question: str, text: str) -> str:
    """Return the items of `text` (the whole text when it is no numbered list) whose counts
    and sums can answer `question`: not those of another year (`of_other_years`) or of other
    organs (`of_other_organs`). A value belongs to the item it is written in: "15.
    Socialnämnderna tilldelas 5 000 tkr … 16. Idrotts- och föreningsnämnden uppdras att …"
    gives idrotts- och föreningsnämnden no sum."""
    starts = [m.start() for m in ITEM_START.finditer(text)] or [0]
    pieces = [text[a:b] for a, b in zip([0, *starts[1:]], [*starts[1:], len(text)], strict=True)]
    kept = [
        p for p in pieces if not of_other_years(question, p) and not of_other_organs(question, p)
    ]
    return " ".join(kept)


# A named organ: a nämnd or styrelse with its own first part ("föreningsnämndens",
# "Socialnämnden") or its field after "för" ("nämnden för funktionsstöd"), not the bare
# "nämnden"; with the place a district organ is known by ("socialnämnd Centrums").
_NAMED_ORGAN = re.compile(
    r"\b(?:(?P<kind>\w{3,}(?:nämnd|styrelse))(?P<ending>ens|en|s)?"
    r"(?:\s+(?P<place>(?-i:[A-ZÅÄÖ])\w+))?"
    r"|(?P<field>(?:nämnd|styrelse)(?:en)?\s+för\s+\w+))",
    re.I,
)


@lru_cache(maxsize=256)
def _owners(question: str) -> frozenset[tuple[str, str]]:
    """Return the organs `question` names in the genitive (`_organs` with `owners`), read once
    per question, not once per candidate sentence."""
    return frozenset(_organs(question, owners=True))


def _organs(text: str, owners: bool = False) -> set[tuple[str, str]]:
    """Return the named organs of `text` as (kind, place) pairs, casefolded, a place's
    genitive "s" dropped ("socialnämnd Centrums" -> ("socialnämnd", "centrum")); with
    `owners`, only those named in the genitive ("föreningsnämndens kommunbidrag")."""
    found = set()
    for m in _NAMED_ORGAN.finditer(text):
        if m.group("field"):
            if not owners:
                found.add((" ".join(m.group("field").casefold().split()), ""))
            continue
        place = (m.group("place") or "").casefold()
        genitive = place.endswith("s") if place else m.group("ending") in ("ens", "s")
        if owners and not genitive:
            continue
        found.add((m.group("kind").casefold(), place[:-1] if place.endswith("s") else place))
    return found


def of_other_organs(question: str, text: str) -> bool:
    """Return True when `question` names organs as owners (in the genitive) and `text` names
    organs but none of them: in a list of allocations each sum belongs to the organ named
    with it, so "Hur mycket höjdes idrotts- och föreningsnämndens kommunbidrag?" is not
    answered by "Socialnämnderna tilldelas totalt 5 000 tkr", nor "… i socialnämnd Centrums
    FUT-team?" by "I socialnämnd Nordost har man idag två heltidstjänster". An organ named
    without its place is any of its places. An organ that acts in the question owns nothing:
    "För hur många assistansanvändare tillstyrkte kommunstyrelsen …" is answered by the
    hemställan of nämnden för funktionsstöd."""
    asked, said = _owners(question), _organs(text)
    return bool(asked and said) and not any(
        kind == other and (not place or not where or place == where)
        for kind, place in asked
        for other, where in said
    )


# A document of a matter and the day it is dated ("yrkande från S, V och MP den 18 oktober
# 2024", "tjänsteutlåtande den 9 januari 2024"): that day dates the paper, not an event or a
# deadline of the matter, unless the question asks about the paper itself.
_PAPER = r"\b\w*(?:yrkande|tjänsteutlåtande|skrivelse|yttrande|promemoria|protokollsutdrag)\w*"
# The question asks about the paper itself: names it, or the act of writing it ("När yttrade
# sig kulturnämnden…", "When did SD submit its proposal…").
_DOCUMENT = re.compile(
    r"\b\w*(?:yrka|yttra|tjänsteutlåtande|skrivelse|promemoria|protokollsutdrag)\w*"
    r"|\b(?:proposals?|motions?|statements?|submi\w*|opinions?|memorand\w*|reports?)\b",
    re.I,
)
_DOCUMENT_DATE = re.compile(
    _PAPER + r"\s+(?:från\s+(?:[\w,]+\s+){0,8}?)?(?:den\s+|daterad\w*\s+)?"
    rf"(?:{DAY_DATE.pattern})(?:\s+(?:19|20)\d\d\b)?",
    re.I,
)


# What a motion or its authors propose, reported in the case text: "I motionen föreslås …",
# "Motionärerna föreslår …", "Motionen föreslår att …", "En motion av X (L) har inkommit
# med förslag om att …"; and what
# members propose or move, in their motion or at the meeting ("Rasmus Ragnarsson (SD)
# föreslår att …", "Axel Josefson (M) yrkar bifall till …", "Yrkande från S, V och MP: …"):
# a member's proposal is not the organ's.
_MEMBERS = (
    rf"(?-i:[A-ZÅÄÖ][\wåäöé-]+(?:\s+[A-ZÅÄÖ][\wåäöé-]+){{1,2}})\s*\((?-i:{PARTY_CODE_PATTERN})\)"
)
# A member's office before the name ("Tjänstgörande ersättaren Johannes Hulter (S) yrkar").
_MEMBER_OFFICE = r"(?:(?:tjänstgörande\s+)?ersättaren|ordföranden|ledamoten|kommunalrådet)\s+"
_MOTION_REPORT = re.compile(
    rf"(?:^\s*(?:{_MEMBER_OFFICE})?(?:{_MEMBERS}(?:,\s*|\s+och\s+|\s+samt\s+)?)+"
    r"(?:\s*m\.?\s?fl\.?)?\s*(?:föreslår|föreslog|yrkar|yrkade)\b"
    r"|^\s*(?:representanterna|ledamöterna)\s+från\b[^.:]{0,80}?\b(?:föreslår|yrkar|yrkade)\b"
    r"|^\s*\w*yrkande\s+från\b"  # "Yrkande från Bengt-Åke Harrysson (D), …: Vi yrkar …"
    r"|^\s*vi\s+(?:yrkar|föreslår|vill)\b"  # members speak; an organ decides in the third person
    # what a motion asks the council to decide: "Kommunfullmäktige föreslås besluta: 1. …"
    r"|\b(?:kommun|region)?fullmäktige\s+föreslås\s+(?:att\s+)?besluta"
    r"|\b(?:i\s+motionen|motionär\w*|(?:en|den)\s+motion\s+(?:av|från)\b[^.]{0,160}?\bförslag)"
    r"|\bmotion(?:en|erna)\s+(?:föreslår|föreslog|yrkar|yrkade|vill|ville)\b)"
    r"[^.:]*(?::[\s\S]*)?",  # a list after "besluta att:" is the motion's too
    re.I,
)
ORGAN_IN_QUESTION = re.compile(
    r"\w*(?:nämnd|styrelse|fullmäktige|utskott)\w*|\b(?:board|council|committee)\b", re.I
)


def motion_report(text: str) -> str:
    """Return `text` without the clauses that report what a motion proposes."""
    return _MOTION_REPORT.sub(" ", text)


def contradicts(question: str, text: str) -> bool:
    """Return True when `text` says the opposite decision verb of one `question` says and
    not the asked one itself (`index.lexicon.OPPOSITE_DECISIONS`)."""
    asked, said = question.casefold(), text.casefold()
    for one, other in OPPOSITE_DECISIONS:
        for wanted, opposite in ((one, other), (other, one)):
            if _says(asked, wanted) and _says(said, opposite) and not _says(said, wanted):
                return True
    return False


def _says(text: str, stem: str) -> bool:
    return re.search(rf"(?<!\w){stem}", text) is not None


# A decision question asks what was proposed rather than what was decided.
_PROPOSAL_ASKED = re.compile(r"\b(?:föreslå\w*|föreslog|förslag\w*|propos\w*)", re.I)


# A decision that adopts a proposal says so first ("Enligt kommunstyrelsens förslag: 1. …",
# "Beslut enligt förvaltningens förslag"): it states what was proposed as well.
_ADOPTS_PROPOSAL = re.compile(r"^\s*(?:beslut\s+)?enligt\s+[^.:]{0,80}?förslag", re.I)


# A proposal to the deciding organ says so in its own words, wherever it stands: "Kommun-
# styrelsen föreslår att kommunfullmäktige beslutar: …", "… föreslås besluta …".
_STATES_PROPOSAL = re.compile(
    r"\bföreslår\s+(?:att\s+)?(?:(?:kommun)?fullmäktige|\w+nämnden|\w*styrelsen)\s+(?:att\s+)?"
    r"besluta(?:r)?\b|\bföreslås\s+besluta\b",
    re.I,
)


def in_asked_part(asked: str | None, part: str | None, text: str) -> bool:
    """Return True when a sentence in `part` of its § holds what a decision question asking
    for part `asked` (see `asked_part`) wants: the decision, or the proposal, which a
    decision that adopts it ("Enligt kommunstyrelsens förslag: …") also states. A sentence
    that words a proposal to the deciding organ ("Kommunstyrelsen föreslår att kommun-
    fullmäktige beslutar: …") holds the proposal in any part: in a KS § it is the decision too.
    """
    if asked == "proposal" and _STATES_PROPOSAL.search(text):
        return True
    if asked is None or part is None:
        return False
    return part == asked or (
        asked == "proposal" and part == "decision" and bool(_ADOPTS_PROPOSAL.match(text))
    )


def asked_part(intent: Intent) -> str | None:
    """Return the part of a § that answers `intent` ("decision" or "proposal"), or None for a
    question that asks no decision."""
    if intent.answer_type != "decision":
        return None
    return "proposal" if _PROPOSAL_ASKED.search(intent.topic or "") else "decision"


COSINE_COLUMNS = ("cosine", "english_cosine")


def set_cosines(matrix: np.ndarray, cosines: np.ndarray) -> None:
    """Write the `(n,)` e5 cosines of `matrix`'s `(n, len(FEATURES))` rows into their
    cosine columns (`COSINE_COLUMNS`), in place: the cosine itself, and again for English
    questions. `sentence_features` leaves both at 0, since a sentence is embedded only once
    it makes the shortlist."""
    matrix[:, _COSINE] = cosines
    matrix[:, _ENGLISH_COSINE] = cosines * matrix[:, _ENGLISH]


def sentence_features(
    view: QuestionView,
    text: str,
    terms: TermSet,
    context_terms: TermSet,
    context_text: str,
    section_text: str,
    meta_text: str,
    meta_terms: TermSet,
    heading: bool,
    retrieval: float,
    rank: int,
    ranks: dict[str, int],
    cosine: float,
    previous_terms: TermSet | None = None,
    part: str | None = None,
    lead_terms: TermSet | None = None,
) -> np.ndarray:
    """Return the `(len(FEATURES),)` float vector of one candidate sentence.

    `terms` are the sentence's index terms, `context_terms` those of its section with
    metadata, `context_text` the flat text anchors are looked for in (the whole document),
    `section_text` the text of the sentence's own section (its §), `meta_text` the
    section's metadata words and `meta_terms` their index terms (what every sentence of
    the section says with it: its organ, title, §). `retrieval` is the chunk's fused score
    over the best hit's (0..1), `rank` its 0-based place in the hit list, `ranks` the
    1-based ranks the "bm25" and "dense" retrievers gave it. `cosine` is the e5 similarity
    of question and sentence. `previous_terms` are those of the sentence before it in the
    same chunk: a sentence that opens with a definite noun or a pronoun ("Kostnaden, 1 150
    000 kronor per år, …") says its subject in the sentence before, so "own_with_previous"
    is the question's coverage by the two together; for an item of a numbered list they are
    its list's lead-in (`extractive.Sentence.lead`), given as `lead_terms` too: the lead-in
    says the verb of each item ("Kommunstyrelsen föreslår att kommunfullmäktige beslutar:
    … 3. Uppdraget … avbryts."). `part` is the part of its § the sentence
    stands in (`extractive.Passage.part_at`), None outside a known subheading.
    """
    intent = view.intent
    support, own = coverage(view.subject, terms, context_terms)
    joined = terms | previous_terms if previous_terms is not None else terms
    own_with_previous = coverage(view.subject, joined, context_terms)[1]
    anchors = view.query.anchors
    in_context = sum(1 for a in anchors if a.search(context_text))
    loose = [a for a in anchors if not a.search(meta_text)]
    in_section = sum(1 for a in loose if a.search(text) or a.search(section_text))
    asked = intent.answer_type is not None
    found = holds_type(intent, text)
    said = terms if lead_terms is None else terms | lead_terms
    verb_missing = any(u.cover(said) < 0.8 for u in view.verb)
    english = view.lang == "en"
    return np.array(
        [
            cosine,
            support,
            own,
            own_with_previous,
            missing_share(view.subject, terms, context_terms),
            missing_share(view.subject, terms | meta_terms),
            in_context / len(anchors) if anchors else 1.0,
            in_section / len(loose) if loose else 1.0,
            1.0 if asked and not found else 0.0,
            1.0 if asked and found else 0.0,
            math.log1p(typed_values(intent.answer_type, text)) if view.several else 0.0,
            1.0 if verb_missing else 0.0,
            1.0
            if any(u.cover(terms) < 0.8 and not u.head_found(terms) for u in view.focus)
            else 0.0,
            1.0 if heading else 0.0,
            1.0 if part == "listing" else 0.0,
            1.0 if part == "decision" else 0.0,
            1.0 if in_asked_part(view.part, part, text) else 0.0,
            math.log1p(len(text.split())),
            retrieval,
            1.0 / (1.0 + rank),
            1.0 / ranks.get("dense", ABSENT_RANK),
            1.0 / ranks.get("bm25", ABSENT_RANK),
            1.0 if english else 0.0,
            cosine if english else 0.0,  # see `set_cosines`
        ],
        dtype=np.float32,
    )


_COSINE = FEATURES.index("cosine")
_ENGLISH = FEATURES.index("english")
_ENGLISH_COSINE = FEATURES.index("english_cosine")
