"""The question's language, and English governance words put into Swedish for lexical matching.

The documents are Swedish. Dense retrieval (multilingual E5) bridges languages on its own,
but BM25 and the sentence support check compare words, so an English question gets its
governance vocabulary translated through a glossary (the checked entries below, then
glossary.tsv beside this file). Quotes are never translated.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.lexicon import (
    ENGLISH_MONTHS,
    MONTHS,
    PARTY_ENGLISH_ADJECTIVES,
    PARTY_ENGLISH_NAMES,
    PARTY_NAMES,
)


def word_set(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of `text` as a set (for word lists below)."""
    return frozenset(text.split())


_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*-?")
_TOKEN = re.compile(r"[^\W_]+(?:[-:][^\W_]+)*-?")

# Common function words of each language; a question is Swedish when it has more of these.
_SV_WORDS = word_set(
    """
    och att det som en ett är av för på med till den har de inte om vad vem vilka vilken
    vilket hur när var varför kan ska skulle finns fanns mot sig sina sitt i ur efter under
    många mycket också eller samt enligt från vid blev beslutade kostar gäller någon något
    """
)
# English function words, left out of a question's content: articles, prepositions,
# conjunctions, adverbs of degree and time, pronouns and auxiliaries (contractions with
# either apostrophe). A word that carries meaning in a question ("first", "total") is not one.
EN_STOPWORDS = word_set(
    """
    a an the of in on at to for by with from about into over against per and or but not no
    what which who whom whose when where why how much many does do did is are was were be
    been being has have had will would shall should can could may might must that this these
    those there their they them its it's his her he she we you our your any all some each
    according other than then also as so if whether
    after before during since until till through throughout under below beneath above across
    along alongside among amongst around behind beside besides between beyond despite down
    inside outside near onto off out up upon toward towards within without regarding concerning
    except unlike amid ago because although though while whilst unless nor either neither yet
    whereas hence thus therefore however moreover furthermore otherwise very only often quite
    rather really too even still already again ever never always sometimes usually almost
    nearly mostly especially particularly exactly here now such every several both none another
    others else instead respectively please i me my mine myself us ours ourselves yours
    yourself yourselves him himself hers herself itself themselves theirs someone somebody
    anyone anybody everyone everybody nobody nothing something anything everything whoever
    whatever whichever wherever whenever am doing done having isn't aren't wasn't weren't don't
    doesn't didn't hasn't haven't hadn't won't wouldn't can't cannot couldn't shouldn't mustn't
    isn’t aren’t wasn’t weren’t don’t doesn’t didn’t hasn’t haven’t hadn’t won’t wouldn’t can’t
    couldn’t shouldn’t mustn’t it’s it
    """
)


def detect_language(text: str) -> str:
    """Return "en" when `text` reads as English, otherwise "sv" (the corpus language).

    Counts Swedish and English function words; a word spelt with å, ä or ö counts for
    Swedish only when it is not a capitalised name ("Which Västerås body…" stays English).
    Ties, and text with no telling words, give "sv".
    """
    sv, en = language_counts(text)
    return "en" if en > sv else "sv"


def language_counts(text: str) -> tuple[int, int]:
    """Return (Swedish, English) counts of the telling words in `text`, as `detect_language`
    weighs them."""
    sv = en = 0
    for raw in _WORD.findall(text):
        word = raw.strip("-").casefold()
        if word in _SV_WORDS:
            sv += 1
        elif word in EN_STOPWORDS:
            en += 1
        elif re.search("[åäö]", word) and not raw[:1].isupper():
            sv += 1
    return sv, en


