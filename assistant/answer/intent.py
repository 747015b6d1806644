"""What a question asks for: one fact, a vote, or a list of organs, companies or parties.

"Vilka nämnder…", "Which committees…", "Vilka bolag…", "Which parties reserved…" are
aggregate questions: the answer lists every organ (or party) the documents support, each
once. The words that only frame such a question ("Vilka nämnder lyfte frågor om") are
returned in `frame` so that they do not count as topic words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer.language import word_set
from index.analyzer import STOPWORDS

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
