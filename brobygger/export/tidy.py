"""Tidy data for the follow-up research: long-format CSV and a codebook, in one zip.

One row per person x exercise x item x facet; plain UTF-8 CSV with a header, comma-separated,
ISO 8601 timestamps in UTC, empty cells for missing values: `pandas.read_csv` and R's
`read.csv` read every file without options.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from brobygger.cells import FORMULA_START, clean
from brobygger.exercises import registry
from brobygger.exercises.unit import ExerciseType
from brobygger.records import MeetingRecord

RESPONSE_COLUMNS = [
    ("programme_id", "integer", "Programme id in this installation."),
    ("programme", "text", "Programme name as the organiser wrote it."),
    ("kit", "text", "Kit the programme was created from."),
    ("meeting_id", "integer", "Meeting id in this installation."),
    ("meeting", "text", "Meeting template id from the kit (e.g. dm1, nm1): the same across programmes."),
    ("meeting_kind", "text", "development, network or other."),
    ("meeting_date", "date", "Date of the meeting as the organiser set it (YYYY-MM-DD); may be empty."),
    ("agenda_position", "integer", "Place of the agenda item in the meeting, from 1."),
    ("agenda_item", "text", "Agenda item id from the kit: the same exercise in two meetings has the same id."),
    (
        "exercise_type",
        "text",
        "The exercise's type (placement, matrix, choice, ...): facets.csv says what each type's facets mean.",
    ),
    ("run_id", "integer", "Id of this running of the exercise."),
    ("pseudonym", "text", "The participant's pseudonym (P01, P02 ...), the same in every meeting of the programme."),
    ("group", "text", "advisor, sme or other as the participant said; empty if not given."),
    ("item", "text", "What was answered: a statement, option, region, question or action id (see items.csv)."),
    ("facet", "text", "Which part of the item: a scale id, x/y/region, chosen, rank, rating, answer, what/who/organisation/due."),
    ("value", "number", "The numeric answer (rating, coordinate 0..1, rank, 1 for a chosen option); empty for text."),
    ("value_text", "text", "The text answer or region id; empty for numbers."),
    ("first_answered_at", "datetime", "When the participant first answered this exercise (UTC, ISO 8601)."),
    ("answered_at", "datetime", "When the answer was last changed (UTC, ISO 8601): the answer stored is the last one."),
]
ITEM_COLUMNS = ["meeting", "agenda_position", "agenda_item", "exercise_type", "item", "facet", "scale_min", "scale_max"]


def _csv_text(value: Any) -> Any:
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


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def response_rows(records: list[MeetingRecord]) -> list[list[Any]]:
    rows = []
    for record in records:
        for exercise in record.exercises:
            for answer in exercise.answers:
                for row in registry.get(exercise.type).tidy_rows(exercise.definition, answer.value):
                    rows.append(
                        [
                            record.programme_id,
                            record.programme,
                            record.kit_id,
                            record.id,
                            record.template_id,
                            record.kind,
                            record.date,
                            exercise.position,
                            exercise.item_id,
                            exercise.type,
                            exercise.run_id,
                            answer.pseudonym,
                            answer.group or "",
                            row.item,
                            row.facet,
                            row.number,
                            row.text,
                            answer.created_at,
                            answer.updated_at,
                        ]
                    )
    return rows


def _items(records: list[MeetingRecord], languages: list[str]) -> tuple[list[str], list[list[Any]]]:
    header = ITEM_COLUMNS + [f"{k}_{lang}" for k in ("label", "low", "high", "prompt") for lang in languages]
    rows = []
    for record in records:
        for exercise in record.exercises:
            prompt = exercise.definition.prompt
            for label in registry.get(exercise.type).item_labels(exercise.definition):
                rows.append(
                    [
                        record.template_id,
                        exercise.position,
                        exercise.item_id,
                        exercise.type,
                        label.item,
                        label.facet,
                        label.scale_min,
                        label.scale_max,
                    ]
                    + [label.label.get(lang, "") for lang in languages]
                    + [label.low.get(lang, "") for lang in languages]
                    + [label.high.get(lang, "") for lang in languages]
                    + [prompt.get(lang) if lang in prompt.languages else "" for lang in languages]
                )
    return header, rows


FACET_COLUMNS = ["meeting", "agenda_position", "agenda_item", "exercise_type", "facet", "column", "meaning"]


def facet_rows(records: list[MeetingRecord]) -> list[list[Any]]:
    """What every facet in responses.csv means, per exercise (two scales may share an id but not a range)."""
    return [
        [record.template_id, exercise.position, exercise.item_id, exercise.type, line.facet, line.column, line.meaning]
        for record in records
        for exercise in record.exercises
        for line in registry.get(exercise.type).codebook(exercise.definition)
    ]


def extra_tables(records: list[MeetingRecord]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Each type's extra tidy tables (an assignment's decisions), one file per name, each row tagged with its run."""
    out: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for record in records:
        for exercise in record.exercises:
            unit = registry.get(exercise.type)
            if type(unit).tables is ExerciseType.tables:  # no extra tables: skip the summary
                continue
            for name, rows in unit.tables(exercise.definition, exercise.summary()).items():
                columns = list(rows[0]) if rows else []
                _, body = out.setdefault(name, (["meeting", "agenda_item", "run_id", *columns], []))
                body.extend([record.template_id, exercise.item_id, exercise.run_id, *row.values()] for row in rows)
    return out