# English governance terms -> Swedish words as they appear in the documents. Keys are
# lowercase; multiword keys are matched before single words. The Swedish side is analysed
# like any document word (stemmed, compounds split), so base forms are enough. These entries
# were checked against earlier failures; the wider glossary.tsv fills in around them.
CHECKED_GLOSSARY: dict[str, tuple[str, ...]] = {
    "it security": ("IT-säkerhet", "informationssäkerhet"),
    "it-security": ("IT-säkerhet", "informationssäkerhet"),
    "information security": ("informationssäkerhet",),
    "cyber security": ("cybersäkerhet", "IT-säkerhet"),
    "cybersecurity": ("cybersäkerhet", "IT-säkerhet"),
    "security": ("säkerhet",),
    "per year": ("år",),
    "a year": ("år",),
    "each year": ("år",),
    "annual": ("år",),
    "yearly": ("år",),
    "year": ("år",),
    "took over": ("överlämnar", "tog över"),
    "take over": ("överlämnar", "ta över"),
    "digital divide": ("digital segregation", "digitala klyftor"),
    "data-driven": ("datadrivna",),
    "data driven": ("datadrivna",),
    "goal area": ("målområde",),
    "municipally owned companies": ("helägda bolag", "bolag"),
    "elderly care committee": ("äldrenämnden",),
    "building committee": ("byggnadsnämnden",),
    "culture committee": ("kulturnämnden",),
    "cultural committee": ("kulturnämnden",),
    "education committee": ("utbildningsnämnden",),
    "preschool committee": ("förskolenämnden",),
    "compulsory school committee": ("grundskolenämnden",),
    "environment committee": ("miljönämnden", "miljö- och konsumentnämnden"),
    "technical committee": ("tekniska nämnden",),
    "technical services committee": ("tekniska nämnden",),
    "labour market committee": ("arbetsmarknadsnämnden",),
    "social services committee": ("socialnämnden", "individ- och familjenämnden"),
    "election committee": ("valnämnden",),
    "electoral committee": ("valnämnden",),
    "municipal executive board": ("kommunstyrelsen",),
    "city executive board": ("kommunstyrelsen",),
    "executive board": ("kommunstyrelsen",),
    "executive committee": ("kommunstyrelsen",),
    "city council": ("kommunfullmäktige",),
    "municipal council": ("kommunfullmäktige",),
    "elderly care": ("äldreomsorg", "äldrenämnden"),
    "committee": ("nämnd",),
    "committees": ("nämnd",),
    "board": ("styrelse", "nämnd"),
    "boards": ("styrelse", "nämnd"),
    "body": ("nämnd", "organ"),
    "bodies": ("nämnd", "organ"),
    "executive": ("kommunstyrelse",),
    "council": ("fullmäktige", "kommunfullmäktige"),
    "company": ("bolag",),
    "companies": ("bolag",),
    "party": ("parti",),
    "parties": ("parti",),
    "municipality": ("kommun",),
    "municipal": ("kommun",),
    "city": ("stad",),
    "region": ("region",),
    "cost": ("kostnad", "kostar"),
    "costs": ("kostnad", "kostar"),
    "price": ("kostnad", "pris"),
    "budget": ("budget", "kostnad"),
    "fee": ("avgift", "kostnad", "arvode"),
    "pay": ("betalar", "kostnad"),
    "pays": ("betalar", "kostnad"),
    "money": ("kronor", "kostnad"),
    "decision": ("beslut",),
    "decided": ("beslut", "beslutade"),
    "decide": ("beslut",),
    "adopted": ("antas", "antog", "beslut"),
    "adopt": ("anta", "antas"),
    "approved": ("godkänner", "godkänns"),
    "approve": ("godkänner",),
    "reservation": ("reservation", "reserverade"),
    "reserved": ("reserverade", "reservation"),
    "dissented": ("reserverade", "reservation"),
    "dissent": ("reservation",),
    "proposal": ("förslag", "yrkande"),
    "proposed": ("föreslog", "yrkade", "förslag"),
    "propose": ("föreslå", "yrka"),
    "motion": ("yrkande", "motion"),
    "amendment": ("tilläggsyrkande", "ändringsyrkande", "tillägg"),
    "adding": ("tillägg",),
    "paragraph": ("paragraf", "tillägg"),
    # A vote's choices as a protocol writes them: "röstar Nej (5)", "röstar Ja (8)".
    "voted no": ("nej",),
    "vote no": ("nej",),
    "voted yes": ("ja",),
    "vote yes": ("ja",),
    "voted against": ("nej", "avslag"),
    "vote against": ("nej", "avslag"),
    "vote": ("omröstning", "röstade"),
    "voted": ("röstade", "omröstning"),
    "rejected": ("avslag", "avslå"),
    "agreement": ("avtal",),
    "contract": ("avtal",),
    "programme": ("program",),
    "program": ("program",),
    "plan": ("plan", "handlingsplan"),
    "action plan": ("handlingsplan",),
    "consultation": ("remiss",),
    "referral": ("remiss",),
    "response": ("yttrande", "remissvar", "svar"),
    "responses": ("yttrande", "remissvar"),
    "replied": ("svar", "yttrande"),
    "reply": ("svar", "yttrande"),
    "statement": ("yttrande",),
    "opinion": ("yttrande",),
    "minutes": ("protokoll", "anteckningar"),
    "meeting": ("möte", "sammanträde"),
    "chair": ("ordförande", "ordförandeskap"),
    "chairman": ("ordförande",),
    "chairperson": ("ordförande",),
    "chairmanship": ("ordförandeskap",),
    "members": ("ledamöter",),
    "member": ("ledamot",),
    "politicians": ("politiker", "ledamöter"),
    "director": ("direktör",),
    "ceo": ("VD", "verkställande direktör"),
    "municipal director": ("kommundirektör",),
    "chief executive": ("kommundirektör", "VD"),
    "collaboration": ("samarbete", "samverkan"),
    "cooperation": ("samarbete", "samverkan"),
    "development": ("utveckling",),
    "digital": ("digital",),
    "digitalisation": ("digitalisering",),
    "digitalization": ("digitalisering",),
    "inhabitants": ("invånare",),
    "residents": ("invånare",),
    "citizens": ("invånare", "medborgare"),
    "population": ("invånare",),
    "library": ("bibliotek",),
    "libraries": ("bibliotek",),
    "school": ("skola",),
    "schools": ("skola",),
    "preschool": ("förskola",),
    "elderly": ("äldre", "äldreomsorg"),
    "social services": ("socialtjänst",),
    "culture": ("kultur",),
    "environment": ("miljö",),
    "climate": ("klimat",),
    "climate adaptation": ("klimatanpassning",),
    "housing": ("bostäder", "boende"),
    "broadband": ("bredband",),
    "staff": ("personal", "medarbetare"),
    "competence": ("kompetens", "kompetensförsörjning"),
    "recruitment": ("rekrytering", "kompetensförsörjning"),
    "university": ("universitet",),
    "risk": ("risk",),
    "risks": ("risk",),
    "growing": ("öka",),
    "increase": ("öka",),
    "warned": ("risk",),
    "audit": ("revision", "granskning"),
    "auditors": ("revisorer",),
    "report": ("rapport",),
    "suggest": ("föreslår", "förbättringsförslag"),
    "suggested": ("föreslog", "förbättringsförslag"),
    "event": ("evenemang",),
    "planned": ("planerad", "planerat"),
    "representative": ("representant",),
    "appointed": ("utser", "valdes"),
    "coordinator": ("samordnare",),
    "replaced": ("ställe", "ersatte"),
}  # fmt: skip
CHECKED_GLOSSARY.update({en: (sv,) for en, sv in zip(ENGLISH_MONTHS, MONTHS, strict=True)})
# A party named in English is its Swedish name or its code ("Sweden Democrats" -> "(SD)").
CHECKED_GLOSSARY.update({en: (PARTY_NAMES[code], code) for en, code in PARTY_ENGLISH_NAMES.items()})

