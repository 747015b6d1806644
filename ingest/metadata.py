"""Small readers of governance metadata: Dnr, dates, organs, municipality, document type, people.

Every function takes plain text (and sometimes a file name) and returns a normalised value
or None; none of them raises on odd input, because scanned and converted documents are odd.
"""

from __future__ import annotations

import re

# --- Dnr ------------------------------------------------------------------------------------

_DNR_LABEL = (
    r"(?:Dnr\.?|Diarienr\.?|Diarienummer|Ärendenummer|Ärende\s?nr\.?:?|ER BETECKNING|Er beteckning)"
)
_DNR_VALUE = re.compile(
    r"(?P<pre>[A-ZÅÄÖ]{1,8}\s?)?(?P<yr>(?:19|20)\d{2})/(?P<num>\d{3,6})(?:\s?-\s?(?P<cls>\d+(?:\.\d+)*))?"
    r"|(?P<code>[A-ZÅÄÖ][A-ZÅÄÖ0-9]{1,5}-(?:19|20)\d{2}-\d{3,6})(?::-?\d+)?"
    r"|(?P<old>(?:[A-ZÅÄÖ]\d{3}-)?\d{3,5}/\d{2})(?![\d/])"
)
_DNR_LABELLED = re.compile(_DNR_LABEL + r"[\s:]*")


def normalise_dnr(value: str) -> str | None:
    """Return the Dnr at the very start of `value` in canonical form, or None if none is there.

    "AMN 2023/00066- 1.7.1" -> "AMN 2023/00066-1.7.1"; "SLK-2023-00226:3" -> "SLK-2023-00226"
    (the document suffix is dropped); "0496/22" and "N608-1230/22" stay as written.
    """
    m = _DNR_VALUE.match(value.strip())
    if not m:
        return None
    if m["code"]:
        return m["code"]
    if m["old"]:
        return m["old"]
    head = f"{m['pre'].strip()} " if m["pre"] else ""
    tail = f"-{m['cls']}" if m["cls"] else ""
    return f"{head}{m['yr']}/{m['num']}{tail}"


def extract_dnr(text: str) -> str | None:
    """Return the first labelled diarienummer in `text`, normalised, or None.

    Labels: "Dnr", "Dnr.", "DnrIFN" (OCR without space), "Diarienr", "Diarienummer",
    "Ärendenummer", "Ärende nr", "ER BETECKNING". Unlabelled numbers are refused: in running
    text they usually point at some other case.
    """
    for m in _DNR_LABELLED.finditer(text):
        dnr = normalise_dnr(text[m.end() : m.end() + 40])
        if dnr:
            return dnr
    return None


def dnr_prefix(dnr: str | None) -> str | None:
    """Return the organ code of a Dnr ("IFN" for "IFN 2023/00136-1.7.1", "SLK" for SLK-...)."""
    if not dnr:
        return None
    m = re.match(r"([A-ZÅÄÖ][A-ZÅÄÖ0-9]*)[\s-]", dnr)
    return m.group(1) if m else None


def dnr_year(dnr: str | None) -> str | None:
    """Return the registration year in a Dnr ("2023" for "KS 2023/00315-1.2.2"), or None."""
    m = re.search(r"(?:^|[\s-])((?:19|20)\d{2})[/-]", dnr or "")
    if m:
        return m.group(1)
    m = re.fullmatch(r"(?:[A-ZÅÄÖ]\d{3}-)?\d{3,5}/(\d{2})", dnr or "")
    return f"20{m.group(1)}" if m else None


