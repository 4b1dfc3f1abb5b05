"""The assignment in a workbook: one row per rated cell, the decision as a tidy table, and a scatter per item."""

from __future__ import annotations

from typing import Any

from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.worksheet.worksheet import Worksheet

from brobygger.cells import put, table
from brobygger.exercises.sheet import PALETTE, SheetContext


def assignment_sheet(ws: Worksheet, ex: Any, c: SheetContext) -> None:
    """Left: each person's ratings; right: item, group, decided, means (the decision table), and its chart."""
    d = ex.definition
    items = {i.id: (n, c.text(i.label) or i.id) for n, i in enumerate(d.items, start=1)}
    groups = {g.id: c.text(g.label) or g.id for g in d.groups}
    item_head = c.text(d.items_title) or c("chart.assign_item")
    group_head = c.text(d.groups_title) or c("chart.assign_group")
    interest, capacity = c.text(d.interest.label) or "interest", c.text(d.capacity.label) or "capacity"
    decided_head = f"{c('chart.assign_decided')} ({c('xl.assign_yes')})"
    header = [c("xl.pseudonym"), c("xl.group"), c("xl.no"), item_head, group_head, interest, capacity, decided_head]
    header.append(c("xl.changed"))
    rows = []
    for a in ex.answers:
        ratings, decided = a.value["ratings"], a.value.get("decided")
        for item in d.items:
            for group in d.groups:
                cell = ratings.get(item.id, {}).get(group.id, {})
                mark = None if decided is None else int(group.id in decided.get(item.id, []))
                if cell or mark is not None:
                    n, label = items[item.id]
                    values = [cell.get("interest"), cell.get("capacity"), mark]
                    rows.append([a.pseudonym, c.group(a.group), n, label, groups[group.id], *values, a.updated_at])
    table(ws, 3, 1, header, rows, nowrap=(2,))
    left = len(header) + 2
    summary = ex.summary()
    put(ws, 2, left, c("xl.summary"))
    head = [c("xl.no"), item_head, group_head, decided_head, f"{c('xl.mean')}: {interest}", f"{c('xl.mean')}: {capacity}"]
    head.append(c("xl.n"))
    body = []
    for cell in summary["cells"]:
        n, label = items[cell["item"]]
        mark = int(cell["decided"]) if summary["has_decision"] else None
        body.append([n, label, groups[cell["group"]], mark, cell["interest"], cell["capacity"], cell["n"]])
    table(ws, 3, left, head, body, filters=False, nowrap=(0,))
    chart = ScatterChart()
    chart.title = c.text(ex.title)[:120]
    chart.style = 13
    chart.x_axis.title, chart.y_axis.title = interest, capacity
    chart.x_axis.scaling.min, chart.x_axis.scaling.max = d.interest.min, d.interest.max
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = d.capacity.min, d.capacity.max
    chart.height, chart.width = 10, 18
    per_item = len(d.groups)
    for n, item in enumerate(d.items):
        top = 4 + n * per_item
        xs = Reference(ws, min_col=left + 4, min_row=top, max_row=top + per_item - 1)
        ys = Reference(ws, min_col=left + 5, min_row=top, max_row=top + per_item - 1)
        series = Series(ys, xs, title=f"{n + 1}. {items[item.id][1]}"[:80])
        series.marker.symbol = "circle"
        series.marker.size = 8
        series.marker.graphicalProperties.solidFill = PALETTE[n % len(PALETTE)]
        series.graphicalProperties.line.noFill = True
        chart.series.append(series)
    ws.add_chart(chart, ws.cell(row=len(body) + 6, column=left).coordinate)
