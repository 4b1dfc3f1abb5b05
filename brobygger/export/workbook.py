"""Excel workbooks for organisers: a meeting's, and a programme's with how things changed between meetings."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.marker import Marker
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.engine import Engine

from brobygger import meetings as services
from brobygger.exercises.base import NO_GROUP
from brobygger.export.cells import fit_columns, put, sheet_name, table, title
from brobygger.export.labels import item_labels
from brobygger.export.records import ExerciseRecord, MeetingRecord, meeting_record, programme_records
from brobygger.groups import Groups, default_groups, group_ids, group_label
from brobygger.i18n import t

Progress = Callable[[float, str], None]
PALETTE = [
    "0B5CAD",
    "C2410C",
    "15803D",
    "7C3AED",
    "B45309",
    "0E7490",
    "BE123C",
    "4D7C0F",
    "9333EA",
    "0369A1",
    "A16207",
    "374151",
    "9CA3AF",
]


class Context:
    """One export's choices: `ui` language for headers, `kit` language for the kit's text, the programme's groups."""

    def __init__(self, ui: str, kit: str, groups: Groups | None = None) -> None:
        self.ui, self.kit = ui, kit
        self.groups = groups or default_groups()
        self.ids = group_ids(self.groups)
        self.buckets = (*self.ids, NO_GROUP)

    def __call__(self, key: str, **params: Any) -> str:
        return t(key, self.ui, **params)

    def group(self, group: str | None) -> str:
        return group_label(self.groups, group, self.ui, self.kit)

    def pooled(self, group: str | None) -> str:
        """A group's name over results, where small groups are pooled with 'not given'."""
        return group_label(self.groups, group, self.ui, self.kit, pooled=True)

    def bucket(self, group: str | None) -> str:
        return group if group in self.ids else NO_GROUP


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if hasattr(value, "get") and hasattr(value, "root"):
        return value.get(lang)
    if isinstance(value, dict):
        return value.get(lang) or next(iter(value.values()), "")
    return str(value)


# ---------------------------------------------------------------- meeting sheets


def _overview(ws: Worksheet, record: MeetingRecord, c: Context) -> None:
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
            _text(e.title, c.kit),
            t(f"exercise.{e.type}", c.ui),
            len(e.answers),
            len(record.attendees),
            len(e.answers) / present,
        ]
        for e in record.exercises
    ]
    header = [c("xl.no"), c("xl.exercise"), c("xl.type"), c("xl.answered"), c("xl.present"), c("xl.rate")]
    end = table(ws, row + 1, 1, header, rate_rows, filters=False)
    for r in range(row + 2, end - 1):
        ws.cell(row=r, column=6).number_format = "0%"
    fit_columns(ws)
    ws.column_dimensions["B"].width = 60


def _agenda(ws: Worksheet, record: MeetingRecord, c: Context) -> None:
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
                _text(item["title"], c.kit),
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


def _participants(ws: Worksheet, record: MeetingRecord, c: Context) -> None:
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


def _key(ws: Worksheet, people: list[dict[str, Any]], c: Context) -> None:
    rows = [[p["pseudonym"], p["name"] or ""] for p in people if p.get("registered") and p.get("name")]
    table(ws, 1, 1, [c("xl.pseudonym"), c("xl.name")], rows)
    fit_columns(ws)


def _labels(ws: Worksheet, records: list[MeetingRecord], languages: list[str], c: Context) -> None:
    header = [c("xl.meeting"), c("xl.no"), c("xl.type"), c("xl.id"), c("xl.facet")] + [
        c("xl.label", language=lang) for lang in languages
    ]
    rows = []
    for record in records:
        for exercise in record.exercises:
            for label in item_labels(exercise.definition):
                rows.append(
                    [record.template_id, exercise.position, exercise.type, label.item, label.facet]
                    + [label.label.get(lang, "") for lang in languages]
                )
    table(ws, 1, 1, header, rows)
    fit_columns(ws, maximum=70)


# ---------------------------------------------------------------- exercise sheets


