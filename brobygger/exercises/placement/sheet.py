"""Placement's workbook sheet: everyone's points and regions, counts by group, and a native scatter chart of the plane."""

from __future__ import annotations

from openpyxl.chart import ScatterChart, Series
from openpyxl.chart.marker import Marker
from openpyxl.chart.reference import Reference
from openpyxl.worksheet.worksheet import Worksheet

from brobygger.cells import put, table
from brobygger.exercises.sheet import PALETTE, SheetContext
from brobygger.exercises.unit import ExerciseRecord


def placement_sheet(ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
    d = ex.definition
    region = {r.id: c.text(r.label) for r in d.regions}
    header = [
        c("xl.pseudonym"),
        c("xl.group"),
        f"x ({c('xl.now')})",
        f"y ({c('xl.now')})",
        f"{c('xl.region')} ({c('xl.now')})",
    ]
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
    put(ws, 2, left, c("xl.summary"))
    count_rows = [[region[r.id]] + [summary[r.id][g] for g in c.buckets] + [summary[r.id]["total"]] for r in d.regions]
    next_row = table(
        ws, 3, left, [c("xl.region")] + [c.pooled(g) for g in c.buckets] + [c("xl.total")], count_rows, filters=False
    )
    _scatter_chart(ws, ex, c, region, left, next_row + 1)


def _scatter_chart(ws: Worksheet, ex: ExerciseRecord, c: SheetContext, region: dict[str, str], left: int, top: int) -> None:
    """A native scatter chart: each region's outline, then each group's points, their data side by side."""
    d = ex.definition
    chart = ScatterChart()
    chart.title = c.text(ex.title)[:120]
    chart.scatterStyle = "lineMarker"
    chart.style, chart.height, chart.width = 13, 15, 17
    chart.x_axis.title, chart.y_axis.title = c.text(d.axes.x.label), c.text(d.axes.y.label)
    for axis in (chart.x_axis, chart.y_axis):
        axis.scaling.min, axis.scaling.max = 0, 1
        axis.delete = False
    column = left
    for r in d.regions:
        corners = [(r.x[0], r.y[0]), (r.x[1], r.y[0]), (r.x[1], r.y[1]), (r.x[0], r.y[1]), (r.x[0], r.y[0])]
        series = _series(ws, top, column, region[r.id], corners)
        series.marker = Marker(symbol="none")
        series.graphicalProperties.line.solidFill = "9CA3AF"
        chart.series.append(series)
        column += 2
    for group in c.buckets:
        points = [(a.value["now"]["x"], a.value["now"]["y"]) for a in ex.answers if c.bucket(a.group) == group]
        if not points:
            continue
        series = _series(ws, top, column, c.group(group), points)
        series.marker = Marker(symbol="circle", size=8)
        series.marker.graphicalProperties.solidFill = PALETTE[c.buckets.index(group) % len(PALETTE)]
        series.graphicalProperties.line.noFill = True
        chart.series.append(series)
        column += 2
    ws.add_chart(chart, ws.cell(row=3, column=left + 6).coordinate)


def _series(ws: Worksheet, top: int, column: int, name: str, points: list[tuple[float, float]]) -> Series:
    """Write a name and its (x, y) pairs in two columns; the chart series reads them from there."""
    put(ws, top, column, name)
    for i, (x, y) in enumerate(points, start=1):
        put(ws, top + i, column, x)
        put(ws, top + i, column + 1, y)
    end = top + len(points)
    series = Series(
        Reference(ws, min_col=column + 1, min_row=top + 1, max_row=end),
        Reference(ws, min_col=column, min_row=top + 1, max_row=end),
        title=name,
    )
    series.smooth = False
    return series
