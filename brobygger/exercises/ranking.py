"""Ranking: put every item in order; the summary is each item's mean rank."""

from __future__ import annotations

import statistics
from typing import Any, Literal

from pydantic import Field

from brobygger.errors import InvalidResponse
from brobygger.exercises.base import ResponseRow, require_mapping
from brobygger.exercises.scales import Item
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["ranking"]
    prompt: LocalText
    items: list[Item] = Field(min_length=2, max_length=20)


def validate(defn: Definition, raw: Any) -> dict[str, Any]:
    answer = require_mapping(raw, "order")
    order = answer.get("order")
    known = {i.id for i in defn.items}
    if not isinstance(order, list) or not order:
        raise InvalidResponse("error.response_empty")
    if any(o not in known for o in order):
        raise InvalidResponse("error.response_unknown_item", item=str(next(o for o in order if o not in known))[:40])
    if len(set(order)) != len(order):
        raise InvalidResponse("error.response_duplicate")
    if len(order) != len(known):
        raise InvalidResponse("error.response_rank_all", count=len(known))
    return {"order": list(order)}


def aggregate(defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = ()) -> dict[str, Any]:
    items = []
    for item in defn.items:
        ranks = [r.value["order"].index(item.id) + 1 for r in rows]
        items.append({"id": item.id, "mean_rank": round(statistics.fmean(ranks), 3) if ranks else None, "n": len(ranks)})
    items.sort(key=lambda i: (i["mean_rank"] is None, i["mean_rank"]))
    return {"n": len(rows), "items": items}
