"""A report's blocks as a PDF (fpdf2) to send as it is: A4, one readable column, pictures the page's width.

The font is the DejaVu Sans that matplotlib ships, so Danish letters and arrows print on any server
without a system font or a download.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from brobygger.export.report_content import Bullets, Heading, Para, Picture, Report, Table

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
INK, MUTED, RULE, HEAD_FILL = (17, 24, 39), (55, 65, 81), (156, 163, 175), (219, 234, 254)
SIZES = {0: 20, 1: 16, 2: 14, 3: 12, 4: 11}


class _Pdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")


def report_pdf(report: Report) -> bytes:
    """The same blocks as the Word document, laid out on A4 pages with page numbers."""
    pdf = _Pdf(format="A4")
    pdf.footer_text = f"{report.subtitle} · {report.title}"
    pdf.set_title(report.title)
    pdf.set_lang(report.language)
    pdf.set_creator("Brobygger")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    _heading(pdf, report.title, 0)
    _text(pdf, report.subtitle, muted=True)
    for n, block in enumerate(report.blocks):
        if isinstance(block, Heading):
            if (block.level == 1 and pdf.get_y() > 40) or pdf.get_y() + _keep_with(
                pdf, report.blocks[n + 1 :]
            ) > pdf.h - pdf.b_margin:
                pdf.add_page()
            _heading(pdf, block.text, block.level)
        elif isinstance(block, Para):
            _text(pdf, block.text, muted=block.muted)
        elif isinstance(block, Bullets):
            for item in block.items:
                _text(pdf, f"•  {item}", indent=4)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Picture):
            _picture(pdf, block)
    return bytes(pdf.output())


def _keep_with(pdf: FPDF, following: list) -> float:
    """Height a heading needs below it on the same page: its short paragraphs and the picture they introduce."""
    needed = 14.0
    for block in following[:4]:
        if isinstance(block, Para):
            needed += 6 * (1 + len(block.text) // 95)
        elif isinstance(block, Picture):
            with Image.open(io.BytesIO(block.png)) as opened:
                height = pdf.epw * opened.height / opened.width
            return needed + height if height < pdf.h - pdf.t_margin - pdf.b_margin - 40 else needed
        else:
            break
    return needed


def _heading(pdf: FPDF, text: str, level: int) -> None:
    size = SIZES.get(level, 11)
    if pdf.get_y() > pdf.h - 50:  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(3 if level else 0)
    pdf.set_font("DejaVu", "B", size)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _text(pdf: FPDF, text: str, *, muted: bool = False, indent: float = 0) -> None:
    if not text:
        return
    pdf.set_font("DejaVu", "I" if muted else "", 10.5)
    pdf.set_text_color(*(MUTED if muted else INK))
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, 5.4, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.2)


def _table(pdf: FPDF, block: Table) -> None:
    pdf.set_font("DejaVu", "", 9.5)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*RULE)
    total = sum(block.widths)
    widths = tuple(pdf.epw * w / total for w in block.widths)
    heading = FontFace(emphasis="BOLD", fill_color=HEAD_FILL)
    with pdf.table(col_widths=widths, headings_style=heading, line_height=5, padding=1.2, first_row_as_headings=True) as table:
        for values in [block.header, *block.rows]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)


def _picture(pdf: FPDF, block: Picture) -> None:
    image = io.BytesIO(block.png)
    with Image.open(io.BytesIO(block.png)) as opened:
        ratio = opened.height / opened.width
    width = pdf.epw
    height = width * ratio
    room = pdf.h - pdf.b_margin - pdf.get_y()
    if height > room:
        if height > pdf.h - pdf.t_margin - pdf.b_margin - 12:
            height = pdf.h - pdf.t_margin - pdf.b_margin - 12
            width = height / ratio
        pdf.add_page()
    pdf.image(image, x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height, alt_text=block.caption)
    pdf.ln(3)
