"""A report's blocks as an editable Word document (python-docx): organisers add a line before sending it."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from brobygger.export.report_content import Bullets, Heading, Para, Picture, Report, Table

MUTED = RGBColor(0x37, 0x41, 0x51)
TEXT_WIDTH_CM = 17.0


def report_docx(report: Report) -> bytes:
    """Headings, paragraphs, tables and pictures in Word's own styles, so the document stays easy to edit."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    doc.core_properties.title = report.title
    doc.core_properties.language = report.language
    doc.add_heading(report.title, 0)
    doc.add_paragraph(report.subtitle)
    for block in report.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, min(block.level, 4))
        elif isinstance(block, Para):
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(block.text)
            if block.muted:
                run.font.color.rgb = MUTED
                run.italic = True
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Picture):
            doc.add_picture(io.BytesIO(block.png), width=Cm(TEXT_WIDTH_CM))
            doc.paragraphs[-1].runs[0]._r.xpath("./w:drawing/wp:inline/wp:docPr")[0].set("descr", block.caption)
            if block.caption:
                doc.add_paragraph(block.caption, style="Caption")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc: Document, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in block.widths]
    for cell, text, width in zip(table.rows[0].cells, block.header, widths, strict=True):
        cell.text = text
        cell.width = width
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.text = text
            cell.width = width
    doc.add_paragraph()
