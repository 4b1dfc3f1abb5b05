"""Sheets every workbook has: overview, agenda, participants, the name key, labels, and one sheet per exercise."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from brobygger.cells import fit_columns, put, sheet_name, table, title
from brobygger.exercises import registry
from brobygger.exercises.sheet import SheetContext
from brobygger.i18n import t
from brobygger.records import ExerciseRecord, MeetingRecord

#: Called with the share done (0..1) and what is being written, for a progress bar.
Progress = Callable[[float, str], None]


def save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def overview(ws: Worksheet, record: MeetingRecord, c: SheetContext) -> None:
    title(ws, 1, record.text(record.title))
    facts = [
        (c("xl.programme"), record.programme),
        (c("xl.meeting"), record.text(record.title)),
        (c("xl.theme"), record.text(record.theme)),
        (c("xl.date"), record.date),
        (c("xl.kit"), record.kit_id),
        (c("xl.status"), t(f"meeting.status.{record.status}", c.ui)),
        (c("xl.started"), record.started_at),
        (c("xl.ended"), record.ended_at),
        (c("xl.notes"), record.notes),
    ]
    withheld = sum(e.withheld for e in record.exercises)
    if withheld:  # the kit keeps decliners' answers out of workbooks: say how many, so the counts add up
        facts.append((c("xl.withheld"), withheld))
    for row, (name, value) in enumerate(facts, start=3):
        put(ws, row, 1, name)
        put(ws, row, 2, value)
    counts = dict.fromkeys(c.buckets, 0)
    for person in record.attendees:
        counts[c.bucket(person["group"])] += 1
    row = len(facts) + 4
    title(ws, row, c("xl.by_group"))
    group_rows = [[c.group(g), n] for g, n in counts.items()] + [[c("xl.total"), len(record.attendees)]]
    row = table(ws, row + 1, 1, [c("xl.group"), c("xl.count")], group_rows, filters=False)
    title(ws, row, c("xl.response_rate"))
    present = max(1, len(record.attendees))
    rate_rows = [
        [
            e.position,
            c.text(e.title),
            t(f"exercise.{e.type}", c.ui),
            len(e.answers) + e.withheld,
            len(record.attendees),
            (len(e.answers) + e.withheld) / present,
        ]
        for e in record.exercises
    ]
    header = [c("xl.no"), c("xl.exercise"), c("xl.type"), c("xl.answered"), c("xl.present"), c("xl.rate")]
    end = table(ws, row + 1, 1, header, rate_rows, filters=False)
    for r in range(row + 2, end - 1):
        ws.cell(row=r, column=6).number_format = "0%"
    fit_columns(ws)
    ws.column_dimensions["B"].width = 60


def agenda(ws: Worksheet, record: MeetingRecord, c: SheetContext) -> None:
    header = [
        c("xl.no"),
        c("xl.item"),
        c("xl.kind"),
        c("xl.planned_minutes"),
        c("xl.extra_minutes"),
        c("xl.planned_start"),
        c("xl.actual_start"),
        c("xl.actual_end"),
        c("xl.actual_minutes"),
        c("xl.overrun"),
    ]
    rows, planned_start = [], record.started_at
    for item in record.agenda:
        actual = None
        if item["started_at"] and item["ended_at"]:
            actual = round((item["ended_at"] - item["started_at"]).total_seconds() / 60, 1)
        rows.append(
            [
                item["position"],
                c.text(item["title"]),
                t(f"kind.{item['kind']}", c.ui),
                item["minutes"],
                item["extra_minutes"],
                planned_start,
                item["started_at"],
                item["ended_at"],
                actual,
                round(actual - item["minutes"], 1) if actual is not None else None,
            ]
        )
        if planned_start is not None:
            planned_start = planned_start + dt.timedelta(minutes=item["minutes"])
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def participants(ws: Worksheet, record: MeetingRecord, c: SheetContext) -> None:
    header = [c("xl.pseudonym"), c("xl.group"), c("xl.organisation"), c("xl.registered"), c("xl.joined")]
    rows = [
        [
            p["pseudonym"],
            c.group(p["group"]),
            p["organisation"] or "",
            c("xl.yes") if p["registered"] else c("xl.no_value"),
            p["joined_at"],
        ]
        for p in record.attendees
    ]
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def key(ws: Worksheet, people: list[dict[str, Any]], c: SheetContext) -> None:
    rows = [[p["pseudonym"], p["name"] or ""] for p in people if p.get("registered") and p.get("name")]
    table(ws, 1, 1, [c("xl.pseudonym"), c("xl.name")], rows)
    fit_columns(ws)


def labels(ws: Worksheet, records: list[MeetingRecord], languages: list[str], c: SheetContext) -> None:
    header = [c("xl.meeting"), c("xl.no"), c("xl.type"), c("xl.id"), c("xl.facet")] + [
        c("xl.label", language=lang) for lang in languages
    ]
    rows = []
    for record in records:
        for exercise in record.exercises:
            for label in registry.get(exercise.type).item_labels(exercise.definition):
                rows.append(
                    [record.template_id, exercise.position, exercise.type, label.item, label.facet]
                    + [label.label.get(lang, "") for lang in languages]
                )
    table(ws, 1, 1, header, rows)
    fit_columns(ws, maximum=70)


def exercise_sheet(wb: Workbook, ex: ExerciseRecord, c: SheetContext, taken: set[str], prefix: str = "") -> None:
    ws = wb.create_sheet(sheet_name(f"{prefix}E{ex.position:02d} {c.text(ex.title)}", taken))
    title(ws, 1, f"{ex.position}. {c.text(ex.title)}: {c.text(ex.definition.prompt)}")
    ws.cell(row=1, column=1).alignment = Alignment(wrap_text=False)  # the title runs across the sheet
    if not ex.answers:
        put(ws, 3, 1, c("xl.no_answers"))
        return
    registry.get(ex.type).sheet(ws, ex, c)
    fit_columns(ws)


def new_workbook() -> tuple[Workbook, set[str]]:
    wb = Workbook()
    wb.remove(wb.active)
    return wb, set()
