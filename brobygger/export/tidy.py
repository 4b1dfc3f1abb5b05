"""Tidy data for the follow-up research: long-format CSV and a codebook, in one zip.

One row per person x exercise x item x facet; plain UTF-8 CSV with a header, comma-separated,
ISO 8601 timestamps in UTC, empty cells for missing values: `pandas.read_csv` and R's
`read.csv` read every file without options.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from brobygger.exercises import registry
from brobygger.exercises.unit import ExerciseType
from brobygger.export.programme_tables import action_history_table, actions_table, process_entries_table, processes_table
from brobygger.export.tables import Column, Table, datapackage, table_csv
from brobygger.export.wide import wide_table
from brobygger.records import ConsentSummary, MeetingRecord, ProgrammeRecord

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


README = """Brobygger research data
=======================

responses.csv        one row per participant x exercise x item x facet (long format)
participants.csv     one row per participant: pseudonym, group, organisation, meetings attended
items.csv            every item and facet: its wording in each language, scale ends, the question asked
codebook.csv         every column of responses.csv: its type and meaning
facets.csv           every facet of every exercise: which column it fills and what it means (scale ranges included)
wide.csv             one row per participant, one column per meeting x exercise x item x facet
variables.csv        every column of wide.csv: the meeting, exercise, item and facet it holds, and its label
actions.csv          (programme) every action agreed, with its follow-up status and line
action_history.csv   (programme) every follow-up status an action was given: who, when, status, line
processes.csv        (programme) every advisory process with its case card
process_entries.csv  (programme) every log entry, theme and phase as kit ids and as labels
decisions.csv        (with an assignment) one row per item x group: decided (1/0, empty before any
                     decision), mean interest, mean capacity and how many rated the cell
consent_counts.csv   (research data) how many people are in these files and how many were left out, and why
consent_log.csv      (research data) the audit log: every choice about research use, by pseudonym and time
datapackage.json     a Frictionless data package describing every file above (types, meanings, categories)

All files are UTF-8 CSV with a header row. Times are UTC (ISO 8601). Missing values are empty.
A text that starts with = + - or @ is written with a leading apostrophe so that no spreadsheet
runs it as a formula. Names are never in these files; participants are known by pseudonym only.
The same wide file with variable and value labels is offered as SPSS (.sav) and Stata (.dta).

Load in Python:  pandas.read_csv("responses.csv")
Load in R:       read.csv("responses.csv"), or all files with their types:
                 library(frictionless); package <- read_package("datapackage.json")
                 responses <- read_resource(package, "responses")
