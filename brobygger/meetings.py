"""Services: programmes, meetings, agenda runs, exercises and responses.

Every page, the phone routes and the command line go through these functions, so validation
and the per-meeting revision live in one place. Each change bumps the meeting's revision in
the same transaction, which is what lets projectors and phones poll for almost nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from brobygger import exercises
from brobygger.errors import (
    ExerciseClosed,
    ExerciseNotOpen,
    InvalidInput,
    MeetingClosed,
    NotFound,
    UnknownCode,
    UnknownToken,
)
from brobygger.exercises.base import ResponseRow, clean_text
from brobygger.groups import Groups, group_ids, groups_or_default, pool_small_groups
from brobygger.kits import Kit
from brobygger.store import (
    actions,
    agenda_items,
    attendance,
    exercise_runs,
    meetings,
    now,
    participants,
    programmes,
    responses,
    write,
)

#: Join-code letters: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, so a code read off a wall is typed right.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
MEETING_STATUSES = ("planned", "live", "closed")
RUN_STATES = ("draft", "open", "closed")


# ---------------------------------------------------------------- helpers


def _one(conn: Connection, table: sa.Table, error: type[Exception] = NotFound, **where: Any) -> sa.Row:
    row = conn.execute(sa.select(table).where(*(table.c[k] == v for k, v in where.items()))).first()
    if row is None:
        raise error(what=table.name)
    return row


def _bump(conn: Connection, meeting_id: int, *, state: bool = True) -> None:
    """Count a change. `state=False` for answers and joins: the projector must redraw, phones need not."""
    values: dict[str, Any] = {"revision": meetings.c.revision + 1}
    if state:
        values["state_revision"] = meetings.c.state_revision + 1
    conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(**values))


def normalise_code(code: str) -> str:
    """Upper-case, without spaces or dashes; letters people confuse mapped to the ones we use."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"O": "Q", "0": "Q", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"}))


def _new_code(conn: Connection) -> str:
    for _ in range(50):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if conn.execute(sa.select(meetings.c.id).where(meetings.c.join_code == code)).first() is None:
            return code
    raise RuntimeError("could not find a free join code")


def _clean_optional(value: str | None, max_length: int, field: str) -> str | None:
    if value is None:
        return None
    text = clean_text(value, max_length, field=field, required=False)
    return text or None


# ---------------------------------------------------------------- programmes and meetings


def create_programme(engine: Engine, kit: Kit, name: str, *, language: str | None = None, with_meetings: bool = True) -> int:
    """A run of a kit, with one meeting per meeting template unless asked otherwise."""
    name = clean_text(name, 200, field="name")
    language = language or kit.languages[0]
    if language not in kit.languages:
        raise InvalidInput("error.language_not_in_kit", language=language)
    with write(engine) as conn:
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
            create_meeting(engine, programme_id, kit, template.id)
    return programme_id


def create_meeting(engine: Engine, programme_id: int, kit: Kit, template_id: str, *, date: dt.date | None = None) -> int:
    """A meeting from a template: the agenda and its exercises are copied, then editable."""
    try:
        template = kit.meeting(template_id)
    except KeyError:
        raise NotFound("error.template_not_found", template=template_id) from None
    with write(engine) as conn:
        programme = _one(conn, programmes, id=programme_id)
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
                join_code=_new_code(conn),
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


def list_programmes(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(programmes).order_by(programmes.c.id.desc()))]


