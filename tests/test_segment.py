"""Segmentation on the real seed files and Göteborg excerpts: sections, metadata, pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.models import ParsedDocument, Section
from ingest.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
GOTEBORG = Path(__file__).resolve().parent / "data" / "goteborg"
ALL_FILES = sorted(SAMPLE.glob("*.txt")) + sorted(GOTEBORG.glob("*.txt"))


def load(path: Path) -> ParsedDocument:
    pages = path.read_text(encoding="utf-8").split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return ParsedDocument(path=str(path), format="txt", pages=pages)


def sections_of(name: str) -> list[Section]:
    path = next(SAMPLE.glob(f"{name}_*.txt"), None) or GOTEBORG / name
    return segment_document(load(path))


def one(sections: list[Section], kind: str, **meta: str) -> Section:
    found = [
        s
        for s in sections
        if s.kind == kind and all(getattr(s.meta, k) == v for k, v in meta.items())
    ]
    assert len(found) == 1, (kind, meta, len(found))
    return found[0]


def containing(sections: list[Section], phrase: str) -> list[Section]:
    return [s for s in sections if phrase in " ".join(s.text.split())]


@pytest.fixture(scope="module")
def bundle() -> list[Section]:
    return sections_of("001")


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_sections_tile_the_text_and_know_their_pages(path: Path) -> None:
    doc = load(path)
    sections = segment_document(doc)
    assert "".join(s.text for s in sections) == doc.text
    offset = 0
    for section in sections:
        assert section.page_starts[0][0] == 0
        for start, page in section.page_starts:
            absolute = offset + start
            page_start = sum(len(p) + 2 for p in doc.pages[: page - 1])
            page_end = page_start + len(doc.pages[page - 1]) + 1
            assert page_start <= absolute <= page_end, (path.name, start, page)
        offset += len(section.text)
        assert section.meta.municipality


def test_empty_document_has_no_sections() -> None:
    assert segment_document(ParsedDocument(path="x.txt", format="txt", pages=["", " \n"])) == []


def test_ks_decision_opens_the_bundle(bundle: list[Section]) -> None:
    first = bundle[0]
    assert first.kind == "paragraf"
    assert (first.meta.organ, first.meta.municipality) == ("Kommunstyrelsen", "Västerås stad")
    assert (first.meta.paragraph, first.meta.dnr) == ("10", "KS 2023/00315-1.2.2")
    assert first.meta.doc_type == "protokoll"
    assert (
        first.meta.title
        == "Program för digital utveckling i Västerås stad och dess helägda bolag 2024-2027"
    )
    utlatande = bundle[1]
    assert (utlatande.kind, utlatande.meta.organ) == ("tjänsteutlåtande", "Kommunstyrelsen")
    assert utlatande.meta.dnr == "KS 2023/00315-1.2.2"


def test_programme_chapters(bundle: list[Section]) -> None:
    chapters = [s for s in bundle if s.kind == "kapitel"]
    assert [s.meta.title for s in chapters] == [
        "Förord",
        "1. Inledning",
        "2. Digitalisering – en del i ett större sammanhang",
        "3. Digitaliseringens bidrag",
        "4. Målområden",
        "5. Vägledande principer",
        "6. Genomförande",
    ]
    assert {s.meta.doc_type for s in chapters} == {"program"}
    assert "HÖG DIGITAL FÖRMÅGA" in chapters[4].text


@pytest.mark.parametrize(
    ("paragraph", "dnr", "organ", "date"),
    [
        ("69", "AMN 2023/00066-1.7.1", "Arbetsmarknadsnämnden", "2023"),
        ("147", "BN 2023/00115-1.7.1", "Byggnadsnämnden", "2023-05-25"),
        ("80", "FN 2023/00050-1.7.1", "Fastighetsnämnden", "2023"),
        ("122", "FSN 2023/00119-1.7.1", "Förskolenämnden", "2023"),
        ("119", "GSN 2023/00651-1.7.1", "Grundskolenämnden", "2023"),
        ("127", "IFN 2023/00136-1.7.1", "Individ- och familjenämnden", "2023"),
        ("79", "KUN 2023/00085-1.7.1", "Kulturnämnden", "2023-05-25"),
        ("75", "MOKN 2023/00042-1.7.1", "Miljö- och konsumentnämnden", "2023-05-30"),
        ("98", "NIF 2023/00068-1.2.3", "Nämnden för idrott, fritid och förebyggande", "2023-05-23"),
        (
            "132",
            "NF 2023/00095-1.7.1",
            "Nämnden för personer med funktionsnedsättning",
            "2023-05-24",
        ),
        ("85", "KDNS 2023/00151-1.7.1", "Skultuna kommundelsnämnd", "2023-05-23"),
        ("92", "TN 2023/00157-1.7.1", "Tekniska nämnden", "2023"),
        ("120", "UTN 2023/00184-1.7.1", "Utbildningsnämnden", "2023"),
        ("19", "VN 2023/00008-1.7.1", "Valnämnden", "2023"),
        ("127", "AN 2023/00292-1.7.1", "Äldrenämnden", "2023"),
        ("124", "OF 2023/00027-1.7.1", "Överförmyndarnämnden", "2023"),
        (
            "15",
            "VSSFAB 2023/00012-1.7.1",
            "Västerås Stads Strategiska Fastigheter AB",
            "2023-04-19",
        ),
    ],
)
def test_every_protocol_extract_in_the_bundle(
    bundle: list[Section], paragraph: str, dnr: str, organ: str, date: str
) -> None:
    section = one(bundle, "paragraf", paragraph=paragraph, dnr=dnr)
    assert (section.meta.organ, section.meta.date, section.meta.doc_type) == (
        organ,
        date,
        "protokoll",
    )
    assert section.meta.title and "Program för digital utveckling" in section.meta.title
    # Each § is followed by its yttrande or tjänsteutlåtande, filed under the same organ and case.
    follower = bundle[bundle.index(section) + 1]
    assert follower.kind in ("yttrande", "tjänsteutlåtande")
    assert follower.meta.organ == organ
    assert follower.meta.dnr and follower.meta.dnr.split("-")[0] == dnr.split("-")[0]


def test_ifn_paragraph_carries_its_it_security_addition(bundle: list[Section]) -> None:
    section = one(bundle, "paragraf", paragraph="127", dnr="IFN 2023/00136-1.7.1")
    assert section.meta.organ == "Individ- och familjenämnden"
    assert section.meta.date and section.meta.date.startswith("2023")
    assert containing([section], "med cyber-, it, och informationssäkerhet taktar jämt")
    assert section.meta.people == [
        "Vicki Skure Eriksson (C)",
        "Anna Nordin (M)",
        "Caroline Frisk (SD)",
    ]
    assert section.meta.parties == ["C", "M", "SD"]
    own = containing(bundle, "efterfrågar även att informationssäkerhet betonas")
    assert [(s.kind, s.meta.organ, s.meta.dnr, s.meta.date) for s in own] == [
        ("yttrande", "Individ- och familjenämnden", "IFN 2023/00136-1.7.1", "2023-05-10")
    ]


def test_aldrenamnden_paragraph_keeps_the_voted_down_addition(bundle: list[Section]) -> None:
    section = one(bundle, "paragraf", paragraph="127", dnr="AN 2023/00292-1.7.1")
    assert section.meta.organ == "Äldrenämnden"
    assert section.meta.people == ["Anna Nordin (M)", "Caroline Frisk (SD)", "Per Ström (V)"]
    assert "M" in section.meta.parties
    assert containing([section], "Anna Nordin (M) reserverar sig mot beslutet")
    assert containing([section], "Anna Nordin (M) yrkar på tillägg")
    assert containing([section], "cyber-, it, och informationssäkerhet")
    assert containing([section], "äldrenämnden beslutar enligt förvaltningens förslag till beslut")


def test_byggnadsnamnden_reservation(bundle: list[Section]) -> None:
    section = one(bundle, "paragraf", paragraph="147")
    assert (section.meta.organ, section.meta.date) == ("Byggnadsnämnden", "2023-05-25")
    assert section.meta.people == ["Eleonore Lundkvist (M)", "Frank Pettersson (M)"]
    assert section.meta.parties == ["M"]
    assert containing(
        [section], "Ordföranden finner att nämnden beslutar att avslå Eleonore Lundkvists (M)"
    )


def test_it_security_yttranden_of_kultur_and_nif(bundle: list[Section]) -> None:
    hits = containing(
        bundle, "Vi saknar dock inriktning och tydlighet kring informationssäkerhet och IT"
    )
    assert [(s.kind, s.meta.organ, s.meta.dnr, s.meta.date) for s in hits] == [
        ("yttrande", "Kulturnämnden", "KUN 2023/00085-1.7.1", "2023-05-05"),
        (
            "yttrande",
            "Nämnden för idrott, fritid och förebyggande",
            "NIF 2023/00068-1.2.3",
            "2023-05-04",
        ),
    ]
    assert {s.meta.doc_type for s in hits} == {"yttrande"}


def test_kulturnamnden_header_before_the_paragraph_belongs_to_it(bundle: list[Section]) -> None:
    section = one(bundle, "paragraf", paragraph="79")
    assert section.text.lstrip().startswith("SAMMANTRÄDESPROTOKOLL 12(17)")
    assert section.meta.title == (
        "Remissvar för Program för digital utveckling i Västerås stad och dess helägda bolag "
        "2023-2026"
    )


def test_mimer_mail_and_the_malarenergi_letters(bundle: list[Section]) -> None:
    mails = [s for s in bundle if s.kind == "e-post"]
    assert [s.meta.organ for s in mails] == ["Bostads AB Mimer"] * 3 + ["Kommunstyrelsen"]
    reply = mails[0]
    assert (reply.meta.doc_type, reply.meta.date) == ("e-post", "2023-04-27")
    assert reply.meta.dnr == "2023/00020-1.7.1"
    assert containing(
        [reply], "Mimer ställer sig bakom förslaget till Program för digital utveckling"
    )
    letters = [s for s in bundle if s.meta.organ == "Mälarenergi AB"]
    assert len(letters) == 2
    assert {(s.kind, s.meta.date, s.meta.dnr) for s in letters} == {
        ("yttrande", "2023-05-22", "KS 2023/00315-1.2.2")
    }


def test_bundle_survives_without_page_furniture(bundle: list[Section]) -> None:
    text = (SAMPLE / next(SAMPLE.glob("001_*.txt")).name).read_text(encoding="utf-8")
    bare = "\n".join(
        line
        for line in text.split("\n")
        if not re.match(r"\s*(Justerandes|JusterandesW|Utdragsbestyrkande)", line)
    )
    doc = ParsedDocument(path="001_bundle.txt", format="txt", pages=[bare])
    again = segment_document(doc)
    assert [(s.kind, s.meta.organ, s.meta.dnr) for s in again] == [
        (s.kind, s.meta.organ, s.meta.dnr) for s in bundle
    ]


def test_bundle_after_the_pipeline_cleanup_keeps_organs_and_cases(bundle: list[Section]) -> None:
    from ingest.clean import clean_pages

    doc = load(next(SAMPLE.glob("001_*.txt")))
    doc.pages = clean_pages(doc.pages)
    again = segment_document(doc)
    assert [(s.kind, s.meta.paragraph, s.meta.organ, s.meta.dnr) for s in again] == [
        (s.kind, s.meta.paragraph, s.meta.organ, s.meta.dnr) for s in bundle
    ]


def test_bundle_split_into_pages_keeps_its_sections(bundle: list[Section]) -> None:
    lines = next(SAMPLE.glob("001_*.txt")).read_text(encoding="utf-8").split("\n")
    pages = ["\n".join(lines[i : i + 300]) for i in range(0, len(lines), 300)]
    doc = ParsedDocument(path="001_bundle.txt", format="txt", pages=pages)
    again = segment_document(doc)
    assert [(s.kind, s.meta.paragraph, s.meta.organ) for s in again] == [
        (s.kind, s.meta.paragraph, s.meta.organ) for s in bundle
    ]
    assert again[-1].pages[1] == len(pages)
    ifn = one(again, "paragraf", dnr="IFN 2023/00136-1.7.1")
    assert ifn.page_at(ifn.text.index("Ärendebeskrivning")) == 5


def test_4m_minutes_agenda() -> None:
    sections = sections_of("000")
    items = [s for s in sections if s.kind == "punkt"]
    assert [s.meta.title for s in items] == [
        "Välkomna",
        "Avrapportering fokusområde kompetensförsörjning",
        "Avrapportering fokusområde digitalisering",
        "Tema kommande satsningar från SKR med förvatlningsgemensam infrastruktur och en "
        "övergripande information kring AI",
        "Överlämnande av ordförandeskapet",
        "Fokusområde 2026",
    ]
    for s in sections:
        assert (s.meta.doc_type, s.meta.date) == ("minnesanteckningar", "2025-12-08")
        assert (s.meta.organ, s.meta.municipality) == (
            "Styrgruppen Fyra Mälarstäder",
            "Fyra Mälarstäder",
        )
    assert sections[0].kind == "document" and "Deltagare" in sections[0].text


def test_gr_notes_agenda() -> None:
    items = [s for s in sections_of("003") if s.kind == "punkt"]
    assert [s.meta.title for s in items][:4] == [
        "Välkomnande av ny kommunchef i Stenungsund",
        "Statusrapport AI-uppdrag",
        "UBit- representant i arbetsgrupp",
        "Planering av heldag 14 juni",
    ]
    assert len(items) == 9
    assert items[-1].meta.title == "Stående punkter och övriga frågor"
    assert {(s.meta.organ, s.meta.municipality) for s in items} == {
        ("Kommundirektörsgruppen GR", "Göteborgsregionen")
    }


def test_web_page_and_stark_proposal_are_whole_documents() -> None:
    (page,) = sections_of("002")
    assert (page.kind, page.meta.doc_type, page.meta.date) == ("document", "webbsida", "2020-02-11")
    assert page.meta.municipality == "Fyra Mälarstäder"
    (stark,) = sections_of("004")
    assert (stark.meta.municipality, stark.meta.organ) == ("Arboga kommun", "Kommunstyrelsen")
    assert stark.meta.doc_type == "avtal/förslag"
    assert stark.meta.title == (
        "Avtal om utveckling och utbyte av kunskap om strategiskt arbete i regioner och "
        "kommuner (STARK)"
    )


def test_goteborg_ks_protocol() -> None:
    sections = sections_of("goteborg-ks-2024-01-10-protokoll-utdrag.txt")
    assert [s.meta.paragraph for s in sections] == ["10", "11", "12"]
    assert {(s.meta.organ, s.meta.date, s.meta.municipality) for s in sections} == {
        ("Kommunstyrelsen", "2024-01-10", "Göteborgs Stad")
    }
    s11 = sections[1]
    assert s11.meta.dnr == "SLK-2022-01316"
    assert (
        s11.meta.title
        == "Revidering av Göteborgs Stads riktlinje för familjehemsvården för barn och unga"
    )
    for part in ("Yrkanden", "Propositionsordning", "Protokollsanteckning", "Reservation"):
        assert f"\n{part}\n" in s11.text
    assert "Jörgen Fogelklou (SD)" in s11.meta.people
    assert s11.meta.parties[:3] == ["V", "S", "MP"] and "SD" in s11.meta.parties
    assert sections[0].text.startswith("Göteborgs Stad\nKommunstyrelsen\nProtokoll")


def test_goteborg_kf_protocol_pages() -> None:
    sections = sections_of("goteborg-kf-2023-01-26-protokoll-utdrag.txt")
    assert [s.meta.paragraph for s in sections] == [str(n) for n in range(1, 12)]
    assert {(s.meta.organ, s.meta.date) for s in sections} == {("Kommunfullmäktige", "2023-01-26")}
    assert [s.pages for s in sections[:5]] == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 6)]
    s10 = sections[9]
    assert (s10.meta.dnr, s10.pages) == ("0901/22", (11, 11))
    assert s10.text.startswith("Kommunfullmäktige\n\nProtokoll (nr 1)")
    assert "Nina Miskovsky (M)" in s10.meta.people
    assert sections[1].meta.title == "Frågestund"


def test_goteborg_handling_with_party_yttrande_and_motion() -> None:
    sections = sections_of("goteborg-kf-handling-2022-nr-204.txt")
    assert [(s.kind, s.meta.doc_type, s.meta.organ) for s in sections] == [
        ("handling", "yttrande", "Kommunstyrelsen"),
        ("yrkande", "yttrande", "Kommunstyrelsen"),
        ("tjänsteutlåtande", "tjänsteutlåtande", "Kommunstyrelsen"),
        ("handling", "motion", "Kommunfullmäktige"),
    ]
    assert {s.meta.dnr for s in sections} == {"0496/22"}
    cover, party, utlatande, motion = sections
    assert cover.meta.date == "2022-10-19"
    assert cover.meta.title == (
        "Yttrande över motion av Rasmus Ragnarsson (SD) om att utreda allmänhetens frågestund i "
        "anslutning till kommunfullmäktige"
    )
    assert "Jessica Blixt (D)" in cover.meta.people
    assert (party.meta.date, "D" in party.meta.parties) == ("2022-10-18", True)
    assert utlatande.meta.date == "2022-09-08"
    assert motion.meta.people == ["Rasmus Ragnarsson (SD)"]


def test_goteborg_handling_with_a_committee_extract() -> None:
    sections = sections_of("goteborg-kf-handling-2023-nr-175-utdrag.txt")
    assert [s.kind for s in sections] == ["handling", "yrkande", "paragraf"]
    extract = sections[2]
    assert (extract.meta.organ, extract.meta.paragraph) == ("Exploateringsnämnden", "97")
    assert (extract.meta.date, extract.meta.dnr) == ("2023-04-24", "EXF-2023-00229")
    assert "Zagros Hama Aga (M)" in extract.meta.people
    assert sections[1].meta.parties == ["KD", "C"]


def test_goteborg_proposal_and_interpellation() -> None:
    cover, utlatande = sections_of("goteborg-kf-handling-2024-nr-155-utdrag.txt")
    assert (cover.meta.doc_type, cover.meta.date, cover.meta.dnr) == (
        "avtal/förslag",
        "2024-09-11",
        "SLK-2024-00676",
    )
    assert (utlatande.meta.organ, utlatande.meta.date) == ("Kommunstyrelsen", "2024-08-02")
    (interpellation,) = sections_of("goteborg-kf-handling-2023-nr-116.txt")
    assert (interpellation.meta.organ, interpellation.meta.doc_type) == (
        "Kommunfullmäktige",
        "dokument",
    )
    assert interpellation.meta.people == ["Pär Gustafsson (L)"]


def test_goteborg_audit_summary_is_one_five_page_section() -> None:
    (report,) = sections_of("goteborg-revision-rapportsammandrag-ist.txt")
    assert (report.meta.doc_type, report.meta.organ) == ("revisionsrapport", "Stadsrevisionen")
    assert [page for _, page in report.page_starts] == [1, 2, 3, 4, 5]
    assert report.page_at(report.text.index("Kontinuitetsplan")) == 4
