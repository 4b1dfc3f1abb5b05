"""Actions: commitments made in a meeting (what, who, by when), carried to the next meeting."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any, ClassVar, Literal

from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, Field

from brobygger.cells import table
from brobygger.errors import InvalidResponse
from brobygger.exercises.base import clean_text, require_mapping
from brobygger.exercises.sheet import SheetContext
from brobygger.exercises.text import phrases
from brobygger.exercises.unit import CodebookLine, ExerciseRecord, ExerciseType, FigureView, ItemLabel, TextCards, TidyRow, root
from brobygger.groups import ResponseRow
from brobygger.localised import LocalText, StrictModel


class Definition(StrictModel):
    type: Literal["actions"]
    prompt: LocalText
    max_actions: int = Field(default=3, ge=1, le=10)


def _due(raw: Any) -> str | None:
    if raw in (None, ""):
        return None
    if not isinstance(raw, str):
        raise InvalidResponse("error.response_bad_date", field="due")
    try:
        return dt.date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        raise InvalidResponse("error.response_bad_date", field="due") from None


FACETS = ("what", "who", "organisation", "due")


class Action(BaseModel):
    what: str = Field(min_length=1)
    who: str
    organisation: str
    due: str | None


class Response(BaseModel):
    actions: list[Action] = Field(min_length=1)


class Actions(ExerciseType):
    """Commitments (what, who, by when); they become the programme's actions and come back at the next meeting."""

    name = "actions"
    Definition = Definition
    Response = Response
    widget = Path(__file__).with_suffix(".js")
    example: ClassVar[dict[str, Any]] = {
        "type": "actions",
        "prompt": {"da": "Hvad gør du?", "en": "What will you do?"},
        "max_actions": 2,
    }
    shows_as_text = True
    messages: ClassVar[dict[str, dict[str, str]]] = {
        "exercise.actions": {"da": "Handlinger", "en": "Actions"},
        "phone.add_action": {
            "da": "Tilføj en handling",
            "en": "Add an action",
            "sv": "Lägg till en åtgärd",
            "nn": "Legg til eit tiltak",
        },
        "phone.remove": {"da": "Fjern", "en": "Remove", "sv": "Ta bort", "nn": "Fjern"},
        "phone.action_what": {
            "da": "Hvad vil du gøre?",
            "en": "What will you do?",
            "sv": "Vad ska du göra?",
            "nn": "Kva skal du gjere?",
        },
        "phone.action_who": {"da": "Hvem gør det?", "en": "Who does it?", "sv": "Vem gör det?", "nn": "Kven gjer det?"},
        "phone.action_org": {"da": "Organisation", "en": "Organisation", "sv": "Organisation", "nn": "Organisasjon"},
        "phone.action_due": {"da": "Senest", "en": "By", "sv": "Senast", "nn": "Innan"},
    }

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        answer = require_mapping(raw, "actions")
        actions = answer.get("actions")
        if not isinstance(actions, list) or not actions:
            raise InvalidResponse("error.response_empty")
        if len(actions) > defn.max_actions:
            raise InvalidResponse("error.response_too_many", max=defn.max_actions)
        clean = []
        for action in actions:
            action = require_mapping(action, "what", "who", "organisation", "due")
            clean.append(
                {
                    "what": clean_text(action.get("what"), 300, field="what"),
                    "who": clean_text(action.get("who"), 120, field="who", required=False),
                    "organisation": clean_text(action.get("organisation"), 120, field="organisation", required=False),
                    "due": _due(action.get("due")),
                }
            )
        return {"actions": clean}

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = ()) -> dict[str, Any]:
        actions = [
            {"pseudonym": r.pseudonym, "group": r.group, **action}
            for r in sorted(rows, key=lambda r: r.pseudonym)
            for action in r.value["actions"]
        ]
        return {"n": len(rows), "actions": actions}

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        due = dt.date.today() + dt.timedelta(days=rng.randint(14, 60))
        return {"actions": [{"what": rng.choice(phrases(lang)), "who": "", "organisation": "", "due": due.isoformat()}]}

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        return [
            TidyRow(f"action{number}", facet, None, action.get(facet) or "")
            for number, action in enumerate(value["actions"], start=1)
            for facet in FACETS
        ]

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        return [ItemLabel(f"action{n}", facet, root(defn.prompt)) for n in range(1, defn.max_actions + 1) for facet in FACETS]

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        return [
            CodebookLine("what", "value_text", "What the participant will do (item action1, action2 ...)."),
            CodebookLine("who", "value_text", "Who does it; may be empty."),
            CodebookLine("organisation", "value_text", "Which organisation; may be empty."),
            CodebookLine("due", "value_text", "By when (YYYY-MM-DD); may be empty."),
        ]

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> TextCards:
        return TextCards(
            [" · ".join(filter(None, [a["what"], a["who"], a["organisation"], a["due"] or ""])) for a in summary["actions"]]
        )

    def sheet(self, ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
        rows = [
            [
                a.pseudonym,
                c.group(a.group),
                action["what"],
                action["who"],
                action["organisation"],
                dt.date.fromisoformat(action["due"]) if action["due"] else None,
                a.updated_at,
            ]
            for a in ex.answers
            for action in a.value["actions"]
        ]
        header = [c("xl.pseudonym"), c("xl.group"), c("xl.what"), c("xl.who"), c("xl.organisation"), c("xl.due"), c("xl.changed")]
        table(ws, 3, 1, header, rows)
