"""Every item an exercise asks about, with its wording in each of the kit's languages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brobygger.localised import LocalText


@dataclass
class ItemLabel:
    item: str
    facet: str
    label: dict[str, str]
    scale_min: int | None = None
    scale_max: int | None = None
    low: dict[str, str] = field(default_factory=dict)
    high: dict[str, str] = field(default_factory=dict)


def _root(value: LocalText | None) -> dict[str, str]:
    return dict(value.root) if value is not None else {}


def item_labels(definition: Any) -> list[ItemLabel]:
    """One entry per (item, facet) that `records.flatten` can produce for this exercise."""
    kind = definition.type
    out: list[ItemLabel] = []
    if kind == "placement":
        axes = {"x": definition.axes.x, "y": definition.axes.y}
        for which in ("now", "wanted") if definition.ask_wanted else ("now",):
            for facet, axis in axes.items():
                out.append(ItemLabel(which, facet, _root(axis.label), 0, 1, _root(axis.low), _root(axis.high)))
            out.append(
                ItemLabel(
                    which,
                    "region",
                    {
                        lang: ", ".join(f"{r.id} = {r.label.get(lang)}" for r in definition.regions)
                        for lang in definition.prompt.languages
                    },
                )
            )
    elif kind == "matrix":
        for statement in definition.statements:
            for scale in definition.scales:
                label = {
                    lang: f"{statement.label.get(lang)} | {scale.label.get(lang) if scale.label else scale.id}"
                    for lang in definition.prompt.languages
                }
                out.append(ItemLabel(statement.id, scale.id, label, scale.min, scale.max, _root(scale.low), _root(scale.high)))
    elif kind == "choice":
        out += [ItemLabel(o.id, "chosen", _root(o.label), 0, 1) for o in definition.options]
    elif kind == "scale":
        scale = definition.scale
        out.append(
            ItemLabel("value", scale.id, _root(definition.prompt), scale.min, scale.max, _root(scale.low), _root(scale.high))
        )
    elif kind == "text":
        out.append(ItemLabel("text", "text", _root(definition.prompt)))
    elif kind == "ranking":
        out += [ItemLabel(i.id, "rank", _root(i.label), 1, len(definition.items)) for i in definition.items]
    elif kind == "evaluation":
        scale = definition.scale
        out += [
            ItemLabel(i.id, "rating", _root(i.label), scale.min, scale.max, _root(scale.low), _root(scale.high))
            for i in definition.items
        ]
        out += [ItemLabel(q.id, "answer", _root(q.label)) for q in definition.questions]
    elif kind == "actions":
        for number in range(1, definition.max_actions + 1):
            for facet in ("what", "who", "organisation", "due"):
                out.append(ItemLabel(f"action{number}", facet, _root(definition.prompt)))
    return out
