"""Text: a short written answer, limited in length."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, ClassVar, Literal

from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, Field

from brobygger.cells import table
from brobygger.exercises.base import clean_text, require_mapping
from brobygger.exercises.sheet import SheetContext
from brobygger.exercises.unit import CodebookLine, ExerciseRecord, ExerciseType, FigureView, ItemLabel, TextCards, TidyRow, root
from brobygger.groups import ResponseRow
from brobygger.localised import LocalText, StrictModel

#: Short phrases a simulated participant writes, per language (English for the others).
PHRASES = {
    "da": ["Mere tid til dialog", "Konkrete værktøjer", "Tidlig kontakt", "Fælles sprog", "Lederens rolle", "Korte møder"],
    "en": [
        "More time for dialogue",
        "Concrete tools",
        "Early contact",
        "A shared language",
        "The manager's role",
        "Short meetings",
    ],
}


def phrases(lang: str) -> list[str]:
    return PHRASES.get(lang, PHRASES["en"])


class Definition(StrictModel):
    type: Literal["text"]
    prompt: LocalText
    max_length: int = Field(default=280, ge=10, le=2000)


class Response(BaseModel):
    text: str = Field(min_length=1)


class Text(ExerciseType):
    """Short written answers, shown on the projector as cards, newest first."""

    name = "text"
    Definition = Definition
    Response = Response
    widget = Path(__file__).with_suffix(".js")
    example: ClassVar[dict[str, Any]] = {"type": "text", "prompt": {"da": "Skriv", "en": "Write"}, "max_length": 50}
    shows_as_text = True
    messages: ClassVar[dict[str, dict[str, str]]] = {
        "exercise.text": {"da": "Tekst", "en": "Text"},
        "phone.chars_left": {
            "da": "{n} tegn tilbage",
            "en": "{n} characters left",
            "sv": "{n} tecken kvar",
            "nn": "{n} teikn att",
        },
    }

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        answer = require_mapping(raw, "text")
        return {"text": clean_text(answer.get("text"), defn.max_length, field="text")}

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = ()) -> dict[str, Any]:
        ordered = sorted(rows, key=lambda r: (r.updated_at is None, r.updated_at), reverse=True)
        return {"n": len(rows), "texts": [{"pseudonym": r.pseudonym, "group": r.group, "text": r.value["text"]} for r in ordered]}

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        return {"text": rng.choice(phrases(lang))[: defn.max_length]}

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        return [TidyRow("text", "text", None, value["text"])]

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        return [ItemLabel("text", "text", root(defn.prompt))]

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        return [CodebookLine("text", "value_text", "The written answer, as the participant last saved it.")]

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> TextCards:
        return TextCards([row["text"] for row in summary["texts"]])

    def sheet(self, ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
        rows = [[a.pseudonym, c.group(a.group), a.value["text"], a.updated_at] for a in ex.answers]
        table(ws, 3, 1, [c("xl.pseudonym"), c("xl.group"), c("xl.text"), c("xl.changed")], rows)
