"""Placement's kit definition and stored answer: a plane with two labelled axes and named regions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from brobygger.localised import Id, LocalText, StrictModel


class Axis(StrictModel):
    label: LocalText
    low: LocalText
    high: LocalText


class Axes(StrictModel):
    x: Axis
    y: Axis


class Region(StrictModel):
    id: Id
    ref: str | None = None
    label: LocalText | None = None
    description: LocalText | None = None
    x: tuple[float, float] = Field(description="from and to on the x axis, 0..1")
    y: tuple[float, float] = Field(description="from and to on the y axis, 0..1")

    @model_validator(mode="after")
    def _bounds(self) -> Region:
        for lo, hi in (self.x, self.y):
            if not (0 <= lo < hi <= 1):
                raise ValueError("a region's x and y must be [from, to] with 0 <= from < to <= 1")
        return self

    def contains(self, x: float, y: float) -> bool:
        """Half-open [from, to), closed at the plane's far edge, so a point on a shared border has one region."""

        def inside(v: float, lo: float, hi: float) -> bool:
            return lo <= v < hi or v == hi == 1

        return inside(x, *self.x) and inside(y, *self.y)


class Definition(StrictModel):
    type: Literal["placement"]
    prompt: LocalText
    axes: Axes
    regions: list[Region] = Field(min_length=1)
    ask_wanted: bool = False
    wanted_prompt: LocalText | None = None

    def region_at(self, x: float, y: float) -> str | None:
        """The first region holding the point; regions are checked in the kit's order."""
        for region in self.regions:
            if region.contains(x, y):
                return region.id
        return None


class Point(BaseModel):
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)


class Response(BaseModel):
    now: Point
    wanted: Point | None = None
