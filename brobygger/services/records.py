"""Records of what a meeting or a programme produced, read in one transaction for the exports and analysis.

Who a record holds depends on whom it is for (`audience`):
- "all": everyone (the projector's analysis, reports);
- "research": only people who consented to research use, with the counts of those left out and the
  consent audit log; every research export is made from such a record;
- "workbook": organisers' workbooks; everyone is counted, but the answers of people who declined are
  left out when the kit says so (`research.workbooks_without_declined`).
"""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from brobygger.errors import NotFound
from brobygger.exercises import parse_definition
from brobygger.groups import group_ids, groups_or_default
from brobygger.kit_library import kit_by_id
from brobygger.records import Answer, ConsentSummary, ExerciseRecord, MeetingRecord, ProgrammeRecord
from brobygger.services import actions, consent, processes
from brobygger.store import agenda_items, attendance, exercise_runs, meetings, participants, programmes, responses

Audience = Literal["all", "research", "workbook"]


def _summary(choices: list[bool | None], log: list[dict]) -> ConsentSummary:
    return ConsentSummary(
        consented=sum(1 for c in choices if c is True),
        declined=sum(1 for c in choices if c is False),
        not_answered=sum(1 for c in choices if c is None),
        log=log,
    )


def _answer_filter(conn: Connection, programme_id: int, audience: Audience):
    """The condition on a participant's consent that an answer must meet to be in the record (None: any)."""
    if audience == "research":
        return participants.c.research_consent.is_(True)
    if audience == "workbook" and consent.workbooks_without_declined(conn, programme_id):
        return sa.or_(participants.c.research_consent.is_(None), participants.c.research_consent.is_(True))
    return None


def meeting_record(conn: Connection, meeting_id: int, audience: Audience = "all") -> MeetingRecord:
    """Everything one meeting produced, in a few queries (call it inside one `reading` transaction)."""
    meeting = conn.execute(sa.select(meetings).where(meetings.c.id == meeting_id)).first()
    if meeting is None:
        raise NotFound(what="meeting")
    programme = conn.execute(sa.select(programmes).where(programmes.c.id == meeting.programme_id)).one()
    items = [
        dict(r._mapping)
        for r in conn.execute(
            sa.select(agenda_items).where(agenda_items.c.meeting_id == meeting_id).order_by(agenda_items.c.position)
        )
    ]
    people = [
        dict(r._mapping)
        for r in conn.execute(
            sa.select(
                participants.c.id,
                participants.c.pseudonym,
                participants.c.name,
                participants.c.organisation,
                participants.c.group,
                participants.c.registered,
                participants.c.research_consent,
                attendance.c.joined_at,
            )
            .join(attendance, attendance.c.participant_id == participants.c.id)
            .where(attendance.c.meeting_id == meeting_id)
            .order_by(participants.c.pseudonym)
        )
    ]
    summary = None
    if audience == "research":
        present = {p["pseudonym"] for p in people}
        log = [e for e in consent.consent_log(conn, programme.id) if e["pseudonym"] in present]
        summary = _summary([p["research_consent"] for p in people], log)
        people = [p for p in people if p["research_consent"] is True]
    runs = conn.execute(
        sa.select(exercise_runs).where(exercise_runs.c.meeting_id == meeting_id, exercise_runs.c.discarded.is_(False))
    ).all()
    allowed = _answer_filter(conn, programme.id, audience)
    answer_query = (
        sa.select(
            responses.c.run_id,
            responses.c.value,
            responses.c.created_at,
            responses.c.updated_at,
            participants.c.pseudonym,
            participants.c.group,
            participants.c.organisation,
        )
        .join(participants, participants.c.id == responses.c.participant_id)
        .join(exercise_runs, exercise_runs.c.id == responses.c.run_id)
        .where(exercise_runs.c.meeting_id == meeting_id, exercise_runs.c.discarded.is_(False))
        .order_by(participants.c.pseudonym)
    )
    answer_rows = conn.execute(answer_query if allowed is None else answer_query.where(allowed)).all()
    withheld: dict[int, int] = {}  # answers left out per run, so workbooks still count everyone who answered
    if allowed is not None and audience == "workbook":
        counted = answer_query.with_only_columns(responses.c.run_id, sa.func.count()).group_by(responses.c.run_id).order_by(None)
        for run_id, everyone in conn.execute(counted).all():
            withheld[run_id] = everyone - sum(1 for r in answer_rows if r.run_id == run_id)
    by_run: dict[int, list[Answer]] = {}
    for row in answer_rows:
        by_run.setdefault(row.run_id, []).append(
            Answer(row.pseudonym, row.group, row.organisation, row.value, row.created_at, row.updated_at)
        )
    groups = groups_or_default(programme.groups)
    item_by_id = {i["id"]: i for i in items}
    records = []
    for run in runs:
        item = item_by_id[run.agenda_item_id]
        records.append(
            ExerciseRecord(
                run_id=run.id,
                position=item["position"],
                item_id=item["template_item_id"],
                title=item["title"],
                definition=parse_definition(item["exercise"]),
                state=run.state,
                opened_at=run.opened_at,
                closed_at=run.closed_at,
                answers=by_run.get(run.id, []),
                groups=group_ids(groups),
                withheld=withheld.get(run.id, 0),
            )
        )
    records.sort(key=lambda r: r.position)
    return MeetingRecord(
        id=meeting.id,
        programme_id=programme.id,
        programme=programme.name,
        kit_id=programme.kit_id,
        language=programme.language,
        template_id=meeting.template_id,
        kind=meeting.kind,
        title=meeting.title,
        theme=meeting.theme,
        date=meeting.date,
        status=meeting.status,
        notes=meeting.notes,
        started_at=meeting.started_at,
        ended_at=meeting.ended_at,
        position=meeting.position,
        agenda=items,
        attendees=people,
        groups=groups,
        exercises=records,
        consent=summary,
    )