def _bar_chart(
    ws: Worksheet,
    title_text: str,
    data_top: int,
    data_left: int,
    n_rows: int,
    n_series: int,
    anchor: str,
    *,
    stacked: bool = False,
    horizontal: bool = True,
    first_series: int | None = None,
) -> None:
    """Bars of `n_series` columns from `first_series` (default: right of the category column), one bar per row."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title_text[:120]
    chart.height, chart.width = max(7.5, 1.1 * n_rows + 3), 18
    if stacked:
        chart.grouping, chart.overlap = "stacked", 100
    start = first_series or data_left + 1
    data = Reference(ws, min_col=start, max_col=start + n_series - 1, min_row=data_top, max_row=data_top + n_rows)
    categories = Reference(ws, min_col=data_left, min_row=data_top + 1, max_row=data_top + n_rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    if horizontal:
        chart.y_axis.scaling.orientation = "minMax"
        chart.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the kit
    ws.add_chart(chart, anchor)


def _placement_sheet(ws: Worksheet, ex: ExerciseRecord, c: Context) -> None:
    d = ex.definition
    region = {r.id: _text(r.label, c.kit) for r in d.regions}
    header = [c("xl.pseudonym"), c("xl.group"), f"x ({c('xl.now')})", f"y ({c('xl.now')})", f"{c('xl.region')} ({c('xl.now')})"]
    if d.ask_wanted:
        header += [f"x ({c('xl.wanted')})", f"y ({c('xl.wanted')})", f"{c('xl.region')} ({c('xl.wanted')})"]
    header.append(c("xl.changed"))
    rows = []
    for a in ex.answers:
        now, wanted = a.value["now"], a.value.get("wanted")
        row = [a.pseudonym, c.group(a.group), now["x"], now["y"], region.get(d.region_at(now["x"], now["y"]), "")]
        if d.ask_wanted:
            row += (
                [wanted["x"], wanted["y"], region.get(d.region_at(wanted["x"], wanted["y"]), "")] if wanted else [None, None, ""]
            )
        rows.append(row + [a.updated_at])
    table(ws, 3, 1, header, rows)
    left = len(header) + 2
    summary = ex.summary()["region_counts"]
    top = 3
    put(ws, top - 1, left, c("xl.summary"))
    count_rows = [[region[r.id]] + [summary[r.id][g] for g in c.buckets] + [summary[r.id]["total"]] for r in d.regions]
    next_row = table(
        ws, top, left, [c("xl.region")] + [c.pooled(g) for g in c.buckets] + [c("xl.total")], count_rows, filters=False
    )
    # Chart data: each region's outline, then each group's points, side by side.
    chart = ScatterChart()
    chart.title = _text(ex.title, c.kit)[:120]
    chart.scatterStyle = "lineMarker"
    chart.style, chart.height, chart.width = 13, 15, 17
    chart.x_axis.title, chart.y_axis.title = _text(d.axes.x.label, c.kit), _text(d.axes.y.label, c.kit)
    for axis in (chart.x_axis, chart.y_axis):
        axis.scaling.min, axis.scaling.max = 0, 1
        axis.delete = False
    column = left
    outline_top = next_row + 1
    for r in d.regions:
        put(ws, outline_top, column, region[r.id])
        corners = [(r.x[0], r.y[0]), (r.x[1], r.y[0]), (r.x[1], r.y[1]), (r.x[0], r.y[1]), (r.x[0], r.y[0])]
        for i, (x, y) in enumerate(corners, start=1):
            put(ws, outline_top + i, column, x)
            put(ws, outline_top + i, column + 1, y)
        series = Series(
            Reference(ws, min_col=column + 1, min_row=outline_top + 1, max_row=outline_top + 5),
            Reference(ws, min_col=column, min_row=outline_top + 1, max_row=outline_top + 5),
            title=region[r.id],
        )
        series.marker = Marker(symbol="none")
        series.smooth = False
        series.graphicalProperties.line.solidFill = "9CA3AF"
        chart.series.append(series)
        column += 2
    for group in c.buckets:
        points = [a.value["now"] for a in ex.answers if c.bucket(a.group) == group]
        if not points:
            continue
        put(ws, outline_top, column, c.group(group))
        for i, p in enumerate(points, start=1):
            put(ws, outline_top + i, column, p["x"])
            put(ws, outline_top + i, column + 1, p["y"])
        series = Series(
            Reference(ws, min_col=column + 1, min_row=outline_top + 1, max_row=outline_top + len(points)),
            Reference(ws, min_col=column, min_row=outline_top + 1, max_row=outline_top + len(points)),
            title=c.group(group),
        )
        series.marker = Marker(symbol="circle", size=8)
        series.marker.graphicalProperties.solidFill = PALETTE[c.buckets.index(group) % len(PALETTE)]
        series.graphicalProperties.line.noFill = True
        series.smooth = False
        chart.series.append(series)
        column += 2
    ws.add_chart(chart, ws.cell(row=3, column=left + 6).coordinate)


def _matrix_sheet(ws: Worksheet, ex: ExerciseRecord, c: Context) -> None:
    d = ex.definition
    scales = d.scales
    labels = {s.id: (n, _text(s.label, c.kit)) for n, s in enumerate(d.statements, start=1)}
    header = [c("xl.pseudonym"), c("xl.group"), c("xl.no"), c("xl.statement")] + [_text(s.label, c.kit) or s.id for s in scales]
    header.append(c("xl.changed"))
    rows = []
    for a in ex.answers:
        for statement in d.statements:
            ratings = a.value["ratings"].get(statement.id)
            if ratings:
                n, label = labels[statement.id]
                rows.append([a.pseudonym, c.group(a.group), n, label] + [ratings.get(s.id) for s in scales] + [a.updated_at])
    table(ws, 3, 1, header, rows, nowrap=(3,))
    left = len(header) + 2
    summary = ex.summary()["statements"]
    put(ws, 2, left, c("xl.summary"))
    head = [c("xl.no"), c("xl.statement")]
    for s in scales:
        name = _text(s.label, c.kit) or s.id
        head += [f"{c('xl.mean')}: {name}"]
    head += [f"{c('xl.n')}"] + ([c("xl.gap")] if len(scales) == 2 else [])
    for s in scales:
        head += [f"{c('xl.mean')} {c.pooled(g)}: {_text(s.label, c.kit) or s.id}" for g in c.buckets]
    body = []
    for n, row in enumerate(summary, start=1):
        values = [n, labels[row["id"]][1]] + [row["scales"][s.id]["mean"] for s in scales]
        values += [row["scales"][scales[0].id]["n"]] + ([row["gap"]] if len(scales) == 2 else [])
        for s in scales:
            values += [row["scales"][s.id]["by_group"][g]["mean"] for g in c.buckets]
        body.append(values)
    table(ws, 3, left, head, body, filters=False, nowrap=(1,))
    _bar_chart(
        ws,
        _text(ex.title, c.kit),
        3,
        left,
        len(body),
        len(scales),
        ws.cell(row=len(body) + 6, column=left).coordinate,
        first_series=left + 2,
    )


def _counts_sheet(ws: Worksheet, ex: ExerciseRecord, c: Context) -> None:
    """Choice and scale: one row per person, and counts by group with a stacked bar chart."""
    d = ex.definition
    summary = ex.summary()
    if d.type == "choice":
        options = [(o.id, _text(o.label, c.kit)) for o in d.options]
        header = [c("xl.pseudonym"), c("xl.group")] + [label for _, label in options] + [c("xl.changed")]
        rows = [
            [a.pseudonym, c.group(a.group)] + [1 if o in a.value["choices"] else 0 for o, _ in options] + [a.updated_at]
            for a in ex.answers
        ]
        counts = [[label] + [summary["counts"][o][g] for g in c.buckets] for o, label in options]
        first = c("xl.option")
    else:
        header = [c("xl.pseudonym"), c("xl.group"), c("xl.value"), c("xl.changed")]
        rows = [[a.pseudonym, c.group(a.group), a.value["value"], a.updated_at] for a in ex.answers]
        values = range(d.scale.min, d.scale.max + 1)
        counts = [[str(v)] + [summary["by_group"][g]["distribution"].get(v, 0) for g in c.buckets] for v in values]
        first = c("xl.value")
    table(ws, 3, 1, header, rows)
    left = len(header) + 2
    put(ws, 2, left, c("xl.summary"))
    table(ws, 3, left, [first] + [c.pooled(g) for g in c.buckets], counts, filters=False)
    _bar_chart(
        ws,
        _text(ex.title, c.kit),
        3,
        left,
        len(counts),
        len(c.buckets),
        ws.cell(row=len(counts) + 6, column=left).coordinate,
        stacked=True,
        horizontal=d.type == "choice",
    )


def _ranking_sheet(ws: Worksheet, ex: ExerciseRecord, c: Context) -> None:
    d = ex.definition
    names = {i.id: _text(i.label, c.kit) for i in d.items}
    header = [c("xl.pseudonym"), c("xl.group")] + [f"{c('xl.rank')}: {names[i.id]}" for i in d.items] + [c("xl.changed")]
    rows = [
        [a.pseudonym, c.group(a.group)] + [a.value["order"].index(i.id) + 1 for i in d.items] + [a.updated_at] for a in ex.answers
    ]
    table(ws, 3, 1, header, rows)
    left = len(header) + 2
    body = [[names[i["id"]], i["mean_rank"]] for i in ex.summary()["items"]]
    put(ws, 2, left, c("xl.summary"))
    table(ws, 3, left, [c("xl.item"), c("xl.mean_rank")], body, filters=False)
    _bar_chart(ws, _text(ex.title, c.kit), 3, left, len(body), 1, ws.cell(row=len(body) + 6, column=left).coordinate)


def _evaluation_sheet(ws: Worksheet, ex: ExerciseRecord, c: Context) -> None:
    d = ex.definition
    header = (
        [c("xl.pseudonym"), c("xl.group")]
        + [_text(i.label, c.kit) for i in d.items]
        + [_text(q.label, c.kit) for q in d.questions]
    )
    header.append(c("xl.changed"))
    rows = [
        [a.pseudonym, c.group(a.group)]
        + [a.value["ratings"].get(i.id) for i in d.items]
        + [a.value["answers"].get(q.id, "") for q in d.questions]
        + [a.updated_at]
        for a in ex.answers
    ]
    table(ws, 3, 1, header, rows)
    left = len(header) + 2
    body = [
        [_text(i.label, c.kit), row["mean"], row["median"], row["n"]]
        for i, row in zip(d.items, ex.summary()["items"], strict=True)
    ]
    put(ws, 2, left, c("xl.summary"))
    table(ws, 3, left, [c("xl.item"), c("xl.mean"), c("xl.median"), c("xl.n")], body, filters=False)
    _bar_chart(ws, _text(ex.title, c.kit), 3, left, len(body), 1, ws.cell(row=len(body) + 6, column=left).coordinate)


def _text_sheet(ws: Worksheet, ex: ExerciseRecord, c: Context) -> None:
    if ex.type == "text":
        rows = [[a.pseudonym, c.group(a.group), a.value["text"], a.updated_at] for a in ex.answers]
        table(ws, 3, 1, [c("xl.pseudonym"), c("xl.group"), c("xl.text"), c("xl.changed")], rows)
    else:
        rows = [
            [
                a.pseudonym,
                c.group(a.group),
                action["what"],
                action["who"],
                action["organisation"],
                dt.date.fromisoformat(action["due"]) if action["due"] else None,
                a.updated_at,
            ]
            for a in ex.answers
            for action in a.value["actions"]
        ]
        header = [c("xl.pseudonym"), c("xl.group"), c("xl.what"), c("xl.who"), c("xl.organisation"), c("xl.due"), c("xl.changed")]
        table(ws, 3, 1, header, rows)


SHEETS = {
    "placement": _placement_sheet,
    "matrix": _matrix_sheet,
    "choice": _counts_sheet,
    "scale": _counts_sheet,
    "ranking": _ranking_sheet,
    "evaluation": _evaluation_sheet,
    "text": _text_sheet,
    "actions": _text_sheet,
}


def _exercise_sheet(wb: Workbook, ex: ExerciseRecord, c: Context, taken: set[str], prefix: str = "") -> None:
    ws = wb.create_sheet(sheet_name(f"{prefix}E{ex.position:02d} {_text(ex.title, c.kit)}", taken))
    title(ws, 1, f"{ex.position}. {_text(ex.title, c.kit)}: {_text(ex.definition.prompt, c.kit)}")
    ws.cell(row=1, column=1).alignment = Alignment(wrap_text=False)  # the title runs across the sheet
    if not ex.answers:
        put(ws, 3, 1, c("xl.no_answers"))
        return
    SHEETS[ex.type](ws, ex, c)
    fit_columns(ws)


def _new_workbook() -> tuple[Workbook, set[str]]:
    wb = Workbook()
    wb.remove(wb.active)
    return wb, set()


def meeting_workbook(
    engine: Engine, meeting_id: int, *, ui_lang: str = "da", include_names: bool = False, progress: Progress | None = None
) -> bytes:
    """The meeting's workbook: Overview, Agenda, Participants, (Key,) one sheet per exercise, Labels."""
    record = meeting_record(engine, meeting_id)
    c = Context(ui_lang, record.language, record.groups)
    wb, taken = _new_workbook()
    _overview(wb.create_sheet(sheet_name(c("xl.overview"), taken)), record, c)
    _agenda(wb.create_sheet(sheet_name(c("xl.agenda"), taken)), record, c)
    _participants(wb.create_sheet(sheet_name(c("xl.participants"), taken)), record, c)
    if include_names:
        _key(wb.create_sheet(sheet_name(c("xl.key"), taken)), record.attendees, c)
    for n, exercise in enumerate(record.exercises, start=1):
        if progress:
            progress(n / (len(record.exercises) + 1), _text(exercise.title, c.kit))
        _exercise_sheet(wb, exercise, c, taken)
    languages = sorted(
        {lang for e in record.exercises for lang in e.definition.prompt.languages}, key=lambda x: x != record.language
    )
    _labels(wb.create_sheet(sheet_name(c("xl.labels"), taken)), [record], languages, c)
    if progress:
        progress(1.0, "")
    return _save(wb)