# --- Dates ----------------------------------------------------------------------------------

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = r"(?<![\d/])(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
_SWEDISH = r"\b(?P<sd>[0-3]?\d)\s+" + _MONTH + r"\s+(?P<sy>(?:19|20)\d{2})\b"
_FULL_DATE = re.compile(f"{_ISO}|{_SWEDISH}", re.I)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"\s+(?P<my>(?:19|20)\d{2})\b", re.I)
_YEAR = re.compile(r"(?<![\d/-])\b((?:19|20)\d{2})\b(?![/\d])")
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d{2}\s*[-–]\s*(?:(?:19|20)?\d{2})\b")
_DATE_LABEL = re.compile(
    r"\b(?:Sammanträdesdatum|Mötesdatum|Datum|Utfärdat|Skickat|Senast uppdaterad)\b"
    r"[:\s]*(?:den\s+)?"
    r"|^(?:Göteborg|Västerås|Arboga|Enköping|Eskilstuna|Strängnäs) den\s+",
    re.I | re.M,
)
_PERIOD_BEFORE = re.compile(
    r"\b(?:perioden?|från|fr\.o\.m\.?|till|t\.o\.m\.?|mellan|och med)\s+"
    r"(?:den\s+|hösten\s+|våren\s+)?$",
    re.I,
)


def _iso(m: re.Match[str]) -> str:
    if m["y"]:
        return f"{m['y']}-{m['m']}-{m['d']}"
    day = int(m["sd"])
    month = MONTHS[m["mon"].lower()]
    return f"{m['sy']}-{month:02d}-{day:02d}" if 1 <= day <= 31 else m["sy"]


def _in_period(text: str, start: int) -> bool:
    return bool(_PERIOD_BEFORE.search(text[max(0, start - 30) : start]))


def extract_date(text: str, full_only: bool = False) -> str | None:
    """Return the document date in `text` as ISO, as precise as the text allows, or None.

    Preference: a labelled date ("Sammanträdesdatum: 2024-01-10", "Datum 2023-05-02",
    "Skickat: den 27 april 2023", "Göteborg den 19 oktober 2022"); then the first full date
    ("2023-05-25", "den 27 april 2023", "17 Mars 2025"); then "april 2023" -> "2023-04";
    then a lone year -> "2023". Dates that bound a period ("för perioden 2025-10-01 till ...")
    and year ranges ("2023-2026") are not taken for the document date; a period date only
    gives its year, and only when nothing else is found. With `full_only`, only a labelled or
    full date is returned.
    """
    for label in _DATE_LABEL.finditer(text):
        m = _FULL_DATE.match(text, label.end())
        if m:
            return _iso(m)
    period_years: list[str] = []
    for m in _FULL_DATE.finditer(text):
        if not _in_period(text, m.start()):
            return _iso(m)
        period_years.append(_iso(m)[:4])
    if full_only:
        return None
    for m in _MONTH_YEAR.finditer(text):
        if not _in_period(text, m.start()):
            return f"{m['my']}-{MONTHS[m['mon'].lower()]:02d}"
    masked = _YEAR_RANGE.sub(lambda r: " " * len(r.group()), text)
    for m in _YEAR.finditer(masked):
        if not _in_period(masked, m.start()):
            return m.group(1)
    return period_years[0] if period_years else None


# --- Organs ---------------------------------------------------------------------------------

VASTERAS_PREFIXES = {
    "AMN": "Arbetsmarknadsnämnden",
    "BN": "Byggnadsnämnden",
    "FN": "Fastighetsnämnden",
    "FSN": "Förskolenämnden",
    "GSN": "Grundskolenämnden",
    "IFN": "Individ- och familjenämnden",
    "KUN": "Kulturnämnden",
    "MOKN": "Miljö- och konsumentnämnden",
    "NIF": "Nämnden för idrott, fritid och förebyggande",
    "NF": "Nämnden för personer med funktionsnedsättning",
    "KDNS": "Skultuna kommundelsnämnd",
    "TN": "Tekniska nämnden",
    "UTN": "Utbildningsnämnden",
    "VN": "Valnämnden",
    "AN": "Äldrenämnden",
    "OF": "Överförmyndarnämnden",
    "KS": "Kommunstyrelsen",
    "KF": "Kommunfullmäktige",
    "VSSFAB": "Västerås Stads Strategiska Fastigheter AB",
}
GOTEBORG_PREFIXES = {"SLK": "Kommunstyrelsen"}
_PREFIX_TABLES = {"Västerås stad": VASTERAS_PREFIXES, "Göteborgs Stad": GOTEBORG_PREFIXES}

