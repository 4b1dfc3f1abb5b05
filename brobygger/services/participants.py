"""Participants of a programme and their pseudonyms; joining a meeting; who attended.

A person is known by an unguessable token (on their phone or personal link) and shown by a
pseudonym (P01, P02, ...) given in joining order. A room scanning the QR code at once queues on
the programme's row lock, so everyone gets the next free pseudonym and nobody gets an error.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import InvalidInput, MeetingClosed, NotFound, UnknownCode, UnknownToken
from brobygger.exercises.base import clean_text
from brobygger.groups import group_ids
from brobygger.services._common import clean_optional
from brobygger.services.programmes import meeting_for_projector, programme_groups
from brobygger.services.revisions import bump
from brobygger.services.states import MeetingStatus
from brobygger.store import attendance, now, participants, programmes

PSEUDONYM_ATTEMPTS = 20


@dataclass(frozen=True)
class Participant:
    id: int
    programme_id: int
    token: str
    pseudonym: str
    name: str | None
    organisation: str | None
    group: str | None


def _participant(row: sa.Row) -> Participant:
    return Participant(row.id, row.programme_id, row.token, row.pseudonym, row.name, row.organisation, row.group)


def _check_group(conn: Connection, programme_id: int, group: str | None) -> str | None:
    if group in (None, ""):
        return None
    if group not in group_ids(programme_groups(conn, programme_id)):
        raise InvalidInput("error.group_invalid")
    return group


def add_participant(
    conn: Connection,
    programme_id: int,
    *,
    name: str | None = None,
    organisation: str | None = None,
    group: str | None = None,
    registered: bool = False,
    join_key: str | None = None,
) -> Participant:
    """A new person in the programme with an unguessable token and the next free pseudonym (P01, P02, ...).

    Each attempt runs in a savepoint: if another phone took the same pseudonym at the same moment,
    only the attempt is rolled back and the count is taken again, in the caller's transaction.
    """
    name = clean_optional(name, 120, "name")
    organisation = clean_optional(organisation, 120, "organisation")
    group = _check_group(conn, programme_id, group)
    for _attempt in range(PSEUDONYM_ATTEMPTS):
        try:
            with conn.begin_nested():
                # Joins of one programme queue on its row, so a room scanning the QR code at once gets P01, P02, ...
                locked = conn.execute(sa.select(programmes.c.id).where(programmes.c.id == programme_id).with_for_update()).first()
                if locked is None:
                    raise NotFound(what="programmes")
                count = conn.execute(sa.select(sa.func.count()).where(participants.c.programme_id == programme_id)).scalar_one()
                values = {
                    "programme_id": programme_id,
                    "token": secrets.token_urlsafe(24),
                    "pseudonym": f"P{count + 1:02d}",
                    "name": name,
                    "organisation": organisation,
                    "group": group,
                    "registered": registered,
                    "join_key": join_key,
                    "created_at": now(),
                }
                new_id = conn.execute(participants.insert().values(**values)).inserted_primary_key[0]
            return Participant(new_id, programme_id, values["token"], values["pseudonym"], name, organisation, group)
        except sa.exc.IntegrityError:
            # Another phone took the same pseudonym at the same moment (count again), or this very
            # join was retried at once and its twin came first (that one is this phone's person).
            twin = _own_person(conn, programme_id, None, join_key) if join_key else None
            if twin is not None:
                return twin
    raise RuntimeError("could not allocate a pseudonym")


def register_participants(conn: Connection, programme_id: int, lines: str) -> list[Participant]:
    """Organisers register people (one 'name; organisation; group' a line). All lines are checked
    first; one bad line registers nobody and says which line and why."""
    groups = group_ids(programme_groups(conn, programme_id))
    rows = []
    for number, raw in enumerate(lines.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [part.strip() for part in raw.split(";")]
        if len(parts) > 3:
            raise InvalidInput("register.too_many_fields", line=number)
        name, organisation, group = (parts + ["", ""])[:3]
        if not name:
            raise InvalidInput("register.no_name", line=number)
        if group and group not in groups:
            raise InvalidInput("register.bad_group", line=number, group=group[:40], groups=", ".join(groups))
        rows.append(
            (
                clean_text(name, 120, field="name"),
                clean_text(organisation, 120, field="organisation", required=False) or None,
                group or None,
            )
        )
    return [add_participant(conn, programme_id, name=n, organisation=o, group=g, registered=True) for n, o, g in rows]


def registered_participants(conn: Connection, programme_id: int) -> list[Participant]:
    """People the organisers registered (they get personal links), by pseudonym."""
    rows = conn.execute(
        sa.select(participants)
        .where(participants.c.programme_id == programme_id, participants.c.registered.is_(True))
        .order_by(participants.c.pseudonym)
    ).all()
    return [_participant(r) for r in rows]


def participant_by_token(conn: Connection, token: str) -> Participant:
    """The person a token names; malformed and unknown tokens are refused alike."""
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        raise UnknownToken()
    row = conn.execute(sa.select(participants).where(participants.c.token == token)).first()
    if row is None:
        raise UnknownToken()
    return _participant(row)


def update_profile(conn: Connection, token: str, *, name: str | None, organisation: str | None, group: str | None) -> Participant:
    """The participant's own optional details; empty fields clear them."""
    person = participant_by_token(conn, token)
    values = {
        "name": clean_optional(name, 120, "name"),
        "organisation": clean_optional(organisation, 120, "organisation"),
        "group": _check_group(conn, person.programme_id, group),
    }
    conn.execute(participants.update().where(participants.c.id == person.id).values(**values))
    for meeting_id in conn.execute(sa.select(attendance.c.meeting_id).where(attendance.c.participant_id == person.id)).scalars():
        bump(conn, meeting_id, state=False)
    return participant_by_token(conn, token)


