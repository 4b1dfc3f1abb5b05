"""An exercise type from outside Brobygger: a word cloud of short answers.

It lives in its own package and joins through the entry point in its dist-info, exactly as a
third-party package would; the conformance test installs it and plays it through every output.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any, ClassVar, Literal

import plotly.graph_objects as go
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, Field

from brobygger.cells import table
from brobygger.errors import InvalidResponse
from brobygger.exercises.base import clean_text, require_mapping
from brobygger.exercises.figure import layout
from brobygger.exercises.sheet import SheetContext, answers_with_means
from brobygger.exercises.unit import CodebookLine, ExerciseRecord, ExerciseType, FigureView, ItemLabel, TidyRow, root
from brobygger.groups import ResponseRow
from brobygger.localised import LocalText, StrictModel

WORDS = {"da": ["tillid", "dialog", "tid", "ro", "overblik"], "en": ["trust", "dialogue", "time", "calm", "overview"]}


class Definition(StrictModel):
    type: Literal["wordcloud"]
    prompt: LocalText
    max_words: int = Field(default=3, ge=1, le=5)
    max_length: int = Field(default=30, ge=3, le=60)


class Response(BaseModel):
    words: list[str] = Field(min_length=1)


class WordCloud(ExerciseType):
    """Each person gives up to a few words; the wall shows the words, larger the more people gave them."""

    name = "wordcloud"
    Definition = Definition
    Response = Response
    widget = Path(__file__).parent / "wordcloud.js"
    example: ClassVar[dict[str, Any]] = {"type": "wordcloud", "prompt": {"da": "Ét ord om i dag", "en": "One word about today"}}
    messages: ClassVar[dict[str, dict[str, str]]] = {
        "exercise.wordcloud": {"da": "Ordsky", "en": "Word cloud"},
        "phone.wordcloud_word": {"da": "Ord {n}", "en": "Word {n}"},
    }

    def validate(self, defn: Definition, raw: Any) -> dict[str, Any]:
        answer = require_mapping(raw, "words")
        words = answer.get("words")
        if not isinstance(words, list) or not words:
            raise InvalidResponse("error.response_empty")
        if len(words) > defn.max_words:
            raise InvalidResponse("error.response_too_many", max=defn.max_words)
        return {"words": [clean_text(w, defn.max_length, field="words").lower() for w in words]}

    def aggregate(self, defn: Definition, rows: list[ResponseRow], groups: tuple[str, ...] = ()) -> dict[str, Any]:
        counts = Counter(word for row in rows for word in row.value["words"])
        return {
            "n": len(rows),
            "words": [{"word": w, "count": c} for w, c in sorted(counts.items(), key=lambda p: (-p[1], p[0]))],
        }

    def sample_answer(
        self, defn: Definition, rng: random.Random, *, lang: str = "da", group: str | None = None
    ) -> dict[str, Any]:
        return {"words": rng.sample(WORDS.get(lang, WORDS["en"]), rng.randint(1, min(defn.max_words, 3)))}

    def tidy_rows(self, defn: Definition, value: dict[str, Any]) -> list[TidyRow]:
        return [TidyRow(f"word{n}", "word", None, word) for n, word in enumerate(value["words"], start=1)]

    def item_labels(self, defn: Definition) -> list[ItemLabel]:
        return [ItemLabel(f"word{n}", "word", root(defn.prompt)) for n in range(1, defn.max_words + 1)]

    def codebook(self, defn: Definition) -> list[CodebookLine]:
        return [CodebookLine("word", "value_text", "One word the participant gave (lower case), item word1, word2 ...")]

    def figure(self, defn: Definition, summary: dict[str, Any], view: FigureView) -> go.Figure:
        words = summary["words"][:40]
        top = max((w["count"] for w in words), default=1)
        fig = go.Figure(
            go.Scatter(
                x=[(i % 5) + 0.5 for i in range(len(words))],
                y=[-(i // 5) for i in range(len(words))],
                mode="text",
                text=[w["word"] for w in words],
                textfont={"size": [28 + 40 * w["count"] / top for w in words]},
                customdata=[w["count"] for w in words],
                hovertemplate="%{text}: %{customdata}<extra></extra>",
            )
        )
        fig.update_xaxes(visible=False, range=[0, 5], fixedrange=True)
        fig.update_yaxes(visible=False, fixedrange=True)
        return layout(fig, view.height)

    def sheet(self, ws: Worksheet, ex: ExerciseRecord, c: SheetContext) -> None:
        d = ex.definition
        header = [c("xl.pseudonym"), c("xl.group")] + [f"{c('exercise.wordcloud')} {n}" for n in range(1, d.max_words + 1)]
        rows = [
            [a.pseudonym, c.group(a.group)] + (a.value["words"] + [""] * d.max_words)[: d.max_words] + [a.updated_at]
            for a in ex.answers
        ]
        body = [[w["word"], w["count"]] for w in ex.summary()["words"]]
        answers_with_means(ws, c.text(ex.title), header + [c("xl.changed")], rows, [c("xl.item"), c("xl.count")], body, c)


__all__ = ["WordCloud", "table"]
