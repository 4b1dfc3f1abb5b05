"""Actions people commit to (an actions exercise's answers) and how each went, reviewed at the next meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import InvalidInput, NotFound, UnknownToken
from brobygger.exercises.base import clean_text
from brobygger.services._common import one
from brobygger.services.participants import participant_by_token
from brobygger.services.revisions import bump
from brobygger.store import action_history, actions, meetings, now, participants

ACTION_STATUSES = ("open", "done", "partly", "not-yet")


def list_actions(conn: Connection, programme_id: int) -> list[dict[str, Any]]:
    """Every action of the programme, with its owner's pseudonym, meeting by meeting."""
    rows = conn.execute(
        sa.select(actions, participants.c.pseudonym)
        .outerjoin(participants, participants.c.id == actions.c.participant_id)
        .where(actions.c.programme_id == programme_id)
        .order_by(actions.c.meeting_id, actions.c.id)
    ).all()
    return [dict(r._mapping) for r in rows]


def actions_to_follow_up(conn: Connection, meeting_id: int) -> list[dict[str, Any]]:
    """Actions decided at the programme's earlier meetings: what this meeting's follow-up item reviews."""
    meeting = one(conn, meetings, id=meeting_id)
    rows = conn.execute(
        sa.select(actions, participants.c.pseudonym, meetings.c.template_id)
        .outerjoin(participants, participants.c.id == actions.c.participant_id)
        .join(meetings, meetings.c.id == actions.c.meeting_id)
        .where(actions.c.programme_id == meeting.programme_id, meetings.c.position < meeting.position)
        .order_by(meetings.c.position, participants.c.pseudonym, actions.c.id)
    ).all()
    return [dict(r._mapping) for r in rows]


def follow_up_action(
    conn: Connection,
    action_id: int,
    status: str,
    follow_up: str | None,
    *,
    meeting_id: int,
    token: str | None = None,
    programme_id: int | None = None,
) -> None:
    """Mark how an action went (done, partly, not yet) with a line on what happened.

    With a token, only the participant who made the action may mark it (from their phone);
    without, the moderator does (behind the secret).
    """
    if status not in ACTION_STATUSES:
        raise InvalidInput("error.action_status")
    line = clean_text(follow_up or "", 300, field="follow_up", required=False)
    person = participant_by_token(conn, token) if token is not None else None
    action = one(conn, actions, id=action_id)
    if person is not None and action.participant_id != person.id:
        raise UnknownToken()
    # The meeting whose screens show the follow-up must be of the action's programme (and the caller's).
    meeting = one(conn, meetings, id=meeting_id)
    if meeting.programme_id != action.programme_id or programme_id not in (None, action.programme_id):
        raise NotFound(what="action")
    stamp = now()
    conn.execute(actions.update().where(actions.c.id == action_id).values(status=status, follow_up=line, updated_at=stamp))
    conn.execute(
        action_history.insert().values(
            action_id=action_id,
            meeting_id=meeting_id,
            participant_id=person.id if person is not None else None,
            status=status,
            follow_up=line,
            created_at=stamp,
        )
    )
    bump(conn, meeting_id)


def follow_up_history(conn: Connection, programme_id: int) -> list[dict[str, Any]]:
    """Every status an action of the programme was given, oldest first: by whom (pseudonym, or None for
    the moderator), at which meeting, the status and the line written."""
    rows = conn.execute(
        sa.select(
            action_history.c.action_id,
            action_history.c.status,
            action_history.c.follow_up,
            action_history.c.created_at,
            meetings.c.template_id.label("meeting"),
            participants.c.pseudonym,
        )
        .join(actions, actions.c.id == action_history.c.action_id)
        .outerjoin(meetings, meetings.c.id == action_history.c.meeting_id)
        .outerjoin(participants, participants.c.id == action_history.c.participant_id)
        .where(actions.c.programme_id == programme_id)
        .order_by(action_history.c.created_at, action_history.c.id)
    ).all()
    return [dict(r._mapping) for r in rows]


def sync_answer(
    conn: Connection, meeting: sa.Row, run_id: int, participant_id: int, value: dict[str, Any], stamp: dt.datetime
) -> None:
    """An actions answer becomes the programme's action list, replaced while the exercise is open."""
    conn.execute(actions.delete().where(actions.c.run_id == run_id, actions.c.participant_id == participant_id))
    for action in value["actions"]:
        conn.execute(
            actions.insert().values(
                programme_id=meeting.programme_id,
                meeting_id=meeting.id,
                run_id=run_id,
                participant_id=participant_id,
                what=action["what"],
                who=action["who"],
                organisation=action["organisation"],
                due=dt.date.fromisoformat(action["due"]) if action["due"] else None,
                created_at=stamp,
                updated_at=stamp,
            )
        )


def drop_run_actions(conn: Connection, run_id: int) -> None:
    """A reset run's actions go with it: they were answers to the exercise being started afresh."""
    conn.execute(actions.delete().where(actions.c.run_id == run_id))