def get_programme(engine: Engine, programme_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(_one(conn, programmes, id=programme_id)._mapping)


def list_meetings(engine: Engine, programme_id: int | None = None) -> list[dict[str, Any]]:
    query = sa.select(meetings).order_by(meetings.c.programme_id.desc(), meetings.c.position)
    if programme_id is not None:
        query = query.where(meetings.c.programme_id == programme_id)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def get_meeting(engine: Engine, meeting_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(_one(conn, meetings, id=meeting_id)._mapping)


def meeting_by_code(engine: Engine, code: str) -> dict[str, Any]:
    """The meeting a join code names; closed meetings and unknown codes are refused."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        raise UnknownCode()
    with engine.connect() as conn:
        row = conn.execute(sa.select(meetings).where(meetings.c.join_code == code)).first()
    if row is None:
        raise UnknownCode()
    if row.status == "closed":
        raise MeetingClosed()
    return dict(row._mapping)


def meeting_for_projector(engine: Engine, code: str) -> dict[str, Any]:
    """The meeting a projector shows, by join code; unlike joining, an ended meeting is still found."""
    normalised = normalise_code(code)
    with engine.connect() as conn:
        row = (
            conn.execute(sa.select(meetings).where(meetings.c.join_code == normalised)).first()
            if len(normalised) == CODE_LENGTH
            else None
        )
    if row is None:
        raise UnknownCode()
    return dict(row._mapping)


def live_meeting_of(engine: Engine, programme_id: int) -> dict[str, Any] | None:
    """The programme's meeting that is live now (the most recently started), if any."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(meetings)
            .where(meetings.c.programme_id == programme_id, meetings.c.status == "live")
            .order_by(meetings.c.started_at.desc())
            .limit(1)
        ).first()
    return dict(row._mapping) if row else None


def agenda(engine: Engine, meeting_id: int) -> list[dict[str, Any]]:
    """Agenda items in order, each with its current exercise run (if it has an exercise)."""
    with engine.connect() as conn:
        return _agenda(conn, meeting_id)


def _agenda(conn: Connection, meeting_id: int) -> list[dict[str, Any]]:
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
    engine: Engine,
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
        cleaned = {k: clean_text(v, 200, field="title") for k, v in title.items()}
        values["title"] = cleaned
    if notes is not None:
        values["notes"] = {k: clean_text(v, 4000, field="notes", required=False) for k, v in notes.items()}
    if not values:
        return
    with write(engine) as conn:
        item = _one(conn, agenda_items, id=item_id)
        conn.execute(agenda_items.update().where(agenda_items.c.id == item_id).values(**values))
        _bump(conn, item.meeting_id)


# ---------------------------------------------------------------- running a meeting


def start_meeting(engine: Engine, meeting_id: int) -> None:
    """Go live at the first agenda item (or resume where it was)."""
    with write(engine) as conn:
        meeting = _one(conn, meetings, id=meeting_id)
        if meeting.status == "closed":
            raise MeetingClosed()
        if meeting.status == "live":
            return
        first = conn.execute(
            sa.select(agenda_items.c.id).where(agenda_items.c.meeting_id == meeting_id).order_by(agenda_items.c.position).limit(1)
        ).scalar_one()
        current = meeting.current_item_id or first
        conn.execute(
            meetings.update()
            .where(meetings.c.id == meeting_id)
            .values(status="live", started_at=meeting.started_at or now(), current_item_id=current)
        )
        conn.execute(
            agenda_items.update()
            .where(agenda_items.c.id == current, agenda_items.c.started_at.is_(None))
            .values(started_at=now())
        )
        _bump(conn, meeting_id)


def go_to_item(engine: Engine, meeting_id: int, item_id: int) -> None:
    """Make an item current: the one left gets its end time, the new one its start (first time only)."""
    with write(engine) as conn:
        meeting = _one(conn, meetings, id=meeting_id)
        if meeting.status != "live":
            raise InvalidInput("error.meeting_not_live")
        item = _one(conn, agenda_items, id=item_id)
        if item.meeting_id != meeting_id:
            raise NotFound()
        stamp = now()
        if meeting.current_item_id and meeting.current_item_id != item_id:
            conn.execute(agenda_items.update().where(agenda_items.c.id == meeting.current_item_id).values(ended_at=stamp))
        conn.execute(
            agenda_items.update()
            .where(agenda_items.c.id == item_id, agenda_items.c.started_at.is_(None))
            .values(started_at=stamp)
        )
        conn.execute(agenda_items.update().where(agenda_items.c.id == item_id).values(ended_at=None))
        conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(current_item_id=item_id))
        _bump(conn, meeting_id)