_CANONICAL = [
    *VASTERAS_PREFIXES.values(),
    "Bostads AB Mimer",
    "Mälarenergi AB",
    "Styrgruppen Fyra Mälarstäder",
    "Kommundirektörsgruppen GR",
    "Stadsrevisionen",
]
_ALIASES = {name.casefold(): name for name in _CANONICAL} | {
    "ks": "Kommunstyrelsen",
    "göteborgs kommunstyrelse": "Kommunstyrelsen",
    "kommunstyrelsen och kommunfullmäktige": "Kommunstyrelsen",
    "kf": "Kommunfullmäktige",
    "göteborgs kommunfullmäktige": "Kommunfullmäktige",
    "mimer": "Bostads AB Mimer",
    "mimer ab": "Bostads AB Mimer",
    "mälarenergi": "Mälarenergi AB",
    "strategiska fastigheter": "Västerås Stads Strategiska Fastigheter AB",
    "styrgruppen 4m": "Styrgruppen Fyra Mälarstäder",
    "styrgrupp 4m": "Styrgruppen Fyra Mälarstäder",
    "styrgruppen för fyra mälarstäder": "Styrgruppen Fyra Mälarstäder",
    "kommundirektörsgruppen": "Kommundirektörsgruppen GR",
    "kommunchefsgruppen": "Kommundirektörsgruppen GR",
    "kommunchefsnätverket": "Kommundirektörsgruppen GR",
    "revisorskollegiet": "Stadsrevisionen",
}
# Offices that write for an organ: their texts are the organ's.
_OFFICE_ORGANS = {
    "stadsledningskontoret": "Kommunstyrelsen",
    "stadsbyggnadskontoret": "Byggnadsnämnden",
    "stadsbyggnadsförvaltningen": "Byggnadsnämnden",
    "miljöförvaltningen": "Miljö- och klimatnämnden",
    "valkansliet": "Valnämnden",
    "intraservice": "Nämnden för Intraservice",
}
_EMAIL_ORGANS = {
    "mimer.nu": "Bostads AB Mimer",
    "malarenergi.se": "Mälarenergi AB",
    "kommunstyrelsen@vasteras.se": "Kommunstyrelsen",
}
_ORGAN_END = re.compile(
    r"(?:nämnd|nämnden|styrelse|styrelsen|fullmäktige|revisionen|gruppen)(?:\s+[A-ZÅÄÖ][a-zåäö]+)?$|\sAB$"
)
_NOT_IN_ORGAN = {
    "till",
    "för",
    "av",
    "från",
    "över",
    "enligt",
    "om",
    "med",
    "har",
    "är",
    "ska",
    "i",
    "på",
    "att",
}


def normalise_organ(name: str) -> str:
    """Return the canonical, capitalised form of an organ's name.

    Known organs map to their canonical form, also from genitive, lower-case or short forms
    ("äldrenämndens" -> "Äldrenämnden", "styrgruppen 4M" -> "Styrgruppen Fyra Mälarstäder").
    Unknown names get the definite form ("Grundskolenämnd" -> "Grundskolenämnden") and a
    capital first letter. Blank input gives "".
    """
    clean = " ".join(name.split()).strip(" ,.:;")
    if not clean:
        return ""
    for key in (clean.casefold(), re.sub(r"(?<=[a-zäöå])s$", "", clean.casefold())):
        if key in _ALIASES:
            return _ALIASES[key]
    if re.search(r"(nämndens|nämnds|styrelsens|fullmäktiges|revisionens|gruppens)$", clean, re.I):
        clean = clean[:-1]
    clean = re.sub(r"^(\S*nämnd)(?=\s+[A-ZÅÄÖ]|$)", r"\1en", clean)
    return clean[0].upper() + clean[1:]