# Swedish places that English spells otherwise: the documents use the Swedish name.
PLACE_EXONYMS: dict[str, str] = {
    "gothenburg": "Göteborg",
    "sweden": "Sverige",
    "scania": "Skåne",
    "lapland": "Lappland",
    "dalecarlia": "Dalarna",
}
CHECKED_GLOSSARY.update({en: (sv,) for en, sv in PLACE_EXONYMS.items()})

GLOSSARY_FILE = Path(__file__).with_name("glossary.tsv")
_MAX_RENDERINGS = 3


def read_glossary(path: Path) -> dict[str, tuple[str, ...]]:
    """Return the entries of a glossary file as {english: (swedish, ...)}.

    The file is UTF-8 with one entry a line, `english<TAB>swedish|swedish|...`: a lower-case
    English key (single spaces between words) and 1-3 Swedish renderings, most common first.
    Blank lines and lines opening with `#` are skipped. Raises ValueError naming the file
    and line for a line without exactly one tab, a key that is empty or not lower-case, an
    empty rendering, more than three renderings, or a key already given on an earlier line.
    """
    entries: dict[str, tuple[str, ...]] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        key, renderings = _glossary_entry(line, f"{path}, line {number}")
        if key in entries:
            raise ValueError(f"{path}, line {number}: {key!r} is already on line {lines[key]}")
        entries[key], lines[key] = renderings, number
    return entries