def step_item(engine: Engine, meeting_id: int, step: int) -> int | None:
    """Next (+1) or previous (-1) item; returns the new current item id, None at either end."""
    items = agenda(engine, meeting_id)
    meeting = get_meeting(engine, meeting_id)
    ids = [i["id"] for i in items]
    index = ids.index(meeting["current_item_id"]) if meeting["current_item_id"] in ids else -1
    target = index + step
    if not 0 <= target < len(ids):
        return None
    go_to_item(engine, meeting_id, ids[target])
    return ids[target]


def extend_item(engine: Engine, item_id: int, minutes: int) -> None:
    """Give the current item more (or back less) time; its planned minutes stay as in the plan."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not -60 <= minutes <= 120:
        raise InvalidInput("error.minutes_range")
    with write(engine) as conn:
        item = _one(conn, agenda_items, id=item_id)
        extra = max(-item.minutes + 1, item.extra_minutes + minutes)
        conn.execute(agenda_items.update().where(agenda_items.c.id == item_id).values(extra_minutes=extra))
        _bump(conn, item.meeting_id)


def end_meeting(engine: Engine, meeting_id: int) -> None:
    """Close the meeting: open exercises close, the current item ends, the join code stops working."""
    with write(engine) as conn:
        meeting = _one(conn, meetings, id=meeting_id)
        stamp = now()
        conn.execute(
            exercise_runs.update()
            .where(exercise_runs.c.meeting_id == meeting_id, exercise_runs.c.state == "open")
            .values(state="closed", closed_at=stamp)
        )
        if meeting.current_item_id:
            conn.execute(agenda_items.update().where(agenda_items.c.id == meeting.current_item_id).values(ended_at=stamp))
        conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(status="closed", ended_at=stamp))
        _bump(conn, meeting_id)


def set_show_qr(engine: Engine, meeting_id: int, show: bool) -> None:
    with write(engine) as conn:
        _one(conn, meetings, id=meeting_id)
        conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(show_qr=bool(show)))
        _bump(conn, meeting_id)


# ---------------------------------------------------------------- exercises


def _run(conn: Connection, run_id: int, *, lock: bool = False) -> sa.Row:
    query = sa.select(exercise_runs).where(exercise_runs.c.id == run_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        raise NotFound(what="exercise")
    return row


def open_exercise(engine: Engine, run_id: int) -> None:
    """Open an exercise for answers; any other open exercise in the meeting closes (one at a time)."""
    with write(engine) as conn:
        run = _run(conn, run_id, lock=True)
        meeting = _one(conn, meetings, id=run.meeting_id)
        if meeting.status != "live":
            raise InvalidInput("error.meeting_not_live")
        if run.discarded:
            raise NotFound(what="exercise")
        stamp = now()
        conn.execute(
            exercise_runs.update()
            .where(exercise_runs.c.meeting_id == run.meeting_id, exercise_runs.c.state == "open", exercise_runs.c.id != run_id)
            .values(state="closed", closed_at=stamp)
        )
        conn.execute(
            exercise_runs.update()
            .where(exercise_runs.c.id == run_id)
            .values(state="open", opened_at=run.opened_at or stamp, closed_at=None)
        )
        _bump(conn, run.meeting_id)


def close_exercise(engine: Engine, run_id: int) -> None:
    """Stop taking answers; what was answered stays."""
    with write(engine) as conn:
        run = _run(conn, run_id, lock=True)
        if run.state != "open":
            return
        conn.execute(exercise_runs.update().where(exercise_runs.c.id == run_id).values(state="closed", closed_at=now()))
        _bump(conn, run.meeting_id)


def reset_exercise(engine: Engine, run_id: int) -> int:
    """Start an exercise afresh: the old run is kept (discarded, for the record), a new draft run replaces it."""
    with write(engine) as conn:
        run = _run(conn, run_id, lock=True)
        if run.discarded:  # reset twice (a laptop and a phone remote at once): the first reset stands
            raise ExerciseClosed()
        stamp = now()
        conn.execute(
            exercise_runs.update()
            .where(exercise_runs.c.id == run_id)
            .values(discarded=True, state="closed", closed_at=run.closed_at or stamp)
        )
        new_id = conn.execute(
            exercise_runs.insert().values(meeting_id=run.meeting_id, agenda_item_id=run.agenda_item_id, created_at=stamp)
        ).inserted_primary_key[0]
        conn.execute(actions.delete().where(actions.c.run_id == run_id))
        _bump(conn, run.meeting_id)
    return new_id


def show_results(engine: Engine, run_id: int, shown: bool) -> None:
    with write(engine) as conn:
        run = _run(conn, run_id, lock=True)
        conn.execute(exercise_runs.update().where(exercise_runs.c.id == run_id).values(results_shown=bool(shown)))
        _bump(conn, run.meeting_id)


def exercise_of_run(engine: Engine, run_id: int) -> Any:
    with engine.connect() as conn:
        run = _run(conn, run_id)
        item = _one(conn, agenda_items, id=run.agenda_item_id)
    return exercises.parse_definition(item.exercise)


# ---------------------------------------------------------------- participants


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


def programme_groups(engine: Engine, programme_id: int) -> Groups:
    """The programme's participant groups (the kit's, or advisor / company / other)."""
    with engine.connect() as conn:
        stored = conn.execute(sa.select(programmes.c.groups).where(programmes.c.id == programme_id)).scalar()
    return groups_or_default(stored)


def _check_group(engine: Engine, programme_id: int, group: str | None) -> str | None:
    if group in (None, ""):
        return None
    if group not in group_ids(programme_groups(engine, programme_id)):
        raise InvalidInput("error.group_invalid")
    return group


def add_participant(
    engine: Engine,
    programme_id: int,
    *,
    name: str | None = None,
    organisation: str | None = None,
    group: str | None = None,
    registered: bool = False,
) -> Participant:
    """A new person in the programme with an unguessable token and the next free pseudonym (P01, P02, ...)."""
    name = _clean_optional(name, 120, "name")
    organisation = _clean_optional(organisation, 120, "organisation")
    group = _check_group(engine, programme_id, group)
    for _attempt in range(20):
        try:
            with write(engine) as conn:
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
                    "created_at": now(),
                }
                new_id = conn.execute(participants.insert().values(**values)).inserted_primary_key[0]
                return Participant(new_id, programme_id, values["token"], values["pseudonym"], name, organisation, group)
        except sa.exc.IntegrityError:
            continue  # another phone took the same pseudonym at the same moment: count again
    raise RuntimeError("could not allocate a pseudonym")


def register_participants(engine: Engine, programme_id: int, lines: str) -> list[Participant]:
    """Organisers register people (one 'name; organisation; group' a line). All lines are checked
    first; one bad line registers nobody and says which line and why."""
    groups = group_ids(programme_groups(engine, programme_id))
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
    return [add_participant(engine, programme_id, name=n, organisation=o, group=g, registered=True) for n, o, g in rows]


def registered_participants(engine: Engine, programme_id: int) -> list[Participant]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(participants)
            .where(participants.c.programme_id == programme_id, participants.c.registered.is_(True))
            .order_by(participants.c.pseudonym)
        ).all()
    return [_participant(r) for r in rows]


def participant_by_token(engine: Engine, token: str) -> Participant:
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        raise UnknownToken()
    with engine.connect() as conn:
        row = conn.execute(sa.select(participants).where(participants.c.token == token)).first()
    if row is None:
        raise UnknownToken()
    return _participant(row)


def update_profile(engine: Engine, token: str, *, name: str | None, organisation: str | None, group: str | None) -> Participant:
    """The participant's own optional details; empty fields clear them."""
    person = participant_by_token(engine, token)
    values = {
        "name": _clean_optional(name, 120, "name"),
        "organisation": _clean_optional(organisation, 120, "organisation"),
        "group": _check_group(engine, person.programme_id, group),
    }
    with write(engine) as conn:
        conn.execute(participants.update().where(participants.c.id == person.id).values(**values))
        for meeting_id in conn.execute(
            sa.select(attendance.c.meeting_id).where(attendance.c.participant_id == person.id)
        ).scalars():
            _bump(conn, meeting_id, state=False)
    return participant_by_token(engine, token)


