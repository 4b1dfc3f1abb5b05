"""Absence figures an organiser uploads (per workplace and month), for data-review meetings.

A CSV or xlsx with a header row and three columns: workplace, month, absence in per cent.
Danish spreadsheets' habits are understood: semicolons, decimal commas, month as 2021-03 or a date.
A file with any bad row is refused whole, with the row and what is wrong; nothing is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from brobygger.errors import InvalidInput
from brobygger.exercises.base import clean_text

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 16 * 1024 * 1024  # a 5,000-row sheet unpacks to a few MB
HEADERS = {
    "workplace": {"workplace", "arbejdsplads", "arbetsplats", "arbeidsplass"},
    "month": {"month", "måned", "månad", "maaned"},
    "value": {
        "absence_percent",
        "absence",
        "fravær",
        "fravaer",
        "frånvaro",
        "fråvær",
        "sygefravær",
        "fravær_procent",
        "fravær (%)",
        "absence (%)",
    },
}


@dataclass(frozen=True)
class Figure:
    workplace: str
    month: dt.date
    value: float


def template_csv() -> bytes:
    """An example file organisers fill in (semicolons and decimal commas, as Danish Excel writes them)."""
    rows = [
        "arbejdsplads;måned;fravær (%)",
        "Skole 1;2021-01;6,2",
        "Skole 1;2021-02;5,8",
        "Dagtilbud 1;2021-01;7,5",
        "Dagtilbud 1;2021-02;7,1",
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def _month(raw: Any, row: int) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date().replace(day=1)
    if isinstance(raw, dt.date):
        return raw.replace(day=1)
    text = str(raw or "").strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text) or re.fullmatch(r"(\d{1,2})[-/.](\d{4})", text)
    if match:
        year, month = (int(match[1]), int(match[2])) if len(match[1]) == 4 else (int(match[2]), int(match[1]))
        if 1 <= month <= 12 and 1990 <= year <= 2100:
            return dt.date(year, month, 1)
    raise InvalidInput("error.figures_month", row=row, value=text[:20])


def _value(raw: Any, row: int) -> float:
    if isinstance(raw, bool):
        raise InvalidInput("error.figures_value", row=row, value=str(raw))
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = str(raw or "").strip().replace("%", "").replace(" ", "")
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise InvalidInput("error.figures_value", row=row, value=text[:20]) from None
    if not 0 <= number <= 100 or number != number:
        raise InvalidInput("error.figures_value", row=row, value=str(raw)[:20])
    return round(number, 3)


def _rows_from_csv(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict") if data else ""
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ("\t" if "\t" in first else ",")
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(cell.strip() for cell in row)]
    except csv.Error:  # e.g. a field longer than the csv module's limit (131,072 characters)
        raise InvalidInput("error.figures_file") from None


def _rows_from_xlsx(data: bytes) -> list[list[Any]]:
    import openpyxl

    _check_xlsx_size(data)
    try:  # a truncated or otherwise broken file fails anywhere in openpyxl, with any kind of error
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            if any(v not in (None, "") for v in values):
                rows.append(list(values[:3]))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception:
        raise InvalidInput("error.figures_file") from None


def _check_xlsx_size(data: bytes) -> None:
    """Refuse an xlsx that unpacks to more than MAX_UNPACKED_BYTES before openpyxl reads it: a few hundred KB
    of repeated shared strings would otherwise take hundreds of MB of memory. Reading an entry never goes past
    its declared size, so the sizes in the zip's directory bound what is read."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InvalidInput("error.figures_file") from None
    if len(entries) > 200 or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise InvalidInput("error.figures_too_large")


def parse_figures(data: bytes, filename: str) -> list[Figure]:
    """The figures in an uploaded file, or InvalidInput naming the first bad row."""
    if not data:
        raise InvalidInput("error.figures_empty")
    if len(data) > MAX_BYTES:
        raise InvalidInput("error.figures_too_large")
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        rows = _rows_from_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        try:
            rows = _rows_from_csv(data)
        except UnicodeDecodeError:
            raise InvalidInput("error.figures_file") from None
    else:
        raise InvalidInput("error.figures_file")
    if len(rows) < 2:
        raise InvalidInput("error.figures_empty")
    header = [str(h or "").strip().lower() for h in rows[0][:3]]
    if len(header) < 3 or any(h not in HEADERS[key] for h, key in zip(header, ("workplace", "month", "value"), strict=False)):
        raise InvalidInput("error.figures_header")
    if len(rows) - 1 > MAX_ROWS:
        raise InvalidInput("error.figures_too_large")
    seen: dict[tuple[str, dt.date], int] = {}
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 3:
            raise InvalidInput("error.figures_columns", row=number)
        try:
            workplace = clean_text(str(row[0] or ""), 120, field="workplace")
        except Exception:
            raise InvalidInput("error.figures_workplace", row=number) from None
        figure = Figure(workplace, _month(row[1], number), _value(row[2], number))
        key = (figure.workplace, figure.month)
        if key in seen:
            raise InvalidInput("error.figures_duplicate", row=number, first=seen[key])
        seen[key] = number
        out.append(figure)
    return out