def _glossary_entry(line: str, where: str) -> tuple[str, tuple[str, ...]]:
    """Return (key, renderings) of one glossary line; ValueError naming `where` if malformed."""
    fields = line.split("\t")
    if len(fields) != 2:
        raise ValueError(f"{where}: expected 'english<TAB>swedish|...', got {line!r}")
    key, value = fields
    if not key or key != " ".join(key.split()) or key != key.lower():
        raise ValueError(f"{where}: the key {key!r} must be lower-case words, single-spaced")
    renderings = tuple(r.strip() for r in value.split("|"))
    if not all(renderings) or len(renderings) > _MAX_RENDERINGS:
        raise ValueError(f"{where}: {key!r} needs 1-{_MAX_RENDERINGS} non-empty renderings")
    return key, renderings


# The file's entries, with the checked ones above winning on a shared key.
GLOSSARY: dict[str, tuple[str, ...]] = {**read_glossary(GLOSSARY_FILE), **CHECKED_GLOSSARY}
_LONGEST_KEY = max(len(key.split()) for key in GLOSSARY)

# Swedish words of a question that the documents often say otherwise, keyed by Snowball
# stem: a member "stödde" a motion when the minutes say "yrkar bifall till"; an organ
# "svarade" on a remiss with a "yttrande".
_PRICE = ("kostnad", "pris", "avgift", "belopp")
SWEDISH_SYNONYMS: dict[str, tuple[str, ...]] = {
    # ... and who "svarade" on a question or an interpellation "besvarar" it ("Frågan
    # besvaras av kommunalrådet").
    "svar": ("svar", "besvarar", "yttrande", "remissvar"),
    "svarat": ("svar", "besvarar", "yttrande", "remissvar"),
    "stödd": ("bifall",),
    "stöd": ("bifall",),
    "stödj": ("bifall",),
    # What something costs is its price, fee or sum ("årligt pris av 2 340 000 kronor").
    "kost": _PRICE,
    "betal": _PRICE,
    # "per år" is a yearly rate: "årlig", "årligen", "årskostnad".
    "år": ("år", "årlig", "årligen"),
    "invänd": ("invändning", "erinra"),
    "godkän": ("antar", "godkänner"),
    "ant": ("antar", "godkänner"),
    "antog": ("antar", "godkänner"),
    # To send a matter back ("skicka tillbaka ärendet") is what a protocol calls återremiss.
    "tillbak": ("återremittera", "återremiss"),
    # What a member wants at a meeting, the minutes record as a yrkande ("Vem ville skicka
    # tillbaka ärendet?" - "Hans Arby (C) yrkar att ärendet ska återremitteras").
    "vill": ("yrka", "yrkande"),
    # A yrkande that wins is the one the organ grants ("beslutar att bifalla X:s yrkande").
    "vann": ("bifall", "vinner"),
    "vinn": ("bifall", "vann"),
    # What costs nothing is free of fees ("avgiftsfria kopior").
    "kostnadsfri": ("avgiftsfri", "gratis"),
    "kostnadsfrit": ("avgiftsfri", "gratis"),
    # An organ's "besked" on a matter, and how it "hanterade" it, is its decision
    # ("Kommunstyrelsen beslutar att inte bereda Göteborgsförslag 13081 vidare").
    "besked": ("besked", "beslut"),
    "hanter": ("hantera", "beslut", "behandla"),
    # An organ or an activity that "läggs ned" ceases or is wound up ("… samt trafiknämnden
    # upphör", "verksamheten avvecklas"); keyed by the particle verb's compound stem.
    "nedlägg": ("nedläggning", "upphör", "avvecklas"),
    # The people of a place are its inhabitants ("340 000 invånare", "befolkningen").
    "människ": ("invånare", "befolkning"),
}