def meetings_before(conn: Connection, meeting_id: int) -> list[MeetingRecord]:
    """Records of the programme's meetings held before this one (what change over time compares with)."""
    here = conn.execute(sa.select(meetings.c.programme_id, meetings.c.position).where(meetings.c.id == meeting_id)).first()
    if here is None:
        raise NotFound(what="meeting")
    ids = conn.execute(
        sa.select(meetings.c.id)
        .where(meetings.c.programme_id == here.programme_id, meetings.c.position < here.position)
        .order_by(meetings.c.position)
    ).scalars()
    return [meeting_record(conn, i) for i in ids.all()]


def programme_record(conn: Connection, programme_id: int, audience: Audience = "all") -> ProgrammeRecord:
    """The whole programme: its meetings, actions, advisory processes with their logs, and the kit's cases.

    For research, actions and log entries written by people who did not consent are left out too."""
    programme = conn.execute(sa.select(programmes).where(programmes.c.id == programme_id)).first()
    if programme is None:
        raise NotFound(what="programme")
    ids = conn.execute(
        sa.select(meetings.c.id).where(meetings.c.programme_id == programme_id).order_by(meetings.c.position)
    ).scalars()
    kit = kit_by_id(conn, programme.kit_id)
    cases = [
        {
            "title": entry.title,
            "text": entry.text,
            "change_logic": entry.attributes.get("change_logic"),
            "knowledge_tools": entry.attributes.get("knowledge_tools"),
        }
        for entry in (kit.catalogues["cases"].entries if kit and "cases" in kit.catalogues else [])
    ]
    pseudonyms = dict(
        conn.execute(
            sa.select(participants.c.id, participants.c.pseudonym).where(participants.c.programme_id == programme_id)
        ).all()
    )
    choices = consent.consent_by_participant(conn, programme_id)

    def kept(participant_id: int | None) -> bool:
        """Whether what this person wrote may be in the record (None: written by an organiser)."""
        return audience != "research" or participant_id is None or choices.get(participant_id) is True

    kept_actions = [a for a in actions.list_actions(conn, programme_id) if kept(a["participant_id"])]
    kept_ids = {a["id"] for a in kept_actions}
    board = processes.board(conn, programme_id)
    for process in board:
        process["entries"] = [e for e in processes.entries(conn, process["id"]) if kept(e["participant_id"])]
        for entry in process["entries"]:
            entry["pseudonym"] = pseudonyms.get(entry["participant_id"])
    titles = {
        name: {entry.id: dict(entry.title.root) for entry in catalogue.entries}
        for name, catalogue in (kit.catalogues.items() if kit else [])
        if name in ("themes", "phases")
    }
    return ProgrammeRecord(
        id=programme_id,
        name=programme.name,
        kit_id=programme.kit_id,
        language=programme.language,
        groups=groups_or_default(programme.groups),
        meetings=[meeting_record(conn, meeting_id, audience) for meeting_id in ids.all()],
        actions=kept_actions,
        action_history=[h for h in actions.follow_up_history(conn, programme_id) if h["action_id"] in kept_ids],
        processes=board,
        kit_cases=cases,
        catalogue_titles=titles,
        consent=_summary(list(choices.values()), consent.consent_log(conn, programme_id)) if audience == "research" else None,
    )


def export_records(conn: Connection, programme_id: int) -> tuple[ProgrammeRecord, ProgrammeRecord]:
    """The programme for organisers' workbooks and reports, and for research exports, read in one transaction."""
    return programme_record(conn, programme_id, "workbook"), programme_record(conn, programme_id, "research")
