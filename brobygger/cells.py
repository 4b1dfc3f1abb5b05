"""Writing cells people can trust: user text stays text (never a formula), invisible characters go."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# Characters Excel and LibreOffice read as the start of a formula or a command.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 forbids (openpyxl would refuse the whole file) plus bidi overrides.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B5CAD")
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
LONG_TEXT = 60


def clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def put(ws: Worksheet, row: int, column: int, value: Any, *, wrap: bool = True) -> None:
    """Write one value: numbers as numbers, dates as dates, text always as text (long text wraps)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = clean(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise turn "=..." into a formula
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True  # and Excel would on editing; the quote prefix keeps it text
        if wrap and (len(text) > LONG_TEXT or "\n" in text):
            cell.alignment = WRAP
    elif isinstance(value, dt.datetime):
        cell.value = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    else:
        cell.value = value


def table(
    ws: Worksheet,
    top: int,
    left: int,
    header: list[str],
    rows: list[list[Any]],
    *,
    filters: bool = True,
    nowrap: tuple[int, ...] = (),
) -> int:
    """A header row and its rows; returns the next free row. The first table on a sheet gets frozen panes."""
    for offset, name in enumerate(header):
        put(ws, top, left + offset, name)
        cell = ws.cell(row=top, column=left + offset)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for r, values in enumerate(rows, start=top + 1):
        for offset, value in enumerate(values):
            put(ws, r, left + offset, value, wrap=offset not in nowrap)
    if filters and rows and left == 1:
        ws.auto_filter.ref = f"{get_column_letter(left)}{top}:{get_column_letter(left + len(header) - 1)}{top + len(rows)}"
        if ws.freeze_panes is None:
            ws.freeze_panes = ws.cell(row=top + 1, column=left)
    return top + len(rows) + 2


def title(ws: Worksheet, row: int, text: str) -> None:
    put(ws, row, 1, text)
    ws.cell(row=row, column=1).font = TITLE_FONT


def fit_columns(ws: Worksheet, minimum: int = 8, maximum: int = 60) -> None:
    """Columns as wide as their content, within reason (long text wraps instead)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            length = 19 if isinstance(cell.value, dt.datetime) else len(str(cell.value))
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(minimum, min(maximum, width + 2))
    # Wrapped text gets a row tall enough to show it (neither Excel nor LibreOffice grows rows written by a library).
    heights: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = ws.column_dimensions[get_column_letter(cell.column)].width or 10
                lines = sum(max(1, math.ceil(len(part) / max(1.0, width - 1))) for part in cell.value.split("\n"))
                heights[cell.row] = max(heights.get(cell.row, 1), min(lines, 30))
    for row_number, lines in heights.items():
        if lines > 1:
            ws.row_dimensions[row_number].height = 15 * lines
    # Printed or saved as PDF: landscape, as wide as one page.
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", clean(text)).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name