# A Swedish particle verb ("reda ut", "följa upp", "ta fram") is written as one word, its
# particle first, where it names the act or stands in formal prose: "utreda", "uppföljning",
# "framtagande", "genomgång" (Svenska Akademiens grammatik: partikelverb and their fast
# sammansatta forms). Particle as a question writes it -> as the compound's first part. The
# particles that are also prepositions ("av", "om", "på", "till", "över") are left out: after
# a verb they mostly open a phrase ("beslutade om"), not a particle verb.
VERB_PARTICLES: dict[str, str] = {
    "upp": "upp", "ut": "ut", "fram": "fram", "in": "in", "igenom": "genom", "bort": "bort",
    "ned": "ned", "ner": "ned", "emot": "mot", "undan": "undan", "ihop": "ihop",
    "samman": "samman",
}  # fmt: skip
# Strong verbs whose compound forms take another stem than their infinitive: "ta fram" is
# "framtagande", "gå igenom" "genomgång", "dra in" "indragning", "slå ihop" "sammanslagning",
# "lägga ned" "nedläggning", "komma in" "inkomna".
STRONG_VERB_STEMS: dict[str, str] = {
    **dict.fromkeys(("ta", "tar", "tog", "tagit", "tas", "togs", "tagits"), "tag"),
    **dict.fromkeys(("gå", "går", "gick", "gått", "gås"), "gång"),
    **dict.fromkeys(("dra", "drar", "drog", "dragit", "dras", "drogs"), "drag"),
    **dict.fromkeys(("slå", "slår", "slog", "slagit", "slås", "slogs"), "slag"),
    **dict.fromkeys(("lade", "la", "lagt", "lades"), "lägg"),
    **dict.fromkeys(("kom", "kommer", "komma", "kommit"), "kom"),
}

# Regular English inflections, undone to find a glossary entry: (ending, replacement).
_EN_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
                   ("ing", ""), ("ing", "e"))  # fmt: skip


def glossary_key(phrase: str) -> str | None:
    """Return the glossary entry for casefolded `phrase`, found as written or with the
    regular inflection of its last word undone ("statements" -> "statement", "adopting"
    -> "adopt"); None when there is none."""
    if phrase in GLOSSARY:
        return phrase
    head, _, last = phrase.rpartition(" ")
    for ending, replacement in _EN_INFLECTIONS:
        if last.endswith(ending) and len(last) - len(ending) >= 3:
            base = last[: -len(ending)] + replacement
            key = f"{head} {base}" if head else base
            if key in GLOSSARY:
                return key
    return None


def glossary_units(text: str) -> list[tuple[str, tuple[str, ...] | None]]:
    """Return the English content words of `text` with their Swedish renderings, in order.

    Each item is `(english, swedish_alternatives)`, longest glossary phrase first ("per
    year" -> ("år",)); words the glossary lacks come with None; function words are left out.
    Capitalised names and acronyms are kept as written ("Arboga", "STARK"), since the
    documents spell them the same way.
    """
    raw = [re.sub(r"['’]s$", "", w).strip("-'’") for w in _WORD.findall(text)]
    raw = [w for w in raw if w]
    renderings = english_organ_words(raw)
    units: list[tuple[str, tuple[str, ...] | None]] = []
    i = 0
    while i < len(raw):
        if _supports(raw, i) or _modal_month(raw, i):
            # "register" in "register a reservation" says nothing, nor does "may" in "may
            # take on".
            i += 1
            continue
        for size in range(min(_LONGEST_KEY, len(raw) - i), 0, -1):
            written = " ".join(raw[i : i + size])
            phrase = glossary_key(written.casefold())
            if phrase in PARTY_ENGLISH_ADJECTIVES and not written.istitle():
                phrase = None  # "a more liberal policy" names no party
            if phrase is not None:
                units.append((written, GLOSSARY[phrase]))
                i += size
                break
        else:
            word = raw[i]
            ordinal = ORDINAL.fullmatch(word)
            if ordinal:  # "the 400th anniversary": "400-årsjubileum", "400:e"
                units.append((word, (ordinal.group(1),)))
            elif (_is_name(word, i) and i not in renderings) or any(c.isdigit() for c in word):
                units.append((word, (word,)))
            elif word.casefold() not in EN_STOPWORDS:
                units.append((word, None))
            i += 1
    return units


# Light verbs: with a noun of an act after them ("register a reservation", "make a
# decision", "lodge an objection") the noun says the act and the verb only carries it, as
# "fatta" in "fatta beslut"; Swedish minutes write the act alone ("reserverar sig",
# "beslutar").
_EN_SUPPORT_VERBS = word_set(
    """register registers registered lodge lodged file filed enter entered make makes made
    take takes took taken give gives gave given cast casts put puts hold holds held
    submit submits submitted carry carries carried issue issues issued"""
)
_EN_ACT_NOUNS = word_set(
    """reservation reservations decision decisions objection objections vote votes proposal
    proposals motion motions statement statements protest protests complaint complaints
    appeal appeals request requests dissent amendment amendments yrkande"""
)
_EN_ARTICLES = word_set("a an the their its his her our formal written")


