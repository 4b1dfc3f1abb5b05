"""What screens read: each built from one connection, so call it inside one `reading` transaction
and everything drawn comes from the same moment (the count line never disagrees with the agenda)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import NotFound
from brobygger.services._common import one
from brobygger.services.agenda import agenda
from brobygger.services.states import RunState
from brobygger.store import attendance, meetings


def revision(conn: Connection, meeting_id: int) -> int:
    """The meeting's change counter: cheap to poll, changes whenever anything on a screen could."""
    value = conn.execute(sa.select(meetings.c.revision).where(meetings.c.id == meeting_id)).scalar()
    if value is None:
        raise NotFound(what="meeting")
    return value


def meeting_state(conn: Connection, meeting_id: int) -> dict[str, Any]:
    """Everything a projector or console needs: meeting, agenda with runs, current item, open run and
    its item, and how many are present."""
    meeting = dict(one(conn, meetings, id=meeting_id)._mapping)
    items = agenda(conn, meeting_id)
    present = conn.execute(sa.select(sa.func.count()).where(attendance.c.meeting_id == meeting_id)).scalar_one()
    current = next((i for i in items if i["id"] == meeting["current_item_id"]), None)
    open_run = next((i["run"] for i in items if i["run"] and i["run"]["state"] == RunState.OPEN), None)
    open_item = next((i for i in items if i["run"] and open_run and i["run"]["id"] == open_run["id"]), None)
    return {
        "meeting": meeting,
        "items": items,
        "current": current,
        "open_run": open_run,
        "open_item": open_item,
        "present": present,
    }


def earlier_revision(conn: Connection, meeting_id: int) -> int:
    """A number that moves whenever anything changes at the programme's earlier meetings (the sum of their
    revisions), so a screen comparing with them re-reads them only then."""
    here = one(conn, meetings, id=meeting_id)
    total = conn.execute(
        sa.select(sa.func.coalesce(sa.func.sum(meetings.c.revision), 0)).where(
            meetings.c.programme_id == here.programme_id, meetings.c.position < here.position
        )
    ).scalar_one()
    return int(total)
