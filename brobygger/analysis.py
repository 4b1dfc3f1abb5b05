"""Change over time across a programme's meetings (DM1 -> DM3, evaluation trends).

The projector, Organise and the workbooks all ask these questions; answering them once, from the
same records, keeps the wall and the spreadsheet from telling two stories.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from brobygger.records import ExerciseRecord, MeetingRecord


@dataclass(frozen=True)
class Repeat:
    """An exercise asked at several meetings (the same agenda item id): its first and its last answered run."""

    item_id: str
    first: ExerciseRecord
    first_meeting: MeetingRecord
    last: ExerciseRecord
    last_meeting: MeetingRecord


def repeated(meetings: list[MeetingRecord], kind: str) -> list[Repeat]:
    """Exercises of type `kind` answered in two or more meetings, in the order they were first asked."""
    seen: dict[str, list[tuple[ExerciseRecord, MeetingRecord]]] = {}
    for meeting in meetings:
        for exercise in meeting.exercises:
            if exercise.type == kind and exercise.answers:
                seen.setdefault(exercise.item_id, []).append((exercise, meeting))
    return [Repeat(item, runs[0][0], runs[0][1], runs[-1][0], runs[-1][1]) for item, runs in seen.items() if len(runs) >= 2]


def distance(a: dict[str, float], b: dict[str, float]) -> float:
    return round(math.hypot(b["x"] - a["x"], b["y"] - a["y"]), 3)


def placement_changes(meetings: list[MeetingRecord]) -> list[dict[str, Any]]:
    """Per repeated placement and person: where they stood first and last ('now'), their regions, and how far they moved."""
    rows = []
    for rep in repeated(meetings, "placement"):
        before = {a.pseudonym: a for a in rep.first.answers}
        after = {a.pseudonym: a for a in rep.last.answers}
        for pseudonym in sorted(set(before) | set(after)):
            a, b = before.get(pseudonym), after.get(pseudonym)
            p1, p2 = (a.value["now"] if a else None), (b.value["now"] if b else None)
            both = p1 is not None and p2 is not None
            rows.append(
                {
                    "item": rep.item_id,
                    "pseudonym": pseudonym,
                    "group": (b or a).group,
                    "first_meeting": rep.first_meeting.label,
                    "first": p1,
                    "first_region": rep.first.definition.region_at(**p1) if p1 else None,
                    "last_meeting": rep.last_meeting.label,
                    "last": p2,
                    "last_region": rep.last.definition.region_at(**p2) if p2 else None,
                    "dx": round(p2["x"] - p1["x"], 3) if both else None,
                    "dy": round(p2["y"] - p1["y"], 3) if both else None,
                    "distance": distance(p1, p2) if both else None,
                    "regions": rep.first.definition.regions,
                }
            )
    return rows


def matrix_changes(meetings: list[MeetingRecord], buckets: tuple[str, ...]) -> list[dict[str, Any]]:
    """Per repeated matrix, statement, scale and group (and 'all'): the mean and n first and last, and the difference."""
    rows = []
    for rep in repeated(meetings, "matrix"):
        s1, s2 = rep.first.summary()["statements"], rep.last.summary()["statements"]
        later = {row["id"]: row for row in s2}
        for n, (statement, row1) in enumerate(zip(rep.first.definition.statements, s1, strict=True), start=1):
            row2 = later.get(statement.id)
            if row2 is None:
                continue
            for scale in rep.first.definition.scales:
                for group in (*buckets, "all"):
                    a = row1["scales"][scale.id] if group == "all" else row1["scales"][scale.id]["by_group"][group]
                    b = row2["scales"].get(scale.id)
                    if b is None:
                        continue
                    b = b if group == "all" else b["by_group"][group]
                    diff = round(b["mean"] - a["mean"], 3) if a["mean"] is not None and b["mean"] is not None else None
                    rows.append(
                        {
                            "item": rep.item_id,
                            "number": n,
                            "statement": statement,
                            "scale": scale,
                            "group": group,
                            "first_meeting": rep.first_meeting.label,
                            "first": a,
                            "last_meeting": rep.last_meeting.label,
                            "last": b,
                            "difference": diff,
                        }
                    )
    return rows


def evaluations(meetings: list[MeetingRecord]) -> list[tuple[MeetingRecord, ExerciseRecord]]:
    """Every answered evaluation, in meeting order."""
    return [(m, e) for m in meetings for e in m.exercises if e.type == "evaluation" and e.answers]


def evaluation_trend(meetings: list[MeetingRecord]) -> list[dict[str, Any]]:
    """Per evaluated meeting and evaluation item: the mean rating and n, in meeting order."""
    rows = []
    for meeting, exercise in evaluations(meetings):
        labels = {i.id: i.label for i in exercise.definition.items}
        for item in exercise.summary()["items"]:
            rows.append(
                {"meeting": meeting.label, "item": item["id"], "label": labels[item["id"]], "mean": item["mean"], "n": item["n"]}
            )
    return rows


def _runs_of(earlier: list[MeetingRecord], item_id: str) -> list[tuple[MeetingRecord, ExerciseRecord]]:
    """Runs of one agenda item (the same id in every meeting of a programme), oldest meeting first."""
    ordered = sorted(earlier, key=lambda m: m.position)
    return [(m, e) for m in ordered for e in m.exercises if e.item_id == item_id]


def earlier_placements(earlier: list[MeetingRecord], item_id: str) -> dict[str, dict[str, float]]:
    """Each person's 'now' point the last time this placement was asked at the `earlier` meetings."""
    points: dict[str, dict[str, float]] = {}
    for _, exercise in _runs_of(earlier, item_id):
        for answer in exercise.answers:
            if "now" in answer.value:
                points[answer.pseudonym] = answer.value["now"]  # later meetings overwrite earlier ones
    return points


def earlier_summary(earlier: list[MeetingRecord], item_id: str) -> tuple[str, dict[str, Any]] | None:
    """The last of the `earlier` meetings' summary of the same exercise (e.g. DM1's principle matrix at DM3), with its label."""
    runs = _runs_of(earlier, item_id)
    if not runs:
        return None
    meeting, exercise = runs[-1]
    return (meeting.label, exercise.summary()) if exercise.answers else None


def latest_repeated_placement(meetings: list[MeetingRecord]) -> tuple[int, int, str] | None:
    """(meeting id, run id, item id) of the latest answered placement that was also asked at an earlier meeting."""
    placements = [(m, e) for m in meetings for e in m.exercises if e.type == "placement" and e.answers]
    for meeting, exercise in sorted(placements, key=lambda pair: -pair[0].position):
        if any(e.item_id == exercise.item_id and m.position < meeting.position for m, e in placements):
            return meeting.id, exercise.run_id, exercise.item_id
    return None
