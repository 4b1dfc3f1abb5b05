"""What every type's workbook sheet shares: the export's languages and groups, and a native bar chart."""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from brobygger.cells import put, table
from brobygger.exercises.figure import NO_GROUP_COLOUR
from brobygger.exercises.figure import PALETTE as FIGURE_PALETTE
from brobygger.groups import NO_GROUP, Groups, default_groups, group_ids, group_label
from brobygger.i18n import t
from brobygger.localised import LocalText, text_of

#: Series colours in workbooks: the projector's palette (without the '#'), then grey for 'not given'.
PALETTE = [c.lstrip("#").upper() for c in FIGURE_PALETTE] + [NO_GROUP_COLOUR.lstrip("#").upper()]


class SheetContext:
    """One export's choices: `ui` language for headers, `kit` language for the kit's text, the programme's groups."""

    def __init__(self, ui: str, kit: str, groups: Groups | None = None) -> None:
        self.ui, self.kit = ui, kit
        self.groups = groups or default_groups()
        self.ids = group_ids(self.groups)
        self.buckets = (*self.ids, NO_GROUP)

    def __call__(self, key: str, **params: Any) -> str:
        return t(key, self.ui, **params)

    def text(self, value: Any) -> str:
        """A kit text (LocalText or its stored dict) in the kit's language."""
        return text_of(value, self.kit) if value is None or isinstance(value, (dict, LocalText)) else str(value)

    def group(self, group: str | None) -> str:
        return group_label(self.groups, group, self.ui, self.kit)

    def pooled(self, group: str | None) -> str:
        """A group's name over results, where small groups are pooled with 'not given'."""
        return group_label(self.groups, group, self.ui, self.kit, pooled=True)

    def bucket(self, group: str | None) -> str:
        return group if group in self.ids else NO_GROUP


def bar_chart(
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


def answers_with_counts(
    ws: Worksheet,
    title_text: str,
    header: list[str],
    rows: list[list[Any]],
    first: str,
    counts: list[list[Any]],
    c: SheetContext,
    *,
    horizontal: bool,
) -> None:
    """One row per person, then counts by group beside them with a stacked bar chart (choice, scale)."""
    table(ws, 3, 1, header, rows)
    left = len(header) + 2
    put(ws, 2, left, c("xl.summary"))
    table(ws, 3, left, [first] + [c.pooled(g) for g in c.buckets], counts, filters=False)
    anchor = ws.cell(row=len(counts) + 6, column=left).coordinate
    bar_chart(ws, title_text, 3, left, len(counts), len(c.buckets), anchor, stacked=True, horizontal=horizontal)


def answers_with_means(
    ws: Worksheet,
    title_text: str,
    header: list[str],
    rows: list[list[Any]],
    head: list[str],
    body: list[list[Any]],
    c: SheetContext,
) -> None:
    """One row per person, then one summary row per item with a bar chart of its first value column (ranking, evaluation)."""
    table(ws, 3, 1, header, rows)
    left = len(header) + 2
    put(ws, 2, left, c("xl.summary"))
    table(ws, 3, left, head, body, filters=False)
    bar_chart(ws, title_text, 3, left, len(body), 1, ws.cell(row=len(body) + 6, column=left).coordinate)
