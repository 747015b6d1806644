"""Parsers against the real fixture files in tests/data (made by tests/data/make_fixtures.py)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.errors import UnreadableDocument
from ingest.parsers import SUPPORTED_SUFFIXES, parse_file
from ingest.parsers.ocr import ocr_available, ocr_pdf_page

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
LIMIT = 10_000_000

needs_ocr = pytest.mark.skipif(
    not ocr_available(),
    reason="OCR needs pdftoppm (poppler-utils) and tesseract with the 'swe' language",
)


def _reason(path: Path, max_bytes: int = LIMIT, ocr: bool = True) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        parse_file(path, max_bytes, ocr=ocr)
    assert caught.value.path == str(path)
    assert path.name in str(caught.value)
    return caught.value.reason


# ---- each format ------------------------------------------------------------------------


def test_pdf_keeps_pages_and_swedish_text():
    doc = parse_file(DATA / "protokoll.pdf", LIMIT)
    assert doc.format == "pdf"
    assert doc.title == "Kommunstyrelsens protokoll 2024-03-12"
    assert len(doc.pages) == 2
    assert "§ 45 Dnr KS 2024/00123" in doc.pages[0]
    assert "Yttrande över remiss om ny förskoleplan för Ödeshögs kommun" in doc.pages[0]
    assert "verk-\nsamheten" in doc.pages[0]  # parsing does not clean; clean_pages does
    assert "§ 46 Dnr KS 2024/00131" in doc.pages[1]
    assert "§ 46" not in doc.pages[0]
    assert "Åtgärderna följs upp årligen" in doc.pages[1]


def test_docx_splits_on_page_break_and_keeps_tables_in_order():
    doc = parse_file(DATA / "yttrande.docx", LIMIT)
    assert doc.format == "docx"
    assert doc.title == "Yttrande över remiss om översiktsplan för Älvängen"
    assert len(doc.pages) == 2
    first = doc.pages[0]
    assert first.startswith("Yttrande över remiss om översiktsplan för Älvängen\n\n")
    assert "Bullerfrågor vid väg 45\nDagvattenhantering i låglänta områden" in first
    assert "Område | Bedömning\nGång- och cykelvägar | Behöver förtydligas" in first
    assert first.index("grönområden") < first.index("Bullerfrågor") < first.index("Område |")
    assert doc.pages[1] == (
        "Sammanfattning\n\nNämnden tillstyrker förslaget med de synpunkter som framgår ovan."
    )


def test_html_keeps_content_blocks_and_drops_chrome():
    doc = parse_file(DATA / "sida.html", LIMIT)
    assert doc.format == "html"
    assert doc.title == "Bygglov för fritidshus – Härryda kommun"
    assert len(doc.pages) == 1
    text = doc.pages[0]
    assert text.startswith("Bygglov för fritidshus\n\nDu behöver bygglov för att bygga")
    assert "- Situationsplan i skala 1:500\n- Fasad- och planritningar" in text
    assert "Åtgärd | Handläggningstid\nNybyggnad | 10 veckor" in text
    assert "har frågor.\nTelefon: 031-724 61 00" in text
    for chrome in ("spårning", "font-family", "Bo och bygga", "Sök på webbplatsen", "Cookies"):
        assert chrome not in text


def test_txt_splits_pages_on_form_feed():
    doc = parse_file(DATA / "anteckningar.txt", LIMIT)
    assert doc.format == "txt"
    assert doc.title is None
    assert len(doc.pages) == 3
    assert doc.pages[0].startswith("Minnesanteckningar från styrgruppen för äldreomsorg")
    assert doc.pages[1].startswith("2. Rapport om hemtjänsten")
    assert doc.pages[2] == "3. Övriga frågor\nNästa möte hålls den 13 mars på stadshuset.\n"


def test_txt_trailing_form_feed_adds_no_page(tmp_path):
    path = tmp_path / "pdftotext.txt"
    path.write_text("Sida ett\n\fSida två\n\f", encoding="utf-8")
    assert parse_file(path, LIMIT).pages == ["Sida ett\n", "Sida två\n"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Förvaltningen på Åland".encode("cp1252"), "Förvaltningen på Åland"),
        ("Översyn – “citat”".encode("cp1252"), "Översyn – “citat”"),
        (b"Ett \x81 och \xf6", "Ett \x81 och ö"),  # not cp1252: latin-1 decodes it
        ("\ufeffMed BOM: älv".encode(), "Med BOM: älv"),
        ("Utf-16: sjö".encode("utf-16"), "Utf-16: sjö"),
    ],
)
def test_txt_decoding_fallbacks(tmp_path, data, expected):
    path = tmp_path / "kodning.txt"
    path.write_bytes(data)
    assert parse_file(path, LIMIT).pages == [expected]


def test_markdown_title_is_first_heading(tmp_path):
    path = tmp_path / "policy.md"
    path.write_text("Inledning utan rubrik\n\n## Policy för e-arkiv\n\nText.\n", encoding="utf-8")
    doc = parse_file(path, LIMIT)
    assert (doc.format, doc.title) == ("md", "Policy för e-arkiv")


def test_suffix_is_matched_case_insensitively(tmp_path):
    path = tmp_path / "PROTOKOLL.PDF"
    shutil.copy(DATA / "protokoll.pdf", path)
    assert len(parse_file(path, LIMIT).pages) == 2


def test_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {".pdf", ".docx", ".html", ".htm", ".txt", ".md"}


# ---- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("trasig.pdf", "corrupt"),
        ("krypterad.pdf", "encrypted"),
        ("tom.txt", "empty"),
        ("bara-mellanslag.md", "empty"),
        ("okand.xyz", "unsupported"),
    ],
)
def test_bad_files_are_refused_with_reason(name, reason):
    assert _reason(BAD / name) == reason


def test_image_only_pdf_without_ocr_has_no_text_layer():
    assert _reason(BAD / "ingen-text.pdf", ocr=False) == "no_text_layer"
    assert _reason(DATA / "scannad.pdf", ocr=False) == "no_text_layer"


def test_oversized_file_is_refused_before_parsing():
    assert _reason(DATA / "protokoll.pdf", max_bytes=1000) == "oversized"


def test_library_errors_are_wrapped_with_their_cause():
    with pytest.raises(UnreadableDocument) as caught:
        parse_file(BAD / "trasig.pdf", LIMIT)
    assert caught.value.__cause__ is not None


def test_pdf_with_empty_user_password_opens(tmp_path):
    path = tmp_path / "las-skyddad.pdf"
    writer = PdfWriter(clone_from=PdfReader(DATA / "protokoll.pdf"))
    writer.encrypt(user_password="", owner_password="agare", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    assert "§ 45 Dnr KS 2024/00123" in parse_file(path, LIMIT).pages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("skrap.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4),
        ("skrap.docx", b"PK\x03\x04 detta ar ingen riktig zip-fil"),
        ("binar.txt", b"\x00\x01\x02 ELF-liknande skrap \x00"),
    ],
)
def test_garbage_is_corrupt(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert _reason(path) == "corrupt"


def test_docx_without_document_part_is_corrupt(tmp_path):
    path = tmp_path / "halv.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert _reason(path) == "corrupt"


def test_missing_file_is_refused(tmp_path):
    assert _reason(tmp_path / "finns-inte.pdf") == "corrupt"


def test_unknown_reason_is_a_programming_error():
    with pytest.raises(ValueError):
        UnreadableDocument("x.pdf", "trasig", "not a reason code")


# ---- OCR --------------------------------------------------------------------------------

SCANNED_WORDS = ("Kommunstyrelsen", "Ödeshögs", "förlänga", "skolskjutsar", "återrapportera")


@pytest.mark.slow
@needs_ocr
def test_scanned_pdf_is_read_with_ocr():
    doc = parse_file(DATA / "scannad.pdf", LIMIT)
    assert len(doc.pages) == 1
    for word in SCANNED_WORDS:
        assert word in doc.pages[0]


@pytest.mark.slow
@needs_ocr
def test_only_pages_without_text_are_ocred():
    doc = parse_file(DATA / "blandad.pdf", LIMIT)
    assert len(doc.pages) == 2
    assert "§ 46 Dnr KS 2024/00131" in doc.pages[0]  # from the text layer, exact
    for word in SCANNED_WORDS:
        assert word in doc.pages[1]


def test_scanned_pdf_without_ocr_tools_has_no_text_layer(monkeypatch):
    monkeypatch.setattr("ingest.parsers.ocr.ocr_available", lambda: False)
    with pytest.raises(UnreadableDocument) as caught:
        parse_file(DATA / "scannad.pdf", LIMIT)
    assert caught.value.reason == "no_text_layer"
    assert "tesseract" in caught.value.message


def test_mixed_pdf_without_ocr_keeps_the_empty_page():
    doc = parse_file(DATA / "blandad.pdf", LIMIT, ocr=False)
    assert len(doc.pages) == 2
    assert "§ 46 Dnr KS 2024/00131" in doc.pages[0]
    assert doc.pages[1].strip() == ""


@pytest.mark.slow
@needs_ocr
def test_image_without_text_stays_no_text_layer_after_ocr():
    assert _reason(BAD / "ingen-text.pdf") == "no_text_layer"


@needs_ocr
def test_ocr_failure_is_ocr_failed(tmp_path):
    broken = tmp_path / "trasig.pdf"
    shutil.copy(BAD / "trasig.pdf", broken)
    with pytest.raises(UnreadableDocument) as caught:
        ocr_pdf_page(broken, 1)
    assert caught.value.reason == "ocr_failed"
