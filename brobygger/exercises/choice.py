"""Choice: pick one option, or several when the kit allows it."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, ClassVar, Literal

import plotly.graph_objects as go
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, Field, model_validator

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import require_mapping
from brobygger.exercises.figure import stacked_bars, wrap
from brobygger.exercises.scales import Item
from brobygger.exercises.sheet import SheetContext, answers_with_counts
from brobygger.exercises.unit import CodebookLine, ExerciseRecord, ExerciseType, FigureView, ItemLabel, TidyRow, root, text
from brobygger.groups import DEFAULT_GROUPS, ResponseRow, buckets, by_group
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["choice"]
    prompt: LocalText
    options: list[Item] = Field(min_length=2, max_length=30)
    multiple: bool = False
    max_choices: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _max(self) -> Definition:
        if self.max_choices is not None and not self.multiple and self.max_choices != 1:
            raise ValueError("max_choices above 1 needs multiple: true")
        return self

    @property
    def limit(self) -> int:
        return (self.max_choices or len(self.options)) if self.multiple else 1


class Response(BaseModel):
    choices: list[str] = Field(min_length=1)


class Choice(ExerciseType):
    """One option, or up to `max_choices`; counted by group."""

    name = "choice"
    Definition = Definition
    Response = Response
    widget = Path(__file__).with_suffix(".js")
    example: ClassVar[dict[str, Any]] = {
        "type": "choice",
        "prompt": {"da": "Vælg to", "en": "Pick two"},
        "multiple": True,
        "max_choices": 2,
        "options": [
            {"id": "a", "label": {"da": "A", "en": "A"}},
            {"id": "b", "label": {"da": "B", "en": "B"}},
            {"id": "c", "label": {"da": "C", "en": "C"}},
        ],
    }
    messages: ClassVar[dict[str, dict[str, str]]] = {
        "exercise.choice": {"da": "Valg", "en": "Choice"},
        "phone.choose_max": {
            "da": "Vælg op til {max}",
            "en": "Choose up to {max}",
            "sv": "Välj upp till {max}",
            "nn": "Vel opptil {max}",
        },
        "phone.choose_one": {"da": "Vælg én", "en": "Choose one", "sv": "Välj ett", "nn": "Vel eitt"},
    }

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        answer = require_mapping(raw, "choices")
        choices = answer.get("choices")
        if not isinstance(choices, list) or not choices:
            raise InvalidResponse("error.response_empty")
        known = [o.id for o in defn.options]
        if any(c not in known for c in choices):
            bad = next(c for c in choices if c not in known)
            raise InvalidResponse("error.response_unknown_item", item=str(bad)[:40])
        if len(set(choices)) != len(choices):
            raise InvalidResponse("error.response_duplicate")
        if len(choices) > defn.limit:
            raise InvalidResponse("error.response_too_many", max=defn.limit)
        return {"choices": [o for o in known if o in choices]}

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
        counts = {o.id: {"total": 0, **{g: 0 for g in buckets(groups)}} for o in defn.options}
        for group, group_rows in by_group(rows, groups).items():
            for row in group_rows:
                for choice in row.value["choices"]:
                    counts[choice]["total"] += 1
                    counts[choice][group] += 1
        return {"n": len(rows), "counts": counts}

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        return {"choices": [o.id for o in rng.sample(defn.options, rng.randint(1, defn.limit))]}

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        return [TidyRow(choice, "chosen", 1) for choice in value["choices"]]

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        return [ItemLabel(o.id, "chosen", root(o.label), 0, 1) for o in defn.options]

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        return [
            CodebookLine("chosen", "value", "1 for each option (item) the participant chose; options not chosen have no row.")
        ]

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> go.Figure:
        labels = [wrap(text(o.label, view.lang, view.fallback), 40) for o in defn.options]
        counts = summary["counts"]
        by_group = {g: [counts[o.id][g] for o in defn.options] for g in summary["groups"]}
        return stacked_bars(labels, by_group, view.lang, view.height, summary, view.groups, view.fallback)

    def sheet(self, ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
        summary = ex.summary()
        options = [(o.id, c.text(o.label)) for o in ex.definition.options]
        header = [c("xl.pseudonym"), c("xl.group")] + [label for _, label in options] + [c("xl.changed")]
        rows = [
            [a.pseudonym, c.group(a.group)] + [1 if o in a.value["choices"] else 0 for o, _ in options] + [a.updated_at]
            for a in ex.answers
        ]
        counts = [[label] + [summary["counts"][o][g] for g in c.buckets] for o, label in options]
        answers_with_counts(ws, c.text(ex.title), header, rows, c("xl.option"), counts, c, horizontal=True)
