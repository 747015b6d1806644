"""Write the parser test fixtures in tests/data/ and tests/data/bad/.

Run from the repository root:  .venv/bin/python tests/data/make_fixtures.py
Needs reportlab and Pillow (dev extras), python-docx and pypdf. The outputs are
committed; rerun this only to change them. Every text is invented Swedish
municipal prose, so the files carry no one's real data. Two outputs differ byte-wise
between runs without changing content: krypterad.pdf (pypdf draws a random file id)
and yttrande.docx (zip timestamps).
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent
BAD = HERE / "bad"
SCAN_DPI = 150
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
)

# "verk-" / "samheten" is a hyphenated line break to rejoin; "IT-" / "säkerhet" a
# compound that keeps its hyphen. The counter and signature lines are page furniture.
PROTOKOLL_PAGES = [
    [
        "Kommunstyrelsen",
        "SAMMANTRÄDESPROTOKOLL 1 (2)",
        "Sammanträdesdatum 2024-03-12",
        "",
        "§ 45 Dnr KS 2024/00123",
        "Yttrande över remiss om ny förskoleplan för Ödeshögs kommun",
        "",
        "Beslut",
        "Kommunstyrelsen godkänner förvaltningens förslag till yttrande och",
        "överlämnar det till barn- och utbildningsnämnden.",
        "",
        "Ärendebeskrivning",
        "Förvaltningen har granskat remissen och bedömer att planen stärker",
        "den pedagogiska verk-",
        "samheten i förskolan. Särskild vikt läggs vid språkutveckling på",
        "svenska och vid barnens hälsa.",
        "",
        "Justerandes signatur        Utdragsbestyrkande",
    ],
    [
        "Kommunstyrelsen",
        "SAMMANTRÄDESPROTOKOLL 2 (2)",
        "Sammanträdesdatum 2024-03-12",
        "",
        "§ 46 Dnr KS 2024/00131",
        "Riktlinje för IT-",
        "säkerhet i kommunens skolor",
        "",
        "Beslut",
        "Kommunstyrelsen antar riktlinjen. Åtgärderna följs upp årligen",
        "av kommunstyrelsens arbetsutskott.",
        "",
        "Justerandes signatur        Utdragsbestyrkande",
    ],
]

SCAN_LINES = [
    "Kommunstyrelsen i Ödeshögs kommun",
    "Protokoll från sammanträde 2024-04-09",
    "",
    "§ 12 Dnr KS 2024/00077",
    "Kommunstyrelsen beslutade att förlänga",
    "avtalet om skolskjutsar till och med år 2026.",
    "Förvaltningen får i uppdrag att följa upp",
    "kostnaderna och återrapportera i höst.",
]

DOCX_PAGES = {
    "heading": "Yttrande över remiss om översiktsplan för Älvängen",
    "paragraphs": [
        "Miljö- och byggnämnden har tagit del av förslaget och lämnar följande yttrande.",
        "Nämnden ställer sig positiv till att grönområden längs älven skyddas.",
    ],
    "items": ["Bullerfrågor vid väg 45", "Dagvattenhantering i låglänta områden"],
    "table": [("Område", "Bedömning"), ("Gång- och cykelvägar", "Behöver förtydligas")],
    "page2_heading": "Sammanfattning",
    "page2": "Nämnden tillstyrker förslaget med de synpunkter som framgår ovan.",
}

HTML = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Bygglov för fritidshus – Härryda kommun</title>
<style>body { font-family: sans-serif; }</style>
<script>var spårning = "ska inte synas";</script>
</head>
<body>
<header><a href="/">Härryda kommun</a> <span>Sök på webbplatsen</span></header>
<nav><ul><li><a href="/bo">Bo och bygga</a></li><li><a href="/skola">Förskola</a></li></ul></nav>
<main>
<h1>Bygglov för fritidshus</h1>
<p>Du behöver <strong>bygglov</strong> för att bygga ett nytt fritidshus.
Ansökan görs via kommunens e-tjänst.</p>
<h2>Handlingar som behövs</h2>
<ul>
<li>Situationsplan i skala 1:500</li>
<li>Fasad- och planritningar</li>
</ul>
<table>
<tr><th>Åtgärd</th><th>Handläggningstid</th></tr>
<tr><td>Nybyggnad</td><td>10 veckor</td></tr>
</table>
<p>Kontakta bygglovsenheten om du har frågor.<br>Telefon: 031-724 61 00</p>
</main>
<footer>© Härryda kommun – Cookies och personuppgifter</footer>
</body>
</html>
"""

