"""The meeting's Excel workbook for organisers: a pure function of the meeting's record."""

from __future__ import annotations

from brobygger.cells import sheet_name
from brobygger.exercises.sheet import SheetContext
from brobygger.export import sheets
from brobygger.export.sheets import Progress
from brobygger.records import MeetingRecord


def meeting_workbook(
    record: MeetingRecord, *, ui_lang: str = "da", include_names: bool = False, progress: Progress | None = None
) -> bytes:
    """Overview, Agenda, Participants, (Key,) one sheet per exercise, Labels."""
    c = SheetContext(ui_lang, record.language, record.groups)
    wb, taken = sheets.new_workbook()
    sheets.overview(wb.create_sheet(sheet_name(c("xl.overview"), taken)), record, c)
    sheets.agenda(wb.create_sheet(sheet_name(c("xl.agenda"), taken)), record, c)
    sheets.participants(wb.create_sheet(sheet_name(c("xl.participants"), taken)), record, c)
    if include_names:
        sheets.key(wb.create_sheet(sheet_name(c("xl.key"), taken)), record.attendees, c)
    for n, exercise in enumerate(record.exercises, start=1):
        if progress:
            progress(n / (len(record.exercises) + 1), c.text(exercise.title))
        sheets.exercise_sheet(wb, exercise, c, taken)
    languages = sorted(
        {lang for e in record.exercises for lang in e.definition.prompt.languages}, key=lambda x: x != record.language
    )
    sheets.labels(wb.create_sheet(sheet_name(c("xl.labels"), taken)), [record], languages, c)
    if progress:
        progress(1.0, "")
    return sheets.save(wb)
