"""Advisory processes: the work between meetings (an advisor unit with a company), logged by the pair.

Each log entry says which intervention theme and bridge-building phase the process is in, what
helped, what got in the way and the next step. Network meetings show all processes on a board by
phase; a process can be written up as a case (intervention, change logic, knowledge and tools).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import InvalidInput, NotFound, UnknownToken
from brobygger.exercises.base import clean_text
from brobygger.services.revisions import bump
from brobygger.services.states import MeetingStatus
from brobygger.store import advisory_processes, meetings, now, participants, process_entries, process_members, programmes

OTHER_THEME = "other"


def _catalogue_ids(kit: Any, name: str) -> list[str]:
    catalogue = kit.catalogues.get(name) if kit is not None else None
    return [e.id for e in catalogue.entries] if catalogue else []


def start_process(conn: Connection, programme_id: int, advisor_unit: str, company: str) -> int:
    """A new process of the programme: an advisor unit working with a company."""
    values = {
        "programme_id": programme_id,
        "advisor_unit": clean_text(advisor_unit, 120, field="advisor_unit"),
        "company": clean_text(company, 120, field="company"),
        "created_at": now(),
    }
    if conn.execute(sa.select(programmes.c.id).where(programmes.c.id == programme_id)).first() is None:
        raise NotFound(what="programme")
    return conn.execute(advisory_processes.insert().values(**values)).inserted_primary_key[0]


def log_entry(
    conn: Connection,
    process_id: int | None,
    kit: Any,
    *,
    theme: str,
    phase: str,
    helped: str = "",
    hindered: str = "",
    next_step: str = "",
    participant_id: int | None = None,
    programme_id: int | None = None,
    new_process: tuple[str, str] | None = None,
) -> int:
    """One entry in a process's log. Theme and phase come from the kit's 'themes' and 'phases' catalogues.

    With `new_process` (advisor unit, company) the process is started in the same transaction, so
    a refused entry never leaves an empty process behind. A live meeting's board shows the entry,
    so its projector revision is bumped (phones need not redraw).
    """
    themes, phases = _catalogue_ids(kit, "themes"), _catalogue_ids(kit, "phases")
    if themes and theme not in (*themes, OTHER_THEME):
        raise InvalidInput("error.process_theme")
    if phases and phase not in phases:
        raise InvalidInput("error.process_phase")
    values = {
        "process_id": process_id,
        "participant_id": participant_id,
        "theme": clean_text(theme, 120, field="theme"),
        "phase": clean_text(phase, 40, field="phase"),
        "helped": clean_text(helped, 600, field="helped", required=False),
        "hindered": clean_text(hindered, 600, field="hindered", required=False),
        "next_step": clean_text(next_step, 600, field="next_step", required=False),
        "created_at": now(),
    }
    if new_process is not None:
        unit = clean_text(new_process[0], 120, field="advisor_unit")
        company = clean_text(new_process[1], 120, field="company")
        if programme_id is None:
            raise InvalidInput()
        process_id = conn.execute(
            advisory_processes.insert().values(programme_id=programme_id, advisor_unit=unit, company=company, created_at=now())
        ).inserted_primary_key[0]
        values["process_id"] = process_id
    process = conn.execute(sa.select(advisory_processes).where(advisory_processes.c.id == process_id)).first()
    if process is None:
        raise NotFound(what="process")
    if programme_id is not None and process.programme_id != programme_id:
        raise UnknownToken()
    if participant_id is not None:
        if new_process is not None:
            add_member(conn, process_id, participant_id)
        elif not is_member(conn, process_id, participant_id):
            raise InvalidInput("error.process_not_yours")
    entry = conn.execute(process_entries.insert().values(**values)).inserted_primary_key[0]
    for meeting_id in conn.execute(
        sa.select(meetings.c.id).where(
            meetings.c.programme_id == process.programme_id, meetings.c.status == MeetingStatus.LIVE.value
        )
    ).scalars():
        bump(conn, meeting_id, state=False)
    return entry


def is_member(conn: Connection, process_id: int, participant_id: int) -> bool:
    """Whether the person is one of the process's people (who started it, or was added by one of them)."""
    found = conn.execute(
        sa.select(process_members.c.process_id).where(
            process_members.c.process_id == process_id, process_members.c.participant_id == participant_id
        )
    ).first()
    return found is not None


