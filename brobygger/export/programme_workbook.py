"""The programme's Excel workbook: every meeting, and how things changed between them. A pure function of its record."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from brobygger import analysis
from brobygger.cells import fit_columns, put, sheet_name, table, title
from brobygger.exercises.sheet import SheetContext
from brobygger.export import sheets
from brobygger.export.sheets import Progress
from brobygger.i18n import t
from brobygger.records import ProgrammeRecord


def _meetings(ws: Worksheet, programme: ProgrammeRecord, c: SheetContext) -> None:
    title(ws, 1, programme.name)
    header = [c("xl.meeting"), c("xl.theme"), c("xl.date"), c("xl.status"), c("xl.present"), c("xl.exercise")]
    rows = [
        [r.text(r.title), r.text(r.theme), r.date, t(f"meeting.status.{r.status}", c.ui), len(r.attendees), len(r.exercises)]
        for r in programme.meetings
    ]
    table(ws, 3, 1, header, rows)
    fit_columns(ws)


def _change_placement(ws: Worksheet, programme: ProgrammeRecord, c: SheetContext) -> None:
    region = c("xl.region")
    header = [c("xl.exercise"), c("xl.pseudonym"), c("xl.group"), c("xl.first"), "x1", "y1", f"{region} 1"]
    header += [c("xl.last"), "x2", "y2", f"{region} 2", "dx", "dy", c("xl.movement")]
    rows = []
    for change in analysis.placement_changes(programme.meetings):
        names = {r.id: c.text(r.label) for r in change["regions"]}
        p1, p2 = change["first"], change["last"]
        rows.append(
            [
                change["item"],
                change["pseudonym"],
                c.group(change["group"]),
                change["first_meeting"],
                p1["x"] if p1 else None,
                p1["y"] if p1 else None,
                names.get(change["first_region"], ""),
                change["last_meeting"],
                p2["x"] if p2 else None,
                p2["y"] if p2 else None,
                names.get(change["last_region"], ""),
                change["dx"],
                change["dy"],
                change["distance"],
            ]
        )
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def _change_matrix(ws: Worksheet, programme: ProgrammeRecord, c: SheetContext) -> None:
    header = [c("xl.exercise"), c("xl.no"), c("xl.statement"), c("xl.scale"), c("xl.group")]
    header += [c("xl.first"), c("xl.mean"), c("xl.n"), c("xl.last"), c("xl.mean"), c("xl.n"), c("xl.difference")]
    rows = [
        [
            change["item"],
            change["number"],
            c.text(change["statement"].label),
            c.text(change["scale"].label) or change["scale"].id,
            c("xl.total") if change["group"] == "all" else c.pooled(change["group"]),
            change["first_meeting"],
            change["first"]["mean"],
            change["first"]["n"],
            change["last_meeting"],
            change["last"]["mean"],
            change["last"]["n"],
            change["difference"],
        ]
        for change in analysis.matrix_changes(programme.meetings, c.buckets)
    ]
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def _evaluation_trend(ws: Worksheet, programme: ProgrammeRecord, c: SheetContext) -> None:
    evaluations = analysis.evaluations(programme.meetings)
    if not evaluations:
        put(ws, 1, 1, c("xl.no_answers"))
        return
    first = evaluations[0][1].definition
    header = [c("xl.meeting"), c("xl.date"), c("xl.n")] + [c.text(i.label) for i in first.items]
    rows = []
    for meeting, exercise in evaluations:
        by_id = {row["id"]: row for row in exercise.summary()["items"]}
        rows.append(
            [meeting.label, meeting.date, len(exercise.answers)]
            + [by_id[i.id]["mean"] if i.id in by_id else None for i in first.items]
        )
    table(ws, 1, 1, header, rows)
    fit_columns(ws, maximum=28)
    chart = BarChart()
    chart.type, chart.title, chart.height, chart.width = "col", c("xl.evaluation_trend"), 10, 26
    chart.add_data(
        Reference(ws, min_col=4, max_col=3 + len(first.items), min_row=1, max_row=1 + len(rows)), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + len(rows)))
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = first.scale.min, first.scale.max
    ws.add_chart(chart, ws.cell(row=len(rows) + 4, column=1).coordinate)


def _actions(ws: Worksheet, programme: ProgrammeRecord, c: SheetContext) -> None:
    meeting_of = {r.id: r.label for r in programme.meetings}
    header = [c("xl.meeting"), c("xl.pseudonym"), c("xl.what"), c("xl.who"), c("xl.organisation"), c("xl.due")]
    header += [c("xl.status"), c("xl.follow_up"), c("xl.changed")]
    fields = ("what", "who", "organisation", "due", "status", "follow_up", "updated_at")
    rows = [
        [meeting_of.get(a["meeting_id"], ""), a["pseudonym"] or ""]
        + [c(f"action.{a[f]}") if f == "status" else a[f] for f in fields]  # a label in the sheet's language, not an id
        for a in programme.actions
    ]
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def _processes(ws: Worksheet, programme: ProgrammeRecord, c: SheetContext) -> None:
    """Every log entry of every advisory process, oldest first."""
    header = [c("xl.advisor_unit"), c("xl.company"), c("xl.changed"), c("xl.theme"), c("xl.phase")]
    header += [c("xl.helped"), c("xl.hindered"), c("xl.next_step")]
    themes, phases = programme.catalogue_titles.get("themes", {}), programme.catalogue_titles.get("phases", {})

    def label(titles: dict[str, dict[str, str]], entry_id: str) -> str:
        if entry_id == "other" and entry_id not in titles:
            return c("log.other_theme")
        return c.text(titles[entry_id]) if entry_id in titles else entry_id

    rows = [
        [p["advisor_unit"], p["company"], e["created_at"], label(themes, e["theme"]), label(phases, e["phase"])]
        + [e["helped"], e["hindered"], e["next_step"]]
        for p in programme.processes
        for e in p["entries"]
    ]
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def _cases(ws: Worksheet, programme: ProgrammeRecord, c: SheetContext) -> None:
    """The programme's own case cards, after the kit's example cases."""
    header = [c("xl.source"), c("xl.advisor_unit"), c("xl.company")]
    header += [c("cases.intervention"), c("cases.change_logic"), c("cases.knowledge_tools")]
    rows = [
        [
            c("xl.kit"),
            "",
            c.text(case["title"]),
            c.text(case["text"]),
            c.text(case["change_logic"]),
            c.text(case["knowledge_tools"]),
        ]
        for case in programme.kit_cases
    ]
    for p in programme.processes:
        if p["intervention"] or p["change_logic"] or p["knowledge_tools"]:
            rows.append(
                [c("xl.programme"), p["advisor_unit"], p["company"], p["intervention"], p["change_logic"], p["knowledge_tools"]]
            )
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def programme_workbook(
    programme: ProgrammeRecord, *, ui_lang: str = "da", include_names: bool = False, progress: Progress | None = None
) -> bytes:
    """Every meeting of the programme, and sheets showing change from the first to the last time an exercise was asked."""
    c = SheetContext(ui_lang, programme.language, programme.groups)
    wb, taken = sheets.new_workbook()
    _meetings(wb.create_sheet(sheet_name(c("xl.meetings"), taken)), programme, c)
    _change_placement(wb.create_sheet(sheet_name(c("xl.change_placement"), taken)), programme, c)
    _change_matrix(wb.create_sheet(sheet_name(c("xl.change_matrix"), taken)), programme, c)
    _evaluation_trend(wb.create_sheet(sheet_name(c("xl.evaluation_trend"), taken)), programme, c)
    _actions(wb.create_sheet(sheet_name(c("xl.actions"), taken)), programme, c)
    _processes(wb.create_sheet(sheet_name(c("xl.processes"), taken)), programme, c)
    _cases(wb.create_sheet(sheet_name(c("xl.cases"), taken)), programme, c)
    if include_names:
        people = {p["pseudonym"]: p for r in programme.meetings for p in r.attendees}
        sheets.key(wb.create_sheet(sheet_name(c("xl.key"), taken)), sorted(people.values(), key=lambda p: p["pseudonym"]), c)
    total = sum(len(r.exercises) for r in programme.meetings) or 1
    done = 0
    for record in programme.meetings:
        for exercise in record.exercises:
            done += 1
            if progress:
                progress(done / (total + 1), f"{record.label} {c.text(exercise.title)}")
            if exercise.answers:
                sheets.exercise_sheet(wb, exercise, c, taken, prefix=f"{record.label} ")
    languages = sorted(
        {lang for r in programme.meetings for e in r.exercises for lang in e.definition.prompt.languages},
        key=lambda x: x != programme.language,
    )
    sheets.labels(wb.create_sheet(sheet_name(c("xl.labels"), taken)), programme.meetings, languages, c)
    if progress:
        progress(1.0, "")
    return sheets.save(wb)
