"""Assignment: what a kit writes (items by groups, two scales) and what an answer holds."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from brobygger.exercises.scales import Item, Scale
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    """Items (e.g. efforts) by groups (e.g. municipalities); each cell is rated on interest and capacity."""

    type: Literal["assignment"]
    prompt: LocalText
    #: What the rows are called on screens and in workbooks (e.g. "Insats"); a neutral word if left out.
    items_title: LocalText | None = None
    #: What the columns are called (e.g. "Kommun").
    groups_title: LocalText | None = None
    items: list[Item] = Field(min_length=1, max_length=30)
    groups: list[Item] = Field(min_length=1, max_length=12)
    interest: Scale
    capacity: Scale
    #: Whether the phone offers the decision part (the steering group's recorder ticks the decided cells).
    decision: bool = True

    @model_validator(mode="after")
    def _distinct(self) -> Definition:
        for what, entries in (("items", self.items), ("groups", self.groups)):
            ids = [e.id for e in entries]
            if len(set(ids)) != len(ids):
                raise ValueError(f"{what} need distinct ids")
        return self


class Response(BaseModel):
    #: {item: {group: {"interest": n, "capacity": n}}}; partial while a phone saves as it goes.
    ratings: dict[str, dict[str, dict[Literal["interest", "capacity"], int]]]
    #: {item: [group, ...]}: the cells the steering group decided; present only in the recorder's answer.
    decided: dict[str, list[str]] | None = None
