"""What a question asks for: one fact, a vote, or a list of organs, companies or parties.

"Vilka nämnder…", "Which committees…", "Vilka bolag…", "Which parties reserved…" are
aggregate questions: the answer lists every organ (or party) the documents support, each
once. The words that only frame such a question ("Vilka nämnder lyfte frågor om") are
returned in `frame` so that they do not count as topic words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answer.language import DECADE, ORDINAL, matter_compound, tokens, word_set
from index.analyzer import STOPWORDS
from index.lexicon import (
    ENGLISH_MONTHS,
    MONTH_PATTERN,
    MONTHS,
    MUNICIPALITY_NAME,
    PARTY_BY_NAME,
    party_pattern,
)

# Plural group nouns after "vilka"/"which" that make a question an aggregate, by group.
_SV_GROUPS = {
    "any": r"remissinstanser(?:na)?|instanser(?:na)?|aktörer(?:na)?",
    "organ": r"nämnder(?:na)?|styrelser(?:na)?|organ(?:en)?|förvaltningar(?:na)?|kommundelsnämnder",
    "company": r"bolag(?:en)?|kommunala bolag|helägda bolag|företag(?:en)?",
    "party": r"partier(?:na|s)?|parti",  # "Vilka partiers ledamöter …" asks for parties too
}
_EN_GROUPS = {
    "any": r"consultees|respondents|bodies\s+consulted",
    "organ": r"committees|boards|bodies|councils|organs|authorities|departments",
    "company": r"companies|firms|enterprises",
    "party": r"parties|political parties",
}
# Every group noun of either language, as one regex alternative.
GROUP_NOUNS = "|".join(f"(?:{v})" for v in (*_SV_GROUPS.values(), *_EN_GROUPS.values()))
# A preposition may open the question phrase ("Till vilka nämnder remitterades …", "For which
# committees …"), and a copula may stand before the group ("Vilka var remissinstanserna…"):
# the group asked for is the same.
_SV_AGGREGATE = re.compile(
    r"^\s*(?:(?:i|av|för|till|från|hos|åt|med|mot|inom|om|på|under|vid|bland)\s+)?vilka\s+(?:(?:var|är|blev)\s+)?(?:(?:av\s+)?de\s+|kommunala\s+|helägda\s+|politiska\s+)?(?P<g>"
    + "|".join(f"(?P<{k}>{v})" for k, v in _SV_GROUPS.items())
    + r")\b",
    re.I,
)
_EN_AGGREGATE = re.compile(
    r"^\s*(?:(?:in|of|for|to|from|with|by|among|at|on|under)\s+)?which\s+(?:(?:of\s+the\s+)?(?:[\w-]+\s+){0,2}?)(?P<g>"
    + "|".join(f"(?P<{k}>{v})" for k, v in _EN_GROUPS.items())
    + r")\b",
    re.I,
)
# A question for the consultees that raised nothing: "saknade synpunkter", "inte hade några
# invändningar", "had no comments", "nothing to add".
_ASKS_NO_REMARKS = re.compile(
    r"\b(?:saknade|saknar|inte\s+hade\s+några|inte\s+har\s+några|inga|utan)\s+(?:\w+\s+)?"
    r"(?:synpunkter|invändningar|erinringar|tillägg|kommentarer)"
    r"|\b(?:inget|inte\s+något|inte\s+hade\s+något)\s+att\s+(?:invända|erinra|tillägga)"
    r"|\b(?:had|have|has|with|raised)\s+no\s+(?:\w+\s+)?(?:comments|objections|remarks|additions)"
    r"|\bnothing\s+to\s+(?:add|object|remark)|\bdid\s+not\s+(?:have|raise)\s+any\s+"
    r"(?:comments|objections|remarks)",
    re.I,
)


def asks_no_remarks(question: str) -> bool:
    """Return True when `question` asks which bodies raised nothing (a negation aggregate)."""
    return bool(_ASKS_NO_REMARKS.search(question))


# Verbs and nouns that frame an aggregate question without naming its topic.
FRAME_WORDS = word_set(
    """
    lyfte lyft lyfter fram tog tar upp nämnde nämner betonade betonar framförde framför
    påtalade påtalar uttryckte uttrycker frågor frågan fråga synpunkter synpunkt ämnet
    raised raise mentioned mention brought bring expressed express highlighted highlight
    stressed emphasised emphasized voiced concerns concern issues issue questions question
    points point views matters topic
    lämnade lämnat lämnar inkom inkommit inkommer skickade skickat skickar
    submitted submit sent send handed delivered
    tillfrågades tillfrågats hördes consulted consult asked
    remissinstans remissinstansen remissinstanser remissinstanserna consultees consultee
    """
)
# (The last three lines are the acts of delivering a response or a view: "Vilka bolag lämnade
# remissvar …", "Which companies submitted responses …" ask who answered; the document that
# is the answer never says it was handed in; and of being asked for one: "Which committees
# were consulted …" asks for the remissinstanser, whom a document says a matter was
# "remitterad" to. A body's own remissvar does not call it a remissinstans either.)

_VOTE = re.compile(
    r"\b(?:reserver\w*|reservation\w*|yrka\w*|yrkande\w*|tilläggsyrkande\w*|ändringsyrkande\w*"
    r"|röstade|röstning(?:en|ar|arna)?|omröstning(?:en|ar|arna)?|votering(?:en|ar|arna)?|bifall\w*|avslag\w*|protokollsanteckning\w*"
    r"|avstod|avstår|avstått|deltog\s+inte|inte\s+deltog|deltar\s+inte|jäv"
    r"|reserved|dissent\w*|voted?|votes|voting|moved|amendment\w*|rejected|proposed)\b",
    re.I,
)
# "Motion" is no vote word in either language: an English question about a Swedish council
# uses it for the member's written proposal to the council ("the motion on Rosenlundsverket"),
# a matter that is decided; the acts of a meeting on it have words of their own ("moved",
# "voted", "rejected").
# An English participle before its noun describes the noun ("Arboga's proposed agreement",
# "the rejected motion"); it asks about no act of proposing or rejecting.
_ATTRIBUTIVE = re.compile(
    r"(?<=['’]s\s)(?:proposed|suggested|rejected|adopted|planned)\b"
    r"|(?<=\bthe\s)(?:proposed|suggested|rejected|adopted|planned)(?=\s+[a-z])",
    re.I,
)
# A decision named in a clause of time only dates the act a vote question asks about.
_DECIDED_WHEN = re.compile(
    r"\b(?:när|då|sedan|efter\s+att|when|after)\b[^?]{0,60}?\b(?:beslut\w*|beslöt|decid\w*)",
    re.I,
)
_DECISION_WORD = re.compile(r"\b(?:beslut\w*|decision\w*)", re.I)


def _DECISION_NAMED(question: str) -> bool:
    """Return True when every decision noun of `question` stands in a prepositional phrase
    ("mot beslutet", "against the decision"): it names the decision a vote act was about."""
    found = list(_DECISION_WORD.finditer(question))
    return bool(found) and all(in_phrase(question, m.start()) for m in found)


# The question word asks for the vote itself: "by what vote", "med vilka röstsiffror".
_ASKS_VOTE = re.compile(
    r"\b(?:what|which|vilken|vilket|vilka)\s+(?P<noun>votes?|margin|tally|majority|röst\w*"
    r"|omröstning\w*|votering\w*|majoritet\w*)\b",
    re.I,
)
# Nouns for a kind of person, Swedish in the forms "vilken"/"vilka" take, and English.
PERSON_NOUNS = (
    r"personer|person|ledamot|ledamöter|ersättare|ordförande|vice\s+ordförande|sekreterare",
    r"justerare|politiker|tjänstepersoner|tjänsteperson|företrädare|representant(?:er)?",
    r"revisor(?:er)?|direktör(?:er)?|chef(?:er)?|konstnär(?:er)?|arkitekt(?:er)?|författare",
    r"skulptör(?:er)?|kompositör(?:er)?|tränare|kommunalråd(?:et|en)?|oppositionsråd(?:et|en)?",
    r"people|persons?|members?|substitutes?|chair(?:man|person|woman)?|secretary|secretaries",
    r"politicians?|officials?|councill?ors?|representatives?|auditors?|directors?|managers?",
    r"artists?|architects?|sculptors?|composers?|authors?|writers?|coach(?:es)?|commissioners?",
)

# Prepositions: a noun after one (and its article or adjectives) names a matter the question
# is about, not what it asks for ("omröstningen om budgeten", "in the May supplementary budget").
_PREPOSITIONS = word_set(
    """i om för av till på med från vid under över inom hos enligt mot
    in on of for about at with from under over within by to into regarding against"""
)
_WORDS = re.compile(r"[\w'’-]+")
_QUESTION_HEADS = word_set("vilket vilken vilka hur vad what which how whose")


def in_phrase(question: str, at: int, reach: int = 4) -> bool:
    """Return True when the word at offset `at` of `question` stands in a prepositional
    phrase: one of the `reach` words before it is a preposition, with no question word
    between ("Till vilket pris…", "By what amount…" ask for the price and the amount). A
    conjunction joins a second noun phrase to the first, so the phrase reaches `reach` words
    further back from it ("on the standard for income support and the housing cost …")."""
    words = _WORDS.findall(question[:at])
    left, i = reach, len(words) - 1
    while left > 0 and i >= 0:
        folded = words[i].casefold()
        if folded in _QUESTION_HEADS:
            return False
        if folded in _PREPOSITIONS:
            return True
        if folded in _CONJUNCTIONS:
            left = reach + 1
        left, i = left - 1, i - 1
    return False


_CONJUNCTIONS = word_set("och samt eller and or")


def asked_match(pattern: re.Pattern[str], question: str) -> re.Match[str] | None:
    """Return the first match of `pattern` in `question` that is not in a prepositional
    phrase (`in_phrase`), or None."""
    return next((m for m in pattern.finditer(question) if not in_phrase(question, m.start())), None)


class _AskedNoun:
    """Finds a noun that a question asks for (one of money, "Vad är budgeten…", "What is the
    cost…"; an identifier, "Vilket diarienummer…"), not one in a prepositional phrase
    (`asked_match`): "Hur föll omröstningen om budgeten?" asks for a vote, "What borrowing
    ceiling … in the May supplementary budget?" for the ceiling, "Vad beslutade fullmäktige i
    ärendet med dnr 1060/22?" for a decision. Has the `search` of a compiled pattern."""

    def __init__(self, nouns: re.Pattern[str]) -> None:
        self.nouns = nouns

    def search(self, question: str) -> re.Match[str] | None:
        return asked_match(self.nouns, question)


# What became of a matter, its outcome ("Vad blev utfallet för motionen…", "Hur gick det i
# kommunstyrelsen med motionen…", "Vad hände med förslaget…", "What happened to the motion…"):
# for a motion, a proposal or a matter, that is the decision on it. The matter is the object
# of the idiom: only its owner may come between ("V-motionen", "Fi:s motion", "the Green Party
# motion"), not another noun ("Vad hände med kostnaderna efter förslaget?" asks about costs).
# The idiom's words frame the question and name nothing a decision says (`OUTCOME_WORDS`).
_OUTCOME = re.compile(
    r"\b(?:(?:utfall\w*|resultat\w*)\s+(?:för|av)|(?:hur\s+gick|vad\s+hände)\s+(?:det\s+)?"
    r"(?:i\s+\w+\s+)?(?:med|för)|hur\s+slutade\s+det\s+med|vad\s+blev\s+det\s+av"
    r"|(?:happened|outcome|fate|became|result)\s+(?:to|of|for|with))\s+"
    r"(?:(?:den|det|de|the|a|an)\s+)?"
    r"(?:(?:(?-i:[A-ZÅÄÖ])[\w'’-]*|\w+(?::s|'s|’s|s))\s+){0,2}"  # the owner: "Sweden Democrat"
    r"(?:[\w:'’]+-)?(?:\w*motion\w*|\w*förslag\w*|ärende\w*|initiativ\w*|proposals?|matter)\b",
    re.I,
)
OUTCOME_WORDS = word_set(
    "utfall utfallet resultat resultatet gick hände slutade happened outcome fate became result"
)


_ANSWER_TYPES: tuple[tuple[str, re.Pattern[str] | _AskedNoun], ...] = (
    # "Vad står LOV för?", "What does the abbreviation STARK stand for?": the words an
    # acronym is short for.
    ("expansion", re.compile(
        r"^\s*(?i:vad\s+(?:står|betyder)\s+(?:förkortningen\s+|akronymen\s+)?)[A-ZÅÄÖ]{2,}\b"
        r"|(?i:\bvad\s+betyder\s+förkortningen\b|\bstands?\s+for\b)")),
    # A question that opens with "vem"/"who" asks for a person, whatever nouns follow
    # ("Vem var ordförande när fullmäktige fastställde budgeten?", "Who pays the cost?").
    # A conjoined second question ("… och till vilket pris?") is left to the types below.
    ("person", re.compile(
        r"^\s*(?:vem|who|whom)\b(?!.*\b(?:och|and)\s+(?:(?:till|för|for|at|to|in)\s+)?"
        r"(?:vilket|vilken|vilka|hur|vad|när|what|which|how|when)\b)", re.I)),
    # How often: a frequency ("vart tredje år", "två gånger per år", "årligen").
    ("frequency", re.compile(r"\b(?:hur\s+ofta|hur\s+många\s+gånger\s+per|how\s+often"
                             r"|how\s+frequently|how\s+many\s+times\s+(?:a|per))\b", re.I)),
    # A time of day: "Hur mycket var klockan när …", "At what time did … arrive".
    ("time", re.compile(
        r"\b(?:hur\s+mycket\s+var\s+klockan|vilken\s+tid(?:punkt)?\s+på\s+dagen|vilket\s+klockslag"
        r"|(?:at\s+)?what\s+time\b(?!\s+(?:period|frame|span)))", re.I)),
    ("cause", re.compile(
        r"^\s*(?:varför|why)\b|\b(?:av\s+vilken\s+anledning|av\s+vilket\s+skäl"
        r"|for\s+what\s+reason|what\s+was\s+the\s+reason)\b", re.I)),
    # An amount: a verb of paying or a question of how much, or a noun of money that the
    # question asks for (`_AskedNoun`).
    ("amount", re.compile(
        r"\b(?:kosta(?:r|de|t)?|hur\s+mycket|how\s+much|pay|pays)\b"
        # the size of a sum: "Hur stort särskilt föreningsstöd…", "Hur höga avgifter…"
        r"|\bhur\s+(?:stor|stort|stora|hög|högt|höga)\s+(?:[a-zåäö]+\s+)?[a-zåäö]*(?:stöd|bidrag"
        r"|avgift|kostnad|intäkt|budget|anslag|ersättning|arvode|lön|hyr|belopp|summa|andel|pris"
        r"|skatt|ränt)\w*"
        r"|\bhow\s+(?:large|big|high)\b.{0,40}?\b(?:fees?|costs?|budgets?|grants?|allowances?"
        r"|salar(?:y|ies)|rents?|prices?|charges?|sums?|amounts?)\b", re.I)),
    # A Swedish compound is a kind of its head: an "investeringsbudget" is a budget.
    ("amount", _AskedNoun(re.compile(
        r"\b(?:kostnad\w*|belopp|budget\w*|pris\w*|intäkt\w*|utgift\w*|cost\w*|price|amount"
        r"|revenues?|income|expenditures?"
        r"|[a-zåäö]{3,}(?:kostnad|budget|belopp|intäkt|utgift)(?:en|er|erna|et|ar|arna|na)?)\b",
        re.I))),
    # An identifier: a case's Dnr, a court case's målnummer, a company's organisationsnummer
    # ("Vilket målnummer har domen?", "What is the case number of the ruling?"), tried before
    # "count", whose "number of" the English form holds.
    ("identifier", _AskedNoun(re.compile(
        r"\b(?:dnr|diarienr|(?:diarie|ärende|mål|organisations|registrerings|referens)num(?:mer|ret)"
        r"|(?:case|reference|registration|file|diary|docket|company|organi[sz]ation(?:al)?)"
        r"\s+(?:number|no\.?))\b",
        re.I))),
    ("count", re.compile(r"\b(?:hur\s+många|how\s+many)\b", re.I)),
    # "antalet" asks for a count when it is what the question asks for ("Hur stort var
    # antalet besökare?"), not when it names the content of a matter ("Vad föreslår
    # kommunstyrelsen om motionen om att öka antalet hundrastgårdar?").
    ("count", _AskedNoun(re.compile(r"\b(?:antal\w*|number\s+of)\b", re.I))),
    ("period", re.compile(
        r"\b(?:hur\s+länge|under\s+vilken\s+(?:period|tid|tidsperiod)|vilken\s+(?:period|tidsperiod"
        r"|avtalsperiod|löptid|giltighetstid)|hur\s+lång\s+(?:tid|period)|how\s+long"
        r"|(?:for\s+)?what\s+period|which\s+period|until\s+when)\b", re.I)),
    ("date", re.compile(
        r"\b(?:vilket\s+datum|vilken\s+dag|what\s+date|which\s+date|on\s+what\s+day"
        r"|sista\s+(?:dag|datum)(?:en)?|svarsdatum\w*|deadline\w*|due\s+date)\b", re.I)),  # a day
    # Any time: "När…", "When…", and the year an event happened ("Vilket år…", "Since what
    # year…", "Sedan när…").
    ("when", re.compile(
        r"^\s*(?:när|when)\b|\b(?:och\s+när|and\s+when|sedan\s+när|since\s+when"
        r"|vilket\s+år(?:tal)?|(?:what|which)\s+year)\b(?!-)", re.I)),
    ("place", re.compile(
        r"^\s*(?:var|where)\s+(?:hölls|håller|hålls|ägde|äger|sammanträdde|sammanträder|träffades"
        r"|was|were|is|did)\b|\b(?:vilken\s+(?:plats|lokal|ort|stad|kommun)\s+(?:hölls|ägde)"
        r"|in\s+which\s+(?:place|room|city))\b", re.I)),
    # A municipality: "Vilka kommuner…", a kind of municipality by its compound
    # ("medlemskommuner", "grannkommuner"), "Which member municipalities…".
    ("municipality", re.compile(
        r"\b(?:vilken|vilka|which|what)\s+(?:\w*kommun(?:en|er|erna)?|stad|städer|ort|orter"
        r"|(?:[\w-]+\s+)?municipalit(?:y|ies)|town|towns|city|cities)\b", re.I)),
    # A person: "Vem…", "Who…", or which one of a kind of person ("Vilken konstnär…",
    # "Which architect…", "Vilka ledamöter…").
    # "Vilka" before the verb of a meeting role asks who held it ("Vilka justerade
    # protokollet?"); before other words in -ade it may be a participle ("Vilka planerade
    # åtgärder…") or a vote act, whose answer may be parties ("Vilka reserverade sig…").
    ("person", re.compile(
        r"^\s*(?:vem|who|whom)\b|\b(?:vem|who|whom)\b"
        r"|^\s*vilka\s+(?:justerade|protokollförde|närvarade|tjänstgjorde|sammanträdde)\b"
        r"|\b(?:vilken|vilket|vilka|which)\s+(?:[\w-]+\s+)?(?:" + "|".join(PERSON_NOUNS) + r")\b",
        re.I)),
    # "Which/vilken" asks for the noun after it: "Vilket beslut…", "Which proposal…" ask for a
    # decision, "Which court ruled that decisions…" for a court.
    ("decision", re.compile(
        r"\b(?:vad|what)\b.{0,80}\b(?:beslut\w*|beslöt|föreslå\w*|föreslog"
        r"|decid\w*|decision\w*|propos\w*|resolv\w*|resolution)"
        r"|\b(?:vilket|vilka|vilken|which)\s+(?:[\w-]+\s+)?(?:\w*(?:beslut|förslag)(?:et|en|s)?"
        r"|decisions?|proposals?|resolutions?)\b"
        # … or the content of a decision, with a decision word after it ("Vilka åtgärder
        # beslutade nämnden om?", "Vilket uppdrag föreslås …")
        r"|\b(?:vilket|vilka|vilken|which)\s+(?:[\w-]+\s+)?(?:åtgärd\w*|insats\w*|uppdrag\w*"
        r"|ställningstagande\w*|measures?|actions?|steps?)\b.{0,80}\b(?:beslut\w*|beslöt"
        r"|föreslå\w*|föreslog|decid\w*|propos\w*)", re.I)),
    # What became of a motion or a proposal (`_OUTCOME`) is the decision on it.
    ("decision", _OUTCOME),
    # What an organ does with a matter put before it (a motion, a proposal, a request) is its
    # decision on it: "Vad tycker kommunstyrelsen att fullmäktige ska göra med motionen…",
    # "Hur vill kommunstyrelsen att fullmäktige hanterar FI:s motion…", "… ställa sig till
    # motionen", "Hur svarade styrelsen på motionen…", "What should the council do with…".
    ("decision", re.compile(
        r"\b(?:(?:göra|gör|gjorde)\s+(?:[\w:'’-]+\s+){0,3}?med|hanter(?!as\b|ades\b)\w*"
        r"|(?:ställa|ställer|ställde)\s+sig\s+(?:[\w:'’-]+\s+){0,3}?till"
        r"|(?:ta|tar|tog)\s+(?:[\w:'’-]+\s+){0,3}?ställning\s+till"
        r"|(?:svara|svarar|svarade)\s+(?:[\w:'’-]+\s+){0,3}?på|do\s+with"
        # a remiss is answered by the body's decision on it ("Hur besvarade nämnden remissen")
        r"|besvara|besvarar|besvarade"
        r"|deal\s+with|respond(?:ed)?\s+to)\s+(?:[\w:'’-]+\s+){0,4}?"
        r"(?:\w*motion\w*|\w*förslag\w*|\w*yrkande\w*"
        r"|skrivelse\w*|hemställan|begäran|initiativ\w*|remiss\w*|proposals?|requests?|petitions?)\b",
        re.I)),
    # A charge asked for by name is a sum of money, when nothing else is asked: the charge is
    # the noun the question word asks for ("Vilken timavgift…", "Which hourly fee…"), or what
    # the question says is asked ("Vad är hyran…", "What is the rescue service's hourly
    # fee…"); "Vilken nämnd beslutade taxan?" asks for a nämnd, "Vad är syftet med taxan?"
    # for a purpose.
    ("amount", re.compile(
        r"^\s*(?:(?:vilken|vilket|what|which)\s+(?:[\w-]+\s+)??"
        r"|(?:vad|what)\s+(?:är|var|blir|blev|is|was|will\s+be)\s+"
        r"(?:(?!(?:med|för|om|av|i|på|till|enligt|hos|of|for|on|in|about|with|to)\b)[\w'’-]+\s+)"
        r"{0,5}?)"
        r"\w*(?:avgift(?!s?fri)\w*|tax(?:a|an|or)|hyr(?:a|an|or)|arvode\w*|fees?|tariffs?"
        r"|rents?|\w*lön(?:en|er|erna)?|salar(?:y|ies)|wages?)\b", re.I)),
)  # fmt: skip


# What makes a question about a meeting: the meeting, its protocol or minutes, or an organ
# acting on a matter ("när kulturnämnden behandlade remissen", "when the committee
# considered the motion"), which it does at a meeting; "när den nya nämnden inrättas" names
# no meeting.
ABOUT_MEETING = re.compile(
    r"\b\w*(?:möte|sammanträd|protokoll|anteckning)\w*|\b(?:meeting|session|minutes|notes)\b"
    r"|\b(?:när|when)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:\w*(?:nämnd|styrelse|fullmäktige|utskott)\w*|committee|board|council)\s+"
    # the organ's name may go on ("nämnden för funktionsstöd behandlade …")
    r"(?:[\w-]+\s+){0,3}?(?:behandla\w*|beslut\w*|beslöt|yttrade|antog|godkände|fastställde|avslog"
    r"|biföll|tillstyrkte|avstyrkte|sammanträdde|diskuterade|handled|considered|decided"
    r"|adopted|approved|rejected|discussed|met)\b",
    re.I,
)


# The roles of a meeting: how a question asks who held one (meeting.asked_field), and how a
# text says who did ("… justerar dagens protokoll", "Vid protokollet", "Vid tangenterna" for
# whoever typed the notes, "ordföranden Anna Berg"). A quote answers a role question only
# when it says the role; one asking who took the office ("Vem blev ny ordförande…") only by
# a text that names the office ("ordförandeskapet").
_JUSTERING = re.compile(r"\w*juster\w*", re.I)
MEETING_ROLES: dict[str, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = {
    "adjusters": (
        re.compile(
            r"\b(?:justera(?:de|t|r)?|justerare|justerande|justeringen|adjust\w*|verif(?:y|ied)\s+the"
            r"\s+minutes|co-?sign\w*)\b",
            re.I,
        ),
        _JUSTERING,
        _JUSTERING,  # the office and its act are one word family
    ),
    "secretary": (
        re.compile(
            r"\b(?:sekreterare\w*|protokollförare\w*|förde\s+(?:protokoll\w*|anteckning\w*)"
            r"|skrev\s+(?:protokoll\w*|anteckning\w*|minnesanteckning\w*)|antecknade|vid\s+protokollet"
            r"|secretary|minute[- ]?taker|took\s+(?:the\s+)?(?:minutes|notes)"
            r"|wrote\s+(?:the\s+)?(?:minutes|notes)|kept\s+(?:the\s+)?minutes)\b",
            re.I,
        ),
        re.compile(
            r"\w*sekreterare\w*|\b(?:protokollförare\w*|vid\s+protokollet|vid\s+tangenterna"
            r"|antecknade|antecknat\s+av|förde\s+(?:protokoll|anteckning)\w*)",
            re.I,
        ),
        re.compile(r"\w*sekreterare\w*", re.I),
    ),
    "chair": (
        re.compile(
            r"(?<!vice\s)\b(?:ordförande(?!skap)|mötesordförande|ledde\s+(?:mötet|sammanträdet)"
            r"|chair(?:ed|man|woman|person)?|presided)\b",
            re.I,
        ),
        re.compile(r"\w*ordförande(?!skap)\w*|\bordf\.|\bledde\s+(?:mötet|sammanträdet)\b", re.I),
        re.compile(r"\w*ordförande\w*|\bordf\.", re.I),
    ),
}


# Taking an office ("Vem blev ny ordförande…", "Who became chair…", "valdes", "tog över")
# is a matter of the minutes, not the role someone held at the meeting.
SUCCESSION = re.compile(
    r"\b(?:blev|blir|valdes|väljs|utsågs|utses|tog\s+över|tar\s+över|efterträd\w*|ny|nya|nytt"
    r"|became|becomes|elected|appointed|took\s+over|takes\s+over|succeed\w*|new)\b",
    re.I,
)


def asked_role(question: str) -> str | None:
    """Return the meeting role ("adjusters", "secretary", "chair") a "who" question asks
    for, or None."""
    return next((name for name, (asks, *_) in MEETING_ROLES.items() if asks.search(question)), None)


@dataclass
class Intent:
    """The kind of a question ("fact", "vote", "aggregate"), and for aggregates what to group by.

    `group` is "organ", "company", "party" or "any" (organs and companies alike, for
    "remissinstanser") for aggregates, else None. `answer_type` is
    what a fact answer must contain ("amount", "count", "period", "date", "when", "place",
    "person", "decision", "cause", "frequency", "time", "expansion") or None. `verb` is the
    Swedish question's finite verb after its question phrase ("avstyrker" in "För vilken
    nämnd avstyrker revisorerna…"), when it has one that carries meaning: an answering
    sentence should say it too.
    `topic` is the question without its aggregate opening; `frame` the words to ignore.
    `focus` is the word an amount or count is about ("kostar", "invånare"), or the vote word
    of a vote question ("reserverade"): the answering sentence must say it itself, not
    leave it to its section. `role` is the meeting role a "who" question asks for
    (`MEETING_ROLES`), which an answering sentence must say; `office` the office a question
    asks who took ("Vem blev ny ordförande…"), which an answering sentence must name.
    """

    kind: str
    group: str | None = None
    answer_type: str | None = None
    topic: str = ""
    frame: frozenset[str] = field(default_factory=frozenset)
    focus: str | None = None
    verb: str | None = None
    role: str | None = None
    office: str | None = None


def classify_question(question: str, lang: str) -> Intent:
    """Return the intent of `question` in language `lang` ("sv" or "en")."""
    pattern = _EN_AGGREGATE if lang == "en" else _SV_AGGREGATE
    m = pattern.match(question)
    if m is None and lang == "en":
        m = _SV_AGGREGATE.match(question)
    if m:
        group = next(k for k in ("any", "organ", "company", "party") if m.group(k))
        topic = question[m.end() :].strip()
        return Intent("aggregate", group, None, topic, FRAME_WORDS)
    plain = _ATTRIBUTIVE.sub(" ", question)
    votes = _VOTE.search(plain)
    kind = "vote" if votes or _ASKS_VOTE.search(plain) else "fact"
    answer_type = answer_type_of(plain)
    focus = focus_of(question, answer_type)
    if focus is None and kind == "vote":
        named = _VOTE.search(plain)
        vote_noun = _ASKS_VOTE.search(plain)
        focus = named.group(0) if named else vote_noun.group("noun") if vote_noun else None
    if answer_type == "decision" and (
        (kind == "vote" and (_DECIDED_WHEN.search(plain) or _DECISION_NAMED(plain)))
        or _ASKS_VOTE.search(plain)
    ):
        # "… reserverade sig när fullmäktige beslöt att …", "… reserved themselves against
        # the decision": the act is asked; "By what vote did the board decide …", "Med vilka
        # röstsiffror beslutade …": the vote itself is.
        answer_type = None
    outcome = answer_type == "decision" and _OUTCOME.search(plain) is not None
    if kind == "vote" and outcome:
        answer_type, outcome = None, False  # "utfallet av omröstningen" asks for the result
    if kind == "vote" and answer_type == "cause":
        answer_type = None  # the vote composers quote the act; its reasons are not theirs to find
    verb = verb_of(question) if lang == "sv" else None
    asked = asked_role(question) if answer_type == "person" else None
    taken = asked is not None and SUCCESSION.search(question) is not None
    role = asked if asked and ABOUT_MEETING.search(question) and not taken else None
    office = asked if taken else None
    frame = OUTCOME_WORDS if outcome else frozenset()
    return Intent(kind, None, answer_type, question, frame, focus, verb, role, office)


# The question phrase of a Swedish question: an optional preposition and the question word,
# then up to two words: the noun asked about (after "vilken", "hur många") and the verb.
_QUESTION_PHRASE = re.compile(
    r"^\s*(?:(?:i|inom|för|till|av|från|med|mot|på|om|under|hos|åt)\s+)?"
    r"(?P<head>varför|när|var|vem|vems|vad|vilken|vilket|vilka|hur\s+många|hur\s+mycket)"
    r"\s+(?P<first>[^\W\d_]+)(?:\s+(?P<second>[^\W\d_]+))?",
    re.I,
)
# Finite verbs that only carry the question ("Vad har…", "Vem fick…"), not its content; the
# aspect verbs among them ("När började det brinna…") leave it to the verb they govern, which
# a text may say with a noun ("en brand bröt ut").
_LIGHT_VERBS = word_set(
    """har hade är var blir blev ska skulle kan kunde får fick fått gör gjorde lät låter
    finns fanns gäller gällde ligger låg kom kommer sa sade säger
    börjar började slutar slutade fortsätter fortsatte fattar fattade fattat"""
)
_PAST_OR_PASSIVE = re.compile(
    r"(?:[^e]de|dde|tte|[^e]te|ade|[^n]s|ades|des|tes)$|^(?:\w*(?:fann|bröt|lät|tog|gav|stod|vann"
    r"|slog|höll|drog|sköt|beslöt|utsåg|såg|skrev|valde|efterträdde))$",
    re.I,
)
_SINGULAR = ("vilken", "vilket", "vems")
_GENITIVE = re.compile(r"(?:ets|ens|ns|ers|ars|ors|nas|ande|ende)$", re.I)  # or a participle


def verb_of(question: str) -> str | None:
    """Return the finite verb after a Swedish question's question phrase, or None when it
    has none that carries meaning ("Vilken lön har…") or none that is plainly a verb."""
    m = _QUESTION_PHRASE.match(question)
    if m is None:
        return None
    head = m.group("head").casefold().split()[0]
    first, second = m.group("first"), m.group("second")
    if head in ("varför", "när", "var", "vem", "vad"):
        verb = first
    elif _looks_past(first) and head == "hur":
        verb = first  # "Hur mycket utökades…": the noun is left out
    elif second and (_looks_past(second) or (head in _SINGULAR and second.endswith("r"))):
        verb = second  # after a plural noun ("Hur många köande kunder…") "-r" is no verb sign
    else:
        return None
    folded = verb.casefold()
    if folded in _LIGHT_VERBS or folded in STOPWORDS or verb[:1].isupper():
        return None
    return verb


def _looks_past(word: str) -> bool:
    return bool(_PAST_OR_PASSIVE.search(word)) and not _GENITIVE.search(word)


_COUNTED = re.compile(
    r"\b(?:hur\s+många|antalet|antal|(?P<en>how\s+many|number\s+of))\s+([^\W\d_][\w-]*)",
    re.I,
)
_PRICED = re.compile(
    r"\b(kosta\w*|kostnad\w*|budget\w*|pris\w*|avgift\w*|betala\w*|cost\w*|price\w*|fees?|pay\w*)\b",
    re.I,
)


# "Hur stort särskilt föreningsstöd …": the noun a size question asks the size of, after an
# optional adjective.
_SIZED = re.compile(
    r"\bhur\s+(?:stor|stort|stora|hög|högt|höga)\s+(?:[a-zåäö]+(?:t|a)\s+(?=[a-zåäö]))?"
    r"([a-zåäö][\w-]*)",
    re.I,
)


# Nouns that name a measure rather than a thing: a share is written as a percentage.
_MEASURE_NOUNS = word_set("andel andelen del delen procent procentandel share proportion")


def focus_of(question: str, answer_type: str | None) -> str | None:
    """Return the word a count or amount question is about ("invånare", "kostar"), or None.
    A size question names it after "hur stort" ("Hur stort föreningsstöd … i kompletterande
    budget …" is about the stöd, not the budget)."""
    sized = _SIZED.search(question) if answer_type == "amount" else None
    if sized and sized.group(1).casefold() in _MEASURE_NOUNS:
        return None  # "Hur stor andel…" is answered by "64 procent", which says no "andel"
    if sized and sized.group(1).casefold() not in STOPWORDS | _LIGHT_VERBS:
        return sized.group(1)
    if answer_type == "count":
        m = _COUNTED.search(question)
        if m and m.group("en"):
            return _english_counted(question[m.start(2) :]) or m.group(2)
        return m.group(2) if m else None
    if answer_type == "amount":  # a money word in a prepositional phrase names the matter
        priced = asked_match(_PRICED, question)
        return priced.group(1) if priced else None
    return None


# English writes a noun's modifiers before it in the singular ("resource functions",
# "consultation responses", "connected people"): what "how many" counts is the first plural
# noun after it, regular or not.
_EN_IRREGULAR_PLURALS = frozenset(
    {"people", "children", "men", "women", "staff", "personnel", "police", "feet", "data"}
)
_EN_NOT_PLURAL = re.compile(r"(?:ss|us|is|ous)$", re.I)


def _english_counted(words: str) -> str | None:
    """Return the plural noun that opens `words` (the text after "how many"), looking at
    most four words ahead, or None when none is plural."""
    for word in re.findall(r"[^\W\d_][\w-]*", words)[:4]:
        folded = word.casefold()
        if folded in _EN_IRREGULAR_PLURALS or (
            folded.endswith("s") and len(folded) > 3 and not _EN_NOT_PLURAL.search(folded)
        ):
            return word
    return None


def answer_type_of(question: str) -> str | None:
    """Return what the answer to `question` must contain, or None when anything may do."""
    for name, pattern in _ANSWER_TYPES:
        if pattern.search(question):
            return name
    return None


# --- What the answer must contain ----------------------------------------------------------------

_MONTH_RE = MONTH_PATTERN
DAY_DATE = re.compile(rf"\b(?:19|20)\d\d-\d\d-\d\d\b|\b\d{{1,2}}(?::[ae])?\s+{_MONTH_RE}\b", re.I)
_TIME = re.compile(
    rf"{DAY_DATE.pattern}|\b{_MONTH_RE}\b|\b(?:våren|hösten|sommaren|vintern)\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\b"
    # a year before 1900 with what makes it one: "ända sedan 1846", "år 1750", "1800-talet"
    r"|(?:(?<=\bår\s)|(?<=sedan\s)|(?<=\bfrån\s)|(?<=\btill\s)|(?<=\bunder\s)|(?<=\bsince\s)"
    r"|(?<=\bin\s)|(?<=\byear\s))1[6-8]\d\d\b(?!\s*(?:kr|kvm|m2|st\b|[a-zåäö]+er\b))"
    r"|\b1[6-8]\d\d-tal\w*",
    re.I,
)
_AMOUNT = re.compile(
    r"\d[\d\s\u00a0]*(?:[.,]\d+)?\s*(?:kr\b|kronor|mnkr|mkr|tkr|mdkr|mdr\b|md\b|miljon(?:er)?"
    r"|miljard(?:er)?|sek\b|euro|€|%|procent)",
    re.I,
)
# Numbers that count nothing: years and dates ("2024", "23 maj"), § and Dnr numbers, list
# and section numbers ("1.", "5.1"), page counters ("3(12)"), and identifiers: a number
# written right after a label's colon ("Dokumentidentitet:1872979"), a run of six digits or
# more (a count that large is written in groups, "29 000"; with "-NNNN" an organisation
# number), a telephone number ("031-368 02 10"), a postal code before its town ("721 03
# Västerås") and a post box.
_NOT_A_COUNT = re.compile(
    r"(?<=:)\d[\d-]*|\b\d+(?=:\d)"  # "Dokumentidentitet:1872979", an item "aktivitet 5:1"
    r"|\b\d{6,}(?:-\d{4})?\b|\b0\d{1,3}-\d[\d ]{4,}\d|\b\d{3}\s\d{2}(?=\s+[A-ZÅÄÖ])"
    r"|\bBox\s+\d+"
    r"|\b(?:19|20)\d\d(?:-\d\d-\d\d)?\b|§\s?\d+|\b[A-ZÅÄÖ]*\s?\d{4}/\d+\S*|^\s*\d{1,2}[.)]\s"
    rf"|\d+\s?\(\d+\)|\b\d{{1,2}}(?::[ae])?\s+{MONTH_PATTERN}\b|\b\d+\.\d+(?:\.\d+)*\s+(?=[A-ZÅÄÖ])",
    re.M | re.I,
)
# An identifier as Swedish authorities write one: a number after its label ("Dnr 1060/22",
# "mål nr 6442-22", "org.nr 556000-1234", "diarienummer 0796/22"), a series with its letters
# ("SLK-2024-00299", "N161-0108/23") or a diary number's "/YY" ("1060/22"); not a date, a
# span of years or pages, or a telephone number, whose digits have none of these.
_IDENTIFIER = re.compile(
    r"\b(?i:d?nr|diarienummer|ärendenummer|målnummer|organisationsnummer|org\.?\s?nr)\.?:?\s*"
    r"(?:(?-i:[A-ZÅÄÖ]{1,6})\d{0,4}-?)?\d[\d-]*(?:/\d{2,4})?"
    r"|\b(?-i:[A-ZÅÄÖ]{1,6})\d{0,4}-\d{2,4}(?:[-/]\d{2,6})\b"
    r"|(?<![\d/.-])\b\d{1,6}/\d{2}\b(?![/.-]\d)"
)
# A number as written: thousands grouped by spaces ("1 240") or not ("1240"), decimals after
# a comma or point; not a run of numbers side by side in a table ("45 15 %").
_NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)?"
# A sum of money asked for by its noun ("Vilken månadslön…", "Vad kostar…", "What is the
# rent…") is a sum in kronor, not a share ("förordnande på 25 procent" gives no salary),
# unless the question asks how it changed or for a share ("Hur mycket höjdes avgiften?" is
# answered by "med 3 procent").
_ASKS_SUM = re.compile(
    r"\b(?:\w*lön(?:en|er|erna)?|hyr(?:a|an|or|orna)|\w*pris(?:et|er)?|kosta\w*"
    r"|\w*kostnad(?:en|er|erna)?|belopp\w*|salar(?:y|ies)|wages?|rents?|prices?|costs?)\b",
    re.I,
)
_CHANGE_OR_SHARE = re.compile(
    r"%|\b\w*(?:höj|ökn|ökad|ökat|ökar|öka|sänk|minsk|förändr|ändr|justera|uppräkn|andel|procent"
    r"|percent)\w*|\b(?:räkna\w*\s+upp|dyrare|billigare|rais\w*|increas\w*|decreas\w*"
    r"|reduc\w*|cut|rose|fell|grow\w*|shares?|proportion)\b",
    re.I,
)
# The units of a share and of a sum of money after a number.
_PERCENT = r"%|procent\w*"
_CURRENCY = r"kr\b|kronor|mnkr|mkr|tkr|mdkr|sek\b|euro|€"
_SHARE = re.compile(rf"{_NUMBER}\s*(?:{_PERCENT})", re.I)
# A share or a sum of money is no count of things ("21 %", "420 kronor" do not say how many
# people or cases), unless the question counts per cent or money ("Hur många procent…").
_SHARE_OR_SUM = re.compile(rf"{_NUMBER}\s*(?:{_PERCENT}|{_CURRENCY})", re.I)
# … a count of a part of a whole ("Hur många av de anställda…") may be given as a share.
_ASKS_SHARE_OR_SUM = re.compile(
    r"%|\b(?:procent\w*|percent\w*|andel\w*|shares?|proportion|kronor|kr|sek|euro|tkr|mnkr"
    r"|hur\s+många\s+av|how\s+many\s+of)\b",
    re.I,
)
_COUNT = re.compile(
    r"\b\d+\b|\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|trettio|hundra|tusen)\b",
    re.I,
)
# Capitalised words that are no part of a person's name: a title of office, the head of an
# organ's name and the labels of a governance document or a vote table ("Antal Ja"), which
# headings, organisation charts and signature blocks capitalise ("Direktör Ärende och
# utredning Stadsdirektör", "Ordförande Justerande"), and the words of a place ("Göteborgs
# Stad").
_NOT_A_NAME = (
    r"(?!(?i:(?:\w{3,})?(?:direktör|chef|ordförande|sekreterare|juster|ombud|samordnare|koordinator"
    r"|handläggare|revisor|nämnd|styrelse|fullmäktige|förvaltning|kontor|avdelning|enhet"
    r"|ärende|beslut|förslag|yrkande|bilag|handling|protokoll|utdrag|datum|sammanträd|paragraf"
    r"|antal)\w{0,6}\b)"
    r"|(?:Stad|Kommun|Region|Län)s?\b"
    # function words a heading or a sentence start capitalises ("Summering Från vision …")
    r"|(?:Från|Till|Med|Och|Om|För|Av|Vid|Under|Efter|Inför|Enligt|Samt|Inom|Mot|Den|Det"
    r"|En|Ett|Som|Att|Är|Var|Har|Hur|När|Vad|Vem)\b)"
)
_PERSON = re.compile(
    rf"\b{_NOT_A_NAME}[A-ZÅÄÖÉ][a-zåäöéü]{{1,11}}(?:-[A-ZÅÄÖ][a-zåäöéü]+)?\s+"
    rf"{_NOT_A_NAME}[A-ZÅÄÖÉ][a-zåäöéü]+\b"
)
# A stretch of time: two dates or years joined by a dash or "till", "från och med … till
# och med …", "tills vidare", or a length ("tre år", "24 månader", "en halvtimme").
_PERIOD = re.compile(
    rf"(?:{DAY_DATE.pattern}|\b(?:19|20)\d\d\b)\s*(?:[-–—]|till(?:\s+och\s+med)?|t\.o\.m\.?)\s*"
    rf"(?:{DAY_DATE.pattern}|\b(?:19|20)\d\d\b)"
    r"|\b(?:fr\.?o\.?m\.?|från\s+och\s+med)\b.{1,40}?\b(?:t\.?o\.?m\.?|till\s+och\s+med)\b"
    r"|\btills\s+vidare\b|\b(?:\d+|en|ett|två|tre|fyra|fem|sex|tio)\s+(?:år|månader|veckor|dagar"
    r"|dygn|timmar|timme|minuter)\b|\b(?:en\s+)?(?:halvtimme|kvart|halvår|halvdag|heldag)\b",
    re.I,
)
# Where a meeting was held: a room, hall or building, "i/på" a capitalised place name (not
# an acronym: "på CSG" is in a body, not at a place), or "på" an office that hosts it ("sker
# på förskoleförvaltningen").
_PLACE = re.compile(
    r"\b\w*(?:rum(?:met)?|salen|sal|huset|lokal(?:en)?|stadshus\w*|rådhus\w*|kommunhus\w*"
    r"|digitalt|distans|teams|zoom)\b|\b(?:i|på)\s+[A-ZÅÄÖ][a-zåäö][\wåäö-]*"
    r"|\bpå\s+\w+(?:förvaltningen|kontoret)\b",
)
# The formulas a decision or a proposal for one is written in (beslutsformuleringar).
_DECISION = re.compile(
    r"\b(?:beslut(?:ar|ade|at|as)|beslöt|godkän\w*|godkände|antar|antog|antagit|antas"
    r"|fastställ\w*|bifall\w*|biföll|avslå\w*|avslog|återremitt\w*|remitter(?:as|ar)\b|uppdra\w*"
    r"|i\s+uppdrag"
    r"|tillstyrk\w*|avstyrk\w*|(?<!för\s)yttrande|noter\w*|överlämna\w*|föreslå\w*|föreslog|tilldela\w*"
    r"|bevilja\w*|anvisa\w*|rekommender\w*|utse\w*|utsåg|väljer|valde|till\s+handlingarna"
    r"|ställer\s+sig\s+bakom|ingå\w*\s+avtal|teckna\w*|beslutssats\w*"
    # ("yttrande" is a body's decided view, not a paper sent to it "för yttrande".)
    # What becomes of a motion or an assignment: "anses (i övrigt) besvarad", "att anse
    # motion av … besvarad", "förklaras fullgjort",
    # "bordläggs", "avbryts", "upphävs", "avskrivs", "lämnas utan åtgärd"; a motion its
    # movers withdraw ("Motionen återtagen av motionärerna", "återkallas").
    r"|anse[rs]?\s+(?:(?!\batt\b)[^.]){0,200}?\bbesvarad\w*"
    r"|förklara\w*\s+(?:\w+\s+)?fullgjord\w*|bordlägg\w*|avbryt\w*"
    r"|upphäv\w*|avskriv\w*|utan\s+åtgärd|entledig\w*|återtag\w*|återkalla\w*"
    # A body asked for its view may decide to give none: "avstår från att ta ställning till
    # förslaget", "Att inte ta ställning till motionen".
    r"|(?:avstå\w*|avstod)\s+från\s+att\s+ta\s+ställning|inte\s+ta\s+ställning"
    r"|enligt\s+(?:\w+\s+){0,2}förslag\w*|enligt\s+yrkande\w*\s+från|\w*förslag(?=\s*:))\b",
    re.I,
)
# Who a decision names when it names no person: an office.
_ROLE = re.compile(
    r"\b\w*(?:presidi|ordförande|direktör|chef|sekreterare|ombud|samordnare|koordinator"
    r"|handläggare|revisor)\w*",
    re.I,
)
# A cause or purpose: what a "varför" question asks for.
_CAUSE = re.compile(
    r"\b(?:på\s+grund\s+av|p\.?g\.?a\.?|eftersom|därför\s+att|med\s+anledning\s+av"
    r"|till\s+följd\s+av|beroende\s+på|för\s+att|i\s+syfte\s+att|orsak\w*|skäl\w*"
    r"|anledning\w*|jäv\w*|because|due\s+to|owing\s+to|reason\w*|in\s+order\s+to)\b"
    r"|,\s*(?:då|eftersom|since|as)\b",
    re.I,
)


def has_answer_type(answer_type: str | None, text: str, question: str = "") -> bool:
    """Return True when `text` holds what `answer_type` asks for (always True for None).

    A value `question` itself gives is no answer to it: "Vem efterträder Helene Öhrling?"
    is not answered by a sentence whose only name is hers, nor "Vilket datum … efter mötet
    den 8 december?" by that date, so such values are taken out of `text` first.

    "amount": a sum of money or a share ("69 000 kronor"; a sum alone for a question naming
    a sum, `_ASKS_SUM`); "count": a number that is not a
    year, date, § or Dnr, nor a share or a sum unless the question counts those; "period":
    a stretch of time ("2025-10-01 – 2028-09-30", "från och med … till och med …", "tre
    år"); "place": a room, building or named place; "date": a
    day ("2023-05-25", "26 april"); "when": any time (a day, a month, a season or a year);
    "decision": a decision formula ("beslutar", "godkänner", "återremitteras");
    "person": a first and last name (see also
    `names_role`); "cause": a cause or purpose ("på grund av", "eftersom", "för att");
    "municipality": one of Sweden's municipalities (`index.lexicon.MUNICIPALITIES`);
    "expansion": the words an acronym of `question` is short for (see `_spells_out`);
    "time": a time of day ("21:51", "klockan 16"); "identifier": a Dnr, case or
    organisation number ("6442-22", "SLK-2024-00299", "nr 12").
    """
    if answer_type is None:
        return True
    for given in _given_values(answer_type, question):
        text = given.sub(" ", text)
    if answer_type == "municipality":
        return bool(MUNICIPALITY_NAME.search(text))
    if answer_type == "amount":
        if _ASKS_SUM.search(question) and not _CHANGE_OR_SHARE.search(question):
            text = _SHARE.sub(" ", text)
        return bool(_AMOUNT.search(text))
    if answer_type == "count":
        if not _ASKS_SHARE_OR_SUM.search(question):
            text = _SHARE_OR_SUM.sub(" ", text)
        return bool(_COUNT.search(_NOT_A_COUNT.sub(" ", text)))
    if answer_type == "identifier":
        return bool(_IDENTIFIER.search(text))
    if answer_type == "date":
        return bool(DAY_DATE.search(text))
    if answer_type == "when":
        return bool(_TIME.search(text))
    if answer_type == "person":
        return bool(_PERSON.search(text))
    if answer_type == "period":
        return bool(_PERIOD.search(text))
    if answer_type == "decision":
        return bool(_DECISION.search(text))
    if answer_type == "place":
        return bool(_PLACE.search(text))
    if answer_type == "cause":
        return bool(_CAUSE.search(text))
    if answer_type == "time":
        return bool(_CLOCK.search(text))
    if answer_type == "frequency":
        return bool(_FREQUENCY.search(text))
    if answer_type == "expansion":
        return any(_spells_out(acronym, text) for acronym in _ACRONYM.findall(question))
    return True


_ACRONYM = re.compile(r"\b[A-ZÅÄÖ]{2,}\b")
# How often something happens: "vart tredje år", "varje månad", "två gånger per år",
# "årligen", "kvartalsvis", "löpande".
_FREQUENCY = re.compile(
    r"\b(?:(?:varje|vart|var)\s+(?:annat\s+|annan\s+|andra\s+|tredje\s+|fjärde\s+|femte\s+)?"
    r"(?:år|månad|vecka|dag|kvartal|termin|halvår|gång|sammanträde|mandatperiod)\w*"
    r"|årlig\w*|halvårs\w*|månatlig\w*"
    r"|varannan\s+\w+|varannat\s+\w+|månadsvis|veckovis|dagligen|kvartalsvis|löpande|kontinuerligt"
    r"|regelbundet"
    r"|(?:\d+|en|ett|två|tre|fyra|fem|sex)\s+gånger|gång(?:er)?\s+(?:per|om|i)\s+\w+"
    r"|per\s+(?:år|månad|vecka|dag|kvartal|termin))\b",
    re.I,
)
# A clock time: "21:51", "klockan 16.00", "kl. 9.30".
_CLOCK = re.compile(
    r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b(?![.,]\d)|\b(?:klockan|kl\.?)\s+\d{1,2}\b", re.I
)


def _spells_out(acronym: str, text: str) -> bool:
    """Return True when `text` gives the words `acronym` is short for: the words before it
    in parentheses ("… kommuner (STARK)") or the words in parentheses after it ("LOV (lagen
    om valfrihet)")."""
    name = re.escape(acronym)
    return bool(
        re.search(rf"[^\W\d_]{{3,}}\s*\({name}\)", text)
        or re.search(rf"\b{name}\s*\([^\W\d_]{{3,}}[^)]*\)", text)
    )


# The value types a question can itself give, and how each is found in it.
_GIVEN: dict[str, re.Pattern[str]] = {
    "person": _PERSON,
    "date": DAY_DATE,
    "municipality": MUNICIPALITY_NAME,
    "amount": _AMOUNT,
}


@lru_cache(maxsize=256)
def _given_values(answer_type: str, question: str) -> tuple[re.Pattern[str], ...]:
    """Return patterns for the values of `answer_type` that `question` itself names, found
    once per question rather than once per candidate sentence."""
    pattern = _GIVEN.get(answer_type)
    if pattern is None or not question:
        return ()
    found = {m.group(0) for m in pattern.finditer(question)}
    if answer_type != "person":
        return tuple(re.compile(rf"(?<!\w){re.escape(g)}(?!\w)", re.I) for g in sorted(found))
    # A person the question names in the genitive ("Anneli Rhedins fråga", "Elfrida Andrées
    # arv") is named in the text in any case.
    bases = {g[:-1] if g.endswith("s") and not g.endswith("ss") else g for g in found}
    return tuple(re.compile(rf"(?<!\w){re.escape(b)}(?::?s)?(?!\w)", re.I) for b in sorted(bases))


# Who is to answer for a task ("Vem ska ansvara för…", "Vem har ansvaret…", "Who will be
# responsible for…"): a municipality gives a task to a body (a nämnd, a styrelse, an office, a
# company), so such a question is answered by a body as well as by a person or an office.
_RESPONSIBLE = re.compile(r"\b(?:ansvar\w*|responsib\w*|in\s+charge)", re.I)
_BODY = re.compile(
    r"\b\w*(?:nämnd|styrelse|förvaltning|kontor|bolag)(?:en|ens|et|ets|er|erna|n|ns|s)?\b"
    r"|\b(?-i:AB)\b|&\s*Co\b",
    re.I,
)


def names_role(text: str, question: str = "") -> bool:
    """Return True when `text` names an office ("presidium", "ordförande", "ombud") and
    `question` names none and does not ask for people by a plural ("Vilka personer…",
    "Which members…"): a decision may delegate to an office rather than to a person, but
    "Vem är kommundirektör?" asks for the person who holds one. A question for who is
    responsible is also answered by a text on responsibility that names a body
    (`_RESPONSIBLE`, `_BODY`)."""
    if _ROLE.search(question) or _EN_ROLE.search(question) or _ASKS_PEOPLE.search(question):
        return False
    if _RESPONSIBLE.search(question) and _RESPONSIBLE.search(text) and _BODY.search(text):
        return True
    return bool(_ROLE.search(text))


# The offices of `_ROLE` as an English question names them ("Who is the CEO of …").
_EN_ROLE = re.compile(
    r"\b(?:ceo|director\w*|chair\w*|secretar\w*|manager\w*|head\s+of|president|auditor\w*"
    r"|coordinator\w*|representative\w*|agent\w*|officer\w*)\b",
    re.I,
)


_ASKS_PEOPLE = re.compile(
    r"\b(?:vilka|which|what)\s+(?:personer|ledamöter|people|persons|members|individuals)\b", re.I
)


def typed_values(answer_type: str | None, text: str) -> int:
    """Return how many distinct values of `answer_type` `text` names: people (first and
    last name) or municipalities; 0 for other types, whose values a list rarely holds."""
    pattern = _LISTED_TYPES.get(answer_type or "")
    if pattern is None:
        return 0
    return len({m.group(0).casefold() for m in pattern.finditer(text)})


_LISTED_TYPES: dict[str, re.Pattern[str]] = {"person": _PERSON, "municipality": MUNICIPALITY_NAME}


def asks_several(question: str) -> bool:
    """Return True when `question` asks for several values: "Vilka …", "Which …" with a
    plural noun, "Who are/were …"."""
    return bool(_SEVERAL.search(question))


_SEVERAL = re.compile(r"^\s*(?:\w+\s+)?(?:vilka|who\s+(?:are|were))\b|\bwhich\s+\w+s\b", re.I)


# The nouns a question names the type of its answer with, after its question word ("Vilken
# kommun…", "Vilket datum…", "Which municipality…"): a value of that type is an instance of the
# noun, so a sentence that holds the value need not say the noun as well.
_TYPE_NOUNS: dict[str, frozenset[str]] = {
    answer_type: word_set(nouns)
    for answer_type, nouns in {
        "municipality": """kommun kommunen kommuner kommunerna stad staden städer ort orter
            municipality municipalities town towns city cities""",
        "date": "datum dag dagen date day",
        "period": "period perioden tidsperiod avtalsperiod löptid giltighetstid",
        "place": "plats lokal ort place room venue",
        "person": "person personer ledamot ledamöter persons people member members",
        "amount": "belopp beloppet summa summan amount sum",
    }.items()
}
_TYPE_NOUN = re.compile(r"\b(?:vilken|vilket|vilka|which|what)\s+([^\W\d_]+)", re.I)


@lru_cache(maxsize=1024)
def type_noun(question: str, answer_type: str | None) -> str | None:
    """Return the noun right after `question`'s question word when it names `answer_type`
    ("kommun" in "Vilken kommun tog över…" asking for a municipality), casefolded; else None."""
    nouns = _TYPE_NOUNS.get(answer_type or "")
    if not nouns:
        return None
    for m in _TYPE_NOUN.finditer(question):
        if m.group(1).casefold() in nouns:
            return m.group(1).casefold()
    return None


# --- Anchors: names and numbers the answer must be about ---------------------------------------

_COMMON_ACRONYMS = frozenset({"it", "ai", "eu", "vd", "pdf"})
_MONTHS = frozenset(MONTHS + ENGLISH_MONTHS)


def anchor_patterns(
    question: str, spelt: Mapping[str, Sequence[str]] | None = None
) -> list[re.Pattern[str]]:
    """Return patterns for the names, numbers and organs in `question`.

    A name is a run of capitalised words after the first word (each may carry a genitive
    -s or ":s"), an acronym, or a word with digits ("4M", also found as "4 M"); a number of
    two or more digits stands alone. Words of one run must appear together, so "Region
    Västmanland" is not found in "regioner ... Västmanlands". Month names are not names.
    A named organ ("äldrenämnden", "tekniska nämnden") is an anchor too; plain "nämnden" is not.
    `spelt` maps a name to the spellings the documents use instead (an English question's
    "Vasteras" to "Västerås", see `support.build_query`); such a name is found by those.
    """
    sentences = _SENTENCE_START.split(question.strip())
    if len(sentences) > 1:  # each sentence's first word is capitalised as a first word
        found = [p for part in sentences for p in anchor_patterns(part, spelt)]
        return list({p.pattern: p for p in found}.values())
    words = tokens(DECADE.sub(lambda m: f"{m.group(1)}-talet", question))  # "1930's"
    runs: list[list[str]] = []
    current: list[str] = []
    for i, token in enumerate(words):
        if DECADE.fullmatch(token):  # "1930-talet" is one anchor, not the year 1930
            runs.extend([current, [token]] if current else [[token]])
            current = []
            continue
        pieces = [p for p in re.split(r"[-:]", token.strip("-")) if p]
        named = [p for p in pieces if _is_name(p, i)]
        if named and len(named) == len(pieces) and len(pieces) == 1 and not pieces[0].isdigit():
            current.append(pieces[0])
            continue
        if current:
            runs.append(current)
            current = []
        runs.extend([p] for p in named)
    if current:
        runs.append(current)
    runs = [piece for run in runs for piece in _name_pairs(run)]
    # a matter compound is found as written or by its modifier ("Fiskebäcksärendet":
    # "Fiskebäck", as in "ärendet om Fiskebäcks hamn")
    matters = {w: (w, m[0]) for run in runs for w in run if (m := matter_compound(w))}
    spelt = {**matters, **(spelt or {})}
    patterns = [re.compile(rf"(?<!\w){_run_pattern(run, spelt)}(?!\w)", re.I) for run in runs]
    return patterns + _organ_patterns(words)


# Where a question of two sentences starts its second ("… was sent back by the council.
# Which committee …"): after a full stop that ends a word of four letters or more, so that
# an abbreviation ("t.ex.", "kap.", "Dr.", "Anna E. Berg") ends no sentence.
_SENTENCE_START = re.compile(r"(?:(?<=[a-zåäö]{4}\.)|(?<=[!?]))\s+(?=[A-ZÅÄÖ])")


def _name_pairs(run: list[str]) -> list[list[str]]:
    """Split a run of four or more capitalised words into runs of two (the last may take
    three): "Bengt Bivall Torbjörn Rigemar" names two people, who need not stand together."""
    if len(run) < 4:
        return [run]
    pairs = [run[i : i + 2] for i in range(0, len(run) - len(run) % 2, 2)]
    if len(run) % 2:
        pairs[-1].append(run[-1])
    return pairs


def _run_pattern(run: list[str], spelt: Mapping[str, Sequence[str]]) -> str:
    """Return the regex a run of name words is found by; a party's name ("Moderaternas") is
    found by its code as well ("(M)"), the way protocols name parties."""
    code = PARTY_BY_NAME.get(run[0].casefold()) if len(run) == 1 else None
    if code is not None:
        return rf"(?:{re.escape(_base(run[0]))}s?|{party_pattern(code)})"

    def one(word: str) -> str:
        decade = DECADE.fullmatch(word)
        if decade:  # "1930s" is the 1930s or a year in them
            return rf"(?:{decade.group(1)}-?tal\w*|{decade.group(1)[:3]}\d)"
        ordinal = ORDINAL.fullmatch(word)
        if ordinal:  # "400th" is "400:e", "400-års…" ("3 miljoner" is no third)
            return rf"{ordinal.group(1)}(?=[:\-–])"
        base = re.escape(_base(word))
        if re.fullmatch(r"\d+[A-Za-zÅÄÖåäö]+|[A-Za-zÅÄÖåäö]+\d+", word):
            base = r"\s?".join(re.escape(p) for p in re.findall(r"\d+|\D+", word))
        if spelt.get(word):
            base = "(?:" + "|".join(re.escape(_base(w)) for w in spelt[word]) + ")"
        return base + r"(?:s|:s|n|en|na|ns|ens|erna|et|ets)?"

    pattern = r"[\W_]+".join(one(w) for w in run)
    if len(run) == 1 and len(run[0]) >= _MODIFIER_NAME and run[0].isalpha() and run[0].istitle():
        # A place's name is the first part of a Swedish compound that an English question
        # writes apart: "the Eriksbo school" is "Eriksboskolan" (not a surname in -son:
        # "Anders" is not "Andersson").
        pattern += r"(?:-?(?!s?son\b)(?-i:[a-zåäö]){3,})?"
    return pattern


_MODIFIER_NAME = 5


_ORGAN_WORD = re.compile(
    r"^(?:\w{3,}(?:nämnd|styrelse|fullmäktige)|nämnd|styrelse)(?:en|ens|s|n|ns)?$", re.I
)


def organ_patterns(question: str) -> list[re.Pattern[str]]:
    """Return patterns for the organs `question` names (see `_organ_patterns`)."""
    return _organ_patterns(tokens(question))


def _organ_patterns(words: list[str]) -> list[re.Pattern[str]]:
    """Return patterns for organs the question names: a compound ("äldrenämnden") or an
    adjective before "nämnden"/"styrelsen" ("tekniska nämnden"), not an infinitive after
    "att" ("om att placera nämnden för funktionsstöd")."""
    patterns = []
    for i, word in enumerate(words):
        if not _ORGAN_WORD.match(word):
            continue
        stem = re.sub(r"(?:en|ens|s|n|ns)$", "", word.casefold())
        if stem not in ("nämnd", "styrelse"):
            patterns.append(re.compile(rf"(?<!\w){re.escape(stem)}", re.I))
        elif (
            i > 0
            and re.fullmatch(r"[a-zåäö]{3,}a", words[i - 1].casefold())
            and not _infinitive_object(words, i)
        ):
            patterns.append(re.compile(rf"(?<!\w){re.escape(words[i - 1])}\W+{stem}", re.I))
    return patterns


# Verbs that follow the subject of a clause ("att sociala nämnden ska ta över …").
_CLAUSE_VERBS = word_set(
    "ska skulle har hade får fick kan kunde bör borde måste tar tog ger gav är var"
)


def _infinitive_object(words: list[str], i: int) -> bool:
    """Return True when the word before the organ word at `i` is an infinitive after "att"
    and the organ its object ("om att placera nämnden för funktionsstöd i grupp 3"): Swedish
    infinitives and definite adjectives both end in -a, but an organ that is the subject of
    the att-clause has its verb after it ("att sociala nämnden ska ta över")."""
    after = words[i + 1].casefold() if i + 1 < len(words) else ""
    return i >= 2 and words[i - 2].casefold() == "att" and after not in _CLAUSE_VERBS


def _is_name(piece: str, position: int) -> bool:
    if piece.isdigit():
        return len(piece) >= 2
    folded = piece.casefold()
    if folded in _COMMON_ACRONYMS or folded in _MONTHS:
        return False
    if any(c.isdigit() for c in piece) and any(c.isalpha() for c in piece):
        return True
    if len(piece) > 1 and piece.isupper():
        return True
    return position > 0 and piece[:1].isupper() and len(piece) > 1


def _base(word: str) -> str:
    """Drop a genitive ending: "Lundkvists" -> "Lundkvist", "GR:s" -> "GR"; and the definite
    "-et" of a long neuter compound a text may name without it ("Göteborgsförslaget" is
    "Göteborgsförslag 13098", "Stadshuset" "Stadshus")."""
    word = re.sub(r":s$", "", word)
    word = word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
    return word[:-2] if len(word) >= 8 and word.endswith("et") else word
