"""A programme's absence figures (per workplace and month), as an organiser uploaded them; parsing is in brobygger/figures.py."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import InvalidInput
from brobygger.figures import Figure
from brobygger.store import figures, now, programmes


def replace_figures(conn: Connection, programme_id: int, rows: list[Figure]) -> int:
    """The programme's figures become exactly these (an upload replaces the previous one)."""
    stamp = now()
    if conn.execute(sa.select(programmes.c.id).where(programmes.c.id == programme_id)).first() is None:
        raise InvalidInput("error.not_found")
    conn.execute(figures.delete().where(figures.c.programme_id == programme_id))
    if rows:
        conn.execute(
            figures.insert(),
            [
                {
                    "programme_id": programme_id,
                    "workplace": r.workplace,
                    "month": r.month,
                    "value": r.value,
                    "short_term": r.short_term,
                    "long_term": r.long_term,
                    "uploaded_at": stamp,
                }
                for r in rows
            ],
        )
    return len(rows)


def list_figures(conn: Connection, programme_id: int) -> list[Figure]:
    rows = conn.execute(
        sa.select(figures.c.workplace, figures.c.month, figures.c.value, figures.c.short_term, figures.c.long_term)
        .where(figures.c.programme_id == programme_id)
        .order_by(figures.c.workplace, figures.c.month)
    ).all()
    return [Figure(r.workplace, r.month, r.value, r.short_term, r.long_term) for r in rows]