# ---------------------------------------------------------------- programme


def _distance(a: dict[str, float], b: dict[str, float]) -> float:
    return round(math.hypot(b["x"] - a["x"], b["y"] - a["y"]), 3)


def _repeated(
    records: list[MeetingRecord], kind: str
) -> list[tuple[str, ExerciseRecord, MeetingRecord, ExerciseRecord, MeetingRecord]]:
    """Exercises of `kind` asked in several meetings (same agenda item id): their first and last run."""
    seen: dict[str, list[tuple[ExerciseRecord, MeetingRecord]]] = {}
    for record in records:
        for exercise in record.exercises:
            if exercise.type == kind and exercise.answers:
                seen.setdefault(exercise.item_id, []).append((exercise, record))
    return [(item, runs[0][0], runs[0][1], runs[-1][0], runs[-1][1]) for item, runs in seen.items() if len(runs) >= 2]


def _change_placement(ws: Worksheet, records: list[MeetingRecord], c: Context) -> None:
    header = [
        c("xl.exercise"),
        c("xl.pseudonym"),
        c("xl.group"),
        f"{c('xl.first')}",
        "x1",
        "y1",
        f"{c('xl.region')} 1",
        f"{c('xl.last')}",
        "x2",
        "y2",
        f"{c('xl.region')} 2",
        "dx",
        "dy",
        c("xl.movement"),
    ]
    rows = []
    for item, first, m1, last, m2 in _repeated(records, "placement"):
        regions = {r.id: _text(r.label, c.kit) for r in first.definition.regions}
        before = {a.pseudonym: a for a in first.answers}
        after = {a.pseudonym: a for a in last.answers}
        for pseudonym in sorted(set(before) | set(after)):
            a, b = before.get(pseudonym), after.get(pseudonym)
            p1, p2 = (a.value["now"] if a else None), (b.value["now"] if b else None)
            group = (b or a).group
            rows.append(
                [
                    item,
                    pseudonym,
                    c.group(group),
                    m1.template_id.upper(),
                    p1["x"] if p1 else None,
                    p1["y"] if p1 else None,
                    regions.get(first.definition.region_at(**p1), "") if p1 else "",
                    m2.template_id.upper(),
                    p2["x"] if p2 else None,
                    p2["y"] if p2 else None,
                    regions.get(last.definition.region_at(**p2), "") if p2 else "",
                    round(p2["x"] - p1["x"], 3) if p1 and p2 else None,
                    round(p2["y"] - p1["y"], 3) if p1 and p2 else None,
                    _distance(p1, p2) if p1 and p2 else None,
                ]
            )
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def _change_matrix(ws: Worksheet, records: list[MeetingRecord], c: Context) -> None:
    header = [
        c("xl.exercise"),
        c("xl.no"),
        c("xl.statement"),
        c("xl.scale"),
        c("xl.group"),
        c("xl.first"),
        c("xl.mean"),
        c("xl.n"),
        c("xl.last"),
        c("xl.mean"),
        c("xl.n"),
        c("xl.difference"),
    ]
    rows = []
    for item, first, m1, last, m2 in _repeated(records, "matrix"):
        s1, s2 = first.summary()["statements"], last.summary()["statements"]
        later = {row["id"]: row for row in s2}
        for n, (statement, row1) in enumerate(zip(first.definition.statements, s1, strict=True), start=1):
            row2 = later.get(statement.id)
            if row2 is None:
                continue
            for scale in first.definition.scales:
                for group in (*c.buckets, "all"):
                    a = row1["scales"][scale.id] if group == "all" else row1["scales"][scale.id]["by_group"][group]
                    b = row2["scales"].get(scale.id)
                    if b is None:
                        continue
                    b = b if group == "all" else b["by_group"][group]
                    diff = round(b["mean"] - a["mean"], 3) if a["mean"] is not None and b["mean"] is not None else None
                    rows.append(
                        [
                            item,
                            n,
                            _text(statement.label, c.kit),
                            _text(scale.label, c.kit) or scale.id,
                            c("xl.total") if group == "all" else c.pooled(group),
                            m1.template_id.upper(),
                            a["mean"],
                            a["n"],
                            m2.template_id.upper(),
                            b["mean"],
                            b["n"],
                            diff,
                        ]
                    )
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def _evaluation_trend(ws: Worksheet, records: list[MeetingRecord], c: Context) -> None:
    evaluations = [(r, e) for r in records for e in r.exercises if e.type == "evaluation" and e.answers]
    if not evaluations:
        put(ws, 1, 1, c("xl.no_answers"))
        return
    items = evaluations[0][1].definition.items
    header = [c("xl.meeting"), c("xl.date"), c("xl.n")] + [_text(i.label, c.kit) for i in items]
    rows = []
    for record, exercise in evaluations:
        by_id = {row["id"]: row for row in exercise.summary()["items"]}
        rows.append(
            [record.template_id.upper(), record.date, len(exercise.answers)]
            + [by_id[i.id]["mean"] if i.id in by_id else None for i in items]
        )
    table(ws, 1, 1, header, rows)
    fit_columns(ws, maximum=28)
    chart = BarChart()
    chart.type, chart.title, chart.height, chart.width = "col", c("xl.evaluation_trend"), 10, 26
    chart.add_data(Reference(ws, min_col=4, max_col=3 + len(items), min_row=1, max_row=1 + len(rows)), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + len(rows)))
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = (
        evaluations[0][1].definition.scale.min,
        evaluations[0][1].definition.scale.max,
    )
    ws.add_chart(chart, ws.cell(row=len(rows) + 4, column=1).coordinate)


