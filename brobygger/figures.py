"""Absence figures an organiser uploads (per workplace and month), for data-review meetings.

A CSV or xlsx with a header row and three columns: workplace, month, absence in per cent; and, if
the organiser has them, two more: short-term and long-term absence in per cent, kept apart. Files
with only the three columns read as before. With both parts given, the total may be left empty
(it is then their sum); the parts may never add up to more than the total.
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
    "short_term": {
        "short_term",
        "short-term",
        "short-term (%)",
        "short-term absence (%)",
        "korttidsfravær",
        "korttidsfravær (%)",
        "korttidsfravaer",
        "kort fravær",
        "kort fravær (%)",
        "korttidsfrånvaro",
        "korttidsfrånvaro (%)",
        "korttidsfråvær",
        "korttidsfråvær (%)",
    },
    "long_term": {
        "long_term",
        "long-term",
        "long-term (%)",
        "long-term absence (%)",
        "langtidsfravær",
        "langtidsfravær (%)",
        "langtidsfravaer",
        "langt fravær",
        "langt fravær (%)",
        "långtidsfrånvaro",
        "långtidsfrånvaro (%)",
        "langtidsfråvær",
        "langtidsfråvær (%)",
    },
}
#: How much the parts may exceed the total (rounding in the organiser's own system).
SPLIT_TOLERANCE = 0.1


@dataclass(frozen=True)
class Figure:
    workplace: str
    month: dt.date
    value: float
    short_term: float | None = None
    long_term: float | None = None


def template_csv() -> bytes:
    """An example file organisers fill in (semicolons and decimal commas, as Danish Excel writes them)."""
    rows = [
        "arbejdsplads;måned;fravær (%);korttidsfravær (%);langtidsfravær (%)",
        "Arbejdsplads 1;2021-01;6,2;2,4;3,8",
        "Arbejdsplads 1;2021-02;5,8;2,6;3,2",
        "Arbejdsplads 2;2021-01;7,5;3,1;4,4",
        "Arbejdsplads 2;2021-02;7,1;2,9;4,2",
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
                rows.append(list(values[:5]))  # workplace, month, total, and short- and long-term absence
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
    header = [str(h or "").strip().lower() for h in rows[0][:5]]
    while header and not header[-1]:
        header.pop()
    if len(header) < 3 or any(h not in HEADERS[key] for h, key in zip(header, ("workplace", "month", "value"), strict=False)):
        raise InvalidInput("error.figures_header")
    parts: dict[str, int] = {}
    for column, name in enumerate(header[3:], start=3):
        key = next((k for k in ("short_term", "long_term") if name in HEADERS[k]), None)
        if key is None or key in parts:
            raise InvalidInput("error.figures_header")
        parts[key] = column
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
        split = {key: _optional_value(row, column, number) for key, column in parts.items()}
        short_term, long_term = split.get("short_term"), split.get("long_term")
        if _blank(row[2]) and short_term is not None and long_term is not None:
            value = round(short_term + long_term, 3)
        else:
            value = _value(row[2], number)
        if (short_term or 0) + (long_term or 0) > value + SPLIT_TOLERANCE:
            raise InvalidInput("error.figures_split", row=number)
        figure = Figure(workplace, _month(row[1], number), value, short_term, long_term)
        key = (figure.workplace, figure.month)
        if key in seen:
            raise InvalidInput("error.figures_duplicate", row=number, first=seen[key])
        seen[key] = number
        out.append(figure)
    return out


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _optional_value(row: list[Any], column: int, number: int) -> float | None:
    """A short- or long-term part: empty (or a missing cell) is 'not given'."""
    raw = row[column] if column < len(row) else None
    return None if _blank(raw) else _value(raw, number)
