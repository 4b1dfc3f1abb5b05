"""Matrix: N statements rated on one or two scales (e.g. "how well today" and "how important")."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, ClassVar, Literal

import plotly.graph_objects as go
from openpyxl.worksheet.worksheet import Worksheet
from plotly.subplots import make_subplots
from pydantic import BaseModel, Field

from brobygger.cells import put, table
from brobygger.errors import InvalidResponse
from brobygger.exercises.base import check_int, number_summary, require_mapping
from brobygger.exercises.figure import FONT_SIZE, SCALE_COLOURS, layout, wrap
from brobygger.exercises.scales import Item, Scale
from brobygger.exercises.sheet import SheetContext, bar_chart
from brobygger.exercises.unit import CodebookLine, ExerciseRecord, ExerciseType, FigureView, ItemLabel, TidyRow, root, text
from brobygger.groups import DEFAULT_GROUPS, ResponseRow, by_group, default_groups
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["matrix"]
    prompt: LocalText
    statements: list[Item] = Field(min_length=1, max_length=40)
    scales: list[Scale] = Field(min_length=1, max_length=2)


class Response(BaseModel):
    ratings: dict[str, dict[str, int]]


MARKS = ["circle", "diamond"]


def _side(mean: float | None, other: float | None, s_index: int) -> str:
    """Write a mean on the far side from the other scale's, so the two never overprint."""
    if other is None or mean is None:
        return "middle right"
    if mean == other:
        return "middle left" if s_index == 0 else "middle right"
    return "middle left" if mean < other else "middle right"


