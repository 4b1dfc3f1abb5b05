"""Matrix: N statements rated on one or two scales (e.g. "how well today" and "how important")."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import DEFAULT_GROUPS, ResponseRow, by_group, check_int, number_summary, require_mapping
from brobygger.exercises.scales import Item, Scale
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["matrix"]
    prompt: LocalText
    statements: list[Item] = Field(min_length=1, max_length=40)
    scales: list[Scale] = Field(min_length=1, max_length=2)


def validate(defn: Definition, raw: Any) -> dict[str, Any]:
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


def aggregate(defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
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