def _actions(ws: Worksheet, engine: Engine, programme_id: int, records: list[MeetingRecord], c: Context) -> None:
    meeting_of = {r.id: r.template_id.upper() for r in records}
    header = [
        c("xl.meeting"),
        c("xl.pseudonym"),
        c("xl.what"),
        c("xl.who"),
        c("xl.organisation"),
        c("xl.due"),
        c("xl.status"),
        c("xl.follow_up"),
        c("xl.changed"),
    ]
    rows = [
        [
            meeting_of.get(a["meeting_id"], ""),
            a["pseudonym"] or "",
            a["what"],
            a["who"],
            a["organisation"],
            a["due"],
            a["status"],
            a["follow_up"],
            a["updated_at"],
        ]
        for a in services.list_actions(engine, programme_id)
    ]
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def _processes(ws: Worksheet, engine: Engine, programme_id: int, c: Context) -> None:
    """Every log entry of every advisory process, oldest first."""
    from brobygger import processes

    header = [
        c("xl.advisor_unit"),
        c("xl.company"),
        c("xl.changed"),
        c("xl.theme"),
        c("xl.phase"),
        c("xl.helped"),
        c("xl.hindered"),
        c("xl.next_step"),
    ]
    rows = []
    for process in processes.board(engine, programme_id):
        for entry in processes.entries(engine, process["id"]):
            rows.append(
                [
                    process["advisor_unit"],
                    process["company"],
                    entry["created_at"],
                    entry["theme"],
                    entry["phase"],
                    entry["helped"],
                    entry["hindered"],
                    entry["next_step"],
                ]
            )
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def _cases(ws: Worksheet, engine: Engine, programme: dict[str, Any], c: Context) -> None:
    """The programme's own case cards, after the kit's example cases."""
    from brobygger import processes
    from brobygger.kit_library import kit_by_id

    kit = kit_by_id(engine, programme["kit_id"])
    header = [
        c("xl.source"),
        c("xl.advisor_unit"),
        c("xl.company"),
        c("cases.intervention"),
        c("cases.change_logic"),
        c("cases.knowledge_tools"),
    ]
    rows = []
    if kit and "cases" in kit.catalogues:
        for entry in kit.catalogues["cases"].entries:
            attributes = {k: _text(v, c.kit) for k, v in entry.attributes.items()}
            rows.append(
                [
                    c("xl.kit"),
                    "",
                    _text(entry.title, c.kit),
                    _text(entry.text, c.kit),
                    attributes.get("change_logic", ""),
                    attributes.get("knowledge_tools", ""),
                ]
            )
    for process in processes.board(engine, programme["id"]):
        if process["intervention"] or process["change_logic"] or process["knowledge_tools"]:
            rows.append(
                [
                    c("xl.programme"),
                    process["advisor_unit"],
                    process["company"],
                    process["intervention"],
                    process["change_logic"],
                    process["knowledge_tools"],
                ]
            )
    table(ws, 1, 1, header, rows)
    fit_columns(ws)