class Matrix(ExerciseType):
    """N statements rated on one or two scales; the gap between the two is what a room talks about."""

    name = "matrix"
    splits_by_group = True
    Definition = Definition
    Response = Response
    widget = Path(__file__).with_suffix(".js")
    example: ClassVar[dict[str, Any]] = {
        "type": "matrix",
        "prompt": {"da": "Vurdér", "en": "Rate"},
        "statements": [
            {"id": "p1", "label": {"da": "Første princip", "en": "First principle"}},
            {"id": "p2", "label": {"da": "Andet princip", "en": "Second principle"}},
        ],
        "scales": [
            {
                "id": "today",
                "label": {"da": "I dag", "en": "Today"},
                "low": {"da": "dårligt", "en": "poorly"},
                "high": {"da": "godt", "en": "well"},
            },
            {
                "id": "importance",
                "label": {"da": "Vigtighed", "en": "Importance"},
                "low": {"da": "lidt", "en": "little"},
                "high": {"da": "meget", "en": "much"},
            },
        ],
    }
    messages: ClassVar[dict[str, dict[str, str]]] = {
        "exercise.matrix": {"da": "Matrix", "en": "Matrix"},
        "phone.rated": {
            "da": "{done} af {total} vurderet",
            "en": "{done} of {total} rated",
            "sv": "{done} av {total} bedömda",
            "nn": "{done} av {total} vurderte",
        },
        "phone.note": {"da": "Vis note", "en": "Show note", "sv": "Visa anteckning", "nn": "Vis merknad"},
        "chart.all": {"da": "alle", "en": "all", "sv": "alla", "nn": "alle"},
    }

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        """Ratings may be partial (a phone saves as it goes) but every one given must be in range."""
        answer = require_mapping(raw, "ratings")
        ratings = answer.get("ratings")
        if not isinstance(ratings, dict) or not ratings:
            raise InvalidResponse("error.response_empty")
        statements = {s.id for s in defn.statements}
        scales = {s.id: s for s in defn.scales}
        clean: dict[str, dict[str, int]] = {}
        for statement_id, per_scale in ratings.items():
            if statement_id not in statements:
                raise InvalidResponse("error.response_unknown_item", item=str(statement_id)[:40])
            if not isinstance(per_scale, dict):
                raise InvalidResponse("error.response_shape")
            for scale_id, value in per_scale.items():
                scale = scales.get(scale_id)
                if scale is None:
                    raise InvalidResponse("error.response_unknown_item", item=str(scale_id)[:40])
                if value is None:
                    continue
                field = f"{statement_id}.{scale_id}"
                clean.setdefault(statement_id, {})[scale_id] = check_int(value, scale.min, scale.max, field=field)
        if not clean:
            raise InvalidResponse("error.response_empty")
        return {"ratings": {s.id: clean[s.id] for s in defn.statements if s.id in clean}}

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
        """Per statement and scale: n, mean, median, distribution, by group; the gap between two scales."""
        grouped = by_group(rows, groups)
        statements = []
        for statement in defn.statements:
            per_scale = {}
            for scale in defn.scales:

                def values(rs: list[ResponseRow], sid: str = statement.id, cid: str = scale.id) -> list[int]:
                    return [r.value["ratings"][sid][cid] for r in rs if cid in r.value["ratings"].get(sid, {})]

                summary = number_summary(values(rows))
                summary["by_group"] = {g: number_summary(values(rs)) for g, rs in grouped.items()}
                per_scale[scale.id] = summary
            gap = None
            if len(defn.scales) == 2:
                a, b = (per_scale[s.id]["mean"] for s in defn.scales)
                gap = round(b - a, 3) if a is not None and b is not None else None
            statements.append({"id": statement.id, "scales": per_scale, "gap": gap})
        return {"n": len(rows), "statements": statements}

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        lean = 0.15 if group == "advisor" else 0.0
        return {
            "ratings": {
                s.id: {c.id: min(c.max, max(c.min, round(rng.gauss((c.min + c.max) / 2 + lean * 4, 1)))) for c in defn.scales}
                for s in defn.statements
            }
        }

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        return [
            TidyRow(statement, scale, rating)
            for statement, per_scale in value["ratings"].items()
            for scale, rating in per_scale.items()
        ]

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        out = []
        for statement in defn.statements:
            for scale in defn.scales:
                label = {
                    lang: f"{statement.label.get(lang)} | {scale.label.get(lang) if scale.label else scale.id}"
                    for lang in defn.prompt.languages
                }
                out.append(ItemLabel(statement.id, scale.id, label, scale.min, scale.max, root(scale.low), root(scale.high)))
        return out

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        return [
            CodebookLine(s.id, "value", f"Rating of the statement (item) on the scale '{s.id}', from {s.min} to {s.max}.")
            for s in defn.scales
        ]

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> go.Figure:
        """One dumbbell per statement from one scale's mean to the other's, biggest gap on top.

        The room asks which principles differ most between "how important" and "how well we do it
        today"; a sorted dumbbell answers at a glance. Means are written outside the ends, so two
        close values never print over each other; an earlier meeting's means are grey rings. Split by
        group (the moderator's choice), each group gets its own panel, in the same order.
        """
        lang, fallback = view.lang, view.fallback
        scales = defn.scales
        rows = {row["id"]: row for row in summary["statements"]}
        numbered = list(enumerate(defn.statements, start=1))
        if len(scales) == 2:
            numbered.sort(key=lambda pair: -abs(rows[pair[1].id]["gap"] or 0))
        panels = self._panels(defn, summary, view) if view.by_group else []
        labels = [f"{n}. {wrap(text(s.label, lang, fallback), 58, lines=4)}" for n, s in numbered]
        if len(panels) < 2:
            fig = go.Figure()
            means = [[rows[s.id]["scales"][scale.id]["mean"] for _, s in numbered] for scale in scales]
            self._dumbbells(fig, scales, labels, means, view, 0, earlier=view.earlier, numbered=numbered)
        else:
            fig = make_subplots(rows=1, cols=len(panels), shared_yaxes=True, horizontal_spacing=0.04)
            for col, (group, name) in enumerate(panels, start=1):
                means = [[rows[s.id]["scales"][scale.id]["by_group"][group]["mean"] for _, s in numbered] for scale in scales]
                self._dumbbells(fig, scales, labels, means, view, col, earlier=None, numbered=numbered)
                fig.update_xaxes(title={"text": f"<b>{name}</b>", "font": {"size": FONT_SIZE}}, row=1, col=col)
        lo, hi = min(s.min for s in scales), max(s.max for s in scales)
        fig.update_xaxes(range=[lo - 0.6, hi + 0.6], dtick=1, gridcolor="#e5e7eb", fixedrange=True)
        fig.update_yaxes(autorange="reversed", fixedrange=True, automargin=True)
        return layout(fig, view.height)

    @staticmethod
    def _panels(defn: Definition, summary: dict[str, Any], view: FigureView) -> list[tuple[str, str]]:
        """The programme's groups that have answers of their own (small groups are pooled, so never shown alone)."""
        out = []
        for group in view.groups or default_groups():
            gid = group["id"]
            found = any(
                ((row["scales"][c.id].get("by_group") or {}).get(gid) or {}).get("mean") is not None
                for row in summary["statements"]
                for c in defn.scales
            )
            if found:
                out.append((gid, text(group["label"], view.lang, view.fallback) or gid))
        return out

    @staticmethod
    def _dumbbells(
        fig: go.Figure,
        scales: list[Scale],
        labels: list[str],
        means: list[list],
        view: FigureView,
        col: int,
        *,
        earlier: Any,
        numbered: list,
    ) -> None:
        """The lines from one scale's mean to the other's, and the means as marks with their values beside them."""
        lang, fallback = view.lang, view.fallback
        place = {"row": 1, "col": col} if col else {}  # col 0: a figure of one panel
        if len(scales) == 2:
            xs: list[float | None] = []
            ys: list[str | None] = []
            for label, a, b in zip(labels, means[0], means[1], strict=True):
                if a is not None and b is not None:
                    xs += [a, b, None]
                    ys += [label, label, None]
            fig.add_trace(
                go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#6b7280", "width": 6}, hoverinfo="skip", showlegend=False),
                **place,
            )
        if earlier:
            earlier_label, before = earlier
            earlier_rows = {row["id"]: row for row in before["statements"]}
            for s_index, scale in enumerate(scales):
                fig.add_trace(
                    go.Scatter(
                        x=[earlier_rows.get(s.id, {}).get("scales", {}).get(scale.id, {}).get("mean") for _, s in numbered],
                        y=labels,
                        mode="markers",
                        name=f"{earlier_label}: {text(scale.label, lang, fallback) or scale.id}",
                        marker={"size": 20, "symbol": MARKS[s_index] + "-open", "color": "#6b7280", "line": {"width": 3}},
                    ),
                    **place,
                )
        for s_index, scale in enumerate(scales):
            other = means[1 - s_index] if len(scales) == 2 else [None] * len(labels)
            sides = [_side(m, o, s_index) for m, o in zip(means[s_index], other, strict=True)]
            fig.add_trace(
                go.Scatter(
                    x=means[s_index],
                    y=labels,
                    mode="markers+text",
                    legendgroup=scale.id,
                    showlegend=col <= 1,
                    name=text(scale.label, lang, fallback) or scale.id,
                    text=[f"{m:.1f}" if m is not None else "" for m in means[s_index]],
                    textposition=sides,
                    textfont={"size": FONT_SIZE, "color": SCALE_COLOURS[s_index]},
                    marker={
                        "size": 30,
                        "symbol": MARKS[s_index],
                        "color": SCALE_COLOURS[s_index],
                        "line": {"color": "white", "width": 2},
                    },
                    cliponaxis=False,
                ),
                **place,
            )

    def sheet(self, ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
        d = ex.definition
        scales = d.scales
        labels = {s.id: (n, c.text(s.label)) for n, s in enumerate(d.statements, start=1)}
        header = [c("xl.pseudonym"), c("xl.group"), c("xl.no"), c("xl.statement")] + [c.text(s.label) or s.id for s in scales]
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
        head += [f"{c('xl.mean')}: {c.text(s.label) or s.id}" for s in scales]
        head += [f"{c('xl.n')}"] + ([c("xl.gap")] if len(scales) == 2 else [])
        for s in scales:
            head += [f"{c('xl.mean')} {c.pooled(g)}: {c.text(s.label) or s.id}" for g in c.buckets]
        body = []
        for n, row in enumerate(summary, start=1):
            values = [n, labels[row["id"]][1]] + [row["scales"][s.id]["mean"] for s in scales]
            values += [row["scales"][scales[0].id]["n"]] + ([row["gap"]] if len(scales) == 2 else [])
            for s in scales:
                values += [row["scales"][s.id]["by_group"][g]["mean"] for g in c.buckets]
            body.append(values)
        table(ws, 3, left, head, body, filters=False, nowrap=(1,))
        anchor = ws.cell(row=len(body) + 6, column=left).coordinate
        bar_chart(ws, c.text(ex.title), 3, left, len(body), len(scales), anchor, first_series=left + 2)
