"""Assignment: which groups (e.g. municipalities) carry out which items (e.g. efforts).

Everyone rates each cell they answer for on interest and capacity; the steering group's decision is
recorded on one phone, by the person the steering group names, and the latest decision saved counts.
The projector shows an interest-versus-capacity scatter per item and the decided table beside it.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, ClassVar

import plotly.graph_objects as go
from openpyxl.worksheet.worksheet import Worksheet

from brobygger.errors import InvalidResponse
from brobygger.exercises.assignment.figure import assignment_figure
from brobygger.exercises.assignment.model import Definition, Response
from brobygger.exercises.assignment.sheet import assignment_sheet
from brobygger.exercises.base import check_int, number_summary, require_mapping
from brobygger.exercises.sheet import SheetContext
from brobygger.exercises.unit import Caption, CodebookLine, ExerciseRecord, ExerciseType, FigureView, ItemLabel, TidyRow, root
from brobygger.groups import DEFAULT_GROUPS, ResponseRow
from brobygger.i18n import t

FACETS = ("interest", "capacity")


def cell_id(item: str, group: str) -> str:
    """A cell's id in the research files: the item, a dot, the group (ids never hold a dot)."""
    return f"{item}.{group}"


def decision_row(rows: list[ResponseRow]) -> ResponseRow | None:
    """The answer whose decision counts: the latest saved that carries one (the recorder's)."""
    deciding = [(n, r) for n, r in enumerate(rows) if r.value.get("decided") is not None]
    if not deciding:
        return None
    return max(deciding, key=lambda pair: (pair[1].updated_at is not None, pair[1].updated_at or 0, pair[0]))[1]


