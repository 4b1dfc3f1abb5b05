"""Small helpers the service modules share: fetch one row or say it is missing, optional text."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import NotFound
from brobygger.exercises.base import clean_text
from brobygger.store import exercise_runs


def one(conn: Connection, table: sa.Table, error: type[Exception] = NotFound, **where: Any) -> sa.Row:
    """The row matching `where`, or `error` (a message the user can read, never a traceback)."""
    row = conn.execute(sa.select(table).where(*(table.c[k] == v for k, v in where.items()))).first()
    if row is None:
        raise error(what=table.name)
    return row


def run_row(conn: Connection, run_id: int, *, lock: bool = False) -> sa.Row:
    """An exercise run; `lock` takes its row lock so an answer and a close of the same run queue."""
    query = sa.select(exercise_runs).where(exercise_runs.c.id == run_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None:
        raise NotFound(what="exercise")
    return row


def clean_optional(value: str | None, max_length: int, field: str) -> str | None:
    """Optional free text: cleaned, and empty stored as nothing."""
    if value is None:
        return None
    text = clean_text(value, max_length, field=field, required=False)
    return text or None
