"""Placement: each person puts a point on a plane with two labelled axes and named regions."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, ClassVar

import plotly.graph_objects as go
from openpyxl.worksheet.worksheet import Worksheet

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import check_unit, require_mapping
from brobygger.exercises.placement.figure import plane_figure
from brobygger.exercises.placement.model import Definition, Response
from brobygger.exercises.placement.sheet import placement_sheet
from brobygger.exercises.sheet import SheetContext
from brobygger.exercises.unit import (
    Caption,
    CodebookLine,
    ExerciseRecord,
    ExerciseType,
    FigureView,
    ItemLabel,
    TidyRow,
    root,
    text,
)
from brobygger.groups import DEFAULT_GROUPS, ResponseRow, buckets, by_group
from brobygger.i18n import t


def _point(raw: Any, field: str) -> dict[str, float]:
    point = require_mapping(raw, "x", "y")
    return {"x": check_unit(point.get("x"), field=f"{field}.x"), "y": check_unit(point.get("y"), field=f"{field}.y")}


def _gauss_point(rng: random.Random, bias: float) -> dict[str, float]:
    return {
        "x": round(min(1.0, max(0.0, rng.gauss(bias, 0.18))), 3),
        "y": round(min(1.0, max(0.0, rng.gauss(bias, 0.18))), 3),
    }


class Placement(ExerciseType):
    """Each person puts a point on the plane ("now", and optionally "wanted")."""

    name = "placement"
    Definition = Definition
    Response = Response
    widget = Path(__file__).parent / "placement.js"
    example: ClassVar[dict[str, Any]] = {
        "type": "placement",
        "prompt": {"da": "Hvor står du?", "en": "Where are you?"},
        "ask_wanted": True,
        "axes": {
            "x": {
                "label": {"da": "Relation", "en": "Relationship"},
                "low": {"da": "kort", "en": "short"},
                "high": {"da": "varig", "en": "lasting"},
            },
            "y": {
                "label": {"da": "Forståelse", "en": "Understanding"},
                "low": {"da": "snæver", "en": "narrow"},
                "high": {"da": "nuanceret", "en": "nuanced"},
            },
        },
        "regions": [
            {"id": "low", "label": {"da": "Lav", "en": "Low"}, "x": [0, 0.5], "y": [0, 0.5]},
            {"id": "high", "label": {"da": "Høj", "en": "High"}, "x": [0.5, 1], "y": [0.5, 1]},
        ],
    }
    messages: ClassVar[dict[str, dict[str, str]]] = {
        "exercise.placement": {"da": "Placering", "en": "Placement"},
        "phone.now": {"da": "Nu", "en": "Now", "sv": "Nu", "nn": "No"},
        "phone.wanted": {"da": "Ønsket", "en": "Wanted", "sv": "Önskat", "nn": "Ønskt"},
        "phone.place_hint": {
            "da": "Tryk eller træk på fladen. Skyderne nedenfor virker også.",
            "en": "Tap or drag on the plane. The sliders below work too.",
            "sv": "Tryck eller dra på ytan. Reglagen nedan fungerar också.",
            "nn": "Trykk eller dra på flata. Glidebrytarane under fungerer òg.",
        },
        "phone.region": {"da": "Område: {region}", "en": "Area: {region}", "sv": "Område: {region}", "nn": "Område: {region}"},
        "phone.no_region": {
            "da": "Uden for de navngivne områder",
            "en": "Outside the named areas",
            "sv": "Utanför de namngivna områdena",
            "nn": "Utanfor dei namngjevne områda",
        },
        "phone.not_placed": {
            "da": "Ikke placeret endnu",
            "en": "Not placed yet",
            "sv": "Inte placerad än",
            "nn": "Ikkje plassert enno",
        },
        "present.region_counts": {"da": "Nu", "en": "Now", "sv": "Nu", "nn": "No"},
    }

    # ---------------------------------------------------------------- answers

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        answer = require_mapping(raw, "now", "wanted")
        value: dict[str, Any] = {"now": _point(answer.get("now"), "now")}
        if answer.get("wanted") is not None:
            if not defn.ask_wanted:
                raise InvalidResponse("error.response_unknown_field", field="wanted")
            value["wanted"] = _point(answer["wanted"], "wanted")
        return value

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
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

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        lean = 0.15 if group == "advisor" else 0.0
        answer: dict[str, Any] = {"now": _gauss_point(rng, 0.4 + lean)}
        if defn.ask_wanted:
            answer["wanted"] = _gauss_point(rng, 0.8)
        return answer

    # ---------------------------------------------------------------- research data

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        rows = []
        for which in ("now", "wanted"):
            point = value.get(which)
            if point:
                rows.append(TidyRow(which, "x", point["x"]))
                rows.append(TidyRow(which, "y", point["y"]))
                rows.append(TidyRow(which, "region", None, defn.region_at(point["x"], point["y"]) or ""))
        return rows

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        axes = {"x": defn.axes.x, "y": defn.axes.y}
        out = []
        for which in ("now", "wanted") if defn.ask_wanted else ("now",):
            for facet, axis in axes.items():
                out.append(ItemLabel(which, facet, root(axis.label), 0, 1, root(axis.low), root(axis.high)))
            regions = {lang: ", ".join(f"{r.id} = {r.label.get(lang)}" for r in defn.regions) for lang in defn.prompt.languages}
            out.append(ItemLabel(which, "region", regions))
        return out

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        return [
            CodebookLine("x", "value", "Position on the plane's x axis, 0 (low end) to 1 (high end); item now or wanted."),
            CodebookLine("y", "value", "Position on the plane's y axis, 0 (low end) to 1 (high end); item now or wanted."),
            CodebookLine("region", "value_text", "Id of the named region the point lies in; empty outside every region."),
        ]

    def value_labels(self, defn: Definition) -> dict[str, dict[str, dict[str, str]]]:
        return {"region": {r.id: root(r.label) for r in defn.regions}}

    # ---------------------------------------------------------------- projector

    def caption(self, defn: Definition, summary: dict[str, Any], lang: str) -> Caption:
        """How many stand in each region now, in the kit's language; the tooltip says it is 'now'."""
        counts = summary["region_counts"]
        line = " · ".join(f"{text(r.label, lang)}: {counts[r.id]['total']}" for r in defn.regions)
        return Caption(line, t("present.region_counts", lang))

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> go.Figure:
        return plane_figure(defn, summary, view)

    # ---------------------------------------------------------------- workbook

    def sheet(self, ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
        placement_sheet(ws, ex, c)