def looks_like_organ(line: str) -> bool:
    """Return True when a short line reads as an organ's name ("Kulturnämnden", "Mimer AB")."""
    clean = " ".join(line.split()).strip(" ,.:;")
    if clean.casefold() in _ALIASES:
        return True
    if not clean or len(clean) > 70 or not clean[0].isupper():
        return False
    if set(clean.casefold().split()) & _NOT_IN_ORGAN:
        return False
    return bool(_ORGAN_END.search(clean)) or clean.startswith("Nämnden för ")


def organ_for_office(office: str) -> str | None:
    """Return the organ an office writes for ("Stadsledningskontoret" -> "Kommunstyrelsen").

    A förvaltning maps to its nämnd by name ("Grundskoleförvaltningen" ->
    "Grundskolenämnden"). Returns None for lines that name no office or organ.
    """
    clean = " ".join(office.split()).strip(" ,.:;")
    if clean.casefold() in _OFFICE_ORGANS:
        return _OFFICE_ORGANS[clean.casefold()]
    if looks_like_organ(clean):
        return normalise_organ(clean)
    m = re.match(r"^(.+?)förvaltning(?:en)?(\s+[A-ZÅÄÖ]\w+)?$", clean)
    if m:
        return normalise_organ(f"{m.group(1)}nämnden{m.group(2) or ''}")
    return None


def organ_from_dnr_prefix(dnr: str | None, municipality: str | None) -> str | None:
    """Return the organ whose register a Dnr belongs to, from the municipality's prefix table.

    Västerås: "IFN 2023/00136-1.7.1" -> "Individ- och familjenämnden". Göteborg: "SLK-..." ->
    "Kommunstyrelsen". Unknown prefixes, municipalities without a table and Dnrs without a
    prefix give None; a None municipality is read as Västerås.
    """
    prefix = dnr_prefix(dnr)
    table = _PREFIX_TABLES.get(municipality or "Västerås stad")
    return table.get(prefix) if table and prefix else None


def organ_from_email(text: str) -> str | None:
    """Return the organ behind the first e-mail address in `text` that we know, or None."""
    for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
        address = address.casefold()
        for key, organ in _EMAIL_ORGANS.items():
            if address == key or address.endswith("@" + key):
                return organ
    return None


def find_organ(text: str) -> str | None:
    """Return the first known organ named in `text` (canonical form), or None."""
    keys = sorted(_ALIASES, key=len, reverse=True)
    pattern = r"\b(" + "|".join(re.escape(k) for k in keys if len(k) > 3) + r")s?\b"
    m = re.search(pattern, text, re.I)
    return _ALIASES[m.group(1).casefold()] if m else None


# --- Municipality ---------------------------------------------------------------------------

_BODIES = (
    ("Fyra Mälarstäder", re.compile(r"\b4M\b|Fyra Mälarstäder")),
    ("Göteborgsregionen", re.compile(r"Göteborgsregionen|\bGR\b")),
)
_MUNICIPALITIES = (
    ("Västerås stad", re.compile(r"Västerås|vasteras\.se", re.I)),
    ("Göteborgs Stad", re.compile(r"Göteborgs? ?[Ss]tad|goteborg\.se|Göteborgs kommun", re.I)),
    ("Arboga kommun", re.compile(r"Arboga", re.I)),
    ("Enköpings kommun", re.compile(r"Enköping", re.I)),
    ("Eskilstuna kommun", re.compile(r"Eskilstuna", re.I)),
    ("Strängnäs kommun", re.compile(r"Strängnäs", re.I)),
)


def detect_municipality(text: str, filename: str = "") -> str | None:
    """Return who a file belongs to: a municipality or a joint body, or None.

    A joint body named near the top wins ("styrgruppen 4M" -> "Fyra Mälarstäder", GR notes ->
    "Göteborgsregionen"); otherwise the municipality named most often, with the file name
    counting as a mention ("goteborg-ks-..." -> "Göteborgs Stad").
    """
    head = text[:1000]
    for name, pattern in _BODIES:
        if pattern.search(head):
            return name
    stem = filename.replace("_", " ").replace("-", " ").casefold()
    scores = {
        name: len(pattern.findall(text))
        + 5 * bool(re.search(name.split()[0][:5], stem, re.I))
        + 5 * bool(name == "Göteborgs Stad" and "goteborg" in stem)
        for name, pattern in _MUNICIPALITIES
    }
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] else None


