"""Two pseudonyms that turn out to be one person (a new phone, a lost link) merged into one.

The organiser names the pseudonym to keep and the one to merge into it. Everything of the merged one
moves: answers, attendance, actions, process-log entries and memberships. Where both answered the same
exercise run, the later answer is kept. The merge is logged (who, what, when, what moved), all in one
transaction: it happens whole or not at all.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import InvalidInput
from brobygger.exercises.base import clean_text
from brobygger.services.revisions import bump
from brobygger.store import (
    actions,
    attendance,
    now,
    participant_merges,
    participants,
    process_entries,
    process_members,
    programmes,
    responses,
)


def _person(conn: Connection, programme_id: int, pseudonym: str) -> sa.Row:
    row = conn.execute(
        sa.select(participants).where(
            participants.c.programme_id == programme_id, participants.c.pseudonym == (pseudonym or "").strip().upper()
        )
    ).first()
    if row is None:
        raise InvalidInput("error.merge_unknown", pseudonym=(pseudonym or "").strip()[:10])
    return row


def merge_participants(conn: Connection, programme_id: int, keep: str, merge: str, *, by: str) -> dict[str, Any]:
    """Merge pseudonym `merge` into `keep` in one programme; the log row as a dict."""
    who = clean_text(by or "", 120, field="merged_by")
    conn.execute(sa.select(programmes.c.id).where(programmes.c.id == programme_id).with_for_update()).one()
    kept, gone = _person(conn, programme_id, keep), _person(conn, programme_id, merge)
    if kept.id == gone.id:
        raise InvalidInput("error.merge_same")
    both = (kept.id, gone.id)
    # Answers: where both answered a run, the later answer stays (and is the kept person's).
    rows = conn.execute(sa.select(responses).where(responses.c.participant_id.in_(both))).all()
    by_run: dict[int, list[sa.Row]] = {}
    for row in rows:
        by_run.setdefault(row.run_id, []).append(row)
    dropped = 0
    for pair in (p for p in by_run.values() if len(p) == 2):
        earlier = min(pair, key=lambda r: (r.updated_at, r.id))
        conn.execute(responses.delete().where(responses.c.id == earlier.id))
        dropped += 1
    moved_answers = conn.execute(
        responses.update().where(responses.c.participant_id == gone.id).values(participant_id=kept.id)
    ).rowcount
    # Attendance: the kept person attended every meeting either attended (the earlier arrival counts).
    theirs = conn.execute(sa.select(attendance).where(attendance.c.participant_id == gone.id)).all()
    mine = {r.meeting_id: r for r in conn.execute(sa.select(attendance).where(attendance.c.participant_id == kept.id))}
    for row in theirs:
        if row.meeting_id in mine:
            if row.joined_at < mine[row.meeting_id].joined_at:
                conn.execute(
                    attendance.update()
                    .where(attendance.c.meeting_id == row.meeting_id, attendance.c.participant_id == kept.id)
                    .values(joined_at=row.joined_at)
                )
        else:
            conn.execute(attendance.insert().values(meeting_id=row.meeting_id, participant_id=kept.id, joined_at=row.joined_at))
    conn.execute(attendance.delete().where(attendance.c.participant_id == gone.id))
    moved_actions = conn.execute(
        actions.update().where(actions.c.participant_id == gone.id).values(participant_id=kept.id)
    ).rowcount
    conn.execute(process_entries.update().where(process_entries.c.participant_id == gone.id).values(participant_id=kept.id))
    own = set(conn.execute(sa.select(process_members.c.process_id).where(process_members.c.participant_id == kept.id)).scalars())
    for member in conn.execute(sa.select(process_members).where(process_members.c.participant_id == gone.id)).all():
        if member.process_id not in own:
            conn.execute(
                process_members.insert().values(process_id=member.process_id, participant_id=kept.id, added_at=member.added_at)
            )
    conn.execute(process_members.delete().where(process_members.c.participant_id == gone.id))
    # What the kept person had not said about themselves, the merged one may have.
    profile = {k: getattr(gone, k) for k in ("name", "organisation", "group") if getattr(kept, k) is None and getattr(gone, k)}
    if gone.registered and not kept.registered:
        profile["registered"] = True
    if profile:
        conn.execute(participants.update().where(participants.c.id == kept.id).values(**profile))
    conn.execute(participants.delete().where(participants.c.id == gone.id))
    moved = {
        "answers": moved_answers,
        "earlier_answers_dropped": dropped,
        "meetings": len(theirs),
        "actions": moved_actions,
    }
    log = {
        "programme_id": programme_id,
        "kept_pseudonym": kept.pseudonym,
        "merged_pseudonym": gone.pseudonym,
        "merged_by": who,
        "moved": moved,
        "merged_at": now(),
    }
    conn.execute(participant_merges.insert().values(**log))
    for meeting_id in {r.meeting_id for r in theirs} | set(mine):
        bump(conn, meeting_id)
    return log


def merge_log(conn: Connection, programme_id: int) -> list[dict[str, Any]]:
    """Every merge in the programme, newest first."""
    rows = conn.execute(
        sa.select(participant_merges)
        .where(participant_merges.c.programme_id == programme_id)
        .order_by(participant_merges.c.merged_at.desc(), participant_merges.c.id.desc())
    ).all()
    return [dict(r._mapping) for r in rows]
