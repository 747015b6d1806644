"""What an answer must contain: the typed values (dates, amounts, counts, persons, periods,
places, decisions, identifiers…) a question's answer type asks for, and how a text is
checked for one (`has_answer_type`, `typed_values`, `names_role`)."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answer.language import word_set
from index.lexicon import MONTH_PATTERN, MUNICIPALITY_NAME

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
