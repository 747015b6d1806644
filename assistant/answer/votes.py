"""Vote questions: who moved, reserved or abstained, whose proposal won, how a vote went.

A vote question asks for one *act* of a decision's record (see `ACTS`). The answer is
found in two steps:

1. the § (a section of a protocol) that best covers the question's topic, its words other
   than the vote words, among the retrieved sections that record the asked-for act;
2. within that §, the sentences of that act: every reservation or abstention; the motions
   that share the most with the question (the parties it names, "bifall", "återremiss");
   the first winning proposal; the vote count after the voting proposition that fits best.

Göteborg protocols name parties after members ("Axel Josefson (M)"), in lists after
"från" ("yrkande från M, D, L och KD", "Ledamöterna från KD"); `parties_in` reads both.
When nothing fits, the composers return None and the ordinary answer path takes over.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.answer_types import has_answer_type
from assistant.answer.extractive import CitationBook, Composed, Passage, Sentence
from assistant.answer.intent import Intent
from assistant.answer.kinds import Context, Kind, fact_depth
from assistant.answer.language import english_party_codes
from assistant.answer.phrases import party_label, phrase, quoted, source_name
from assistant.answer.support import Query, Unit, anchors_found, coverage
from index.lexicon import PARTY_BY_NAME, PARTY_CODE_PATTERN
from index.text import split_sentences

_CODE = PARTY_CODE_PATTERN
_MEMBER_PARTY = re.compile(rf"\(({_CODE})\)")
_PARTY_LIST = re.compile(
    rf"\bfrån\s+({_CODE}(?:(?:\s*,\s*|\s+och\s+|\s+samt\s+){_CODE})*)(?![\w(])"
)
# "L:s och KD:s förslag", "KD:s motion", "V-motionen" in a question.
_QUESTION_PARTY = re.compile(rf"(?<![\w-])({_CODE})(?::s\b|-(?=[a-zåäö]))")


@dataclass(frozen=True)
class Act:
    """One kind of vote record: how a question asks for it and how a sentence records it."""

    name: str
    question: re.Pattern[str]
    sentence: re.Pattern[str]


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# A number of votes, in digits or words.
_TALLY_NUMBER = (
    r"(?:\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton"
    r"|sexton|sjutton|arton|nitton|tjugo\w*|trettio\w*|fyrtio\w*|femtio\w*|sextio\w*)"
)
# Tried in order: "Med vilket röstresultat bifölls …" is a result, not a winner question.
_HANDS_IN_RESERVATION = (
    r"\b(?:lämna\w*|anmäl\w*|inkom\w*\s+med|lade|lägger)\s+(?:in\s+)?(?:en\s+)?"
    r"(?:skriftlig\w*\s+)?reservation\w*\b"
)
ACTS = (
    # Jäv (a conflict of interest) keeps a member out of a matter: "Maria Wåhlin (V) deltar
    # inte i handläggningen av ärendet på grund av jäv". Tried before "abstain", whose "deltog
    # inte" the same questions use.
    Act(
        "conflict",
        _re(r"\bjäv\w*|\bconflicts?\s+of\s+interest\b|\bdisqualif\w*"),
        _re(r"\bjäv\b|\bjävig\w*"),
    ),
    Act(
        "abstain",
        _re(
            r"\b(?:avstod|avstår|avstått|deltog\s+inte|inte\s+deltog|abstain\w*|did\s+not\s+take\s+part"
            # "lade ned sin röst", "lägger ner sin röst": the idiom for abstaining
            r"|(?:lade|lägger|lagt)\s+(?:ned|ner)\s+sina?\s+röst(?:er)?)\b"
        ),
        _re(
            r"\bavstår\s+från\s+att\s+rösta|\bavstod\b|\bdeltar\s+inte\s+i\s+beslutet|\bdeltog\s+inte"
            r"|\b(?:lade|lägger)\s+(?:ned|ner)\s+sina?\s+röst(?:er)?\b"
        ),
    ),
    Act(
        "result",
        _re(
            r"\b(?:röstresultat\w*|hur\s+röstade|\w*omröstning(?:en)?|\w*votering(?:en)?"
            r"|röstsiffr\w*|med\s+vilka\s+siffror|hur\s+(?:jämn|gick)\b.*\bröst\w*"
            r"|med\s+vilken\s+majoritet"
            r"|utfall\w*|utföll|hur\s+föll|hur\s+många\s+(?:ja-|nej-)?röster(?!.*\b(?:val|valet|\w+valet)\b)"
            r"|how\s+many\s+votes(?!.*\belections?\b)"
            r"|how\s+did\b.*\bvote|(?:result|outcome)\s+of\b.*\bvote|vote\s+(?:count|result)"
            # how the votes were divided: "Hur fördelades rösterna …", "How were the votes split"
            r"|fördelades\s+rösterna|rösterna\s+fördelades"
            r"|how\s+(?:was|were)\s+the\s+votes?\s+(?:split|divided|distributed|cast)"
            r"|by\s+what\s+(?:vote|margin|majority)|what\s+(?:was|were)\s+the\s+(?:vote|votes|tally)"
            r"|how\s+many\s+(?:voted|members\s+voted))\b"
        ),
        # A tally: "utfaller med 43 Ja mot 38 Nej", "röstar ja (43)", "med sju röster mot
        # fem", "med sju röster ja och fyra röster nej", "45 röster ja, 36 röster nej", "sju
        # röster för och fyra emot", "med röstsiffrorna 6 Ja och 3 Nej";
        # or the note that there was none: a protocol says of a decision taken unanimously
        # that it was taken "utan omröstning".
        _re(
            r"\butfaller\s+med\s+\d+\s+ja\s+mot\s+\d+\s+nej|\bröstar\s+(?:ja|nej)\s+\(\d+\)"
            r"|\butan\s+(?:omröstning|votering)\b"
            rf"|\b{_TALLY_NUMBER}\s+(?:ja(?:-röster)?|röster(?:\s+(?:ja|för))?)\s*(?:,|mot|och)\s+"
            rf"{_TALLY_NUMBER}\b(?!\s+(?:ledamöter|ersättare|personer))"
        ),
    ),
    Act(
        "winner",
        _re(
            r"\bvems\b.*\b(?:vann|bifölls|antogs|gick\s+igenom)\b|\b(?:vann|segrade)\b"
            r"|\blåg\w*\s+till\s+grund|\bwhose\b.*\b(?:won|adopted|passed|prevailed)\b"
        ),
        _re(r"^(?:beslut\s+)?enligt\b[^.:]{0,60}?\b(?:yrkande|förslag)\w*\s+från\b"),
    ),
    Act(
        "reservation",
        # The verb, the noun with "mot", or the noun as what a member hands in ("lämnade
        # reservation", "anmäler skriftlig reservation"): "med reservation för leasing" is
        # an audit's word.
        _re(
            r"\b(?:reserver\w*|reservation\w*\s+mot|reserved|dissent\w*)\b|" + _HANDS_IN_RESERVATION
        ),
        _re(r"\breserver(?:ar|ade)\s+sig\b|" + _HANDS_IN_RESERVATION),
    ),
    Act(
        "motion",
        _re(
            r"\b(?:yrka\w*|\w*yrkande\w*|motförslag\w*|stod\s+bakom|låg\s+bakom|stödde"
            r"|moved|proposed|backed|supported)\b"
        ),
        _re(r"\byrka(?:r|de)\b|\byrkande\w*\s+från\b"),
    ),
)
_RESULT = next(act for act in ACTS if act.name == "result")
# The counter-proposal of a main vote: "yrkandet från Axel Josefson m fl antagits som motförslag".
_COUNTER = re.compile(
    r"yrkandet\s+från\s+([A-ZÅÄÖ][\wåäöé-]+(?:\s+[A-ZÅÄÖ][\wåäöé-]+){0,2})[^.]{0,40}?"
    r"\bantagits\s+som\s+motförslag",
)
_ASKS_COUNTER = re.compile(r"\bmotförslag\w*|\bcounter-?proposal", re.I)
_MAIN_PROPOSAL = re.compile(r"\bbifall\s+till\s+(?:kommunstyrelsens|nämndens)\s+förslag", re.I)
_PROPOSITION = re.compile(r"voteringsproposition|\bja\s+för\b", re.I)
# A member named as a motion's owner: "Caroline Frisks (SD) tilläggsyrkande", "Anna Nordin's
# (M) amendment". The genitive -s (Swedish) or 's (English) is dropped from the surname.
_OWNER = re.compile(
    r"\b([A-ZÅÄÖ][\wåäöé-]+?)(?:'s|s)\s+(?:\([A-ZÅÄÖ]{1,3}\)\s+)?"
    r"(?:\w*yrkande\w*|\w*förslag\w*|motion\w*|amendment|proposal|motion)\b"
)


def asked_act(question: str) -> Act | None:
    """Return the vote act `question` asks about, or None when it asks for none."""
    return next((act for act in ACTS if act.question.search(question)), None)


# A second question joined to the first: "Hur röstade nämnden om motionen, och vilka
# reserverade sig?", "… and who abstained?".
_SECOND_QUESTION = re.compile(
    r",?\s+(?:och|samt|and)\s+(?=(?:vem|vilka|vilken|vilket|hur|när|vad|who|whom|how|when"
    r"|what|which)\b)",
    re.I,
)


def asked_acts(question: str) -> list[Act]:
    """Return the vote acts `question` asks about, in the order it asks: one per question
    for two joined questions that ask for different acts ("Hur röstade …, och vilka
    reserverade sig?" asks for the result and the reservations), else `asked_act`'s one."""
    first = asked_act(question)
    if first is None:
        return []
    parts = [asked_act(part) for part in _SECOND_QUESTION.split(question, maxsplit=1)]
    acts = list(dict.fromkeys(act for act in parts if act is not None))
    return acts if len(acts) == 2 else [first]


def parties_in(text: str) -> list[str]:
    """Return the party codes `text` names, in order of first mention, each once.

    Counts a code in brackets after a member ("Martin Wannholt (D)") and the codes of a
    list after "från" ("yrkande från M, D, L och KD", "Ledamöterna från KD").
    """
    found: list[tuple[int, str]] = [(m.start(), m.group(1)) for m in _MEMBER_PARTY.finditer(text)]
    for m in _PARTY_LIST.finditer(text):
        found.extend((m.start(1) + i, code) for i, code in enumerate(re.findall(_CODE, m.group(1))))
    return list(dict.fromkeys(code for _, code in sorted(found)))


def question_parties(question: str) -> set[str]:
    """Return the parties a question names as owners ("L:s och KD:s förslag", "V-motionen",
    "Sverigedemokraternas tilläggsyrkande")."""
    folded = question.casefold()
    named = {PARTY_BY_NAME[w] for w in re.findall(r"\w+", folded) if w in PARTY_BY_NAME}
    named |= english_party_codes(question)
    return {m.group(1) for m in _QUESTION_PARTY.finditer(question)} | named


@dataclass
class Record:
    """A sentence of the asked-for act, in the passage it was read from."""

    passage: Passage
    sentence: Sentence
    score: float = 0.0

    @property
    def parties(self) -> list[str]:
        return parties_in(self.sentence.text)


def topic_of(query: Query, act: Act, question: str = "") -> Query:
    """Return `query` without its vote words ("reserverade", "röstade", the words of
    "lämnade reservation" where `question` says the act so): the topic left."""
    said = {w.casefold() for m in act.question.finditer(question) for w in m.group().split()}
    units = [u for u in query.units if not _is_vote_word(u, act, said)]
    return Query(units or query.units, query.anchors)


def _is_vote_word(unit: Unit, act: Act, said: set[str]) -> bool:
    return bool(
        act.question.search(unit.label)
        or _VOTE_WORD.search(unit.label)
        or unit.label.casefold() in said
    )


_VOTE_WORD = re.compile(
    r"^(?:reserver\w*|yrka\w*|\w*yrkande\w*|röst\w*|omröstning\w*|votering\w*|bifall\w*|bifölls"
    r"|avstod|avstå\w*|deltog|vann|gick|föll|utföll|utfall\w*|jämn\w*|close|motförslag\w*"
    r"|partier\w*|vote\w*|voted|parties|party"
    # A bloc ("oppositionens yrkande", "majoritetens förslag") is named in a protocol by its
    # parties ("yrkande från M, D, L och KD"), never so: the word places nothing.
    r"|opposition\w*|majoritet\w*|majority|styrande|ruling"
    # What a vote does to its matter: every vote § records that the matter was decided.
    r"|avgjord\w*|avgjorde|avgör\w*)$",
    re.I,
)


# Gives the passages of the rest of a passage's section that a search for the text finds.
SectionFetch = Callable[[Passage], list[Passage]]


def act_records(
    passages: list[Passage],
    query: Query,
    question: str,
    act: Act,
    min_support: float,
    fetch: SectionFetch | None = None,
) -> list[Record]:
    """Return the act's sentences of the § that best covers the question's topic, best first.

    Only sections whose text names every anchor of the question and records the act
    compete; the best must cover `min_support` of the topic with no heavy topic word
    missing, else nothing is returned. When the retrieved chunks of that § hold fewer of
    its act sentences than its text, `fetch` reads the rest of the §.
    """
    section = _best_section(passages, topic_of(query, act, question), act, min_support)
    if section is None:
        return []
    voters = voting_parties(question) if act.name == "result" else set()
    acts = (act, _ABSTAIN) if voters else (act,)
    records = [r for a in acts for r in _records(section, a)]
    wanted = sum(len(_act_sentences(section[0].section_text, a)) for a in acts)
    if fetch is not None and len(records) < wanted:
        known = {r.sentence.text for r in records}
        more = [r for a in acts for r in _records(fetch(section[0]), a)]
        records += [r for r in more if r.sentence.text not in known]
    records.sort(key=lambda r: _offset(r))
    if voters:
        # "Hur röstade SD:s ledamot …": the lines of that party's members, by the parties of
        # the members a line names (not those of a proposition quoted before them), each once
        own = [r for r in records if voters & set(_MEMBER_PARTY.findall(_member_part(r)))]
        own = list({r.sentence.text: r for r in own}.values())
        if own:
            return own
        records = [r for r in records if _RESULT.sentence.search(r.sentence.text)]
    return _choose(records, query, question, act)


# The voters a result question asks about: "Hur röstade SD:s ledamot i kommunstyrelsen…",
# "Hur röstade Sverigedemokraterna…", "How did the SD member vote…". A party that owns the
# matter ("Hur röstade fullmäktige om SD:s förslag?") is no voter.
_VOTERS = re.compile(
    r"\bhur\s+röstade\s+(?P<sv>.{1,60}?)"
    r"(?=\s+(?:i|om|när|vid|på|under|för|mot|kring|angående|gällande|beträffande|avseende"
    r"|rörande)\b|\s*[?,]|$)"
    r"|\bhow\s+did\s+(?P<en>.{1,60}?)\s+vote\b",
    re.I,
)
_ABSTAIN = next(act for act in ACTS if act.name == "abstain")


def voting_parties(question: str) -> set[str]:
    """Return the parties whose members' votes `question` asks for (see `_VOTERS`)."""
    found = _VOTERS.search(question)
    if found is None:
        return set()
    voters = found.group("sv") or found.group("en")
    bare = re.findall(rf"(?<![\w-])({_CODE})(?![\w-])", voters)  # "the SD member"
    return question_parties(voters) | set(bare)


def _records(passages: list[Passage], act: Act) -> list[Record]:
    return [Record(p, s) for p in passages for s in p.sentences if act.sentence.search(s.text)]


def _act_sentences(text: str, act: Act) -> list[str]:
    """Return the sentences of a section's text that record the act."""
    sentences = (" ".join(text[a:b].split()) for a, b in split_sentences(text))
    return [s for s in sentences if act.sentence.search(s)]


def _offset(record: Record) -> int:
    """Return where a record's sentence starts in its section's text (order of the record)."""
    passage = record.passage
    base = passage.section_text.find(passage.hit.chunk.text)
    return max(base, 0) + record.sentence.start


def _best_section(
    passages: list[Passage], topic: Query, act: Act, min_support: float
) -> list[Passage] | None:
    groups: dict[tuple[str, int], list[Passage]] = defaultdict(list)
    for passage in passages:
        groups[(passage.hit.chunk.doc_id, passage.hit.chunk.section)].append(passage)
    top = max((p.hit.score for p in passages), default=0.0) or 1.0
    best: tuple[float, list[Passage]] | None = None
    for members in groups.values():
        lead = members[0]
        if not anchors_found(topic, lead.context_text) or not _act_sentences(
            lead.section_text, act
        ):
            continue
        covered, missing = section_cover(topic, lead)
        if covered < min_support or missing >= MAX_MISSING:
            continue
        score = covered + 0.1 * lead.hit.score / top
        if best is None or score > best[0] + 1e-9:
            best = (score, members)
    return best[1] if best else None


# A topic word that names an organ: a § of another organ does not cover it.
_ORGAN_UNIT = re.compile(r"^(?:\w*fullmäktige|\w*styrelse|\w*nämnd)(?:n|en|ns|ens|s)?$", re.I)
# The heaviest topic word a § may leave uncovered, as a share of the topic's weight.
MAX_MISSING = 0.3


def section_cover(topic: Query, passage: Passage) -> tuple[float, float]:
    """Return the weighted share of the topic a passage's § covers, and the largest share
    of one topic word it leaves out. A word naming an organ ("fullmäktige") is covered
    only by the § of that organ; a § of another organ that does not even name it records
    that other organ's meeting, so it covers nothing (0.0, 1.0)."""
    organ = (passage.hit.chunk.meta.organ or "").casefold()
    terms = passage.context_terms
    total = topic.total or 1.0
    covered = missing = 0.0
    for unit in topic.units:
        names = _organ_names(unit)
        if names:
            share = 1.0 if any(name in organ for name in names) else 0.0
            if not share and unit.cover(terms) < 0.5:
                return 0.0, 1.0
        else:
            share = unit.cover(terms)
        covered += unit.weight * share
        if share < 0.5:
            missing = max(missing, unit.weight)
    return covered / total, missing / total


# The stem of a Swedish rendering of an organ word ("fullmäkt", "kommunstyr", "nämnd").
_ORGAN_STEM = re.compile(r"(?:fullmäkt|styr|nämnd)$")


def _organ_names(unit: Unit) -> list[str]:
    """Return what an organ's name holds when `unit` names an organ ("fullmäktige",
    "kommunstyrelsens"; an English "council" by its Swedish renderings), else []."""
    if _ORGAN_UNIT.match(unit.label):
        return [_organ_stem(unit.label)]
    stems = [words[-1].stem for words in unit.alternatives if words]
    if stems and all(_ORGAN_STEM.search(stem) for stem in stems):
        return stems
    return []


def _organ_stem(word: str) -> str:
    stem = word.casefold()
    stem = re.sub(r"(?<=nämnd)(?:en|ens|s)$|(?<=styrelse)(?:n|ns|s)$|(?<=fullmäktige)s$", "", stem)
    return stem


def _choose(records: list[Record], query: Query, question: str, act: Act) -> list[Record]:
    """Return the records that answer: all reservations, abstentions and declarations of
    jäv, else the best."""
    if not records or act.name in ("reservation", "abstain", "conflict"):
        return records
    if act.name == "winner":
        return records[:1]
    if act.name == "result":
        for record in records:
            record.score, _ = coverage(
                query, _with_proposition(record).terms, record.sentence.terms
            )
        if _ASKS_MAIN.search(question):
            main = [r for r in records if _is_main_vote(r)]
            records = main or records
        return _tally_of(max(records, key=lambda r: r.score))
    return _best_motions(records, query, question)


# A member's line of a tally: "… och Jonas Attenius (S) röstar Ja (7).", "… avstår från att
# rösta (1)."
_MEMBER_TALLY = re.compile(r"\b(?:röstar\s+(?:ja|nej)|avstår\s+från\s+att\s+rösta)\s+\(\d+\)", re.I)


def _tally_of(best: Record) -> list[Record]:
    """Return the vote count `best` is part of: a protocol that lists the members by their
    vote writes the tally as one line per choice ("… röstar Ja (7).", "… röstar Nej (6).",
    "… avstår från att rösta (1)."), so the result is every such line of the same vote, in
    order, read from the passage's sentences; any other count stands alone."""
    if not _MEMBER_TALLY.search(best.sentence.text):
        return [best]
    by_position = {s.position: s for s in best.passage.sentences}
    start = end = best.sentence.position
    while start - 1 in by_position and _MEMBER_TALLY.search(by_position[start - 1].text):
        start -= 1
    while end + 1 in by_position and _MEMBER_TALLY.search(by_position[end + 1].text):
        end += 1
    return [Record(best.passage, by_position[i], best.score) for i in range(start, end + 1)]


def _member_part(record: Record) -> str:
    """Return a vote line without a voting proposition it opens with ("Godkänd
    voteringsproposition: "Ja för … yrkandet från D och M." Anna Ek (S) … röstar Ja (7)")."""
    text = record.sentence.text
    found = _PROPOSITION_END.search(text)
    return text[found.end() :] if found else text


_PROPOSITION_END = re.compile(r"voteringsproposition\w*:?\s*[\"”“][^\"”“]*[\"”“]", re.I)


# The main vote of a § ("huvudvoteringen", "the main vote") decides the matter itself: its
# proposition sets the proposal to the meeting against the counter-proposal ("Ja för bifall
# till kommunstyrelsens förslag. Nej för bifall till …"), where a vote on an additional or
# amending yrkande does not, and the protocol may head it "Omröstning - huvudvotering".
_ASKS_MAIN = re.compile(r"\bhuvud(?:omröstning|votering)\w*|\b(?:main|final)\s+vote\b", re.I)


def _is_main_vote(record: Record) -> bool:
    """Return True when a vote count's proposition is the main vote's (see `_ASKS_MAIN`)."""
    text = _with_proposition(record).text
    return bool(_MAIN_PROPOSAL.search(text) or re.search(r"huvudvotering", text, re.I))


def _with_proposition(record: Record) -> Sentence:
    """Return the voting proposition before a vote count, when the same chunk holds it: the
    sentence before it, or before the other member lines of its tally ("… röstar Ja (7). …
    Jörgen Fogelklou (SD) röstar Nej (1)." is read after its proposition)."""
    before = [s for s in record.passage.sentences if s.position < record.sentence.position]
    while (
        before
        and _MEMBER_TALLY.search(before[-1].text)
        and not _PROPOSITION.search(before[-1].text)
    ):
        before.pop()
    if before and _PROPOSITION.search(before[-1].text):
        return before[-1]
    return record.sentence


def motion_owners(question: str) -> set[str]:
    """Return the surnames of members a question names as a motion's owner ("Vilka stödde
    Caroline Frisks (SD) tilläggsyrkande?" gives {"Frisk"})."""
    return {m.group(1) for m in _OWNER.finditer(question)}


# How a question asks for support of, or opposition to, a motion, and how a motion sentence
# records each ("yrkar bifall till …", "yrkar avslag på …").
_ASKS_SUPPORT = re.compile(
    r"\b(?:stödde|stöttade|ställde\s+sig\s+bakom|bifall\w*|biföll|back\w*|support\w*"
    r"|seconded|in\s+favour)\b",
    re.I,
)
_ASKS_AGAINST = re.compile(
    r"\b(?:avslag\w*|avslå\w*|avslogs|emot|motsatte|reject\w*|oppos\w*|against)\b", re.I
)
_SUPPORT = re.compile(r"\byrka(?:r|de)\s+bifall\b", re.I)
_AGAINST = re.compile(r"\byrka(?:r|de)\s+avslag\b", re.I)


def _stance_match(question: str, text: str) -> float:
    """Return 1 when a motion sentence takes the stance the question asks about (support
    or opposition of a motion), -1 when it takes the other, 0 when the question asks none."""
    support, against = _ASKS_SUPPORT.search(question), _ASKS_AGAINST.search(question)
    if bool(support) == bool(against):
        return 0.0
    wanted, other = (_SUPPORT, _AGAINST) if support else (_AGAINST, _SUPPORT)
    return 1.0 if wanted.search(text) else -1.0 if other.search(text) else 0.0


def _owner_role(
    text: str, owners: set[str], parties: frozenset[str] | set[str] = frozenset()
) -> float:
    """Return 1 when a motion sentence names an owner after its verb ("Anna Nordin (M) yrkar
    bifall till Caroline Frisks (SD) tilläggsyrkande": it answers who supported Frisk's, or
    the SD's, motion), -1 when the owner is the mover (the owner's own motion answers no
    question about others' support), 0 otherwise. `owners` are members' surnames, `parties`
    party codes. In a protocol the mover stands before "yrkar"."""
    mover, _, rest = text.partition("yrka")

    def names_owner(part: str, end: str) -> bool:
        named = any(re.search(rf"\b{re.escape(o)}{end}", part) for o in owners)
        return named or bool(parties & set(parties_in(part)))

    if names_owner(rest, ""):  # an owner after the verb may stand in the genitive ("Frisks")
        return 1.0
    if names_owner(mover, r"\b"):
        return -1.0
    return 0.0


def _best_motions(records: list[Record], query: Query, question: str) -> list[Record]:
    """Return the motions sharing most with the question: its parties, then its words.

    A question about the counter-proposal gets the motion the chair took as such; the
    plain support of the preparing organ's proposal never answers one. A question naming a
    member's motion ("… stödde Caroline Frisks tilläggsyrkande", "… yrkade avslag på Anna
    Nordins tilläggsyrkande") is answered by the motions on it, not by the motion itself
    (see `_owner_role`).
    """
    owners = question_parties(question)
    members = motion_owners(question)
    counter = _ASKS_COUNTER.search(question)
    section = records[0].passage.section_text if records else ""
    movers = {m.group(1).split()[-1] for m in _COUNTER.finditer(section)} if counter else set()
    kept = []
    for record in records:
        text = record.sentence.text
        if counter and _MAIN_PROPOSAL.search(text):
            continue
        shared = len(owners & set(record.parties)) / len(owners) if owners else 0.0
        own = coverage(query, record.sentence.terms, record.sentence.terms)[0]
        named = 1.0 if any(name in text.split("yrka")[0] for name in movers) else 0.0
        role = (
            _owner_role(text, members, owners) + _stance_match(question, text)
            if members or owners
            else 0.0
        )
        record.score = 2 * named + 2 * role + shared + own
        kept.append(record)
    if not kept:
        return []
    best = max(r.score for r in kept)
    return [r for r in kept if r.score >= best - 1e-6]


def compose_vote(
    passages: list[Passage],
    query: Query,
    intent: Intent,
    lang: str,
    min_support: float,
    book: CitationBook,
    fetch: SectionFetch | None = None,
) -> Composed | None:
    """Return the quoted record of the asked-for vote act (of both, for two joined questions
    asking for two acts, see `asked_acts`), or None when there is none.

    A party question ("Vilka partier reserverade sig …", `intent.group` "party") is
    answered with one line per sentence of the act, naming the parties it names. Returns
    None for a question that asks for no vote act (see `ACTS`), when no retrieved § covers
    its topic (see `act_records`), and when no record holds what the question asks for (a
    number for "Hur många …", a party for a party question).
    """
    acts = asked_acts(intent.topic)
    if intent.group == "party":
        # one list of parties answers one act: "Vilka partier reserverade sig …"
        records = _records_of(acts[:1], passages, query, intent, min_support, fetch)
        records = [r for r in records if r.parties]
        return _party_answer(records, lang, book) if records else None
    # "Hur många ledamöter röstade för …" is not answered by a motion without a number; the
    # second of two joined questions asks for its own act ("… och vilka reserverade sig?").
    records = [
        r
        for r in _records_of(acts[:1], passages, query, intent, min_support, fetch)
        if has_answer_type(intent.answer_type, r.sentence.text)
    ] + _records_of(acts[1:], passages, query, intent, min_support, fetch)
    return _record_answer(records, lang, book) if records else None


def _records_of(
    acts: list[Act],
    passages: list[Passage],
    query: Query,
    intent: Intent,
    min_support: float,
    fetch: SectionFetch | None,
) -> list[Record]:
    """Return the records of each of `acts` (see `act_records`), in order."""
    return [
        record
        for act in acts
        for record in act_records(passages, query, intent.topic, act, min_support, fetch)
    ]


def _record_answer(records: list[Record], lang: str, book: CitationBook) -> Composed:
    """Return the records quoted per passage, the first "According to …", then "See also …"."""
    lines = []
    for i, (passage, texts) in enumerate(_by_passage(records)):
        text = " ".join(texts)
        start = min(r.sentence.start for r in records if r.passage is passage)
        n = book.cite(passage.hit, text, start)
        lead = phrase(
            lang,
            "according_to" if i == 0 else "see_also",
            source=source_name(passage.hit.chunk.meta, passage.paragraph),
        )
        lines.append(f"{lead}: {quoted(lang, text)} [{n}]")
    return Composed("\n".join(lines), book.citations)


def _party_answer(records: list[Record], lang: str, book: CitationBook) -> Composed:
    """Return a list headed by the number of parties, one line per record with its parties."""
    parties = list(dict.fromkeys(code for r in records for code in r.parties))
    head = (
        phrase(lang, "group_party_one")
        if len(parties) == 1
        else phrase(lang, "group_party", n=len(parties))
    )
    lines = [head]
    joiner = " and " if lang == "en" else " och "
    for record in records:
        passage = record.passage
        labels = [party_label(code) for code in record.parties]
        who = joiner.join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
        n = book.cite(passage.hit, record.sentence.text, record.sentence.start)
        where = source_name(passage.hit.chunk.meta, passage.paragraph)
        lines.append(f"- {who}, {where}: {quoted(lang, record.sentence.text)} [{n}]")
    return Composed("\n".join(lines), book.citations)


def _by_passage(records: list[Record]) -> list[tuple[Passage, list[str]]]:
    """Return the quoted texts per passage, in order; a vote count comes with its proposition."""
    texts: dict[int, tuple[Passage, list[str]]] = {}
    for record in records:
        _, quote = texts.setdefault(id(record.passage), (record.passage, []))
        sentences = [record.sentence]
        if _RESULT.sentence.search(record.sentence.text):
            sentences.insert(0, _with_proposition(record))
        quote.extend(s.text for s in sentences if s.text not in quote)
    return list(texts.values())


# Hits a vote question searches: the § that records the vote is often not the best match
# for the topic words, which its motion or programme sections repeat.
VOTE_DEPTH = 40


def _compose_kind(context: Context) -> Composed | None:
    c = context
    return compose_vote(
        c.passages, c.query, c.intent, c.lang, c.settings.min_support, c.book, c.section_passages
    )


VOTE = Kind(
    "vote",
    recognise=lambda question, intent: (
        asked_act(intent.topic or question) is not None and intent.group in (None, "party")
    ),
    depth=lambda settings, sources: max(fact_depth(sources), VOTE_DEPTH),
    compose=_compose_kind,
)
