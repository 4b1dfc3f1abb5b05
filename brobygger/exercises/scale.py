"""Scale: one rating on a labelled scale."""

from __future__ import annotations

from typing import Any, Literal

from brobygger.exercises.base import DEFAULT_GROUPS, ResponseRow, by_group, check_int, number_summary, require_mapping
from brobygger.exercises.scales import Scale
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["scale"]
    prompt: LocalText
    scale: Scale


def validate(defn: Definition, raw: Any) -> dict[str, Any]:
    answer = require_mapping(raw, "value")
    return {"value": check_int(answer.get("value"), defn.scale.min, defn.scale.max, field="value")}


def aggregate(defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
    summary = number_summary([r.value["value"] for r in rows])
    summary["by_group"] = {g: number_summary([r.value["value"] for r in rs]) for g, rs in by_group(rows, groups).items()}
    return summary
