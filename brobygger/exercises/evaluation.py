"""Evaluation: fixed rating items (reaction, learning, application, results) plus open questions."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import DEFAULT_GROUPS, ResponseRow, by_group, check_int, clean_text, number_summary, require_mapping
from brobygger.exercises.scales import Scale
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


def validate(defn: Definition, raw: Any) -> dict[str, Any]:
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
    for question_id, text in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise InvalidResponse("error.response_unknown_item", item=str(question_id)[:40])
        cleaned = clean_text(text, question.max_length, field=question_id, required=False)
        if cleaned:
            clean_answers[question_id] = cleaned
    if not clean_ratings and not clean_answers:
        raise InvalidResponse("error.response_empty")
    return {
        "ratings": {i.id: clean_ratings[i.id] for i in defn.items if i.id in clean_ratings},
        "answers": {q.id: clean_answers[q.id] for q in defn.questions if q.id in clean_answers},
    }


def aggregate(defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
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