"""


CONSENT_NOTE = """
Consent
-------
Only people who consented to research use are in these files. Of {total} participants, {consented}
consented and are included; {left_out} are left out: {declined} declined or withdrew, and {not_answered}
did not answer the question. A withdrawal takes effect from the next export: files made before it are
not changed, so delete earlier copies that hold the person (see consent_log.csv for who withdrew when).
"""


def consent_tables(summary: ConsentSummary) -> list[Table]:
    """The counts of who is in and who was left out, and the consent audit log."""
    counts = Table(
        "consent_counts",
        "Who is in the research data",
        [
            Column(
                "status",
                "text",
                "included, declined (said no or withdrew), or not_answered.",
                ("included", "declined", "not_answered"),
            ),
            Column("participants", "integer", "How many people of the programme (or meeting) have this status."),
        ],
        [["included", summary.consented], ["declined", summary.declined], ["not_answered", summary.not_answered]],
    )
    log = Table(
        "consent_log",
        "Every choice about research use",
        [
            Column("pseudonym", "text", "The participant's pseudonym."),
            Column("consent", "integer", "1: consented; 0: declined or withdrew."),
            Column(
                "source", "text", "Where the choice was made: phone (by the participant) or organiser.", ("phone", "organiser")
            ),
            Column("at", "datetime", "When the choice was made (UTC, ISO 8601)."),
        ],
        [[e["pseudonym"], int(e["consent"]), e["source"], e["created_at"]] for e in summary.log],
    )
    return [counts, log]


def _languages(records: list[MeetingRecord]) -> list[str]:
    language = records[0].language if records else "da"
    found = {lang for r in records for e in r.exercises for lang in e.definition.prompt.languages}
    return sorted(found | {language}, key=lambda x: (x != language, x))


def _participants(records: list[MeetingRecord]) -> Table:
    people: dict[str, dict[str, Any]] = {}
    for record in records:
        for person in record.attendees:
            entry = people.setdefault(
                person["pseudonym"], {"group": person["group"], "organisation": person["organisation"], "meetings": []}
            )
            entry["meetings"].append(record.template_id)
    columns = [
        Column("pseudonym", "text", "The participant's pseudonym, the same in every meeting of the programme."),
        Column("group", "text", "The participant's group as they said; empty if not given."),
        Column("organisation", "text", "The organisation they gave; may be empty."),
        Column("meetings", "text", "Meeting template ids they attended, separated by spaces."),
    ]
    rows = [[p, e["group"] or "", e["organisation"] or "", " ".join(e["meetings"])] for p, e in sorted(people.items())]
    return Table("participants", "Participants", columns, rows)


def _wide_tables(records: list[MeetingRecord], language: str) -> list[Table]:
    wide = wide_table(records, language=language)
    columns = [
        Column("pseudonym", "text", "The participant's pseudonym."),
        Column("group", "text", "The participant's group id; empty if not given.", tuple(wide.groups)),
    ]
    columns += [Column(v.name, "number" if v.numeric else "text", v.label) for v in wide.variables]
    variables = Table(
        "variables",
        "The columns of wide.csv",
        [
            Column("variable", "text", "Column name in wide.csv (and in the .sav and .dta files)."),
            Column("meeting", "text", "Meeting template id."),
            Column("agenda_item", "text", "Agenda item id from the kit."),
            Column("item", "text", "Item id (see items.csv)."),
            Column("facet", "text", "Facet (see facets.csv)."),
            Column("numeric", "integer", "1 for a number, 0 for a text."),
            Column("label", "text", "The variable label in the programme's language."),
        ],
        [[v.name, v.meeting, v.agenda_item, v.item, v.facet, int(v.numeric), v.label] for v in wide.variables],
    )
    return [Table("wide", "One row per participant", columns, wide.rows), variables]


def research_tables(records: list[MeetingRecord], programme: ProgrammeRecord | None = None) -> list[Table]:
    """Every table of the research data, each with its schema."""
    languages = _languages(records)
    item_header, item_rows = _items(records, languages)
    tables = [
        Table("responses", "Answers in long format", [Column(*c) for c in RESPONSE_COLUMNS], response_rows(records)),
        _participants(records),
        Table("items", "Items and their wording", [Column(n, _ITEM_TYPES.get(n, "text"), n) for n in item_header], item_rows),
        Table(
            "codebook",
            "The columns of responses.csv",
            [Column("variable", "text", "Column"), Column("type", "text", "Type"), Column("description", "text", "Meaning")],
            [list(c) for c in RESPONSE_COLUMNS],
        ),
        Table(
            "facets",
            "What each facet means",
            [Column(n, _ITEM_TYPES.get(n, "text"), n) for n in FACET_COLUMNS],
            facet_rows(records),
        ),
        *_wide_tables(records, languages[0]),
    ]
    tables += _extra_tables(records)
    if programme is not None:
        tables += [
            actions_table(programme, languages),
            action_history_table(programme, languages),
            processes_table(programme),
            process_entries_table(programme, languages),
        ]
    summary = _consent(records, programme)
    if summary is not None:
        tables += consent_tables(summary)
    return tables


def _consent(records: list[MeetingRecord], programme: ProgrammeRecord | None) -> ConsentSummary | None:
    """The consent summary of a research record (the programme's, else the one meeting's)."""
    if programme is not None:
        return programme.consent
    return records[0].consent if len(records) == 1 else None


def readme(summary: ConsentSummary | None) -> str:
    """README.txt, with who is in the files and who was left out when the record is a research record."""
    if summary is None:
        return README
    return README + CONSENT_NOTE.format(
        total=summary.total,
        consented=summary.consented,
        left_out=summary.left_out,
        declined=summary.declined,
        not_answered=summary.not_answered,
    )


def _kind(values: list[Any]) -> str:
    """A column's codebook type from its values (booleans are 0/1)."""
    present = [v for v in values if v is not None and v != ""]
    if present and all(isinstance(v, (bool, int)) for v in present):
        return "integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "number"
    return "text"


def _extra_tables(records: list[MeetingRecord]) -> list[Table]:
    """Each type's own extra tables (an assignment's decisions), one file per name, each row tagged with its run."""
    collected: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for record in records:
        for exercise in record.exercises:
            unit = registry.get(exercise.type)
            if type(unit).tables is ExerciseType.tables:  # no extra tables: skip the summary
                continue
            for name, rows in unit.tables(exercise.definition, exercise.summary()).items():
                _, body = collected.setdefault(name, (["meeting", "agenda_item", "run_id", *(rows[0] if rows else [])], []))
                body.extend([record.template_id, exercise.item_id, exercise.run_id, *row.values()] for row in rows)
    fixed = {"meeting": "text", "agenda_item": "text", "run_id": "integer"}
    out = []
    for name, (header, rows) in collected.items():
        columns = [Column(h, fixed.get(h) or _kind([r[i] for r in rows]), f"{h} (see README.txt)") for i, h in enumerate(header)]
        out.append(Table(name, name, columns, [[int(v) if isinstance(v, bool) else v for v in row] for row in rows]))
    return out


_ITEM_TYPES = {"agenda_position": "integer", "scale_min": "integer", "scale_max": "integer"}


def tidy_zip(records: list[MeetingRecord], programme: ProgrammeRecord | None = None) -> bytes:
    """The zip for one meeting's record, or a whole programme's (with its actions and processes)."""
    tables = research_tables(records, programme)
    name = f"brobygger-{programme.id}" if programme else f"brobygger-meeting-{records[0].id if records else 0}"
    title = programme.name if programme else (records[0].text(records[0].title) if records else "")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(_consent(records, programme)))
        for table in tables:
            archive.writestr(f"{table.name}.csv", table_csv(table))
        archive.writestr("datapackage.json", json.dumps(datapackage(name, title, tables), ensure_ascii=False, indent=2))
    return buffer.getvalue()
