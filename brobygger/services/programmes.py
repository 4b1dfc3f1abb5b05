"""Programmes (a run of a kit) and their meetings: creating them, finding them, join codes."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import InvalidInput, MeetingClosed, NotFound, UnknownCode
from brobygger.exercises.base import clean_text
from brobygger.groups import Groups, groups_or_default
from brobygger.kits import Kit
from brobygger.services._common import one
from brobygger.services.revisions import bump
from brobygger.services.states import MeetingStatus
from brobygger.store import agenda_items, exercise_runs, meetings, now, programmes

#: Join-code letters: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, so a code read off a wall is typed right.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


#: Characters left out of the alphabet, read as the alphabet's character that looks most like them.
CODE_LOOKALIKES = {"O": "Q", "0": "Q", "I": "T", "L": "T", "1": "T", "S": "6", "5": "6", "B": "3", "8": "3", "Z": "7", "2": "7"}
_LOOKALIKES = str.maketrans(CODE_LOOKALIKES)


def normalise_code(code: str) -> str:
    """Upper-case, without spaces or dashes; characters left out of the alphabet mapped to one in it.

    Only characters of CODE_ALPHABET come out of a lookalike (a test checks every one), so a code
    read off a wall with an S for a 6 still finds its meeting.
    """
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isascii() and ch.isalnum())
    return cleaned.translate(_LOOKALIKES)


def new_join_code(conn: Connection) -> str:
    """A join code no meeting has (random, so codes of one programme do not give each other away)."""
    for _ in range(50):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if conn.execute(sa.select(meetings.c.id).where(meetings.c.join_code == code)).first() is None:
            return code
    raise RuntimeError("could not find a free join code")


def create_programme(conn: Connection, kit: Kit, name: str, *, language: str | None = None, with_meetings: bool = True) -> int:
    """A run of a kit, with one meeting per meeting template unless asked otherwise (all or none)."""
    name = clean_text(name, 200, field="name")
    language = language or kit.languages[0]
    if language not in kit.languages:
        raise InvalidInput("error.language_not_in_kit", language=language)
    programme_id = conn.execute(
        programmes.insert().values(
            name=name,
            kit_id=kit.id,
            kit_version=kit.manifest.version,
            language=language,
            groups=[g.model_dump(mode="json") for g in kit.manifest.groups] if kit.manifest.groups else None,
            created_at=now(),
        )
    ).inserted_primary_key[0]
    if with_meetings:
        for template in kit.meetings:
            create_meeting(conn, programme_id, kit, template.id)
    return programme_id


def create_meeting(conn: Connection, programme_id: int, kit: Kit, template_id: str, *, date: dt.date | None = None) -> int:
    """A meeting from a template: the agenda and its exercises are copied, then editable."""
    try:
        template = kit.meeting(template_id)
    except KeyError:
        raise NotFound("error.template_not_found", template=template_id) from None
    programme = one(conn, programmes, id=programme_id)
    if programme.kit_id != kit.id:
        raise InvalidInput("error.kit_mismatch")
    position = conn.execute(sa.select(sa.func.count()).where(meetings.c.programme_id == programme_id)).scalar_one()
    meeting_id = conn.execute(
        meetings.insert().values(
            programme_id=programme_id,
            template_id=template.id,
            kind=template.kind,
            position=position + 1,
            title=template.title.root,
            theme=template.theme.root,
            date=date,
            join_code=new_join_code(conn),
            created_at=now(),
        )
    ).inserted_primary_key[0]
    for position, item in enumerate(template.agenda, start=1):
        item_id = conn.execute(
            agenda_items.insert().values(
                meeting_id=meeting_id,
                position=position,
                template_item_id=item.id,
                title=item.title.root,
                minutes=item.minutes,
                kind=item.kind,
                notes=item.notes.root if item.notes else None,
                exercise=item.exercise.model_dump(mode="json", exclude_none=True) if item.exercise else None,
                display=item.display,
            )
        ).inserted_primary_key[0]
        if item.exercise is not None:
            conn.execute(exercise_runs.insert().values(meeting_id=meeting_id, agenda_item_id=item_id, created_at=now()))
    return meeting_id


def list_programmes(conn: Connection) -> list[dict[str, Any]]:
    """All programmes, newest first (what Organise offers to pick)."""
    return [dict(r._mapping) for r in conn.execute(sa.select(programmes).order_by(programmes.c.id.desc()))]


def get_programme(conn: Connection, programme_id: int) -> dict[str, Any]:
    """One programme; `NotFound` if it was purged."""
    return dict(one(conn, programmes, id=programme_id)._mapping)


def list_meetings(conn: Connection, programme_id: int | None = None) -> list[dict[str, Any]]:
    """Meetings in programme order (newest programme first), of one programme or all."""
    query = sa.select(meetings).order_by(meetings.c.programme_id.desc(), meetings.c.position)
    if programme_id is not None:
        query = query.where(meetings.c.programme_id == programme_id)
    return [dict(r._mapping) for r in conn.execute(query)]


def get_meeting(conn: Connection, meeting_id: int) -> dict[str, Any]:
    """One meeting; `NotFound` if it does not exist."""
    return dict(one(conn, meetings, id=meeting_id)._mapping)


def meeting_by_code(conn: Connection, code: str) -> dict[str, Any]:
    """The meeting a join code names; closed meetings and unknown codes are refused."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        raise UnknownCode()
    row = conn.execute(sa.select(meetings).where(meetings.c.join_code == code)).first()
    if row is None:
        raise UnknownCode()
    if row.status == MeetingStatus.CLOSED:
        raise MeetingClosed()
    return dict(row._mapping)


def meeting_for_projector(conn: Connection, code: str) -> dict[str, Any]:
    """The meeting a projector shows, by join code; unlike joining, an ended meeting is still found."""
    normalised = normalise_code(code)
    row = (
        conn.execute(sa.select(meetings).where(meetings.c.join_code == normalised)).first()
        if len(normalised) == CODE_LENGTH
        else None
    )
    if row is None:
        raise UnknownCode()
    return dict(row._mapping)


def live_meeting_of(conn: Connection, programme_id: int) -> dict[str, Any] | None:
    """The programme's meeting that is live now (the most recently started), if any."""
    row = conn.execute(
        sa.select(meetings)
        .where(meetings.c.programme_id == programme_id, meetings.c.status == MeetingStatus.LIVE.value)
        .order_by(meetings.c.started_at.desc())
        .limit(1)
    ).first()
    return dict(row._mapping) if row else None


def set_meeting_date(conn: Connection, meeting_id: int, date: dt.date | None) -> None:
    """Plan (or clear) the meeting's date."""
    if date is not None and not isinstance(date, dt.date):
        raise InvalidInput()
    one(conn, meetings, id=meeting_id)
    conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(date=date))
    bump(conn, meeting_id)


def programme_groups(conn: Connection, programme_id: int) -> Groups:
    """The programme's participant groups (the kit's, or advisor / company / other)."""
    stored = conn.execute(sa.select(programmes.c.groups).where(programmes.c.id == programme_id)).scalar()
    return groups_or_default(stored)
