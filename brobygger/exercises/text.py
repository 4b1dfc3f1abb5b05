"""Text: a short written answer, limited in length."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from brobygger.exercises.base import ResponseRow, clean_text, require_mapping
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["text"]
    prompt: LocalText
    max_length: int = Field(default=280, ge=10, le=2000)


def validate(defn: Definition, raw: Any) -> dict[str, Any]:
    answer = require_mapping(raw, "text")
    return {"text": clean_text(answer.get("text"), defn.max_length, field="text")}


def aggregate(defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = ()) -> dict[str, Any]:
    ordered = sorted(rows, key=lambda r: (r.updated_at is None, r.updated_at), reverse=True)
    return {
        "n": len(rows),
        "texts": [{"pseudonym": r.pseudonym, "group": r.group, "text": r.value["text"]} for r in ordered],
    }