def _own_person(
    conn: Connection, programme_id: int, token: str | None, key: str | None, known: Sequence[str] = ()
) -> Participant | None:
    """The person this phone already is in the programme: by its token (or one of the tokens it keeps
    from other meetings, so a returning participant stays one person whichever code they come in by),
    else by the key it joined with."""
    for candidate in (token, *known):
        if not candidate:
            continue
        try:
            person = participant_by_token(conn, candidate)
        except UnknownToken:
            continue
        if person.programme_id == programme_id:
            return person
    if key:
        row = conn.execute(
            sa.select(participants).where(participants.c.programme_id == programme_id, participants.c.join_key == key)
        ).first()
        if row is not None:
            return _participant(row)
    return None


def join_meeting(
    conn: Connection,
    code: str,
    token: str | None = None,
    key: str | None = None,
    *,
    newcomers: bool = True,
    known: Sequence[str] = (),
) -> tuple[dict[str, Any], Participant]:
    """A phone joins by code. A known token of the programme keeps its person; so does a retried join
    with the same key (its reply may have been lost), so a retry never adds a ghost who counts as present.

    An ended meeting says so only to its own people; to anyone else it is a code that does not
    exist, as is any code when `newcomers` is False (the caller is throttled and may only rejoin).
    """
    meeting = meeting_for_projector(conn, code)
    person = _own_person(conn, meeting["programme_id"], token, key, known)
    if meeting["status"] == MeetingStatus.CLOSED:
        raise MeetingClosed() if person is not None else UnknownCode()
    if person is None and not newcomers:
        raise UnknownCode()
    if person is None:
        person = add_participant(conn, meeting["programme_id"], join_key=key)
    if record_attendance(conn, meeting["id"], person.id):
        bump(conn, meeting["id"], state=False)
    return meeting, person


def record_attendance(conn: Connection, meeting_id: int, participant_id: int, stamp: dt.datetime | None = None) -> bool:
    """Count the person as present at the meeting (once); True if they were not counted yet.

    The insert runs in a savepoint: the same phone joining twice at once loses only that insert.
    """
    seen = conn.execute(
        sa.select(attendance.c.participant_id).where(
            attendance.c.meeting_id == meeting_id, attendance.c.participant_id == participant_id
        )
    ).first()
    if seen is not None:
        return False
    try:
        with conn.begin_nested():
            conn.execute(
                attendance.insert().values(meeting_id=meeting_id, participant_id=participant_id, joined_at=stamp or now())
            )
    except sa.exc.IntegrityError:
        return False  # the same phone joined twice at once
    return True


def attendees(conn: Connection, meeting_id: int) -> list[Participant]:
    """Who attended the meeting, by pseudonym."""
    rows = conn.execute(
        sa.select(participants)
        .join(attendance, attendance.c.participant_id == participants.c.id)
        .where(attendance.c.meeting_id == meeting_id)
        .order_by(participants.c.pseudonym)
    ).all()
    return [_participant(r) for r in rows]
