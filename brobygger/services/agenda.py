"""The agenda and its timing: editing items, starting, stepping through and ending a meeting.

Every change bumps the meeting's revision in the same transaction, so projectors and phones
polling the revision redraw exactly when something changed.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import InvalidInput, MeetingClosed, NotFound
from brobygger.exercises.base import clean_text
from brobygger.services import states
from brobygger.services._common import one
from brobygger.services.revisions import bump
from brobygger.services.states import MeetingStatus, RunState
from brobygger.store import agenda_items, exercise_runs, meetings, now


def agenda(conn: Connection, meeting_id: int) -> list[dict[str, Any]]:
    """Agenda items in order, each with its current exercise run (if it has an exercise)."""
    items = [
        dict(r._mapping)
        for r in conn.execute(
            sa.select(agenda_items).where(agenda_items.c.meeting_id == meeting_id).order_by(agenda_items.c.position)
        )
    ]
    runs = conn.execute(
        sa.select(exercise_runs).where(exercise_runs.c.meeting_id == meeting_id, exercise_runs.c.discarded.is_(False))
    ).all()
    by_item = {r.agenda_item_id: dict(r._mapping) for r in runs}
    for item in items:
        item["run"] = by_item.get(item["id"])
    return items


def edit_agenda_item(
    conn: Connection,
    item_id: int,
    *,
    title: dict[str, str] | None = None,
    minutes: int | None = None,
    notes: dict[str, str] | None = None,
) -> None:
    """Change an item's title, planned minutes or moderator notes; the template is left alone."""
    values: dict[str, Any] = {}
    if minutes is not None:
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 600:
            raise InvalidInput("error.minutes_range")
        values["minutes"] = minutes
    if title is not None:
        values["title"] = {k: clean_text(v, 200, field="title") for k, v in title.items()}
    if notes is not None:
        values["notes"] = {k: clean_text(v, 4000, field="notes", required=False) for k, v in notes.items()}
    if not values:
        return
    item = one(conn, agenda_items, id=item_id)
    conn.execute(agenda_items.update().where(agenda_items.c.id == item_id).values(**values))
    bump(conn, item.meeting_id)


def start_meeting(conn: Connection, meeting_id: int) -> None:
    """Go live at the first agenda item (or resume where it was); starting a live meeting changes nothing."""
    meeting = one(conn, meetings, id=meeting_id)
    if meeting.status == MeetingStatus.CLOSED:
        raise MeetingClosed()
    if meeting.status == MeetingStatus.LIVE:
        return
    states.check(meeting.status, MeetingStatus.LIVE)
    first = conn.execute(
        sa.select(agenda_items.c.id).where(agenda_items.c.meeting_id == meeting_id).order_by(agenda_items.c.position).limit(1)
    ).scalar_one()
    current = meeting.current_item_id or first
    conn.execute(
        meetings.update()
        .where(meetings.c.id == meeting_id)
        .values(status=MeetingStatus.LIVE.value, started_at=meeting.started_at or now(), current_item_id=current)
    )
    conn.execute(
        agenda_items.update().where(agenda_items.c.id == current, agenda_items.c.started_at.is_(None)).values(started_at=now())
    )
    bump(conn, meeting_id)


def go_to_item(conn: Connection, meeting_id: int, item_id: int) -> None:
    """Make an item current: the one left gets its end time, the new one its start (first time only)."""
    meeting = one(conn, meetings, id=meeting_id)
    if meeting.status != MeetingStatus.LIVE:
        raise InvalidInput("error.meeting_not_live")
    item = one(conn, agenda_items, id=item_id)
    if item.meeting_id != meeting_id:
        raise NotFound()
    stamp = now()
    if meeting.current_item_id and meeting.current_item_id != item_id:
        conn.execute(agenda_items.update().where(agenda_items.c.id == meeting.current_item_id).values(ended_at=stamp))
    conn.execute(
        agenda_items.update().where(agenda_items.c.id == item_id, agenda_items.c.started_at.is_(None)).values(started_at=stamp)
    )
    conn.execute(agenda_items.update().where(agenda_items.c.id == item_id).values(ended_at=None))
    conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(current_item_id=item_id))
    bump(conn, meeting_id)


def step_item(conn: Connection, meeting_id: int, step: int) -> int | None:
    """Next (+1) or previous (-1) item; returns the new current item id, None at either end.

    Read and move in the caller's (write) transaction, so two presses of Next move two items.
    """
    ids = [i["id"] for i in agenda(conn, meeting_id)]
    current = one(conn, meetings, id=meeting_id).current_item_id
    index = ids.index(current) if current in ids else -1
    target = index + step
    if not 0 <= target < len(ids):
        return None
    go_to_item(conn, meeting_id, ids[target])
    return ids[target]


def extend_item(conn: Connection, item_id: int, minutes: int) -> None:
    """Give the current item more (or back less) time; its planned minutes stay as in the plan."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not -60 <= minutes <= 120:
        raise InvalidInput("error.minutes_range")
    item = one(conn, agenda_items, id=item_id)
    extra = max(-item.minutes + 1, item.extra_minutes + minutes)
    conn.execute(agenda_items.update().where(agenda_items.c.id == item_id).values(extra_minutes=extra))
    bump(conn, item.meeting_id)


def end_meeting(conn: Connection, meeting_id: int) -> None:
    """Close the meeting: open exercises close, the current item ends, the join code stops working."""
    meeting = one(conn, meetings, id=meeting_id)
    states.check(meeting.status, MeetingStatus.CLOSED)
    stamp = now()
    conn.execute(
        exercise_runs.update()
        .where(exercise_runs.c.meeting_id == meeting_id, exercise_runs.c.state == RunState.OPEN.value)
        .values(state=RunState.CLOSED.value, closed_at=stamp)
    )
    if meeting.current_item_id:
        conn.execute(agenda_items.update().where(agenda_items.c.id == meeting.current_item_id).values(ended_at=stamp))
    conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(status=MeetingStatus.CLOSED.value, ended_at=stamp))
    bump(conn, meeting_id)


def set_show_qr(conn: Connection, meeting_id: int, show: bool) -> None:
    """Show or hide the join QR code on the projector."""
    one(conn, meetings, id=meeting_id)
    conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(show_qr=bool(show)))
    bump(conn, meeting_id)