# "May" and "March" are also a verb: the month has a day or a year beside it, or a
# preposition of time before it ("in May", "29 May", "May 2024").
_VERB_MONTHS = frozenset({"may", "march"})
_BEFORE_A_MONTH = word_set("in during of since until till before after by from early late mid end")


def _modal_month(words: list[str], i: int) -> bool:
    """Return True when `words[i]` is "may" or "march" used as a verb, not as the month."""
    if words[i].casefold() not in _VERB_MONTHS:
        return False
    after = words[i + 1] if i + 1 < len(words) else ""
    before = words[i - 1] if i > 0 else ""
    return not (after[:1].isdigit() or before[:1].isdigit() or before.casefold() in _BEFORE_A_MONTH)


def _supports(words: list[str], i: int) -> bool:
    """Return True when `words[i]` is a light verb before a noun of an act (`_EN_ACT_NOUNS`),
    with at most two articles or adjectives between ("registered a formal reservation")."""
    if words[i].casefold() not in _EN_SUPPORT_VERBS:
        return False
    for word in words[i + 1 : i + 4]:
        folded = word.casefold()
        if folded in _EN_ACT_NOUNS:
            return True
        if folded not in _EN_ARTICLES:
            return False
    return False


# The head nouns of English renderings of Swedish organ names ("Children and Education
# Administration" for barn- och utbildningsförvaltningen, "Elderly Care Committee").
_EN_ORGAN_HEADS = word_set(
    """
    administration administrations committee committees board boards council councils
    office offices department departments authority authorities directorate
    """
)
_EN_NAME_JOINERS = frozenset({"and", "of", "for", "&"})


_ENGLISH_PARTY = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?-i:{n.title()})" if n in PARTY_ENGLISH_ADJECTIVES else re.escape(n)
        for n in sorted(PARTY_ENGLISH_NAMES, key=len, reverse=True)
    )
    + r")\b",
    re.I,
)
_EXONYM = re.compile(r"\b(?:" + "|".join(PLACE_EXONYMS) + r")\b", re.I)


def english_party_codes(text: str) -> set[str]:
    """Return the codes of the parties `text` names in English ("the Sweden Democrats'
    amendment" -> {"SD"}), found with the same pattern that keeps them from being anchors."""
    return {PARTY_ENGLISH_NAMES[m.group().casefold()] for m in _ENGLISH_PARTY.finditer(text)}


def english_organ_words(words: list[str]) -> set[int]:
    """Return the positions in `words` that belong to an English rendering of an organ name:
    a run of capitalised words (joined by "and", "of", "for") that holds an organ head noun
    ("Children and Education Administration", "Board of Culture and Leisure").

    Such a run translates a Swedish name ("barn- och utbildningsförvaltningen"), so the
    documents never spell it the same way: its words are neither names nor anchors.
    """
    runs: list[list[int]] = [[]]
    for i, word in enumerate(words):
        if word[:1].isupper() or (
            runs[-1]
            and word.casefold() in _EN_NAME_JOINERS
            and i + 1 < len(words)
            and words[i + 1][:1].isupper()
        ):
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    found: set[int] = set()
    for run in runs:
        heads = [i for i in run if re.sub(r"['’]s$", "", words[i]).casefold() in _EN_ORGAN_HEADS]
        if heads and len(run) > 1:
            found.update(run)
    return found


def without_english_organ_names(text: str) -> str:
    """Return `text` with its English renderings of organ names (`english_organ_words`), of
    party names (`PARTY_ENGLISH_NAMES`) and of places (`PLACE_EXONYMS`) lower-cased, so that
    they give no name anchors: the documents name them in Swedish (the glossary renders them).
    So is a capitalised English word the glossary renders (the title case of "'Coaches'
    Day'", the Swedish "Tränarnas dag"): it is a word, not a name."""
    text = _ENGLISH_PARTY.sub(lambda m: m.group().lower(), text)
    text = _EXONYM.sub(lambda m: m.group().lower(), text)
    matches = list(_WORD.finditer(text))
    renderings = english_organ_words([m.group() for m in matches])
    words = [m.group() for m in matches]
    renderings |= {i for i, word in enumerate(words) if _rendered_capital(words, i)}
    pieces, last = [], 0
    for i in sorted(renderings):
        m = matches[i]
        pieces += [text[last : m.start()], m.group().lower()]
        last = m.end()
    return "".join([*pieces, text[last:]])


