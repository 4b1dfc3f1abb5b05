"""Choice: pick one option, or several when the kit allows it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import DEFAULT_GROUPS, ResponseRow, buckets, by_group, require_mapping
from brobygger.exercises.scales import Item
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


def validate(defn: Definition, raw: Any) -> dict[str, Any]:
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


def aggregate(defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
    counts = {o.id: {"total": 0, **{g: 0 for g in buckets(groups)}} for o in defn.options}
    for group, group_rows in by_group(rows, groups).items():
        for row in group_rows:
            for choice in row.value["choices"]:
                counts[choice]["total"] += 1
                counts[choice][group] += 1
    return {"n": len(rows), "counts": counts}
