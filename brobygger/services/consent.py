"""Consent to research use: each participant's choice, and an audit log of every change.

A participant is asked once per programme (the first time they join it) and may change their mind
from "My data" at any time. The choice decides only what the research exports hold; taking part in
the meeting works the same either way. Every choice is logged, the first included, and never edited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import InvalidInput
from brobygger.kit_library import kit_by_id
from brobygger.research_info import ResearchText, research_text
from brobygger.services.participants import participant_by_token
from brobygger.store import consent_events, now, participants, programmes

SOURCES = ("phone",)  # where a choice can be made; the log names it, so another way in can be added


@dataclass(frozen=True)
class Choice:
    consent: bool | None  # None: not answered yet
    at: dt.datetime | None


def choice_of(conn: Connection, participant_id: int) -> Choice:
    row = conn.execute(
        sa.select(participants.c.research_consent, participants.c.consent_at).where(participants.c.id == participant_id)
    ).one()
    return Choice(row.research_consent, row.consent_at)


def set_consent(conn: Connection, token: str, consent: Any, source: str = "phone") -> Choice:
    """Store the participant's choice and log it; the same choice again is logged too (it was made again)."""
    if not isinstance(consent, bool):
        raise InvalidInput("error.consent_choice")
    if source not in SOURCES:
        raise ValueError(source)
    person = participant_by_token(conn, token)
    stamp = now()
    conn.execute(participants.update().where(participants.c.id == person.id).values(research_consent=consent, consent_at=stamp))
    conn.execute(
        consent_events.insert().values(
            programme_id=person.programme_id, participant_id=person.id, consent=consent, source=source, created_at=stamp
        )
    )
    return Choice(consent, stamp)


def consent_log(conn: Connection, programme_id: int) -> list[dict[str, Any]]:
    """Every choice made in the programme, oldest first, by pseudonym."""
    rows = conn.execute(
        sa.select(participants.c.pseudonym, consent_events.c.consent, consent_events.c.source, consent_events.c.created_at)
        .join(participants, participants.c.id == consent_events.c.participant_id)
        .where(consent_events.c.programme_id == programme_id)
        .order_by(consent_events.c.created_at, consent_events.c.id)
    ).all()
    return [dict(r._mapping) for r in rows]


def consent_by_participant(conn: Connection, programme_id: int) -> dict[int, bool | None]:
    """Each participant's current choice (None: not answered)."""
    return dict(
        conn.execute(
            sa.select(participants.c.id, participants.c.research_consent).where(participants.c.programme_id == programme_id)
        ).all()
    )


def counts(conn: Connection, programme_id: int) -> dict[str, int]:
    """How many people of the programme said yes, said no (or withdrew), and have not answered."""
    choices = list(consent_by_participant(conn, programme_id).values())
    return {
        "consented": sum(1 for c in choices if c is True),
        "declined": sum(1 for c in choices if c is False),
        "not_answered": sum(1 for c in choices if c is None),
    }


def kit_research(conn: Connection, programme_id: int) -> tuple[str, Any]:
    """The programme's language and its kit's research settings (None when the kit is gone)."""
    row = conn.execute(sa.select(programmes.c.kit_id, programmes.c.language).where(programmes.c.id == programme_id)).one()
    kit = kit_by_id(conn, row.kit_id)
    return row.language, (kit.manifest.research if kit else None)


def text_for(conn: Connection, programme_id: int, lang: str) -> ResearchText:
    """What the phone shows: the kit's research information in `lang`, or the defaults."""
    language, research = kit_research(conn, programme_id)
    short = research.short.root if research and research.short else None
    full = research.full.root if research and research.full else None
    return research_text(lang, language, short, full)


def workbooks_without_declined(conn: Connection, programme_id: int) -> bool:
    _, research = kit_research(conn, programme_id)
    return bool(research and research.workbooks_without_declined)
