"""Ranking: put every item in order; the summary is each item's mean rank."""

from __future__ import annotations

import random
import statistics
from pathlib import Path
from typing import Any, ClassVar, Literal

import plotly.graph_objects as go
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, Field

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import require_mapping
from brobygger.exercises.figure import mean_bars, wrap
from brobygger.exercises.scales import Item
from brobygger.exercises.sheet import SheetContext, answers_with_means
from brobygger.exercises.unit import CodebookLine, ExerciseRecord, ExerciseType, FigureView, ItemLabel, TidyRow, root, text
from brobygger.groups import ResponseRow
from brobygger.i18n import t
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["ranking"]
    prompt: LocalText
    items: list[Item] = Field(min_length=2, max_length=20)


class Response(BaseModel):
    order: list[str] = Field(min_length=2)


class Ranking(ExerciseType):
    """Every item put in order; items are shown by their mean rank, first on top."""

    name = "ranking"
    Definition = Definition
    Response = Response
    widget = Path(__file__).with_suffix(".js")
    example: ClassVar[dict[str, Any]] = {
        "type": "ranking",
        "prompt": {"da": "Rangér", "en": "Rank"},
        "items": [
            {"id": "x", "label": {"da": "X", "en": "X"}},
            {"id": "y", "label": {"da": "Y", "en": "Y"}},
            {"id": "z", "label": {"da": "Z", "en": "Z"}},
        ],
    }
    messages: ClassVar[dict[str, dict[str, str]]] = {
        "exercise.ranking": {"da": "Rangordning", "en": "Ranking"},
        "phone.move_up": {"da": "Flyt op", "en": "Move up", "sv": "Flytta upp", "nn": "Flytt opp"},
        "phone.move_down": {"da": "Flyt ned", "en": "Move down", "sv": "Flytta ner", "nn": "Flytt ned"},
        "chart.mean_rank": {
            "da": "Gennemsnitlig placering (1 = først)",
            "en": "Mean rank (1 = first)",
            "sv": "Genomsnittlig placering (1 = först)",
            "nn": "Gjennomsnittleg plassering (1 = først)",
        },
    }

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        answer = require_mapping(raw, "order")
        order = answer.get("order")
        known = {i.id for i in defn.items}
        if not isinstance(order, list) or not order:
            raise InvalidResponse("error.response_empty")
        if any(not isinstance(o, str) for o in order):
            raise InvalidResponse("error.response_shape")
        if any(o not in known for o in order):
            raise InvalidResponse("error.response_unknown_item", item=str(next(o for o in order if o not in known))[:40])
        if len(set(order)) != len(order):
            raise InvalidResponse("error.response_duplicate")
        if len(order) != len(known):
            raise InvalidResponse("error.response_rank_all", count=len(known))
        return {"order": list(order)}

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = ()) -> dict[str, Any]:
        items = []
        for item in defn.items:
            ranks = [r.value["order"].index(item.id) + 1 for r in rows]
            items.append({"id": item.id, "mean_rank": round(statistics.fmean(ranks), 3) if ranks else None, "n": len(ranks)})
        items.sort(key=lambda i: (i["mean_rank"] is None, i["mean_rank"]))
        return {"n": len(rows), "items": items}

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        order = [i.id for i in defn.items]
        rng.shuffle(order)
        return {"order": order}

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        return [TidyRow(item, "rank", rank) for rank, item in enumerate(value["order"], start=1)]

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        return [ItemLabel(i.id, "rank", root(i.label), 1, len(defn.items)) for i in defn.items]

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        return [CodebookLine("rank", "value", "The place the participant gave the item: 1 = first.")]

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> go.Figure:
        names = {i.id: wrap(text(i.label, view.lang, view.fallback), 40) for i in defn.items}
        labels = [names[i["id"]] for i in summary["items"]]
        fig = mean_bars(labels, [i["mean_rank"] for i in summary["items"]], view.height, size=24)
        fig.update_xaxes(title={"text": t("chart.mean_rank", view.lang)}, fixedrange=True, range=[0, len(defn.items) + 0.5])
        return fig

    def sheet(self, ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
        d = ex.definition
        names = {i.id: c.text(i.label) for i in d.items}
        header = [c("xl.pseudonym"), c("xl.group")] + [f"{c('xl.rank')}: {names[i.id]}" for i in d.items] + [c("xl.changed")]
        rows = [
            [a.pseudonym, c.group(a.group)] + [a.value["order"].index(i.id) + 1 for i in d.items] + [a.updated_at]
            for a in ex.answers
        ]
        body = [[names[i["id"]], i["mean_rank"]] for i in ex.summary()["items"]]
        answers_with_means(ws, c.text(ex.title), header, rows, [c("xl.item"), c("xl.mean_rank")], body, c)
