"""Generic exercise types. Each module holds its kit definition, answer validation and summary."""

from __future__ import annotations

from types import ModuleType
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from brobygger.errors import InvalidResponse
from brobygger.exercises import actions, choice, evaluation, matrix, placement, ranking, scale, text
from brobygger.exercises.base import ResponseRow

TYPES: dict[str, ModuleType] = {
    "placement": placement,
    "matrix": matrix,
    "choice": choice,
    "scale": scale,
    "text": text,
    "ranking": ranking,
    "evaluation": evaluation,
    "actions": actions,
}

Exercise = Annotated[
    Union[tuple(m.Definition for m in TYPES.values())],  # noqa: UP007
    Field(discriminator="type"),
]

_adapter: TypeAdapter[Any] = TypeAdapter(Exercise)

__all__ = ["TYPES", "Exercise", "ResponseRow", "aggregate", "parse_definition", "validate_response"]


def parse_definition(data: dict[str, Any]) -> Any:
    """An exercise definition from its stored JSON form."""
    return _adapter.validate_python(data)


def validate_response(defn: Any, raw: Any) -> dict[str, Any]:
    """The cleaned answer, or InvalidResponse with a message key the phone can show."""
    if raw is None:
        raise InvalidResponse("error.response_empty")
    return TYPES[defn.type].validate(defn, raw)


def aggregate(defn: Any, rows: list[ResponseRow], groups: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The summary the projector and exports show for this exercise, split by the programme's groups."""
    from brobygger.exercises.base import DEFAULT_GROUPS, buckets

    groups = tuple(groups) if groups else DEFAULT_GROUPS
    summary = TYPES[defn.type].aggregate(defn, rows, groups)
    summary["groups"] = list(buckets(groups))
    return summary
