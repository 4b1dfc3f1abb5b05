"""Services: everything that changes or reads the meeting store goes through these modules.

Each function takes a SQLAlchemy `Connection`, so a caller decides what one transaction holds:
a screen reads everything it shows in one `reading` transaction (one consistent snapshot), a
button press makes its change in one `writing` transaction (all or nothing, one revision bump).

    with services.writing(engine) as conn:
        agenda.start_meeting(conn, meeting_id)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection, Engine

from brobygger.services import (
    actions,
    agenda,
    consent,
    figures,
    identity,
    merges,
    participants,
    processes,
    programmes,
    read_models,
    records,
    responses,
    revisions,
    runs,
    states,
)
from brobygger.store import write


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: commits at the end, rolls back on error. On SQLite it takes the write
    lock at BEGIN, so two writers queue instead of failing when a reader turns writer."""
    with write(engine) as conn:
        yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction: every query in it sees the same snapshot (repeatable read on PostgreSQL,
    a deferred BEGIN on SQLite, so polling screens never wait for the write lock)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


__all__ = [
    "actions",
    "agenda",
    "consent",
    "figures",
    "identity",
    "merges",
    "participants",
    "processes",
    "programmes",
    "read_models",
    "reading",
    "records",
    "responses",
    "revisions",
    "runs",
    "states",
    "writing",
]
