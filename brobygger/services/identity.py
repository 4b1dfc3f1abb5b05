"""A person's short personal code: their identity on a new phone, without their personal link.

The code is derived from the person's token (8 characters of the join-code alphabet, 25^8 ≈ 1.5 × 10^11
codes), so nothing new is stored and it cannot be guessed from a pseudonym. It is shown on the phone's
"about you" screen and on the printed sheet; typed on a new phone with the meeting's code, it brings the
person back. A wrong personal code counts as a wrong try of the address, like a wrong join code.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import InvalidInput
from brobygger.services.participants import Participant, _participant, record_attendance
from brobygger.services.programmes import CODE_ALPHABET, meeting_by_code, normalise_code
from brobygger.services.revisions import bump
from brobygger.store import actions, participants, process_entries, process_members, responses

PERSONAL_LENGTH = 8


def personal_code(token: str) -> str:
    """The person's code as shown: `ABCD-EFGH`."""
    number = int.from_bytes(hashlib.sha256(b"brobygger personal code\0" + token.encode()).digest()[:8], "big")
    chars = []
    for _ in range(PERSONAL_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[digit])
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def _leaves_nothing(conn: Connection, participant_id: int) -> bool:
    """A person with no answer, action, log entry or process: a phone that joined only to recover."""
    for table in (responses, actions, process_entries, process_members):
        if conn.execute(sa.select(table.c.participant_id).where(table.c.participant_id == participant_id).limit(1)).first():
            return False
    return True


def recover_identity(conn: Connection, join_code: str, typed: str, current_token: str | None = None) -> tuple[dict, Participant]:
    """The person whose personal code was typed, joined to the meeting; InvalidInput if none fits.

    The new phone's own fresh identity (made when it joined, with nothing recorded) is removed, so the
    meeting does not count a ghost."""
    meeting = meeting_by_code(conn, join_code)
    wanted = normalise_code("".join(ch for ch in str(typed) if ch.isalnum()))
    if len(wanted) != PERSONAL_LENGTH:
        raise InvalidInput("error.personal_code")
    rows = conn.execute(sa.select(participants).where(participants.c.programme_id == meeting["programme_id"])).all()
    found = next((r for r in rows if personal_code(r.token).replace("-", "") == wanted), None)
    if found is None:
        raise InvalidInput("error.personal_code")
    ghost = next((r for r in rows if current_token and r.token == current_token and r.id != found.id), None)
    if ghost is not None and not ghost.registered and _leaves_nothing(conn, ghost.id):
        conn.execute(participants.delete().where(participants.c.id == ghost.id))
    record_attendance(conn, meeting["id"], found.id)
    bump(conn, meeting["id"])
    return meeting, _participant(found)