class Assignment(ExerciseType):
    """Items by groups: interest and capacity per cell, and the decision who carries out what."""

    name = "assignment"
    Definition = Definition
    Response = Response
    widget = Path(__file__).parent / "assignment.js"
    example: ClassVar[dict[str, Any]] = {
        "type": "assignment",
        "prompt": {"da": "Hvem kan løfte hvad?", "en": "Who can take on what?"},
        "items_title": {"da": "Indsats", "en": "Effort"},
        "groups_title": {"da": "Kommune", "en": "Municipality"},
        "items": [
            {"id": "e1", "label": {"da": "Første indsats", "en": "First effort"}},
            {"id": "e2", "label": {"da": "Anden indsats", "en": "Second effort"}},
        ],
        "groups": [
            {"id": "north", "label": {"da": "Nord", "en": "North"}},
            {"id": "south", "label": {"da": "Syd", "en": "South"}},
        ],
        "interest": {
            "label": {"da": "Interesse", "en": "Interest"},
            "low": {"da": "ingen", "en": "none"},
            "high": {"da": "stor", "en": "great"},
        },
        "capacity": {
            "label": {"da": "Kapacitet", "en": "Capacity"},
            "low": {"da": "ingen", "en": "none"},
            "high": {"da": "god", "en": "ample"},
        },
    }
    messages: ClassVar[dict[str, dict[str, str]]] = {
        "exercise.assignment": {"da": "Fordeling", "en": "Assignment", "sv": "Fördelning", "nn": "Fordeling"},
        "phone.assign_for": {"da": "Du svarer for", "en": "You answer for", "sv": "Du svarar för", "nn": "Du svarar for"},
        "phone.assign_done": {
            "da": "{done} af {total} vurderet for {group}",
            "en": "{done} of {total} rated for {group}",
            "sv": "{done} av {total} bedömda för {group}",
            "nn": "{done} av {total} vurderte for {group}",
        },
        "phone.assign_decide": {
            "da": "Styregruppens beslutning (kun den, der fører den til referat)",
            "en": "The steering group's decision (only the person who records it)",
            "sv": "Styrgruppens beslut (bara den som för in beslutet)",
            "nn": "Vedtaket til styringsgruppa (berre den som fører det inn)",
        },
        "phone.assign_decide_help": {
            "da": "Sæt kryds ved dem, der skal udføre hvert punkt. Den senest gemte beslutning er den, der gælder.",
            "en": "Tick who carries out each item. The decision saved last is the one that counts.",
            "sv": "Kryssa för vilka som genomför varje punkt. Det beslut som sparades senast är det som gäller.",
            "nn": "Kryss av for kven som gjennomfører kvart punkt. Vedtaket som sist vart lagra, er det som gjeld.",
        },
        "chart.assign_decided": {"da": "Besluttet", "en": "Decided", "sv": "Beslutat", "nn": "Vedteke"},
        "chart.assign_none": {"da": "ingen endnu", "en": "none yet", "sv": "ingen än", "nn": "ingen enno"},
        "chart.assign_by": {
            "da": "Beslutning gemt fra {who}",
            "en": "Decision saved by {who}",
            "sv": "Beslutet sparat av {who}",
            "nn": "Vedtaket lagra av {who}",
        },
        "chart.assign_item": {"da": "Punkt", "en": "Item", "sv": "Punkt", "nn": "Punkt"},
        "chart.assign_group": {"da": "Udføres af", "en": "Carried out by", "sv": "Genomförs av", "nn": "Blir gjennomført av"},
        "xl.assign_yes": {"da": "1 = besluttet", "en": "1 = decided", "sv": "1 = beslutat", "nn": "1 = vedteke"},
    }

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        """Ratings may be partial; each must be in its scale, for a known item and group. A decision only where asked."""
        answer = require_mapping(raw, "ratings", "decided")
        items, groups = {i.id for i in defn.items}, {g.id for g in defn.groups}
        scales = {"interest": defn.interest, "capacity": defn.capacity}
        ratings = answer.get("ratings") or {}
        if not isinstance(ratings, dict):
            raise InvalidResponse("error.response_shape")
        clean: dict[str, dict[str, dict[str, int]]] = {}
        for item, per_group in ratings.items():
            if item not in items:
                raise InvalidResponse("error.response_unknown_item", item=str(item)[:40])
            if not isinstance(per_group, dict):
                raise InvalidResponse("error.response_shape")
            for group, per_scale in per_group.items():
                if group not in groups:
                    raise InvalidResponse("error.response_unknown_item", item=str(group)[:40])
                if not isinstance(per_scale, dict):
                    raise InvalidResponse("error.response_shape")
                for facet, value in per_scale.items():
                    if facet not in scales:
                        raise InvalidResponse("error.response_unknown_item", item=str(facet)[:40])
                    if value is None:
                        continue
                    scale = scales[facet]
                    field = f"{cell_id(item, group)}.{facet}"
                    clean.setdefault(item, {}).setdefault(group, {})[facet] = check_int(value, scale.min, scale.max, field=field)
        value: dict[str, Any] = {
            "ratings": {
                i.id: {g.id: clean[i.id][g.id] for g in defn.groups if g.id in clean[i.id]} for i in defn.items if i.id in clean
            }
        }
        decided = answer.get("decided")
        if decided is not None:
            if not defn.decision:
                raise InvalidResponse("error.response_unknown_field", field="decided")
            if not isinstance(decided, dict):
                raise InvalidResponse("error.response_shape")
            for item, chosen in decided.items():
                if item not in items:
                    raise InvalidResponse("error.response_unknown_item", item=str(item)[:40])
                if not isinstance(chosen, list) or any(not isinstance(g, str) for g in chosen):
                    raise InvalidResponse("error.response_shape")
                for group in chosen:
                    if group not in groups:
                        raise InvalidResponse("error.response_unknown_item", item=str(group)[:40])
            value["decided"] = {
                i.id: [g.id for g in defn.groups if g.id in decided.get(i.id, [])] for i in defn.items if i.id in decided
            }
        if not value["ratings"] and "decided" not in value:
            raise InvalidResponse("error.response_empty")
        return value

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
        """Per cell: n and means of interest and capacity, and whether it is decided (by the latest decision saved)."""
        recorder = decision_row(rows)
        decided = recorder.value["decided"] if recorder else {}
        cells = []
        for item in defn.items:
            for group in defn.groups:
                given = [r.value["ratings"].get(item.id, {}).get(group.id, {}) for r in rows]
                summaries = {f: number_summary([g[f] for g in given if f in g]) for f in FACETS}
                cells.append(
                    {
                        "item": item.id,
                        "group": group.id,
                        "n": max(s["n"] for s in summaries.values()),
                        "interest": summaries["interest"]["mean"],
                        "capacity": summaries["capacity"]["mean"],
                        "decided": group.id in decided.get(item.id, []),
                    }
                )
        return {
            "n": len(rows),
            "cells": cells,
            "has_decision": recorder is not None,
            "decided_by": recorder.pseudonym if recorder else None,
        }

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        """Someone answering for their own group (or one at random), and now and then the recorder's decision."""
        ids = [g.id for g in defn.groups]
        mine = group if group in ids else rng.choice(ids)

        def rate(scale: Any) -> int:
            return min(scale.max, max(scale.min, round(rng.gauss((scale.min + scale.max) / 2, 1.2))))

        value: dict[str, Any] = {
            "ratings": {i.id: {mine: {"interest": rate(defn.interest), "capacity": rate(defn.capacity)}} for i in defn.items}
        }
        if defn.decision and rng.random() < 0.4:
            value["decided"] = {i.id: [g for g in ids if rng.random() < 0.3] for i in defn.items}
        return value

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        rows = [
            TidyRow(cell_id(item, group), facet, rating)
            for item, per_group in value["ratings"].items()
            for group, per_scale in per_group.items()
            for facet, rating in per_scale.items()
        ]
        decided = value.get("decided")
        if decided is not None:
            rows += [
                TidyRow(cell_id(item, group.id), "decided", 1 if group.id in decided.get(item, []) else 0)
                for item in decided
                for group in defn.groups
            ]
        return rows

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        out = []
        languages = defn.prompt.languages
        for item in defn.items:
            for group in defn.groups:
                cell = {
                    lang: f"{item.label.get(lang) if item.label else item.id} | {group.label.get(lang) if group.label else group.id}"
                    for lang in languages
                }
                for facet, scale in (("interest", defn.interest), ("capacity", defn.capacity)):
                    label = {lang: f"{cell[lang]} | {scale.label.get(lang) if scale.label else facet}" for lang in languages}
                    out.append(
                        ItemLabel(
                            cell_id(item.id, group.id), facet, label, scale.min, scale.max, root(scale.low), root(scale.high)
                        )
                    )
                if defn.decision:
                    label = {lang: f"{cell[lang]} | {t('chart.assign_decided', lang)}" for lang in languages}
                    out.append(ItemLabel(cell_id(item.id, group.id), "decided", label, 0, 1))
        return out

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        lines = [
            CodebookLine(
                "interest",
                "value",
                f"Interest in carrying out the item (item = item.group), {defn.interest.min} to {defn.interest.max}.",
            ),
            CodebookLine(
                "capacity", "value", f"Capacity to carry it out (item = item.group), {defn.capacity.min} to {defn.capacity.max}."
            ),
        ]
        if defn.decision:
            lines.append(
                CodebookLine(
                    "decided",
                    "value",
                    "The steering group's decision as its recorder saved it: 1 = this group carries out this item, 0 = not. "
                    "Only the latest decision saved counts (decisions.csv).",
                )
            )
        return lines

    def tables(self, defn: Definition, summary: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        """decisions.csv: one row per (item, group) with the decision and the mean ratings."""
        return {
            "decisions": [
                {
                    "item": cell["item"],
                    "group": cell["group"],
                    "decided": (1 if cell["decided"] else 0) if summary["has_decision"] else None,
                    "interest_mean": cell["interest"],
                    "capacity_mean": cell["capacity"],
                    "n": cell["n"],
                }
                for cell in summary["cells"]
            ]
        }

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> go.Figure:
        return assignment_figure(defn, summary, view)

    def caption(self, defn: Definition, summary: dict[str, Any], lang: str) -> Caption | None:
        """Whose phone the decision on the wall came from."""
        return Caption(t("chart.assign_by", lang, who=summary["decided_by"])) if summary.get("decided_by") else None

    def sheet(self, ws: Worksheet, exercise: ExerciseRecord, c: SheetContext) -> None:
        assignment_sheet(ws, exercise, c)