def programme_workbook(
    engine: Engine, programme_id: int, *, ui_lang: str = "da", include_names: bool = False, progress: Progress | None = None
) -> bytes:
    """Every meeting of the programme, and sheets showing change from the first to the last time an exercise was asked."""
    records = programme_records(engine, programme_id)
    programme = services.get_programme(engine, programme_id)
    c = Context(ui_lang, programme["language"], records[0].groups if records else None)
    wb, taken = _new_workbook()
    ws = wb.create_sheet(sheet_name(c("xl.meetings"), taken))
    title(ws, 1, programme["name"])
    header = [c("xl.meeting"), c("xl.theme"), c("xl.date"), c("xl.status"), c("xl.present")] + [c("xl.exercise")]
    rows = [
        [r.text(r.title), r.text(r.theme), r.date, t(f"meeting.status.{r.status}", c.ui), len(r.attendees), len(r.exercises)]
        for r in records
    ]
    table(ws, 3, 1, header, rows)
    fit_columns(ws)
    _change_placement(wb.create_sheet(sheet_name(c("xl.change_placement"), taken)), records, c)
    _change_matrix(wb.create_sheet(sheet_name(c("xl.change_matrix"), taken)), records, c)
    _evaluation_trend(wb.create_sheet(sheet_name(c("xl.evaluation_trend"), taken)), records, c)
    _actions(wb.create_sheet(sheet_name(c("xl.actions"), taken)), engine, programme_id, records, c)
    _processes(wb.create_sheet(sheet_name(c("xl.processes"), taken)), engine, programme_id, c)
    _cases(wb.create_sheet(sheet_name(c("xl.cases"), taken)), engine, programme, c)
    if include_names:
        people = {p["pseudonym"]: p for r in records for p in r.attendees}
        _key(wb.create_sheet(sheet_name(c("xl.key"), taken)), sorted(people.values(), key=lambda p: p["pseudonym"]), c)
    total = sum(len(r.exercises) for r in records) or 1
    done = 0
    for record in records:
        for exercise in record.exercises:
            done += 1
            if progress:
                progress(done / (total + 1), f"{record.template_id.upper()} {_text(exercise.title, c.kit)}")
            if exercise.answers:
                _exercise_sheet(wb, exercise, c, taken, prefix=f"{record.template_id.upper()} ")
    languages = sorted(
        {lang for r in records for e in r.exercises for lang in e.definition.prompt.languages},
        key=lambda x: x != programme["language"],
    )
    _labels(wb.create_sheet(sheet_name(c("xl.labels"), taken)), records, languages, c)
    if progress:
        progress(1.0, "")
    return _save(wb)
