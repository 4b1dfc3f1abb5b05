"""Research tables: rows with a declared schema, written as safe CSV and described as a Frictionless data package.

Declaring each column once (name, type, meaning, categories) gives the codebook, the data package's
table schemas and the statistics formats' labels from one place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from brobygger.cells import FORMULA_START, clean

#: Frictionless field types for the types the codebook names.
FRICTIONLESS_TYPES = {"integer": "integer", "number": "number", "text": "string", "date": "date", "datetime": "datetime"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, number, text, date, datetime
    description: str
    categories: tuple[str, ...] = ()  # the values a text column may hold (empty: any)


@dataclass
class Table:
    """One CSV file of the research data: its name (without .csv), a title, its columns and rows."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


def csv_text(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str):
        value = clean(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 CSV with a header row, comma-separated, empty cells for missing values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def table_csv(table: Table) -> bytes:
    return csv_bytes(table.header, table.rows)


def _field(column: Column) -> dict[str, Any]:
    described: dict[str, Any] = {"name": column.name, "type": FRICTIONLESS_TYPES[column.type], "description": column.description}
    if column.type == "datetime":
        described["format"] = "%Y-%m-%dT%H:%M:%S%z"  # what csv_text writes: UTC with its offset
    if column.categories:
        described["constraints"] = {"enum": list(column.categories)}
    return described


def datapackage(name: str, title: str, tables: list[Table]) -> dict[str, Any]:
    """A Frictionless data package descriptor: one tabular resource with a table schema per CSV."""
    return {
        "name": name,
        "title": title,
        "profile": "tabular-data-package",
        "resources": [
            {
                "name": table.name,
                "title": table.title,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [_field(c) for c in table.columns], "missingValues": [""]},
            }
            for table in tables
        ],
    }