def join_meeting(engine: Engine, code: str, token: str | None = None) -> tuple[dict[str, Any], Participant]:
    """A phone joins by code. A known token of the same programme keeps its person; otherwise a new one."""
    meeting = meeting_by_code(engine, code)
    person = None
    if token:
        try:
            person = participant_by_token(engine, token)
        except UnknownToken:
            person = None
        if person is not None and person.programme_id != meeting["programme_id"]:
            person = None
    if person is None:
        person = add_participant(engine, meeting["programme_id"])
    with write(engine) as conn:
        seen = conn.execute(
            sa.select(attendance.c.participant_id).where(
                attendance.c.meeting_id == meeting["id"], attendance.c.participant_id == person.id
            )
        ).first()
        if seen is None:
            try:
                with conn.begin_nested():
                    conn.execute(attendance.insert().values(meeting_id=meeting["id"], participant_id=person.id, joined_at=now()))
                _bump(conn, meeting["id"], state=False)
            except sa.exc.IntegrityError:
                pass  # the same phone joined twice at once
    return meeting, person


def attendees(engine: Engine, meeting_id: int) -> list[Participant]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(participants)
            .join(attendance, attendance.c.participant_id == participants.c.id)
            .where(attendance.c.meeting_id == meeting_id)
            .order_by(participants.c.pseudonym)
        ).all()
    return [_participant(r) for r in rows]


