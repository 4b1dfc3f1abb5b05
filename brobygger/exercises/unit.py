"""What an exercise type is made of. Each type subclasses `ExerciseType` in its own module and fills every part.

The parts, and who uses them:
- `Definition` (kit files) and `Response` (a stored answer): pydantic models;
- `validate` (phone answers), `aggregate` (projector, console, workbooks);
- `tidy_rows`, `item_labels`, `codebook` and `value_labels` (research data: responses.csv, items.csv, facets.csv),
  and optionally `tables` (extra tidy files such as decisions.csv);
- `sample_answer` (demo, tests, benches);
- `figure` (projector), `sheet` (workbooks), `widget` (the phone's JS), `messages` (the type's own texts).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from pydantic import BaseModel

from brobygger.groups import DEFAULT_GROUPS, ResponseRow
from brobygger.localised import LocalText, text_of

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from openpyxl.worksheet.worksheet import Worksheet

    from brobygger.exercises.sheet import SheetContext


class AnswerLike(Protocol):
    pseudonym: str
    group: str | None
    value: dict[str, Any]
    updated_at: Any


class ExerciseRecord(Protocol):
    """What a workbook sheet is given: a run's definition, title and answers (brobygger.records has the real one)."""

    definition: Any
    title: dict[str, str]
    answers: list[Any]

    def summary(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class TidyRow:
    """One (item, facet) of an answer in long form: a number or a text, never both."""

    item: str
    facet: str
    number: float | None
    text: str = ""


@dataclass
class ItemLabel:
    """An (item, facet) an exercise can produce, with its wording in each of the kit's languages."""

    item: str
    facet: str
    label: dict[str, str]
    scale_min: int | None = None
    scale_max: int | None = None
    low: dict[str, str] = field(default_factory=dict)
    high: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CodebookLine:
    """What one facet of a type means in responses.csv, and whether it fills `value` or `value_text`."""

    facet: str
    column: str  # "value" or "value_text"
    meaning: str


@dataclass(frozen=True)
class FigureView:
    """How the projector wants a figure: languages, height, the programme's groups, an earlier run to compare with,
    and whether to split it by group."""

    lang: str
    fallback: str = "en"
    height: int = 760
    groups: list[dict[str, Any]] | None = None
    earlier: Any = None
    by_group: bool = False  # the moderator asked for the results split by participant group


@dataclass(frozen=True)
class Caption:
    """A line above the projector's figure, with an optional tooltip."""

    text: str
    help: str | None = None


@dataclass(frozen=True)
class TextCards:
    """Answers shown as plain-text cards on the projector (never as markdown or HTML)."""

    entries: list[str]


REQUIRED_METHODS = (
    "validate",
    "aggregate",
    "tidy_rows",
    "item_labels",
    "codebook",
    "sample_answer",
    "figure",
    "sheet",
)


def text(value: LocalText | dict[str, str] | None, lang: str, fallback: str = "en") -> str:
    """A kit text in `lang` (else the fallback, else its first language); empty for None."""
    return text_of(value, lang, fallback)


def root(value: LocalText | None) -> dict[str, str]:
    """A kit text as a plain {language: text} dict (empty for None)."""
    return dict(value.root) if value is not None else {}


class ExerciseType:
    """Base class of every exercise type. A subclass that leaves a part out is refused at registration."""

    name: ClassVar[str]
    Definition: ClassVar[type[BaseModel]]
    Response: ClassVar[type[BaseModel]]
    #: The phone widget: a JS file that calls registerWidget(name, build).
    widget: ClassVar[Path]
    #: The type's own texts, each in every UI language; at least `exercise.<name>`, its name on screens.
    messages: ClassVar[dict[str, dict[str, str]]]
    #: An example definition as a kit file writes it (Danish and English): the docs and the conformance test use it.
    example: ClassVar[dict[str, Any]]
    #: Facets the projector deliberately leaves off the wall (e.g. an evaluation's open answers).
    not_on_projector: ClassVar[frozenset[str]] = frozenset()
    #: Shown on the projector as text cards (its `figure` returns TextCards), not as a chart.
    shows_as_text: ClassVar[bool] = False
    #: the figure can be split by participant group on the moderator's demand (FigureView.by_group)
    splits_by_group: ClassVar[bool] = False

    def validate(self, defn: Any, raw: Any) -> dict[str, Any]:
        """The cleaned answer, or InvalidResponse with a message key the phone can show."""
        raise NotImplementedError

    def aggregate(self, defn: Any, rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, Any]:
        """The summary screens and workbooks show, split by the programme's groups."""
        raise NotImplementedError

    def tidy_rows(self, defn: Any, value: dict[str, Any]) -> list[TidyRow]:
        """An answer as long-format rows: one per (item, facet)."""
        raise NotImplementedError

    def item_labels(self, defn: Any) -> list[ItemLabel]:
        """One entry per (item, facet) that `tidy_rows` can produce."""
        raise NotImplementedError

    def codebook(self, defn: Any) -> list[CodebookLine]:
        """What each facet `tidy_rows` writes for this definition means."""
        raise NotImplementedError

    def value_labels(self, defn: Any) -> dict[str, dict[str, dict[str, str]]]:
        """Coded text values by facet: {facet: {code: {language: label}}} (e.g. placement regions)."""
        return {}

    def tables(self, defn: Any, summary: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        """Extra tidy tables for the research zip, by file name without .csv (e.g. an assignment's decisions)."""
        return {}

    def sample_answer(self, defn: Any, rng: random.Random, *, lang: str = "da", group: str | None = None) -> dict[str, Any]:
        """A plausible answer that passes `validate`, for the demo, tests and benches."""
        raise NotImplementedError

    def figure(self, defn: Any, summary: dict[str, Any], view: FigureView) -> go.Figure | TextCards:
        """What the projector draws for the summary."""
        raise NotImplementedError

    def caption(self, defn: Any, summary: dict[str, Any], lang: str) -> Caption | None:
        """An optional line above the figure (e.g. how many stand in each region)."""
        return None

    def sheet(self, ws: Worksheet, exercise: ExerciseRecord, c: SheetContext) -> None:
        """The type's workbook sheet below its title row: one row per answer, a summary and a chart."""
        raise NotImplementedError
