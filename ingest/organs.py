"""Organs: the bodies that decide (nämnder, styrelser, fullmäktige) and their sub-organs.

Utskott, arbetsutskott, beredningar, presidier, råd, bolag and gemensamma nämnder are organs
in their own right: "Kommunstyrelsens arbetsutskott" is not "Kommunstyrelsen". Every reader
returns one canonical name per organ, so filters and citations agree. None raises on odd
input.
"""

from __future__ import annotations

import re

from index.dnr import parse_dnr

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
# Register prefixes that mean the same organ in every municipality's diarium.
COMMON_PREFIXES = {"KS": "Kommunstyrelsen", "KF": "Kommunfullmäktige"}
_PREFIX_TABLES = {"Västerås stad": VASTERAS_PREFIXES, "Göteborgs Stad": GOTEBORG_PREFIXES}

# Sub-organs named after their parent in the genitive: "Kommunstyrelsens arbetsutskott",
# "Socialnämndens individutskott", "Kommunfullmäktiges presidium", "... beredning".
# Each maps a written form (definite, short) to the canonical word.
_SUB_ORGAN = re.compile(
    r"^(?P<parent>.+?)(?:s|:s)\s+(?P<sub>arbetsutskott(?:et)?|au|\w*utskott(?:et)?"
    r"|presidi(?:um|et)|\w*beredning(?:en)?)$",
    re.I,
)
_SUB_CANONICAL = {"au": "arbetsutskott", "presidiet": "presidium"}
# Register prefixes of arbetsutskott: "KSAU", "KS AU", "BN-AU".
_AU_PREFIX = re.compile(r"^(?P<parent>[A-ZÅÄÖ]{1,6})[\s-]?AU$")

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
    "ksau": "Kommunstyrelsens arbetsutskott",
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
    "kommunledningskontoret": "Kommunstyrelsen",
    "kommunledningsförvaltningen": "Kommunstyrelsen",
    "kommunkansliet": "Kommunstyrelsen",
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
    r"(?:nämnd|nämnden|styrelse|styrelsen|fullmäktige|revisionen|gruppen|utskott|utskottet"
    r"|beredning|beredningen|presidium|presidiet|rådet|direktionen|förbundet)"
    r"(?:\s+[A-ZÅÄÖ][a-zåäö]+)?$|\sAB$|\sAB\s\(publ\)$"
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


# The label before an organ's name on a protocol's ANSLAG/BEVIS block or a portal page:
# "Organ Kommunstyrelsen", "Organ och sammanträdesdatum ...", "Nämnd: | Socialnämnden".
_ORGAN_LABEL = re.compile(
    r"^(?:Organ(?:\s+och\s+(?:sammanträdesdatum|§§))?|Instans|Nämnd(?:/[Ss]tyrelse)?|Styrelse)"
    r"\b[:\s|]+"
)


def _clean(name: str) -> str:
    """Return a name with whitespace collapsed, edge punctuation and an "Organ" label gone."""
    return _ORGAN_LABEL.sub("", " ".join(name.split()).strip(" ,.:;|"))


def normalise_organ(name: str) -> str:
    """Return the canonical, capitalised form of an organ's name.

    Known organs map to their canonical form, also from genitive, lower-case or short forms
    ("äldrenämndens" -> "Äldrenämnden", "styrgruppen 4M" -> "Styrgruppen Fyra Mälarstäder").
    Unknown names get the definite form ("Grundskolenämnd" -> "Grundskolenämnden") and a
    capital first letter. A sub-organ keeps its parent, canonical, in the genitive:
    "kommunstyrelsens arbetsutskottet", "KS AU" -> "Kommunstyrelsens arbetsutskott";
    "KF:s presidiet" -> "Kommunfullmäktiges presidium". Blank input gives "".
    """
    clean = _clean(name)
    if not clean:
        return ""
    for key in (clean.casefold(), re.sub(r"(?<=[a-zäöå])s$", "", clean.casefold())):
        if key in _ALIASES:
            return _ALIASES[key]
    sub = _sub_organ(clean)
    if sub:
        return sub
    if re.search(r"(nämndens|nämnds|styrelsens|fullmäktiges|revisionens|gruppens)$", clean, re.I):
        clean = clean[:-1]
    clean = re.sub(r"^(\S*nämnd)(?=\s+[A-ZÅÄÖ]|$)", r"\1en", clean)
    return clean[0].upper() + clean[1:]


