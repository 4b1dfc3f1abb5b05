"""Placement: each person puts a point on a plane with two labelled axes and named regions."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import DEFAULT_GROUPS, ResponseRow, buckets, by_group, check_unit, require_mapping
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


def _point(raw: Any, field: str) -> dict[str, float]:
    point = require_mapping(raw, "x", "y")
    return {"x": check_unit(point.get("x"), field=f"{field}.x"), "y": check_unit(point.get("y"), field=f"{field}.y")}


def validate(defn: Definition, raw: Any) -> dict[str, Any]:
    answer = require_mapping(raw, "now", "wanted")
    value: dict[str, Any] = {"now": _point(answer.get("now"), "now")}
    if answer.get("wanted") is not None:
        if not defn.ask_wanted:
            raise InvalidResponse("error.response_unknown_field", field="wanted")
        value["wanted"] = _point(answer["wanted"], "wanted")
    return value


def aggregate(defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
    """All points with their regions, and how many are in each region, in total and by group."""
    points = []
    counts = {r.id: {"total": 0, **{g: 0 for g in buckets(groups)}} for r in defn.regions}
    counts_wanted = {r.id: 0 for r in defn.regions}
    for group, group_rows in by_group(rows, groups).items():
        for row in group_rows:
            now = row.value["now"]
            region = defn.region_at(now["x"], now["y"])
            wanted = row.value.get("wanted")
            region_wanted = defn.region_at(wanted["x"], wanted["y"]) if wanted else None
            if region:
                counts[region]["total"] += 1
                counts[region][group] += 1
            if region_wanted:
                counts_wanted[region_wanted] += 1
            points.append(
                {
                    "pseudonym": row.pseudonym,
                    "group": group,
                    "now": now,
                    "wanted": wanted,
                    "region_now": region,
                    "region_wanted": region_wanted,
                }
            )
    points.sort(key=lambda p: p["pseudonym"])
    return {"n": len(rows), "points": points, "region_counts": counts, "region_counts_wanted": counts_wanted}
