"""Actions: commitments made in a meeting (what, who, by when), carried to the next meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import ResponseRow, clean_text, require_mapping
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["actions"]
    prompt: LocalText
    max_actions: int = Field(default=3, ge=1, le=10)


def _due(raw: Any) -> str | None:
    if raw in (None, ""):
        return None
    if not isinstance(raw, str):
        raise InvalidResponse("error.response_bad_date", field="due")
    try:
        return dt.date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        raise InvalidResponse("error.response_bad_date", field="due") from None


def validate(defn: Definition, raw: Any) -> dict[str, Any]:
    answer = require_mapping(raw, "actions")
    actions = answer.get("actions")
    if not isinstance(actions, list) or not actions:
        raise InvalidResponse("error.response_empty")
    if len(actions) > defn.max_actions:
        raise InvalidResponse("error.response_too_many", max=defn.max_actions)
    clean = []
    for action in actions:
        action = require_mapping(action, "what", "who", "organisation", "due")
        clean.append(
            {
                "what": clean_text(action.get("what"), 300, field="what"),
                "who": clean_text(action.get("who"), 120, field="who", required=False),
                "organisation": clean_text(action.get("organisation"), 120, field="organisation", required=False),
                "due": _due(action.get("due")),
            }
        )
    return {"actions": clean}


def aggregate(defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = ()) -> dict[str, Any]:
    actions = [
        {"pseudonym": r.pseudonym, "group": r.group, **action}
        for r in sorted(rows, key=lambda r: r.pseudonym)
        for action in r.value["actions"]
    ]
    return {"n": len(rows), "actions": actions}