# --- Document type --------------------------------------------------------------------------

_PARAGRAPH_LINE = re.compile(r"^\s*§\s?\d+\s+(?:Dnr|Ärendenummer|\d{3,4}/\d{2})", re.M)


def _handling_type(head: str) -> str | None:
    m = re.search(r"Handling \d{4} nr \d+\s+(\S+(?: \S+)?)", head)
    if not m:
        return None
    first = m.group(1)
    if first.startswith("Motion"):
        return "motion"
    if first.startswith(("Yttrande", "Svar på")):
        return "yttrande"
    if first.startswith("Interpellation"):
        return "dokument"
    return "avtal/förslag" if "Kommunstyrelsens förslag" in head else "dokument"


def detect_doc_type(text: str, filename: str = "") -> str:
    """Return the kind of a whole file, one of `index.models.DOC_TYPES` ("dokument" if unsure).

    Looks at the top of the text and at the name: § lines with a Dnr -> "protokoll",
    "Minnesanteckningar"/"Anteckningar" -> "minnesanteckningar", a KF "Handling ... nr" by its
    title, e-mail headers -> "e-post", audit summaries -> "revisionsrapport", and so on.
    """
    head = text[:1500]
    top = text.lstrip()[:300]
    name = filename.casefold()
    if name.endswith((".html", ".htm")) or re.search(
        r"Senast uppdaterad:|^Skriv ut\s*$", text, re.M
    ):
        return "webbsida"
    handling = _handling_type(head)
    if handling:
        return handling
    if _PARAGRAPH_LINE.search(text) or re.search(
        r"SAMMANTRÄDESPROTOKOLL|Utdrag ur protokoll", head, re.I
    ):
        return "protokoll"
    if re.search(r"\b(Minnesanteckningar|Minnesanteckning|Anteckningar)\b", top):
        return "minnesanteckningar"
    if re.search(r"^Från:.*\n(?:.*\n){0,2}(?:Skickat|Sent|Datum):", head, re.M):
        return "e-post"
    if re.search(r"revision|granskning", name) or re.search(
        r"Rapportsammandrag|Revisionsrapport|Revisionsberättelse", top
    ):
        return "revisionsrapport"
    if re.search(r"tjänsteutlåtande|tjänsteskrivelse", top, re.I):
        return "tjänsteutlåtande"
    if re.search(r"\bYTTRANDE\b|^\s*Yttrande\b|\bRemissvar\b", top, re.M):
        return "yttrande"
    if re.match(r"\s*Motion\b", top):
        return "motion"
    if re.match(r"\s*\w*yrkande\b", top, re.I):
        return "yrkande"
    if re.search(r"\bAvtal\b", head) and "Förslag till beslut" in head:
        return "avtal/förslag"
    if re.search(r"^\s*Förord\s*$|^\s*Program\b", head, re.M):
        return "program"
    return "dokument"


# --- People and parties ---------------------------------------------------------------------