def _sub_organ(clean: str) -> str | None:
    """Return the canonical name of a sub-organ ("<parent>s arbetsutskott"), or None."""
    au = _AU_PREFIX.match(clean)
    if au and au["parent"] in COMMON_PREFIXES:
        return f"{_genitive(COMMON_PREFIXES[au['parent']])} arbetsutskott"
    m = _SUB_ORGAN.match(clean)
    if not m:
        return None
    parent = normalise_organ(m["parent"])
    word = m["sub"].casefold()
    word = _SUB_CANONICAL.get(word, re.sub(r"(?<=utskott)et$|(?<=beredning)en$", "", word))
    return f"{_genitive(parent)} {word}"


def _genitive(organ: str) -> str:
    """Return the genitive of an organ's name: "Kommunstyrelsen" -> "Kommunstyrelsens"."""
    return organ if organ.endswith(("s", "x", "z")) else organ + "s"


# Organs named for their task: "Nämnden för ...", "Gemensamma nämnden för hjälpmedel".
_NAMED_FOR = (
    "Nämnden för ",
    "Gemensamma nämnden ",
    "Gemensam nämnd ",
    "Rådet för ",
    "Beredningen för ",
    "Utskottet för ",
)


def looks_like_organ(line: str) -> bool:
    """Return True when a short line reads as an organ's name ("Kulturnämnden", "Mimer AB")."""
    clean = _clean(line)
    if clean.casefold() in _ALIASES:
        return True
    if not clean or len(clean) > 70 or not clean[0].isupper():
        return False
    words = set(clean.casefold().split())
    if clean.startswith(_NAMED_FOR):  # "för", "med" and "i" belong to such names
        return not clean.endswith(".") and not words & (_NOT_IN_ORGAN - {"för", "med", "i"})
    if words & _NOT_IN_ORGAN:
        return False
    return bool(_ORGAN_END.search(clean))


def organ_for_office(office: str) -> str | None:
    """Return the organ an office writes for ("Stadsledningskontoret" -> "Kommunstyrelsen").

    A förvaltning maps to its nämnd by name ("Grundskoleförvaltningen" ->
    "Grundskolenämnden"). Returns None for lines that name no office or organ.
    """
    clean = _clean(office)
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
    "Kommunstyrelsen". Elsewhere only the prefixes every diarium shares ("KS", "KF", and
    their arbetsutskott "KSAU", "KS-AU") are read. Unknown prefixes and Dnrs without a
    prefix give None; a None municipality is read as Västerås.
    """
    found = parse_dnr(dnr) if dnr else None
    prefix = found.prefix if found else ""
    if not prefix:
        return None
    table = _PREFIX_TABLES.get(municipality or "Västerås stad", COMMON_PREFIXES)
    return table.get(prefix) or _sub_organ(prefix)


def organ_from_email(text: str) -> str | None:
    """Return the organ behind the first e-mail address in `text` that we know, or None."""
    for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
        address = address.casefold()
        for key, organ in _EMAIL_ORGANS.items():
            if address == key or address.endswith("@" + key):
                return organ
    return None


_SUB_AFTER = re.compile(
    r"\s+(arbetsutskott(?:et)?|\w*utskott(?:et)?|presidi(?:um|et)|\w*beredning(?:en)?)\b", re.I
)


def find_organ(text: str) -> str | None:
    """Return the first known organ named in `text` (canonical form), or None.

    A known organ in the genitive before a sub-organ gives the sub-organ: "Kommunstyrelsens
    arbetsutskott beslutar" -> "Kommunstyrelsens arbetsutskott", not "Kommunstyrelsen".
    """
    keys = sorted(_ALIASES, key=len, reverse=True)
    pattern = r"\b(" + "|".join(re.escape(k) for k in keys if len(k) > 3) + r")(s?)\b"
    m = re.search(pattern, text, re.I)
    if not m:
        return None
    organ = _ALIASES[m.group(1).casefold()]
    sub = _SUB_AFTER.match(text, m.end()) if m.group(2) else None
    return normalise_organ(f"{organ}s {sub.group(1)}") if sub else organ