def add_member(conn: Connection, process_id: int, participant_id: int) -> None:
    """Let one more person write in the process's log (once)."""
    if not is_member(conn, process_id, participant_id):
        conn.execute(process_members.insert().values(process_id=process_id, participant_id=participant_id, added_at=now()))


def add_member_by_pseudonym(conn: Connection, process_id: int, by_participant: int, pseudonym: str) -> str:
    """One of the process's people adds another person of the programme by the pseudonym their phone shows."""
    process = conn.execute(sa.select(advisory_processes).where(advisory_processes.c.id == process_id)).first()
    if process is None or not is_member(conn, process_id, by_participant):
        raise InvalidInput("error.process_not_yours")
    wanted = (pseudonym or "").strip().upper()[:10]
    found = conn.execute(
        sa.select(participants.c.id, participants.c.pseudonym).where(
            participants.c.programme_id == process.programme_id, participants.c.pseudonym == wanted
        )
    ).first()
    if found is None:
        raise InvalidInput("error.process_member_unknown", pseudonym=wanted or "?")
    add_member(conn, process_id, found.id)
    return found.pseudonym


def processes_of(conn: Connection, participant_id: int) -> list[int]:
    """The processes a person may write in."""
    return list(
        conn.execute(
            sa.select(process_members.c.process_id)
            .where(process_members.c.participant_id == participant_id)
            .order_by(process_members.c.process_id)
        ).scalars()
    )


def describe_case(conn: Connection, process_id: int, *, intervention: str, change_logic: str, knowledge_tools: str) -> None:
    """Write a process up as a case card."""
    values = {
        "intervention": clean_text(intervention, 2000, field="intervention", required=False),
        "change_logic": clean_text(change_logic, 2000, field="change_logic", required=False),
        "knowledge_tools": clean_text(knowledge_tools, 2000, field="knowledge_tools", required=False),
    }
    if conn.execute(advisory_processes.update().where(advisory_processes.c.id == process_id).values(**values)).rowcount == 0:
        raise NotFound(what="process")


def board(conn: Connection, programme_id: int) -> list[dict[str, Any]]:
    """Every process of the programme with its latest entry (phase, theme, next step) and entry count."""
    processes = conn.execute(
        sa.select(advisory_processes).where(advisory_processes.c.programme_id == programme_id).order_by(advisory_processes.c.id)
    ).all()
    rows = conn.execute(
        sa.select(process_entries)
        .join(advisory_processes, advisory_processes.c.id == process_entries.c.process_id)
        .where(advisory_processes.c.programme_id == programme_id)
        .order_by(process_entries.c.created_at, process_entries.c.id)
    ).all()
    latest: dict[int, Any] = {}
    counts: dict[int, int] = {}
    for entry in rows:
        latest[entry.process_id] = entry
        counts[entry.process_id] = counts.get(entry.process_id, 0) + 1
    out = []
    for process in processes:
        last = latest.get(process.id)
        out.append(
            {
                **dict(process._mapping),
                "phase": last.phase if last else None,
                "theme": last.theme if last else None,
                "next_step": last.next_step if last else "",
                "helped": last.helped if last else "",
                "hindered": last.hindered if last else "",
                "entries": counts.get(process.id, 0),
            }
        )
    return out


def process_of(conn: Connection, entry_id: int) -> int:
    """The process a log entry belongs to."""
    return conn.execute(sa.select(process_entries.c.process_id).where(process_entries.c.id == entry_id)).scalar_one()


def entries(conn: Connection, process_id: int) -> list[dict[str, Any]]:
    """A process's log, oldest first."""
    rows = conn.execute(
        sa.select(process_entries).where(process_entries.c.process_id == process_id).order_by(process_entries.c.created_at)
    ).all()
    return [dict(r._mapping) for r in rows]
