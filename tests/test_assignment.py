"""The assignment type: ratings per cell, the recorder's decision (the latest saved counts), the projector's
table and scatter, the workbook's decision table and decisions.csv."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest

from brobygger import exercises
from brobygger.errors import InvalidResponse
from brobygger.exercises import registry
from brobygger.exercises.unit import FigureView
from brobygger.export.meeting_workbook import meeting_workbook
from brobygger.export.tidy import tidy_zip
from brobygger.groups import ResponseRow
from brobygger.records import Answer, ExerciseRecord, MeetingRecord

UNIT = registry.get("assignment")
DEFN = exercises.parse_definition(UNIT.example)
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _row(pseudonym: str, value: dict, minutes: int) -> ResponseRow:
    return ResponseRow(pseudonym, None, exercises.validate_response(DEFN, value), T0 + dt.timedelta(minutes=minutes))


ROWS = [
    _row("P01", {"ratings": {"e1": {"north": {"interest": 5, "capacity": 4}}, "e2": {"north": {"interest": 2}}}}, 1),
    _row("P02", {"ratings": {"e1": {"north": {"interest": 3, "capacity": 2}, "south": {"interest": 4, "capacity": 5}}}}, 2),
    # the recorder saves a decision twice: first e1 to both, later only north; the later one counts
    _row("P03", {"ratings": {}, "decided": {"e1": ["north"], "e2": []}}, 9),
    _row("P04", {"ratings": {}, "decided": {"e1": ["north", "south"]}}, 5),
]


def _cell(summary: dict, item: str, group: str) -> dict:
    return next(c for c in summary["cells"] if c["item"] == item and c["group"] == group)


def test_means_per_cell_and_the_latest_decision_counts():
    summary = exercises.aggregate(DEFN, ROWS)
    assert _cell(summary, "e1", "north") | {} == {
        "item": "e1",
        "group": "north",
        "n": 2,
        "interest": 4.0,
        "capacity": 3.0,
        "decided": True,
    }
    assert _cell(summary, "e1", "south")["decided"] is False  # P04's earlier decision is replaced by P03's
    assert _cell(summary, "e2", "north")["interest"] == 2.0 and _cell(summary, "e2", "north")["capacity"] is None
    assert summary["decided_by"] == "P03" and summary["has_decision"] is True
    assert UNIT.caption(DEFN, summary, "sv").text == "Beslutet sparat av P03"


def test_without_any_decision_nothing_is_decided_and_the_table_says_so():
    summary = exercises.aggregate(DEFN, ROWS[:2])
    assert not any(c["decided"] for c in summary["cells"]) and summary["has_decision"] is False
    figure = json.loads(UNIT.figure(DEFN, summary, FigureView(lang="en")).to_json())
    table = next(trace for trace in figure["data"] if trace["type"] == "table")
    assert table["cells"]["values"][1] == ["none yet", "none yet"]
    assert UNIT.tables(DEFN, summary)["decisions"][0]["decided"] is None  # unknown, not "no"


def test_the_projector_shows_a_scatter_per_item_and_the_decided_table():
    figure = json.loads(UNIT.figure(DEFN, exercises.aggregate(DEFN, ROWS), FigureView(lang="da")).to_json())
    points = [
        (t["name"], t["x"][0], t["y"][0], t["marker"]["symbol"])
        for t in figure["data"]
        if t["type"] == "scatter" and t["x"][0] is not None
    ]
    assert points == [("Nord", 4.0, 3.0, "star"), ("Syd", 4.0, 5.0, "circle")]  # e2 has no complete cell
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    assert titles[:2] == ["<b>1</b>", "<b>2</b>"]  # each small plot numbered; the table names the numbers
    table = next(trace for trace in figure["data"] if trace["type"] == "table")
    assert table["header"]["values"] == ["Indsats", "Besluttet: Kommune"]
    assert table["cells"]["values"] == [["1. Første indsats", "2. Anden indsats"], ["Nord", "–"]]


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ({"ratings": {"e9": {"north": {"interest": 3}}}}, "error.response_unknown_item"),
        ({"ratings": {"e1": {"west": {"interest": 3}}}}, "error.response_unknown_item"),
        ({"ratings": {"e1": {"north": {"interest": 9}}}}, "error.response_out_of_range"),
        ({"ratings": {"e1": {"north": {"joy": 3}}}}, "error.response_unknown_item"),
        ({"ratings": {}, "decided": {"e1": ["west"]}}, "error.response_unknown_item"),
        ({"ratings": {}, "decided": {"e1": "north"}}, "error.response_shape"),
        ({"ratings": {}}, "error.response_empty"),
        ({"ratings": {}, "extra": 1}, "error.response_unknown_field"),
    ],
)
def test_bad_answers_are_refused_with_a_message_key(answer, code):
    with pytest.raises(InvalidResponse) as caught:
        exercises.validate_response(DEFN, answer)
    assert caught.value.code == code


def test_a_decision_is_refused_where_the_kit_asks_for_none():
    rating_only = exercises.parse_definition(UNIT.example | {"decision": False})
    with pytest.raises(InvalidResponse) as caught:
        exercises.validate_response(rating_only, {"ratings": {}, "decided": {"e1": ["north"]}})
    assert caught.value.code == "error.response_unknown_field"
    assert not any(t.facet == "decided" for t in UNIT.item_labels(rating_only))


def _record() -> MeetingRecord:
    answers = [Answer(r.pseudonym, None, None, r.value, r.updated_at, r.updated_at) for r in ROWS]
    exercise = ExerciseRecord(
        run_id=7,
        position=2,
        item_id="decide",
        title={"da": "Fordeling", "en": "Assignment"},
        definition=DEFN,
        state="closed",
        opened_at=T0,
        closed_at=T0,
        answers=answers,
    )
    return MeetingRecord(
        id=1,
        programme_id=1,
        programme="Test",
        kit_id="test",
        language="da",
        template_id="m2",
        kind="other",
        title={"da": "Møde", "en": "Meeting"},
        theme={"da": "Tema", "en": "Theme"},
        date=None,
        status="ended",
        notes="",
        started_at=T0,
        ended_at=T0,
        agenda=[],
        attendees=[],
        exercises=[exercise],
    )


def test_decisions_csv_is_one_tidy_row_per_item_and_group():
    archive = zipfile.ZipFile(io.BytesIO(tidy_zip([_record()])))
    table = pd.read_csv(archive.open("decisions.csv")).astype(object).where(lambda f: f.notna(), "")
    assert list(table.columns) == [
        "meeting",
        "agenda_item",
        "run_id",
        "item",
        "group",
        "decided",
        "interest_mean",
        "capacity_mean",
        "n",
    ]
    assert table[["item", "group", "decided", "interest_mean", "capacity_mean", "n"]].values.tolist() == [
        ["e1", "north", 1, 4.0, 3.0, 2],
        ["e1", "south", 0, 4.0, 5.0, 1],
        ["e2", "north", 0, 2.0, "", 1],
        ["e2", "south", 0, "", "", 0],
    ]
    assert "decisions.csv" in archive.read("README.txt").decode()


def test_the_workbook_sheet_holds_the_decision_table_and_a_scatter():
    book = openpyxl.load_workbook(io.BytesIO(meeting_workbook(_record(), ui_lang="da")))
    ws = next(ws for ws in book.worksheets if ws.title.endswith("Fordeling"))
    rows = [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
    header = next(r for r in rows if "Gennemsnit: Interesse" in r)
    left = len(header) - 1 - header[::-1].index("Nr.")  # the summary table, right of the answers
    summary = [r[left : left + 7] for r in rows[rows.index(header) + 1 :] if r[left] is not None][:4]
    assert header[left : left + 7] == (
        "Nr.",
        "Indsats",
        "Kommune",
        "Besluttet (1 = besluttet)",
        "Gennemsnit: Interesse",
        "Gennemsnit: Kapacitet",
        "n",
    )
    assert summary[0] == (1, "Første indsats", "Nord", 1, 4, 3, 2)
    assert summary[1] == (1, "Første indsats", "Syd", 0, 4, 5, 1)
    assert ws._charts and len(ws._charts[0].series) == 2
