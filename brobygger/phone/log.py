"""The advisory-process log a pair keeps between meetings: what its page shows, and writing an entry."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from brobygger.i18n import MESSAGES, t
from brobygger.kit_library import kit_by_id
from brobygger.localised import text_of
from brobygger.services import participants, processes, programmes


def _writer(conn: Connection, token: str) -> tuple[Any, dict[str, Any], Any]:
    """The person writing in the log, their programme and its kit."""
    person = participants.participant_by_token(conn, token)
    programme = programmes.get_programme(conn, person.programme_id)
    return person, programme, kit_by_id(conn, programme["kit_id"])


def log_view(conn: Connection, token: str, lang: str | None) -> dict[str, Any]:
    """The programme's processes to write in, and the kit's themes and phases, in the person's language."""
    person, programme, kit = _writer(conn, token)
    lang = lang or programme["language"]

    def catalogue(name: str) -> list[dict[str, str]]:
        entries = kit.catalogues[name].entries if kit and name in kit.catalogues else []
        return [{"id": e.id, "label": text_of(e.title, lang, programme["language"])} for e in entries]

    mine = set(processes.processes_of(conn, person.id))
    rows = [p for p in processes.board(conn, person.programme_id) if p["id"] in mine]
    return {
        "programme": programme["name"],
        "processes": [{"id": p["id"], "label": f"{p['advisor_unit']} × {p['company']}"} for p in rows],
        "themes": catalogue("themes"),
        "phases": catalogue("phases"),
        "messages": {k: t(k, lang) for k in MESSAGES if k.startswith(("log.", "phone.save", "error."))},
    }


def write_entry(
    conn: Connection, token: str, process_id: int | None, texts: dict[str, str], new_process: tuple[str, str] | None
) -> dict[str, Any]:
    """One log entry; with no process id, the pair's process is started in the same transaction (and
    its writer becomes one of its people). Returns the entry and its process as the page lists it."""
    person, _, kit = _writer(conn, token)
    entry = processes.log_entry(
        conn, process_id, kit, **texts, participant_id=person.id, programme_id=person.programme_id, new_process=new_process
    )
    row = next(p for p in processes.board(conn, person.programme_id) if p["id"] == processes.process_of(conn, entry))
    return {"entry": entry, "process": {"id": row["id"], "label": f"{row['advisor_unit']} × {row['company']}"}}


def add_member(conn: Connection, token: str, process_id: int, pseudonym: str) -> str:
    """One of a process's people lets another person of the programme write in its log."""
    person = participants.participant_by_token(conn, token)
    return processes.add_member_by_pseudonym(conn, process_id, person.id, pseudonym)
