"""Scale: one rating on a labelled scale."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, ClassVar, Literal

import plotly.graph_objects as go
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from brobygger.exercises.base import check_int, number_summary, require_mapping
from brobygger.exercises.figure import stacked_bars
from brobygger.exercises.scales import Scale
from brobygger.exercises.sheet import SheetContext, answers_with_counts
from brobygger.exercises.unit import CodebookLine, ExerciseRecord, ExerciseType, FigureView, ItemLabel, TidyRow, root, text
from brobygger.groups import DEFAULT_GROUPS, ResponseRow, by_group
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["scale"]
    prompt: LocalText
    scale: Scale


class Response(BaseModel):
    value: int


class ScaleType(ExerciseType):
    """One rating; the projector shows how many gave each value, by group."""

    name = "scale"
    Definition = Definition
    Response = Response
    widget = Path(__file__).with_suffix(".js")
    example: ClassVar[dict[str, Any]] = {
        "type": "scale",
        "prompt": {"da": "Hvor godt?", "en": "How well?"},
        "scale": {"min": 1, "max": 5, "low": {"da": "dårligt", "en": "poorly"}, "high": {"da": "godt", "en": "well"}},
    }
    messages: ClassVar[dict[str, dict[str, str]]] = {"exercise.scale": {"da": "Skala", "en": "Scale"}}

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        answer = require_mapping(raw, "value")
        return {"value": check_int(answer.get("value"), defn.scale.min, defn.scale.max, field="value")}

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
        summary = number_summary([r.value["value"] for r in rows])
        summary["by_group"] = {g: number_summary([r.value["value"] for r in rs]) for g, rs in by_group(rows, groups).items()}
        return summary

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        return {"value": rng.randint(defn.scale.min, defn.scale.max)}

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        return [TidyRow("value", defn.scale.id, value["value"])]

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        scale = defn.scale
        return [ItemLabel("value", scale.id, root(defn.prompt), scale.min, scale.max, root(scale.low), root(scale.high))]

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        scale = defn.scale
        return [CodebookLine(scale.id, "value", f"The rating given (item 'value'), from {scale.min} to {scale.max}.")]

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> go.Figure:
        scale = defn.scale
        values = list(range(scale.min, scale.max + 1))
        labels = [f"{v}" for v in values]
        labels[0] += f" {text(scale.low, view.lang, view.fallback)}"
        labels[-1] += f" {text(scale.high, view.lang, view.fallback)}"
        by_group = {g: [summary["by_group"][g]["distribution"].get(v, 0) for v in values] for g in summary["groups"]}
        return stacked_bars(labels, by_group, view.lang, view.height, summary, view.groups, view.fallback)

    def sheet(self, ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
        summary, scale = ex.summary(), ex.definition.scale
        header = [c("xl.pseudonym"), c("xl.group"), c("xl.value"), c("xl.changed")]
        rows = [[a.pseudonym, c.group(a.group), a.value["value"], a.updated_at] for a in ex.answers]
        counts = [
            [str(v)] + [summary["by_group"][g]["distribution"].get(v, 0) for g in c.buckets]
            for v in range(scale.min, scale.max + 1)
        ]
        answers_with_counts(ws, c.text(ex.title), header, rows, c("xl.value"), counts, c, horizontal=False)
