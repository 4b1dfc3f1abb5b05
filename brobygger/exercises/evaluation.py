"""Evaluation: fixed rating items (reaction, learning, application, results) plus open questions."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, ClassVar, Literal

import plotly.graph_objects as go
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, Field

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import check_int, clean_text, number_summary, require_mapping
from brobygger.exercises.figure import mean_bars, wrap
from brobygger.exercises.scales import Scale
from brobygger.exercises.sheet import SheetContext, answers_with_means
from brobygger.exercises.text import phrases
from brobygger.exercises.unit import CodebookLine, ExerciseRecord, ExerciseType, FigureView, ItemLabel, TidyRow, root, text
from brobygger.groups import DEFAULT_GROUPS, ResponseRow, by_group
from brobygger.localised import Id, LocalText, StrictModel


class EvaluationItem(StrictModel):
    id: Id
    label: LocalText
    level: Literal["reaction", "learning", "application", "results"]


class Question(StrictModel):
    id: Id
    label: LocalText
    max_length: int = Field(default=500, ge=10, le=2000)


class Definition(StrictModel):
    type: Literal["evaluation"]
    prompt: LocalText
    scale: Scale
    items: list[EvaluationItem] = Field(min_length=1, max_length=20)
    questions: list[Question] = Field(default_factory=list, max_length=5)


class Response(BaseModel):
    ratings: dict[str, int]
    answers: dict[str, str]


class Evaluation(ExerciseType):
    """The meeting's evaluation: the same rating items every time, so a programme's trend can be read."""

    name = "evaluation"
    Definition = Definition
    Response = Response
    widget = Path(__file__).with_suffix(".js")
    example: ClassVar[dict[str, Any]] = {
        "type": "evaluation",
        "prompt": {"da": "Hvordan gik det?", "en": "How did it go?"},
        "scale": {
            "min": 1,
            "max": 5,
            "low": {"da": "slet ikke", "en": "not at all"},
            "high": {"da": "i høj grad", "en": "to a high degree"},
        },
        "items": [
            {"id": "satisfied", "level": "reaction", "label": {"da": "Tilfreds", "en": "Satisfied"}},
            {"id": "learned", "level": "learning", "label": {"da": "Lærte noget", "en": "Learned something"}},
        ],
        "questions": [{"id": "best", "label": {"da": "Bedst", "en": "Best"}, "max_length": 100}],
    }
    messages: ClassVar[dict[str, dict[str, str]]] = {"exercise.evaluation": {"da": "Evaluering", "en": "Evaluation"}}
    #: The open answers stay off the wall: they are read in the workbook, not in front of the room.
    not_on_projector = frozenset({"answer"})

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        answer = require_mapping(raw, "ratings", "answers")
        ratings = answer.get("ratings") or {}
        answers = answer.get("answers") or {}
        if not isinstance(ratings, dict) or not isinstance(answers, dict):
            raise InvalidResponse("error.response_shape")
        items = {i.id for i in defn.items}
        questions = {q.id: q for q in defn.questions}
        clean_ratings = {}
        for item_id, value in ratings.items():
            if item_id not in items:
                raise InvalidResponse("error.response_unknown_item", item=str(item_id)[:40])
            if value is not None:
                clean_ratings[item_id] = check_int(value, defn.scale.min, defn.scale.max, field=item_id)
        clean_answers = {}
        for question_id, answer_text in answers.items():
            question = questions.get(question_id)
            if question is None:
                raise InvalidResponse("error.response_unknown_item", item=str(question_id)[:40])
            cleaned = clean_text(answer_text, question.max_length, field=question_id, required=False)
            if cleaned:
                clean_answers[question_id] = cleaned
        if not clean_ratings and not clean_answers:
            raise InvalidResponse("error.response_empty")
        return {
            "ratings": {i.id: clean_ratings[i.id] for i in defn.items if i.id in clean_ratings},
            "answers": {q.id: clean_answers[q.id] for q in defn.questions if q.id in clean_answers},
        }

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
        grouped = by_group(rows, groups)
        items = []
        for item in defn.items:
            summary = number_summary([r.value["ratings"][item.id] for r in rows if item.id in r.value["ratings"]])
            summary["by_group"] = {
                g: number_summary([r.value["ratings"][item.id] for r in rs if item.id in r.value["ratings"]])
                for g, rs in grouped.items()
            }
            items.append({"id": item.id, **summary})
        answers = {
            q.id: [
                {"pseudonym": r.pseudonym, "group": r.group, "text": r.value["answers"][q.id]}
                for r in rows
                if q.id in r.value["answers"]
            ]
            for q in defn.questions
        }
        return {"n": len(rows), "items": items, "answers": answers}

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        low = max(defn.scale.min, defn.scale.max - 2)
        return {
            "ratings": {i.id: rng.randint(low, defn.scale.max) for i in defn.items},
            "answers": {q.id: rng.choice(phrases(lang)) for q in defn.questions[:1]},
        }

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        rows = [TidyRow(item, "rating", rating) for item, rating in value["ratings"].items()]
        return rows + [TidyRow(question, "answer", None, answer) for question, answer in value["answers"].items()]

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        scale = defn.scale
        out = [
            ItemLabel(i.id, "rating", root(i.label), scale.min, scale.max, root(scale.low), root(scale.high)) for i in defn.items
        ]
        return out + [ItemLabel(q.id, "answer", root(q.label)) for q in defn.questions]

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        return [
            CodebookLine("rating", "value", "Rating of the evaluation item, within the scale's min and max."),
            CodebookLine("answer", "value_text", "Written answer to the evaluation's open question (item)."),
        ]

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> go.Figure:
        labels = [wrap(text(i.label, view.lang, view.fallback), 44) for i in defn.items]
        fig = mean_bars(labels, [row["mean"] for row in summary["items"]], view.height)
        fig.update_xaxes(range=[0, defn.scale.max + 0.2], fixedrange=True, dtick=1)
        return fig

    def sheet(self, ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
        d = ex.definition
        header = [c("xl.pseudonym"), c("xl.group")] + [c.text(i.label) for i in d.items] + [c.text(q.label) for q in d.questions]
        header.append(c("xl.changed"))
        rows = [
            [a.pseudonym, c.group(a.group)]
            + [a.value["ratings"].get(i.id) for i in d.items]
            + [a.value["answers"].get(q.id, "") for q in d.questions]
            + [a.updated_at]
            for a in ex.answers
        ]
        body = [
            [c.text(i.label), row["mean"], row["median"], row["n"]] for i, row in zip(d.items, ex.summary()["items"], strict=True)
        ]
        answers_with_means(ws, c.text(ex.title), header, rows, [c("xl.item"), c("xl.mean"), c("xl.median"), c("xl.n")], body, c)
