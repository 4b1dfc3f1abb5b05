"""Answers: storing (or replacing) a participant's answer to an open exercise, reading them back.

An answer is refused with nothing written if the token is unknown, the exercise belongs to another
programme, is not open, or the answer fails its type's validation. The run's row lock is taken
first, so a close racing an answer waits for it, or the answer sees the exercise closed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger import exercises
from brobygger.errors import ExerciseClosed, ExerciseNotOpen, UnknownToken
from brobygger.groups import ResponseRow
from brobygger.services import actions
from brobygger.services._common import one, run_row
from brobygger.services.participants import participant_by_token, record_attendance
from brobygger.services.revisions import bump
from brobygger.services.states import RunState
from brobygger.store import agenda_items, meetings, now, participants, responses


def _upsert(conn: Connection, run_id: int, participant_id: int, value: dict[str, Any]) -> dt.datetime:
    stamp = now()
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - other engines: plain update-or-insert under the row lock taken above
        updated = conn.execute(
            responses.update()
            .where(responses.c.run_id == run_id, responses.c.participant_id == participant_id)
            .values(value=value, updated_at=stamp, changes=responses.c.changes + 1)
        ).rowcount
        if not updated:
            conn.execute(
                responses.insert().values(
                    run_id=run_id, participant_id=participant_id, value=value, created_at=stamp, updated_at=stamp
                )
            )
        return stamp
    statement = insert(responses).values(
        run_id=run_id, participant_id=participant_id, value=value, created_at=stamp, updated_at=stamp
    )
    statement = statement.on_conflict_do_update(
        index_elements=["run_id", "participant_id"],
        set_={"value": statement.excluded.value, "updated_at": stamp, "changes": responses.c.changes + 1},
    )
    conn.execute(statement)
    return stamp


def submit_response(conn: Connection, token: str, run_id: int, answer: Any) -> dict[str, Any]:
    """Store (or replace) a participant's answer to an open exercise and return what was stored.

    Answering counts as attending (a phone that joined before a restart still counts), and bumps
    only the projector's revision: phones need not redraw because someone answered.
    """
    person = participant_by_token(conn, token)
    run = run_row(conn, run_id, lock=True)  # a close racing this answer waits for us, or we see it closed
    meeting = one(conn, meetings, id=run.meeting_id)
    if meeting.programme_id != person.programme_id:
        raise UnknownToken()
    if run.discarded or run.state == RunState.CLOSED:
        raise ExerciseClosed()
    if run.state != RunState.OPEN:
        raise ExerciseNotOpen()
    item = one(conn, agenda_items, id=run.agenda_item_id)
    definition = exercises.parse_definition(item.exercise)
    value = exercises.validate_response(definition, answer)
    stamp = _upsert(conn, run_id, person.id, value)
    if definition.type == "actions":
        actions.sync_answer(conn, meeting, run_id, person.id, value, stamp)
    record_attendance(conn, meeting.id, person.id, stamp)
    bump(conn, meeting.id, state=False)
    return {"value": value, "updated_at": stamp.isoformat()}


def own_response(conn: Connection, token: str, run_id: int) -> dict[str, Any] | None:
    """The token holder's stored answer to a run (what their phone shows again after a reload)."""
    person = participant_by_token(conn, token)
    row = conn.execute(sa.select(responses).where(responses.c.run_id == run_id, responses.c.participant_id == person.id)).first()
    return {"value": row.value, "updated_at": row.updated_at.isoformat()} if row else None


def response_rows(conn: Connection, run_id: int) -> list[ResponseRow]:
    """A run's answers as the aggregators see them (pseudonym, group, value), by pseudonym."""
    rows = conn.execute(
        sa.select(participants.c.pseudonym, participants.c.group, responses.c.value, responses.c.updated_at)
        .join(participants, participants.c.id == responses.c.participant_id)
        .where(responses.c.run_id == run_id)
        .order_by(participants.c.pseudonym)
    ).all()
    return [ResponseRow(r.pseudonym, r.group, r.value, r.updated_at) for r in rows]