ANTECKNINGAR = (
    "Minnesanteckningar från styrgruppen för äldreomsorg\n"
    "Datum: 2024-02-14\n"
    "\n"
    "1. Välkomna\n"
    "Ordföranden hälsade alla välkomna och dagordningen godkändes.\n"
    "\f"
    "2. Rapport om hemtjänsten\n"
    "Förvaltningen redogjorde för läget i hemtjänsten. Väntetiderna har minskat.\n"
    "\f"
    "3. Övriga frågor\n"
    "Nästa möte hålls den 13 mars på stadshuset.\n"
)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def text_image(lines: list[str]) -> Image.Image:
    """Return an A4 page at SCAN_DPI with `lines` drawn as pixels (a 'scan')."""
    width, height = int(8.27 * SCAN_DPI), int(11.69 * SCAN_DPI)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = _font(int(SCAN_DPI * 0.19))
    y = int(SCAN_DPI * 1.0)
    for line in lines:
        draw.text((int(SCAN_DPI * 0.9), y), line, font=font, fill=0)
        y += int(SCAN_DPI * 0.32)
    return image


def shapes_image() -> Image.Image:
    """Return an A4 page with a few shapes and no text (a scanned drawing)."""
    width, height = int(8.27 * SCAN_DPI), int(11.69 * SCAN_DPI)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 300, 900, 700), outline=0, width=6)
    draw.ellipse((300, 900, 800, 1400), fill=160)
    return image


def _new_canvas(target: io.BytesIO | Path) -> canvas.Canvas:
    pdf = canvas.Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=A4,
        invariant=1,
        pageCompression=1,
    )
    pdf.setTitle("")
    return pdf


def _draw_text_page(pdf: canvas.Canvas, lines: list[str]) -> None:
    y = A4[1] - 72
    for line in lines:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(72, y, line)
        y -= 16
    pdf.showPage()


def _draw_image_page(pdf: canvas.Canvas, image: Image.Image) -> None:
    pdf.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    pdf.showPage()


def write_protokoll(path: Path) -> None:
    pdf = _new_canvas(path)
    pdf.setTitle("Kommunstyrelsens protokoll 2024-03-12")
    for lines in PROTOKOLL_PAGES:
        _draw_text_page(pdf, lines)
    pdf.save()


def write_image_pdf(path: Path, pages: list[Image.Image | list[str]]) -> None:
    """Write a PDF whose pages are images, or text lines where a page is a list."""
    pdf = _new_canvas(path)
    for page in pages:
        if isinstance(page, list):
            _draw_text_page(pdf, page)
        else:
            _draw_image_page(pdf, page)
    pdf.save()


def write_docx(path: Path) -> None:
    content = DOCX_PAGES
    document = docx.Document()
    document.core_properties.title = content["heading"]
    document.add_heading(content["heading"], level=1)
    for text in content["paragraphs"]:
        document.add_paragraph(text)
    for text in content["items"]:
        document.add_paragraph(text, style="List Bullet")
    table = document.add_table(rows=0, cols=2)
    for left, right in content["table"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = left, right
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(content["page2_heading"], level=2)
    document.add_paragraph(content["page2"])
    document.save(str(path))


def write_encrypted(source: Path, path: Path) -> None:
    """Copy `source` encrypted with a user password (RC4, so no extra packages)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password="hemligt", owner_password="agare", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)


def write_truncated(source: Path, path: Path) -> None:
    """Write the PDF header and a cut-off first object: no page tree, no xref."""
    data = source.read_bytes()
    path.write_bytes(data[:300])


def main() -> None:
    BAD.mkdir(exist_ok=True)
    write_protokoll(HERE / "protokoll.pdf")
    write_image_pdf(HERE / "scannad.pdf", [text_image(SCAN_LINES)])
    write_image_pdf(HERE / "blandad.pdf", [PROTOKOLL_PAGES[1], text_image(SCAN_LINES)])
    write_docx(HERE / "yttrande.docx")
    (HERE / "sida.html").write_text(HTML, encoding="utf-8")
    (HERE / "anteckningar.txt").write_text(ANTECKNINGAR, encoding="utf-8")

    write_truncated(HERE / "protokoll.pdf", BAD / "trasig.pdf")
    write_encrypted(HERE / "protokoll.pdf", BAD / "krypterad.pdf")
    write_image_pdf(BAD / "ingen-text.pdf", [shapes_image()])
    (BAD / "tom.txt").write_bytes(b"")
    (BAD / "bara-mellanslag.md").write_text("  \n\t\n   \n\n", encoding="utf-8")
    (BAD / "okand.xyz").write_text("Detta format känner vi inte igen.\n", encoding="utf-8")
    for file in sorted([*HERE.glob("*.*"), *BAD.glob("*.*")]):
        print(f"{file.relative_to(HERE)}: {file.stat().st_size} bytes")


if __name__ == "__main__":
    main()