def _rendered_capital(words: list[str], i: int) -> bool:
    """Return True for a capitalised English word (not an acronym) the glossary renders,
    unless a capitalised word beside it is one the glossary does not: "Marina Johansson" and
    "Sabina Music" are people, "'Coaches' Day'" is a title."""

    def capital(word: str) -> str | None:
        bare = re.sub(r"['’]s$", "", word).strip("-'’")
        return bare if bare[:1].isupper() and not bare.isupper() else None

    bare = capital(words[i])
    if bare is None or re.search("[åäöÅÄÖ]", bare) or glossary_key(bare.casefold()) is None:
        return False
    beside = [capital(words[j]) for j in (i - 1, i + 1) if 0 < j < len(words)]
    return not any(b and glossary_key(b.casefold()) is None for b in beside)


def _is_name(word: str, position: int) -> bool:
    """A capitalised word after the first, an acronym, or a word spelt with å/ä/ö."""
    if len(word) > 1 and word.isupper():
        return word.casefold() not in EN_STOPWORDS or word == "IT"
    if re.search("[åäöÅÄÖ]", word):
        return True
    return position > 0 and word[:1].isupper() and word.casefold() not in EN_STOPWORDS


# A compound that names a matter by its place or subject and a governance noun
# ("Fiskebäcksärendet", "screeningmotionen", "Poseidonavtalet"): the matter is the
# modifier's; documents write it apart ("ärendet om Fiskebäcks hamn", "motion om att
# screena"). Not a compound with "förslag", "beslut", "uppdrag" or "avtal": those name a
# kind of paper or agreement ("Göteborgsförslag", "hyresavtal", "samverkansavtal") as often
# as a matter; nor a modifier shorter than five letters.
_MATTER_COMPOUND = re.compile(
    r"([A-ZÅÄÖa-zåäö][a-zåäö]{4,}?)s?(ärende|motion|fråga|projekt)(?:t|et|n|en|na|s|ets|ens)?"
)


def matter_compound(word: str) -> tuple[str, str] | None:
    """Return the modifier and the governance noun of a matter compound
    ("Fiskebäcksärendet" -> ("Fiskebäck", "ärende")), else None."""
    found = _MATTER_COMPOUND.fullmatch(word)
    return (found.group(1), found.group(2)) if found else None


def tokens(text: str) -> list[str]:
    """Return the words of `text` as written, a trailing hyphen kept ("IT-" in "IT- eller")."""
    return _TOKEN.findall(text)


_MONTH_NUMBERS = {m: i + 1 for months in (MONTHS, ENGLISH_MONTHS) for i, m in enumerate(months)}
_DATE = re.compile(
    r"\b(?:(\d{1,2})\s+)?(" + "|".join(_MONTH_NUMBERS) + r")\s+((?:19|20)\d\d)\b", re.I
)


# An English ordinal in figures ("400th", "21st"): Swedish writes the number ("400:e").
ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)", re.I)
DECADE = re.compile(r"\b((?:1[89]|20)[1-9]0)(?:s|’s|'s|-talet|-tal)(?!\w)", re.I)


def date_units(text: str) -> tuple[list[tuple[str, tuple[str, ...] | None]], str]:
    """Return the dates written out in `text` as units, and `text` without them.

    "8 december 2025" may be found as written or as the ISO date of a section
    ("2025-12-08"); "december 2025" also as "2025-12". A decade ("the 1930s",
    "1930-talet") is found as the decade or as any year in it ("1936"); "1900-talet" and
    "the 2000s" name a century (or in English perhaps a decade) and are left as written.
    """
    units: list[tuple[str, tuple[str, ...] | None]] = []
    for m in _DATE.finditer(text):
        month = _MONTH_NUMBERS[m.group(2).casefold()]
        iso = f"{m.group(3)}-{month:02d}" + (f"-{int(m.group(1)):02d}" if m.group(1) else "")
        units.append((m.group(0), (f"{m.group(2)} {m.group(3)}", iso)))
    for m in DECADE.finditer(text):
        start = int(m.group(1))
        units.append((m.group(0), (f"{start}-talet", *(str(start + i) for i in range(10)))))
    return units, DECADE.sub(" ", _DATE.sub(" ", text))
