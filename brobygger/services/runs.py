"""Exercise runs: opening, closing, resetting an exercise, showing its results.

An agenda item with an exercise has one live run; a reset keeps the old run (discarded, for
the record) and starts a new draft. Opening or closing takes the run's row lock, so an answer
racing a close either lands before it or sees the exercise closed (see `responses`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger import exercises
from brobygger.errors import ExerciseClosed, InvalidInput, NotFound
from brobygger.groups import group_ids, pool_small_groups
from brobygger.services import actions, states
from brobygger.services._common import one, run_row
from brobygger.services.programmes import programme_groups
from brobygger.services.responses import response_rows
from brobygger.services.revisions import bump
from brobygger.services.states import MeetingStatus, RunState
from brobygger.store import agenda_items, attendance, exercise_runs, meetings, now


def open_exercise(conn: Connection, run_id: int) -> None:
    """Open an exercise for answers; any other open exercise in the meeting closes (one at a time)."""
    run = run_row(conn, run_id, lock=True)
    meeting = one(conn, meetings, id=run.meeting_id)
    if meeting.status != MeetingStatus.LIVE:
        raise InvalidInput("error.meeting_not_live")
    if run.discarded:
        raise NotFound(what="exercise")
    states.check(run.state, RunState.OPEN)
    stamp = now()
    conn.execute(
        exercise_runs.update()
        .where(
            exercise_runs.c.meeting_id == run.meeting_id,
            exercise_runs.c.state == RunState.OPEN.value,
            exercise_runs.c.id != run_id,
        )
        .values(state=RunState.CLOSED.value, closed_at=stamp)
    )
    conn.execute(
        exercise_runs.update()
        .where(exercise_runs.c.id == run_id)
        .values(state=RunState.OPEN.value, opened_at=run.opened_at or stamp, closed_at=None)
    )
    bump(conn, run.meeting_id)


def close_exercise(conn: Connection, run_id: int) -> None:
    """Stop taking answers; what was answered stays. Closing a run that is not open changes nothing."""
    run = run_row(conn, run_id, lock=True)
    if run.state != RunState.OPEN:
        return
    states.check(run.state, RunState.CLOSED)
    conn.execute(exercise_runs.update().where(exercise_runs.c.id == run_id).values(state=RunState.CLOSED.value, closed_at=now()))
    bump(conn, run.meeting_id)


def reset_exercise(conn: Connection, run_id: int) -> int:
    """Start an exercise afresh: the old run is kept (discarded, for the record), a new draft run replaces it."""
    run = run_row(conn, run_id, lock=True)
    if run.discarded:  # reset twice (a laptop and a phone remote at once): the first reset stands
        raise ExerciseClosed()
    states.check(run.state, RunState.CLOSED)
    stamp = now()
    conn.execute(
        exercise_runs.update()
        .where(exercise_runs.c.id == run_id)
        .values(discarded=True, state=RunState.CLOSED.value, closed_at=run.closed_at or stamp)
    )
    new_id = conn.execute(
        exercise_runs.insert().values(meeting_id=run.meeting_id, agenda_item_id=run.agenda_item_id, created_at=stamp)
    ).inserted_primary_key[0]
    actions.drop_run_actions(conn, run_id)
    bump(conn, run.meeting_id)
    return new_id


def show_results(conn: Connection, run_id: int, shown: bool) -> None:
    """Show or hide the run's results on the projector."""
    run = run_row(conn, run_id, lock=True)
    conn.execute(exercise_runs.update().where(exercise_runs.c.id == run_id).values(results_shown=bool(shown)))
    bump(conn, run.meeting_id)


def set_display(conn: Connection, run_id: int, *, by_group: bool | None = None, page: int | None = None) -> None:
    """How the projector shows the run's results: split by participant group, and which page of text cards."""
    run = run_row(conn, run_id, lock=True)
    display = dict(run.display or {})
    if by_group is not None:
        display["by_group"] = bool(by_group)
    if page is not None:
        display["page"] = max(0, int(page))
    conn.execute(exercise_runs.update().where(exercise_runs.c.id == run_id).values(display=display))
    bump(conn, run.meeting_id)


def exercise_of_run(conn: Connection, run_id: int) -> Any:
    """The parsed exercise definition a run asks."""
    run = run_row(conn, run_id)
    item = one(conn, agenda_items, id=run.agenda_item_id)
    return exercises.parse_definition(item.exercise)


def results(conn: Connection, run_id: int) -> dict[str, Any]:
    """The aggregated answers of a run, with how many of the meeting's participants answered.

    Counted in the caller's transaction, so the answered and present counts agree with the summary.
    """
    run = run_row(conn, run_id)
    item = one(conn, agenda_items, id=run.agenda_item_id)
    present = conn.execute(sa.select(sa.func.count()).where(attendance.c.meeting_id == run.meeting_id)).scalar_one()
    programme_id = conn.execute(sa.select(meetings.c.programme_id).where(meetings.c.id == run.meeting_id)).scalar_one()
    definition = exercises.parse_definition(item.exercise)
    rows = response_rows(conn, run_id)
    groups = programme_groups(conn, programme_id)
    return {
        "run_id": run_id,
        "state": run.state,
        "results_shown": run.results_shown,
        "display": {"by_group": False, "page": 0, **(run.display or {})},
        "type": definition.type,
        "definition": definition,
        "answered": len(rows),
        "present": present,
        "groups": groups,
        "summary": exercises.aggregate(definition, pool_small_groups(rows), group_ids(groups)),
    }