README = """Brobygger research data
=======================

responses.csv     one row per participant x exercise x item x facet (long format)
participants.csv  one row per participant: pseudonym, group, organisation, meetings attended
items.csv         every item and facet: its wording in each language, scale ends, the question asked
codebook.csv      every column of responses.csv: its type and meaning
facets.csv        every facet of every exercise: which column it fills and what it means (scale ranges included)
decisions.csv     (with an assignment) one row per item x group: decided (1/0, empty before any
                  decision), mean interest, mean capacity and how many rated the cell

All files are UTF-8 CSV with a header row. Times are UTC (ISO 8601). Missing values are empty.
A text that starts with = + - or @ is written with a leading apostrophe so that no spreadsheet
runs it as a formula. Names are never in these files; participants are known by pseudonym only.

Load in Python:  pandas.read_csv("responses.csv")
Load in R:       read.csv("responses.csv")
"""


def tidy_zip(records: list[MeetingRecord]) -> bytes:
    """The zip for one meeting's record or a whole programme's meetings."""
    language = records[0].language if records else "da"
    languages = sorted(
        {lang for r in records for e in r.exercises for lang in e.definition.prompt.languages}, key=lambda x: (x != language, x)
    )
    people: dict[str, dict[str, Any]] = {}
    for record in records:
        for person in record.attendees:
            entry = people.setdefault(
                person["pseudonym"], {"group": person["group"], "organisation": person["organisation"], "meetings": []}
            )
            entry["meetings"].append(record.template_id)
    item_header, item_rows = _items(records, languages)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        archive.writestr("responses.csv", _csv([c[0] for c in RESPONSE_COLUMNS], response_rows(records)))
        archive.writestr(
            "participants.csv",
            _csv(
                ["pseudonym", "group", "organisation", "meetings"],
                [[p, e["group"] or "", e["organisation"] or "", " ".join(e["meetings"])] for p, e in sorted(people.items())],
            ),
        )
        archive.writestr("items.csv", _csv(item_header, item_rows))
        archive.writestr("codebook.csv", _csv(["variable", "type", "description"], [list(c) for c in RESPONSE_COLUMNS]))
        archive.writestr("facets.csv", _csv(FACET_COLUMNS, facet_rows(records)))
        for name, (header, rows) in extra_tables(records).items():
            archive.writestr(f"{name}.csv", _csv(header, rows))
    return buffer.getvalue()