# ---------------------------------------------------------------- responses


def _upsert_response(conn: Connection, run_id: int, participant_id: int, value: dict[str, Any]) -> dt.datetime:
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


def submit_response(engine: Engine, token: str, run_id: int, answer: Any) -> dict[str, Any]:
    """Store (or replace) a participant's answer to an open exercise and return what was stored.

    Refused, with nothing written: unknown token, an exercise of another programme, an exercise
    that is not open, an answer that fails its type's validation.
    """
    person = participant_by_token(engine, token)
    with write(engine) as conn:
        run = _run(conn, run_id, lock=True)  # a close racing this answer waits for us, or we see it closed
        meeting = _one(conn, meetings, id=run.meeting_id)
        if meeting.programme_id != person.programme_id:
            raise UnknownToken()
        if run.discarded or run.state == "closed":
            raise ExerciseClosed()
        if run.state != "open":
            raise ExerciseNotOpen()
        item = _one(conn, agenda_items, id=run.agenda_item_id)
        definition = exercises.parse_definition(item.exercise)
        value = exercises.validate_response(definition, answer)
        stamp = _upsert_response(conn, run_id, person.id, value)
        if definition.type == "actions":
            _sync_actions(conn, meeting, run_id, person.id, value, stamp)
        if (
            conn.execute(
                sa.select(attendance.c.participant_id).where(
                    attendance.c.meeting_id == meeting.id, attendance.c.participant_id == person.id
                )
            ).first()
            is None
        ):
            conn.execute(attendance.insert().values(meeting_id=meeting.id, participant_id=person.id, joined_at=stamp))
        _bump(conn, meeting.id, state=False)
    return {"value": value, "updated_at": stamp.isoformat()}


def _sync_actions(
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


def own_response(engine: Engine, token: str, run_id: int) -> dict[str, Any] | None:
    person = participant_by_token(engine, token)
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(responses).where(responses.c.run_id == run_id, responses.c.participant_id == person.id)
        ).first()
    return {"value": row.value, "updated_at": row.updated_at.isoformat()} if row else None


def response_rows(engine: Engine, run_id: int) -> list[ResponseRow]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(participants.c.pseudonym, participants.c.group, responses.c.value, responses.c.updated_at)
            .join(participants, participants.c.id == responses.c.participant_id)
            .where(responses.c.run_id == run_id)
            .order_by(participants.c.pseudonym)
        ).all()
    return [ResponseRow(r.pseudonym, r.group, r.value, r.updated_at) for r in rows]


def results(engine: Engine, run_id: int) -> dict[str, Any]:
    """The aggregated answers of a run, with how many of the meeting's participants answered."""
    with engine.connect() as conn:
        run = _run(conn, run_id)
        item = _one(conn, agenda_items, id=run.agenda_item_id)
        present = conn.execute(sa.select(sa.func.count()).where(attendance.c.meeting_id == run.meeting_id)).scalar_one()
        programme_id = conn.execute(sa.select(meetings.c.programme_id).where(meetings.c.id == run.meeting_id)).scalar_one()
    definition = exercises.parse_definition(item.exercise)
    rows = response_rows(engine, run_id)
    groups = programme_groups(engine, programme_id)
    return {
        "run_id": run_id,
        "state": run.state,
        "results_shown": run.results_shown,
        "type": definition.type,
        "definition": definition,
        "answered": len(rows),
        "present": present,
        "groups": groups,
        "summary": exercises.aggregate(definition, pool_small_groups(rows), group_ids(groups)),
    }


