"""Write the layout corpus's PDF and DOCX fixtures (run once; the files are committed).

Usage: python tests/data/layouts/make_binaries.py
Storuman: a PDF protocol whose § lines carry the organ's code ("KS § 110") and an unlabelled
Dnr ("KS/2025:214"), under a "STORUMANS KOMMUN  PROTOKOLL  2 (3)" page header.
Upplands-Bro: a Word tjänsteskrivelse whose date and Dnr ("SN 25/0098") sit in a table under
the labels "Datum | Vår beteckning | Er beteckning", with "TJÄNSTESKRIVELSE 1 (2)" in the page
header.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent

STORUMAN = [
    [
        "Plats och tid Kommunhuset, Storuman kl 09.00-12.15",
        "Beslutande Tomas Mörk (C) ordförande",
        "Therese Granberg (C)",
        "Lars Levin (M)",
        "Karin Malmberg (S)",
        "Övriga Maria Mickelsson sekreterare",
        "Utses att justera Karin Malmberg",
        "Justeringens plats och tid Kommunhuset, Storuman 2025-09-19",
        "Paragrafer 110-112",
        "ANSLAG/BEVIS",
        "Protokollet är justerat. Justeringen har tillkännagivits genom anslag på kommunens",
        "anslagstavla.",
        "Organ Kommunstyrelsen",
        "Sammanträdesdatum 2025-09-16",
        "Förvaringsplats för protokollet Kommunstyrelsens kansli",
    ],
    [
        "KS § 110 KS/2025:214",
        "Exploateringsavtal - Björkfors 1:450 och 1:598, Hemavan",
        "Förslag till exploateringsavtal har upprättats mellan Storumans kommun och",
        "Fjällbygg AB. Exploateringen avser fastigheterna Björkfors 1:450 och 1:598.",
        "Exploatören bygger vägar, belysning och vatten och avlopp till området.",
        "Kommunstyrelsens beslut",
        "Kommunstyrelsen godkänner exploateringsavtalet.",
        "KS § 111 KS/2025:188",
        "Taxa för räddningstjänstens tillsyn 2026",
        "Kommunstyrelsens beslut",
        "Kommunstyrelsen föreslår kommunfullmäktige att timtaxan för tillsyn blir 1 150 kronor.",
    ],
    [
        "KS § 112 KS/2024:730",
        "Svar på motion om fritidsgård i Tärnaby",
        "Kommunstyrelsens beslut",
        "Kommunstyrelsen föreslår kommunfullmäktige att motionen anses besvarad.",
    ],
]


def write_storuman(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, lines in enumerate(STORUMAN, 1):
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(50, 800, "STORUMANS KOMMUN")
        pdf.drawString(300, 800, "PROTOKOLL")
        pdf.drawString(480, 800, f"{number} ({len(STORUMAN)})")
        pdf.setFont("Helvetica", 10)
        pdf.drawString(300, 785, "Sammanträdesdatum")
        pdf.drawString(50, 770, "Kommunstyrelsen")
        pdf.drawString(300, 770, "2025-09-16")
        y = 740
        for line in lines:
            pdf.drawString(50, y, line)
            y -= 16
        pdf.drawString(50, 60, "Justerandes sign")
        pdf.drawString(300, 60, "Utdragsbestyrkande")
        pdf.showPage()
    pdf.save()


def write_upplands_bro(path: Path) -> None:
    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header.text = "UPPLANDS-BRO KOMMUN\tTJÄNSTESKRIVELSE\t1 (2)"
    table = document.add_table(rows=2, cols=3)
    for k, label in enumerate(("Datum", "Vår beteckning", "Er beteckning")):
        table.cell(0, k).text = label
    table.cell(1, 0).text = "2025-08-28"
    table.cell(1, 1).text = "SN 25/0098"
    document.add_paragraph("Lena Berglund\nSocialkontoret\nlena.berglund@upplands-bro.se")
    document.add_paragraph("Socialnämnden")
    document.add_heading("Revidering av riktlinjer för ekonomiskt bistånd", level=1)
    document.add_heading("Förslag till beslut", level=2)
    document.add_paragraph(
        "Socialnämnden godkänner delrevidering av riktlinjer för ekonomiskt bistånd."
    )
    document.add_heading("Sammanfattning", level=2)
    last = document.add_paragraph(
        "Ärendet avser handläggningen av ensamkommande ungdomar som fyllt 18 år. De kan söka "
        "försörjningsstöd till dess att studiemedel betalas ut."
    )
    last.add_run().add_break(WD_BREAK.PAGE)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Datum"
    table.cell(0, 1).text = "Vår beteckning"
    table.cell(1, 0).text = "2025-08-28"
    table.cell(1, 1).text = "SN 25/0098"
    document.add_heading("Beslutsunderlag", level=2)
    document.add_paragraph("Tjänsteskrivelse daterad 2025-08-28")
    document.add_heading("Beslut sänds till", level=2)
    document.add_paragraph("Diariet")
    document.save(str(path))


if __name__ == "__main__":
    write_storuman(HERE / "storuman" / "ks_protokoll.pdf")
    write_upplands_bro(HERE / "upplands-bro" / "sn_tjansteskrivelse.docx")
