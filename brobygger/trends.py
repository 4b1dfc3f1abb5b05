"""How things moved across a programme's meetings: evaluation trends, and where people stood last time."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from brobygger.store import agenda_items, exercise_runs, meetings, participants, responses


def evaluation_trend(engine: Engine, programme_id: int) -> list[dict[str, Any]]:
    """Per evaluated meeting and evaluation item: the mean rating and n, in meeting order."""
    from brobygger.export.records import programme_records

    rows = []
    for record in programme_records(engine, programme_id):
        for exercise in record.exercises:
            if exercise.type != "evaluation" or not exercise.answers:
                continue
            labels = {i.id: i.label for i in exercise.definition.items}
            for item in exercise.summary()["items"]:
                rows.append(
                    {
                        "meeting": record.template_id.upper(),
                        "item": item["id"],
                        "label": labels[item["id"]],
                        "mean": item["mean"],
                        "n": item["n"],
                    }
                )
    return rows


def earlier_placements(engine: Engine, meeting_id: int, template_item_id: str) -> dict[str, dict[str, float]]:
    """Each person's 'now' point the last time this placement was asked at an earlier meeting of the programme."""
    with engine.connect() as conn:
        meeting = conn.execute(sa.select(meetings.c.programme_id, meetings.c.position).where(meetings.c.id == meeting_id)).one()
        rows = conn.execute(
            sa.select(participants.c.pseudonym, responses.c.value, meetings.c.position)
            .join(exercise_runs, exercise_runs.c.id == responses.c.run_id)
            .join(agenda_items, agenda_items.c.id == exercise_runs.c.agenda_item_id)
            .join(meetings, meetings.c.id == exercise_runs.c.meeting_id)
            .join(participants, participants.c.id == responses.c.participant_id)
            .where(
                meetings.c.programme_id == meeting.programme_id,
                meetings.c.position < meeting.position,
                agenda_items.c.template_item_id == template_item_id,
                exercise_runs.c.discarded.is_(False),
            )
            .order_by(meetings.c.position)
        ).all()
    return {row.pseudonym: row.value["now"] for row in rows if "now" in row.value}  # later meetings overwrite earlier ones


def earlier_summary(engine: Engine, meeting_id: int, template_item_id: str) -> tuple[str, dict[str, Any]] | None:
    """The last earlier meeting's summary of the same exercise (e.g. DM1's principle matrix at DM3), with its meeting id."""
    from brobygger import meetings as services

    with engine.connect() as conn:
        meeting = conn.execute(sa.select(meetings.c.programme_id, meetings.c.position).where(meetings.c.id == meeting_id)).one()
        row = conn.execute(
            sa.select(exercise_runs.c.id, meetings.c.template_id)
            .join(agenda_items, agenda_items.c.id == exercise_runs.c.agenda_item_id)
            .join(meetings, meetings.c.id == exercise_runs.c.meeting_id)
            .where(
                meetings.c.programme_id == meeting.programme_id,
                meetings.c.position < meeting.position,
                agenda_items.c.template_item_id == template_item_id,
                exercise_runs.c.discarded.is_(False),
            )
            .order_by(meetings.c.position.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    result = services.results(engine, row.id)
    return (row.template_id.upper(), result["summary"]) if result["answered"] else None


def latest_repeated_placement(engine: Engine, programme_id: int) -> tuple[int, int, str] | None:
    """(meeting id, run id, item id) of the latest answered placement that was also asked at an earlier meeting."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                meetings.c.id,
                meetings.c.position,
                exercise_runs.c.id.label("run_id"),
                agenda_items.c.template_item_id,
                agenda_items.c.exercise,
            )
            .join(exercise_runs, exercise_runs.c.meeting_id == meetings.c.id)
            .join(agenda_items, agenda_items.c.id == exercise_runs.c.agenda_item_id)
            .where(
                meetings.c.programme_id == programme_id,
                exercise_runs.c.discarded.is_(False),
                sa.exists().where(responses.c.run_id == exercise_runs.c.id),
            )
            .order_by(meetings.c.position.desc())
        ).all()
    placements = [r for r in rows if (r.exercise or {}).get("type") == "placement"]
    for row in placements:
        if any(other.template_item_id == row.template_item_id and other.position < row.position for other in placements):
            return row.id, row.run_id, row.template_item_id
    return None