PARTY_CODES = ("S", "M", "SD", "C", "V", "KD", "L", "MP", "D", "FI")
PARTY_NAMES = {
    "socialdemokraterna": "S", "moderaterna": "M", "sverigedemokraterna": "SD",
    "centerpartiet": "C", "vänsterpartiet": "V", "kristdemokraterna": "KD",
    "liberalerna": "L", "miljöpartiet": "MP", "demokraterna": "D", "feministiskt initiativ": "FI",
}  # fmt: skip
_TOKEN = r"[A-ZÅÄÖÉÜ][a-zåäöéüèáíóúçøæ'’]+(?:-[A-ZÅÄÖa-zåäö][a-zåäöé]+)?"
_PERSON = re.compile(
    rf"((?:{_TOKEN}\s+(?:(?:von|af|de|van|der|da)\s+)?){{1,5}}{_TOKEN})"
    rf"\s*\(({'|'.join(PARTY_CODES)})\)(?=(.{{0,25}}))"
)
# Capitalised words that stand before a name but are not part of it.
_NOT_NAMES = frozenset(
    """reservation reservationer yrkanden yrkande proposition propositionsordning beslut
    protokollsanteckning protokollsanteckningar ordföranden ordförande vice förste andre andra
    tredje kommunalrådet kommunalråd tjänstgörande ersättaren ledamoten ledamöterna
    representanterna särskilt yttrande handlingar enligt av till med och från efter då när att
    den det vid under samt även på i om för fråga interpellation motion svar omröstning
    ärendebeskrivning motionen motionären""".split()  # noqa: SIM905
)
_ACTION = re.compile(
    r"\b(?:yrka[rd]e?|\w*yrkande[nt]?|reserver(?:ar|ade)|reservation|anmäl(?:er|de)|antecknar|"
    r"antecknade|deltar inte|deltog inte|avst(?:år|od)|röstade|instämmer|instämde|föreslår|"
    r"föreslog|"
    r"på förslag av|protokollsanteckning|ställer en fråga|besvarar|motion av|interpellation av)\b",
    re.I,
)
_PARTY_LIST = re.compile(
    r"\b(?:från|Representanterna från|ledamöterna från)\s+"
    r"((?:[A-Z]{1,2}(?:,\s*|\s+och\s+))*[A-Z]{1,2})\b"
)


def _sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"”])", flat)


def _person_name(run: str, after: str, seen: set[str]) -> str | None:
    tokens = run.split()
    while tokens and tokens[0].casefold() in _NOT_NAMES:
        tokens = tokens[1:]
    tokens = tokens[-3:]
    while tokens and tokens[0].casefold() in _NOT_NAMES:
        tokens = tokens[1:]
    if len(tokens) < 2:
        return None
    name = " ".join(tokens)
    genitive = re.match(r"\s*\w*(yrkande|förslag)", after) or name[:-1] in seen
    if name.endswith("s") and genitive:
        name = name[:-1]
    return name


def extract_people_and_parties(text: str) -> tuple[list[str], list[str]]:
    """Return the politicians who act in `text` and the parties involved, in order of appearance.

    Only sentences that move a case count: yrkanden, reservationer, protokollsanteckningar,
    votes, questions ("Anna Nordin (M) yrkar bifall", "Eleonore Lundkvist (M) och Frank
    Pettersson (M) reserverar sig"). People come as "Anna Nordin (M)"; genitive forms are
    folded back ("Eleonore Lundkvists (M) ändringsyrkande"). Parties are codes ("M", "SD"),
    also taken from "yrkande från M, D, L och KD".
    """
    people: list[str] = []
    parties: list[str] = []
    seen: set[str] = set()
    for sentence in _sentences(text):
        if not _ACTION.search(sentence):
            continue
        for m in _PERSON.finditer(sentence):
            name = _person_name(m.group(1), m.group(3), seen)
            if name:
                seen.add(name)
                _add(people, f"{name} ({m.group(2)})")
            _add(parties, m.group(2))
        for m in _PARTY_LIST.finditer(sentence):
            for code in re.split(r",\s*|\s+och\s+", m.group(1)):
                if code in PARTY_CODES:
                    _add(parties, code)
    return people, parties


def parties_in(text: str) -> list[str]:
    """Return party codes named in a heading, by code or full name ("Centerpartiet" -> "C")."""
    found: list[tuple[int, str]] = []
    for name, code in PARTY_NAMES.items():
        found += [(m.start(), code) for m in re.finditer(rf"(?<!\w){name}", text, re.I)]
    found += [(m.start(), m.group()) for m in re.finditer(r"\b(?:SD|KD|MP|FI|S|M|C|V|L|D)\b", text)]
    codes: list[str] = []
    for _, code in sorted(found):
        _add(codes, code)
    return codes


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)
