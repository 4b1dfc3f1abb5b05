"""What a phone is shown: built from the services in one read transaction, in the participant's language. No HTTP here."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger import exercises, languages
from brobygger.errors import UnknownToken
from brobygger.exercises.view import exercise_view
from brobygger.groups import group_label
from brobygger.i18n import MESSAGES
from brobygger.kit_library import kit_by_id
from brobygger.localised import text_of
from brobygger.services import actions, consent, participants, programmes, read_models, responses
from brobygger.services.identity import personal_code
from brobygger.store import meetings as meetings_table
from brobygger.store import participants as participants_table
from brobygger.store import programmes as programmes_table


def phone_languages(kit_languages: list[str]) -> list[str]:
    """The kit's languages first, then the UI's own, so a participant can always read the buttons."""
    return list(dict.fromkeys([*kit_languages, *languages.UI]))


def phone_messages(lang: str) -> dict[str, str]:
    """The phone page's own texts in one language (with English as fallback)."""
    keys = [k for k in MESSAGES if k.startswith(("phone.", "group.", "error.", "action.", "followup.", "log.link"))]
    return {k: MESSAGES[k].get(lang) or MESSAGES[k].get("en") or MESSAGES[k]["da"] for k in keys}


def poll_revision(conn: Connection, code: str, token: str) -> tuple[int, int, str] | None:
    """(meeting id, state revision, status) for a join code and a token of its programme: the one
    query an idle phone costs. None when the code does not exist or the token is not of its
    programme (the caller gives both the same answer).

    The state revision moves when the moderator changes something, not when others answer,
    so a room full of answering phones does not make every phone fetch its whole view.
    """
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        return None
    row = conn.execute(
        sa.select(meetings_table.c.id, meetings_table.c.state_revision, meetings_table.c.status)
        .join(participants_table, participants_table.c.programme_id == meetings_table.c.programme_id)
        .where(meetings_table.c.join_code == programmes.normalise_code(code), participants_table.c.token == token)
    ).first()
    return (row.id, row.state_revision, row.status) if row else None


def kit_languages(conn: Connection, programme_id: int) -> tuple[str, list[str]]:
    """The programme's language and the languages its kit texts are given in (read from stored texts)."""
    language = conn.execute(sa.select(programmes_table.c.language).where(programmes_table.c.id == programme_id)).scalar_one()
    title = conn.execute(sa.select(meetings_table.c.title).where(meetings_table.c.programme_id == programme_id).limit(1)).scalar()
    return language, list(dict.fromkeys([language, *(title or {})]))


def kit_has_phases(conn: Connection, programme_id: int) -> bool:
    """Whether the programme's kit has bridge-building phases, so its pairs keep a process log."""
    kit_id = conn.execute(sa.select(programmes_table.c.kit_id).where(programmes_table.c.id == programme_id)).scalar_one()
    kit = kit_by_id(conn, kit_id)
    return bool(kit and "phases" in kit.catalogues)


def consent_view(conn: Connection, participant_id: int, programme_id: int, lang: str) -> dict[str, Any]:
    """The participant's choice about research use and the text they are asked with (short and full)."""
    choice = consent.choice_of(conn, participant_id)
    text = consent.text_for(conn, programme_id, lang)
    return {
        "choice": choice.consent,
        "at": choice.at.isoformat() if choice.at else None,
        "short": text.short,
        "full": [{"heading": heading, "text": body} for heading, body in text.full],
    }


def phone_state(conn: Connection, meeting_id: int, token: str, lang: str | None) -> dict[str, Any]:
    """The meeting as this participant's phone shows it: title, current item, the exercise and their answer."""
    person = participants.participant_by_token(conn, token)
    state = read_models.meeting_state(conn, meeting_id)
    meeting = state["meeting"]
    if meeting["programme_id"] != person.programme_id:
        raise UnknownToken()
    default_lang, kit_langs = kit_languages(conn, meeting["programme_id"])
    groups = programmes.programme_groups(conn, meeting["programme_id"])
    offered = phone_languages(kit_langs)
    lang = lang if lang in offered else default_lang
    current = state["current"]
    shown_item = state["open_item"]
    if shown_item is None and current is not None and current["run"] is not None and current["run"]["state"] == "closed":
        shown_item = current
    exercise = None
    if shown_item is not None:
        run = shown_item["run"]
        definition = exercises.parse_definition(shown_item["exercise"])
        own = responses.own_response(conn, token, run["id"])
        exercise = {
            "run_id": run["id"],
            "state": run["state"],
            "title": text_of(shown_item["title"], lang, default_lang),
            "definition": exercise_view(definition, lang, default_lang),
            "answer": own["value"] if own else None,
            "saved_at": own["updated_at"] if own else None,
        }
    mine = []
    if exercise is None and current is not None and current["kind"] == "follow-up":
        mine = [
            {
                "id": a["id"],
                "what": a["what"],
                "due": a["due"].isoformat() if a["due"] else "",
                "status": a["status"],
                "follow_up": a["follow_up"],
            }
            for a in actions.actions_to_follow_up(conn, meeting_id)
            if a["participant_id"] == person.id
        ]
    return {
        "rev": meeting["state_revision"],
        "consent": consent_view(conn, person.id, meeting["programme_id"], lang),
        "my_actions": mine,
        "can_log": kit_has_phases(conn, meeting["programme_id"]),
        "lang": lang,
        "languages": offered,
        "messages": phone_messages(lang),
        "meeting": {
            "title": text_of(meeting["title"], lang, default_lang),
            "status": meeting["status"],
            "code": meeting["join_code"],
        },
        "item": text_of(current["title"], lang, default_lang) if current else None,
        "groups": [{"id": g["id"], "label": group_label(groups, g["id"], lang, default_lang)} for g in groups],
        "me": {
            "pseudonym": person.pseudonym,
            "name": person.name or "",
            "organisation": person.organisation or "",
            "group": person.group or "",
            "personal_code": personal_code(person.token),
        },
        "exercise": exercise,
    }
