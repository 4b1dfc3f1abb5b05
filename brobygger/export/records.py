"""What a meeting produced, read once from the store as plain records every export shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from brobygger import exercises
from brobygger.groups import group_ids, groups_or_default, pool_small_groups
from brobygger.localised import LocalText, text_of
from brobygger.store import agenda_items, attendance, exercise_runs, meetings, participants, programmes, responses


@dataclass
class Answer:
    pseudonym: str
    group: str | None
    organisation: str | None
    value: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass
class ExerciseRecord:
    run_id: int
    position: int  # the agenda item's place in the meeting
    item_id: str  # the template's agenda item id, the same in every meeting of a programme
    title: dict[str, str]
    definition: Any
    state: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    answers: list[Answer]
    groups: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        return self.definition.type

    def summary(self) -> dict[str, Any]:
        rows = [exercises.ResponseRow(a.pseudonym, a.group, a.value, a.updated_at) for a in self.answers]
        return exercises.aggregate(self.definition, pool_small_groups(rows), self.groups or None)


@dataclass
class MeetingRecord:
    id: int
    programme_id: int
    programme: str
    kit_id: str
    language: str
    template_id: str
    kind: str
    title: dict[str, str]
    theme: dict[str, str]
    date: dt.date | None
    status: str
    notes: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    agenda: list[dict[str, Any]]
    attendees: list[dict[str, Any]]
    groups: list[dict[str, Any]] = field(default_factory=list)
    exercises: list[ExerciseRecord] = field(default_factory=list)

    def text(self, value: dict[str, str] | LocalText | None, lang: str | None = None) -> str:
        return text_of(value, lang or self.language, self.language)


def meeting_record(engine: Engine, meeting_id: int) -> MeetingRecord:
    """Everything one meeting produced, in three queries per table at most."""
    with engine.connect() as conn:
        meeting = conn.execute(sa.select(meetings).where(meetings.c.id == meeting_id)).first()
        if meeting is None:
            from brobygger.errors import NotFound

            raise NotFound(what="meeting")
        programme = conn.execute(sa.select(programmes).where(programmes.c.id == meeting.programme_id)).one()
        items = [
            dict(r._mapping)
            for r in conn.execute(
                sa.select(agenda_items).where(agenda_items.c.meeting_id == meeting_id).order_by(agenda_items.c.position)
            )
        ]
        people = [
            dict(r._mapping)
            for r in conn.execute(
                sa.select(
                    participants.c.id,
                    participants.c.pseudonym,
                    participants.c.name,
                    participants.c.organisation,
                    participants.c.group,
                    participants.c.registered,
                    attendance.c.joined_at,
                )
                .join(attendance, attendance.c.participant_id == participants.c.id)
                .where(attendance.c.meeting_id == meeting_id)
                .order_by(participants.c.pseudonym)
            )
        ]
        runs = conn.execute(
            sa.select(exercise_runs).where(exercise_runs.c.meeting_id == meeting_id, exercise_runs.c.discarded.is_(False))
        ).all()
        answer_rows = conn.execute(
            sa.select(
                responses.c.run_id,
                responses.c.value,
                responses.c.created_at,
                responses.c.updated_at,
                participants.c.pseudonym,
                participants.c.group,
                participants.c.organisation,
            )
            .join(participants, participants.c.id == responses.c.participant_id)
            .join(exercise_runs, exercise_runs.c.id == responses.c.run_id)
            .where(exercise_runs.c.meeting_id == meeting_id, exercise_runs.c.discarded.is_(False))
            .order_by(participants.c.pseudonym)
        ).all()
    by_run: dict[int, list[Answer]] = {}
    for row in answer_rows:
        by_run.setdefault(row.run_id, []).append(
            Answer(row.pseudonym, row.group, row.organisation, row.value, row.created_at, row.updated_at)
        )
    groups = groups_or_default(programme.groups)
    item_by_id = {i["id"]: i for i in items}
    records = []
    for run in runs:
        item = item_by_id[run.agenda_item_id]
        records.append(
            ExerciseRecord(
                run_id=run.id,
                position=item["position"],
                item_id=item["template_item_id"],
                title=item["title"],
                definition=exercises.parse_definition(item["exercise"]),
                state=run.state,
                opened_at=run.opened_at,
                closed_at=run.closed_at,
                answers=by_run.get(run.id, []),
                groups=group_ids(groups),
            )
        )
    records.sort(key=lambda r: r.position)
    return MeetingRecord(
        id=meeting.id,
        programme_id=programme.id,
        programme=programme.name,
        kit_id=programme.kit_id,
        language=programme.language,
        template_id=meeting.template_id,
        kind=meeting.kind,
        title=meeting.title,
        theme=meeting.theme,
        date=meeting.date,
        status=meeting.status,
        notes=meeting.notes,
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        agenda=items,
        attendees=people,
        groups=groups,
        exercises=records,
    )


def programme_records(engine: Engine, programme_id: int) -> list[MeetingRecord]:
    with engine.connect() as conn:
        ids = (
            conn.execute(sa.select(meetings.c.id).where(meetings.c.programme_id == programme_id).order_by(meetings.c.position))
            .scalars()
            .all()
        )
    return [meeting_record(engine, i) for i in ids]


def flatten(definition: Any, value: dict[str, Any]) -> list[tuple[str, str, float | None, str]]:
    """An answer as (item, facet, number, text) rows: the long form researchers load with one call."""
    kind = definition.type
    rows: list[tuple[str, str, float | None, str]] = []
    if kind == "placement":
        for which in ("now", "wanted"):
            point = value.get(which)
            if point:
                rows.append((which, "x", point["x"], ""))
                rows.append((which, "y", point["y"], ""))
                rows.append((which, "region", None, definition.region_at(point["x"], point["y"]) or ""))
    elif kind == "matrix":
        for statement, per_scale in value["ratings"].items():
            for scale, rating in per_scale.items():
                rows.append((statement, scale, rating, ""))
    elif kind == "choice":
        rows += [(choice, "chosen", 1, "") for choice in value["choices"]]
    elif kind == "scale":
        rows.append(("value", definition.scale.id, value["value"], ""))
    elif kind == "text":
        rows.append(("text", "text", None, value["text"]))
    elif kind == "ranking":
        rows += [(item, "rank", rank, "") for rank, item in enumerate(value["order"], start=1)]
    elif kind == "evaluation":
        rows += [(item, "rating", rating, "") for item, rating in value["ratings"].items()]
        rows += [(question, "answer", None, text) for question, text in value["answers"].items()]
    elif kind == "actions":
        for number, action in enumerate(value["actions"], start=1):
            for facet in ("what", "who", "organisation", "due"):
                rows.append((f"action{number}", facet, None, action.get(facet) or ""))
    return rows
