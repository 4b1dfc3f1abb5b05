"""A rating scale as kits declare it; shared by the matrix, scale and evaluation types."""

from __future__ import annotations

from pydantic import model_validator

from brobygger.localised import Id, LocalText, StrictModel


class Scale(StrictModel):
    id: Id = "rating"
    label: LocalText | None = None
    min: int = 1
    max: int = 5
    low: LocalText
    high: LocalText

    @model_validator(mode="after")
    def _range(self) -> Scale:
        if not (0 <= self.min < self.max <= 10):
            raise ValueError("a scale needs 0 <= min < max <= 10")
        return self


class Item(StrictModel):
    """An option, a thing to rank or a question: an id and its text."""

    id: Id
    ref: str | None = None
    label: LocalText | None = None
    note: LocalText | None = None