def list_actions(engine: Engine, programme_id: int) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(actions, participants.c.pseudonym)
            .outerjoin(participants, participants.c.id == actions.c.participant_id)
            .where(actions.c.programme_id == programme_id)
            .order_by(actions.c.meeting_id, actions.c.id)
        ).all()
    return [dict(r._mapping) for r in rows]


ACTION_STATUSES = ("open", "done", "partly", "not-yet")


def actions_to_follow_up(engine: Engine, meeting_id: int) -> list[dict[str, Any]]:
    """Actions decided at the programme's earlier meetings: what this meeting's follow-up item reviews."""
    with engine.connect() as conn:
        meeting = _one(conn, meetings, id=meeting_id)
        rows = conn.execute(
            sa.select(actions, participants.c.pseudonym, meetings.c.template_id)
            .outerjoin(participants, participants.c.id == actions.c.participant_id)
            .join(meetings, meetings.c.id == actions.c.meeting_id)
            .where(actions.c.programme_id == meeting.programme_id, meetings.c.position < meeting.position)
            .order_by(meetings.c.position, participants.c.pseudonym, actions.c.id)
        ).all()
    return [dict(r._mapping) for r in rows]


def follow_up_action(
    engine: Engine, action_id: int, status: str, follow_up: str | None, *, meeting_id: int, token: str | None = None
) -> None:
    """Mark how an action went (done, partly, not yet) with a line on what happened.

    With a token, only the participant who made the action may mark it (from their phone);
    without, the moderator does (behind the secret).
    """
    if status not in ACTION_STATUSES:
        raise InvalidInput("error.action_status")
    line = clean_text(follow_up or "", 300, field="follow_up", required=False)
    person = participant_by_token(engine, token) if token is not None else None
    with write(engine) as conn:
        action = _one(conn, actions, id=action_id)
        if person is not None and action.participant_id != person.id:
            raise UnknownToken()
        conn.execute(actions.update().where(actions.c.id == action_id).values(status=status, follow_up=line, updated_at=now()))
        _bump(conn, meeting_id)


# ---------------------------------------------------------------- what screens show


def revision(engine: Engine, meeting_id: int) -> int:
    """The meeting's change counter: cheap to poll, changes whenever anything on a screen could."""
    with engine.connect() as conn:
        value = conn.execute(sa.select(meetings.c.revision).where(meetings.c.id == meeting_id)).scalar()
    if value is None:
        raise NotFound(what="meeting")
    return value


def meeting_state(engine: Engine, meeting_id: int) -> dict[str, Any]:
    """Everything a projector or phone needs in one read: meeting, agenda, current item, open run."""
    with engine.connect() as conn:
        meeting = dict(_one(conn, meetings, id=meeting_id)._mapping)
        items = _agenda(conn, meeting_id)
        present = conn.execute(sa.select(sa.func.count()).where(attendance.c.meeting_id == meeting_id)).scalar_one()
    current = next((i for i in items if i["id"] == meeting["current_item_id"]), None)
    open_run = next((i["run"] for i in items if i["run"] and i["run"]["state"] == "open"), None)
    open_item = next((i for i in items if i["run"] and open_run and i["run"]["id"] == open_run["id"]), None)
    return {
        "meeting": meeting,
        "items": items,
        "current": current,
        "open_run": open_run,
        "open_item": open_item,
        "present": present,
    }


def set_meeting_date(engine: Engine, meeting_id: int, date: dt.date | None) -> None:
    if date is not None and not isinstance(date, dt.date):
        raise InvalidInput()
    with write(engine) as conn:
        _one(conn, meetings, id=meeting_id)
        conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(date=date))
        _bump(conn, meeting_id)
