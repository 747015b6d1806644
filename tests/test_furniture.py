"""Meeting furniture read from real protocols and minutes, from invented layouts of other
municipalities (tests/data/furniture), and carried into the catalog by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.knowledge_base import KnowledgeBase
from index.models import Section, SectionMeta
from ingest.clean import clean_pages
from ingest.furniture import Meeting, apply_meeting, read_meeting
from ingest.parsers import parse_file
from ingest.pipeline import Ingester

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"
DATA = Path(__file__).resolve().parent / "data"
FIXTURES = DATA / "furniture"
SHARED = REPO.parent / "shared"
PROTOKOLL = SHARED / "corpus" / "goteborg" / "protokoll"
CASES = SHARED / "cases"

needs_goteborg = pytest.mark.skipif(
    not PROTOKOLL.is_dir(), reason=f"Göteborg protocols not found at {PROTOKOLL} (../shared)"
)
needs_cases = pytest.mark.skipif(
    not CASES.is_dir(), reason=f"shared cases not found at {CASES} (../shared)"
)


def _read(path: Path) -> tuple[str, Meeting]:
    """Read a file the way ingest does (parse, clean) and return its text and furniture."""
    doc = parse_file(path, max_bytes=50 * 1024 * 1024, ocr=False)
    doc.pages = clean_pages(doc.pages)
    return doc.text, read_meeting(doc.text)


def _at(text: str, meeting: Meeting, field: str, expected: str) -> None:
    """The field was read where the text says it, on the page `found` gives."""
    spot = meeting.found[field]
    assert text[spot.offset : spot.offset + len(expected)] == expected
    assert spot.page == text.count("\f", 0, spot.offset) + 1


# --- Göteborg KF: the "Bestämmande av tid för justering" § ---------------------------------

KF_ADJUSTERS = ["Håkan Eriksson (V)", "Margareta Broang (M)", "Lisbeth Sundén Andersson (D)"]


@needs_goteborg
def test_kf_justering_paragraph_gives_chair_adjusters_and_adjustment_date():
    text, m = _read(PROTOKOLL / "goteborg-kf-2024-02-01-protokoll.txt")
    assert (m.date, m.chair, m.adjusters) == ("2024-02-01", "Aslan Akbas (S)", KF_ADJUSTERS)
    assert (m.adjusted_on, m.adjustment_place) == ("2024-02-08", "Stadshuset, Gustaf Adolfs Torg 1")
    assert m.secretary is None and m.attendees == [] and m.place is None
    _at(text, m, "chair", "Aslan Akbas (S)")
    _at(text, m, "date", "2024-02-01")
    assert m.found["chair"].page == 2  # the justering § stands on the protocol's second page


@needs_goteborg
def test_kf_acting_chair_signs_with_the_vice_chairs():
    _, m = _read(PROTOKOLL / "goteborg-kf-2023-11-23-protokoll.txt")
    assert m.chair == "Håkan Eriksson (V)"  # "tillsammans med tjänstgörande ordföranden"
    assert m.adjusters == ["Margareta Broang (M)", "Lisbeth Sundén Andersson (D)"]
    assert m.adjusted_on == "2023-12-07"


@needs_goteborg
def test_kf_names_broken_across_lines_and_two_adjusters():
    _, m = _read(PROTOKOLL / "goteborg-kf-2023-11-09-protokoll.txt")  # "Margareta\nBroang (M)"
    assert (m.chair, m.adjusters, m.adjusted_on) == ("Aslan Akbas (S)", KF_ADJUSTERS, "2023-11-16")
    _, m = _read(PROTOKOLL / "goteborg-kf-2024-08-22-protokoll.txt")
    assert m.adjusters == ["Håkan Eriksson (V)", "Margareta Broang (M)"]
    assert m.adjusted_on == "2024-09-05"


@needs_goteborg
def test_every_kf_protocol_names_chair_and_adjusters_and_no_secretary():
    files = sorted(PROTOKOLL.glob("goteborg-kf-*.txt"))
    assert len(files) >= 20
    for path in files:
        _, m = _read(path)
        assert m.date and m.date in path.name, path.name
        assert m.chair in ("Aslan Akbas (S)", "Håkan Eriksson (V)"), path.name
        assert len(m.adjusters) >= 2 and m.chair not in m.adjusters, path.name
        assert m.adjusted_on and m.adjusted_on > m.date, path.name
        assert m.secretary is None and m.attendees == [], path.name


# --- Göteborg KS: "X utses att jämte ordföranden justera dagens protokoll" ----------------


@needs_goteborg
def test_ks_adjuster_appointed_and_chair_named_in_the_minutes():
    text, m = _read(PROTOKOLL / "goteborg-ks-2024-05-08-protokoll.txt")
    assert (m.date, m.adjusters, m.chair) == (
        "2024-05-08",
        ["Hampus Magnusson (M)"],
        "Jonas Attenius (S)",
    )
    assert m.secretary is None and m.attendees == [] and m.adjusted_on is None
    _at(text, m, "adjusters", "Hampus Magnusson (M)")
    _at(text, m, "chair", "Jonas Attenius (S)")


@needs_goteborg
def test_ks_acting_chair_is_the_one_the_minutes_name():
    _, m = _read(PROTOKOLL / "goteborg-ks-2024-02-07-protokoll.txt")
    assert m.chair == "Daniel Bernmar (V)"  # "Tjänstgörande ordföranden Daniel Bernmar (V)"


@needs_goteborg
def test_ks_roles_without_names_and_partial_adjusters_give_no_adjusters():
    _, m = _read(PROTOKOLL / "goteborg-ks-2024-01-10-protokoll.txt")
    assert m.adjusters == []  # "justeras av ordföranden och 2:e vice ordföranden": no names
    assert m.chair == "Jonas Attenius (S)"
    _, m = _read(PROTOKOLL / "goteborg-ks-2024-03-06-protokoll.txt")
    assert m.adjusters == []  # appointed "under paragraf 206" only
    assert m.chair == "Jonas Attenius (S)"


@needs_goteborg
def test_ks_chair_never_named_stays_none():
    _, m = _read(PROTOKOLL / "goteborg-ks-2024-10-16-protokoll.txt")
    assert (m.chair, m.adjusters, m.date) == (None, ["Martin Wannholt (D)"], "2024-10-16")
    assert "chair" not in m.found


# --- The sample corpus: 4M and GR minutes, Västerås protocol extracts -----------------------


def test_4m_minutes_attendees_grouped_by_municipality():
    text, m = _read(next(SAMPLE.glob("000_*.txt")))
    assert m.date == "2025-12-08"
    assert m.attendees == [
        "Peter Book", "Daniel Jansson-Hammargren", "Anna Nilsson", "Staffan Jansson",
        "Christin Tjärnheden", "Katarina Thorsell", "Marie Svensson", "Tommy Malm",
        "Jacob Högfeldt", "Lars Ekström",
    ]  # fmt: skip
    assert (m.chair, m.secretary, m.adjusters) == (None, None, [])
    _at(text, m, "attendees", "Peter Book")


def test_gr_minutes_one_attendee_a_line_and_antecknat_av():
    text, m = _read(next(SAMPLE.glob("003_*.txt")))
    assert m.secretary == "Therese Tanner"
    assert len(m.attendees) == 19
    assert m.attendees[:3] == ["Maria Reinholdsson", "Maria Standar", "Eva Hessman"]
    assert m.attendees[-1] == "Christina Thordén"
    assert "Lilla Edet" not in " ".join(m.attendees)  # the municipality after the comma
    assert m.date is None and m.chair is None
    _at(text, m, "secretary", "Therese Tanner")


def test_vasteras_extracts_signature_boxes_and_unnamed_chair_give_nothing():
    _, m = _read(next(SAMPLE.glob("001_*.txt")))  # "Justerandes signatur", "Ordföranden finner"
    assert m.is_empty()
    assert m == Meeting()


def test_documents_without_furniture_give_an_empty_record():
    for path in (
        next(SAMPLE.glob("002_*.txt")),
        DATA / "goteborg" / "goteborg-kf-handling-2023-nr-116.txt",
    ):
        _, m = _read(path)
        assert m == Meeting(), path.name
    assert read_meeting("") == Meeting()


@needs_cases
def test_decomposed_text_reads_like_composed_with_offsets_into_the_original():
    # Ingest brings text to NFC when parsing; read_meeting also copes with raw NFD text.
    nfd = (CASES / "nfd-text" / "aldrenamnden_nfd.txt").read_text(encoding="utf-8")
    nfc = (CASES / "nfd-text" / "aldrenamnden_nfc.txt").read_text(encoding="utf-8")
    m, m_nfc = read_meeting(nfd), read_meeting(nfc)
    assert nfd != nfc
    assert m.date == m_nfc.date == "2025-01-28"
    _at(nfd, m, "date", "2025-01-28")


@needs_cases
def test_protocol_header_date_and_nothing_more():
    for name, date in (
        ("fritidsnamnden_yttrande.txt", "2025-03-20"),
        ("kulturnamnden_yttrande.txt", "2025-03-19"),
    ):
        _, m = _read(CASES / "heading-as-quote" / name)
        assert m == Meeting(date=date, found=m.found) and set(m.found) == {"date"}, name


# --- Invented layouts of other municipalities -------------------------------------------------


def test_first_page_with_labels_and_underskrifter():
    text, m = _read(FIXTURES / "forsta_sida_underskrifter.txt")
    assert (m.date, m.time) == ("2024-03-12", "13.00–16.15")
    assert m.place == "Kommunhuset, sammanträdesrum Kransen"
    assert m.chair == "Lena Holm (S)"  # signed "Lena Holm", listed with her party
    assert m.secretary == "Jonas Åberg"
    assert m.adjusters == ["Per Ström (M)"]
    assert m.attendees == [
        "Lena Holm (S)", "Per Ström (M)", "Aisha Nur (S)", "Karl Berg (SD)", "Maria Lund (C)",
        "Sofia Dahl", "Jonas Åberg",
    ]  # fmt: skip
    assert (m.adjusted_on, m.adjustment_place) == (
        "2024-03-19",
        "Barn- och utbildningsförvaltningen",
    )
    _at(text, m, "secretary", "Jonas Åberg\nOrdförande")  # the name under "Sekreterare"
    _at(text, m, "place", "Kommunhuset")


def test_labels_above_their_values_and_signatures_at_the_end():
    _, m = _read(FIXTURES / "kolumner_etikett_ovanfor.txt")
    assert (m.date, m.time, m.place) == ("2024-05-06", "09:00–11:45", "Stadshuset, Sessionssalen")
    assert (m.chair, m.secretary, m.adjusters) == ("Tomas Ahl (M)", "Johan Falk", ["Nils Lind (S)"])
    assert m.attendees == [
        "Tomas Ahl (M)", "Birgitta Sjö (KD)", "Nils Lind (S)", "Hanna Öst (L)", "Rami Yousef (S)",
        "Ulla Strand", "Johan Falk",
    ]  # fmt: skip
    assert (m.adjusted_on, m.adjustment_place) == ("2024-05-09", "Stadshuset")


def test_tid_plats_narvarande_and_vid_protokollet():
    _, m = _read(FIXTURES / "tid_plats_vid_protokollet.txt")
    assert (m.date, m.time, m.place) == ("2023-11-14", "18.30–20.45", "Folkets hus, lilla salen")
    assert m.chair == "Ingrid Sand (S)"  # "Ingrid Sand (S) ordf." among the present
    assert m.secretary == "Karin Ström"
    assert m.adjusters == ["Olle Björk (C)"]  # "Justeras" is signed by the chair too
    assert "Bengt Ros (KD)" not in m.attendees  # Frånvarande
    assert m.attendees == [
        "Ingrid Sand (S)", "Olle Björk (C)", "Petra Nyman (M)", "Ali Haddad (V)",
        "Sven Krook (SD)", "Karin Ström",
    ]  # fmt: skip


def test_colon_labels_protokollforare_and_two_adjusters():
    _, m = _read(FIXTURES / "styrelse_protokollforare.txt")
    assert (m.date, m.time) == ("2024-09-18", "08.30–11.50")
    assert m.place == "Brandstationen i Ådalen, konferensrummet"
    assert (m.chair, m.secretary) == ("Gunnel Viker (S)", "Mats Eklund")
    assert m.adjusters == ["Peter Holm (M)", "Sara Lind (C)"]
    assert "Kent Berg (S)" in m.attendees and "Jan Ek (V)" not in m.attendees
    assert m.attendees[:4] == [
        "Gunnel Viker (S)",
        "Peter Holm (M)",
        "Sara Lind (C)",
        "Ove Stam (SD)",
    ]


@pytest.mark.parametrize(
    ("sentence", "adjusters"),
    [
        ("Till justerare utses Anna Berg (S).", ["Anna Berg (S)"]),
        (
            "Anna Berg (S) och Per Holm (M) utses att justera protokollet.",
            ["Anna Berg (S)", "Per Holm (M)"],
        ),
        ("Nämnden utser Eva Ek (C) att jämte ordföranden justera protokollet.", ["Eva Ek (C)"]),
        ("Att jämte ordföranden justera protokollet utses Eva Ek.", ["Eva Ek"]),
        ("Eva Ek (C) utses att jämte ordföranden justera protokollet under § 12.", []),
        ("Protokollen ska justeras av ordföranden och 2:e vice ordföranden.", []),
    ],
)
def test_justering_sentences(sentence, adjusters):
    head = "Miljönämnden\nProtokoll 2024-02-01\n\n§ 2 Dnr MN 2024/00001\nVal av justerare\n"
    text = f"{head}Beslut\n{sentence}\n"
    m = read_meeting(text)
    assert m.adjusters == adjusters
    if adjusters:
        _at(text, m, "adjusters", adjusters[0])


def test_signature_labels_inside_a_paragraph_are_not_furniture():
    text = (
        "Kommunfullmäktige\nProtokoll 2024-02-01\n\n§ 5 Dnr KS 2024/00010\nVal till styrelsen\n"
        "Ordförande\nAnna Berg (S)\nSekreterare\nBo Ek\n\n§ 6 Dnr KS 2024/00011\nÖvrigt\n"
    )
    m = read_meeting(text)
    assert (m.chair, m.secretary, m.date) == (None, None, "2024-02-01")


# --- Into the sections and the catalog ---------------------------------------------------------


def test_apply_meeting_fills_the_meetings_sections_only():
    meeting = read_meeting((FIXTURES / "forsta_sida_underskrifter.txt").read_text())
    own = Section("§ 24 …", SectionMeta(doc_type="protokoll", date="2024"))
    other = Section("§ 7 …", SectionMeta(doc_type="protokoll", date="2023-05-30"))
    statement = Section("Yttrande …", SectionMeta(doc_type="yttrande"))
    apply_meeting([own, other, statement], meeting)
    assert own.meta.date == "2024-03-12" and own.meta.chair == "Lena Holm (S)"
    assert own.meta.meeting_pages["secretary"] == 1
    assert other.meta == SectionMeta(doc_type="protokoll", date="2023-05-30")
    assert statement.meta == SectionMeta(doc_type="yttrande")


def test_old_catalog_metadata_reads_with_empty_furniture():
    old = {"organ": "Kulturnämnden", "doc_type": "protokoll", "people": [], "parties": []}
    meta = SectionMeta.from_dict(old)
    assert (meta.chair, meta.adjusters, meta.attendees, meta.meeting_pages) == (None, [], [], {})
    full = SectionMeta(chair="Anna Berg (S)", adjusters=["Bo Ek (M)"], meeting_pages={"chair": 2})
    assert SectionMeta.from_dict(full.to_dict()) == full


def test_pipeline_stores_the_furniture_in_every_protocol_section(
    tmp_path, embedder, settings_factory
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bun.txt").write_text((FIXTURES / "forsta_sida_underskrifter.txt").read_text())
    settings = settings_factory(tmp_path / "index")
    report = Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=False)
    doc_id = report.files[0].doc_id
    kb = KnowledgeBase.open_for_reading(settings.index.dir, embedder)
    sections = kb.catalog.sections(doc_id)
    paragraphs = [s for s in sections if s.kind == "paragraf"]
    assert [s.meta.paragraph for s in paragraphs] == ["23", "24"]
    for section in sections:
        assert section.meta.chair == "Lena Holm (S)"
        assert section.meta.secretary == "Jonas Åberg"
        assert section.meta.adjusters == ["Per Ström (M)"]
        assert section.meta.place == "Kommunhuset, sammanträdesrum Kransen"
        assert section.meta.meeting_time == "13.00–16.15"
        assert section.meta.adjusted_on == "2024-03-19"
        assert len(section.meta.attendees) == 7
    chunk = next(iter(kb.catalog.iter_chunks()))
    assert chunk.meta.chair == "Lena Holm (S)"
