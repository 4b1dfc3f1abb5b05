"""The per-meeting change counters that let projectors and phones poll for almost nothing.

`revision` counts every change a screen could show; `state_revision` only what phones must
redraw for (the agenda, an exercise opening). Answers and joins change the projector's count
but not the phones' screens, so they bump with `state=False`: a room answering at once then
does not make every phone refetch its state after each answer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from brobygger.store import meetings


def bump(conn: Connection, meeting_id: int, *, state: bool = True) -> None:
    """Count a change to the meeting, in the caller's transaction (so the count and change commit together)."""
    values: dict[str, Any] = {"revision": meetings.c.revision + 1}
    if state:
        values["state_revision"] = meetings.c.state_revision + 1
    conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(**values))
