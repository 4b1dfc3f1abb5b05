"""What a meeting or a programme produced, as plain records: read once by the services, shared by every export.

Exports are pure functions of these records, so an export never queries the store and a test can
build a record by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from brobygger.exercises.registry import aggregate
from brobygger.groups import ResponseRow, pool_small_groups
from brobygger.localised import LocalText, text_of

__all__ = ["Answer", "ConsentSummary", "ExerciseRecord", "MeetingRecord", "ProgrammeRecord"]


@dataclass
class ConsentSummary:
    """Who a research record holds, who it leaves out, and the audit log of consent (for the research export)."""

    consented: int
    declined: int  # said no, or withdrew
    not_answered: int
    #: Every choice made: {"pseudonym", "consent", "source", "created_at"}, oldest first.
    log: list[dict[str, Any]] = field(default_factory=list)

    @property
    def left_out(self) -> int:
        return self.declined + self.not_answered

    @property
    def total(self) -> int:
        return self.consented + self.left_out


@dataclass
class Answer:
    pseudonym: str
    group: str | None
    organisation: str | None
    value: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass
class ExerciseRecord:
    run_id: int
    position: int  # the agenda item's place in the meeting
    item_id: str  # the template's agenda item id, the same in every meeting of a programme
    title: dict[str, str]
    definition: Any
    state: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    answers: list[Answer]
    groups: tuple[str, ...] = ()
    #: Answers left out because their authors declined research use (in workbooks whose kit says so).
    withheld: int = 0

    @property
    def type(self) -> str:
        return self.definition.type

    def summary(self) -> dict[str, Any]:
        """The aggregate, with groups too small to show on their own pooled (as on the projector)."""
        rows = [ResponseRow(a.pseudonym, a.group, a.value, a.updated_at) for a in self.answers]
        return aggregate(self.definition, pool_small_groups(rows), self.groups or None)


@dataclass
class MeetingRecord:
    id: int
    programme_id: int
    programme: str
    kit_id: str
    language: str
    template_id: str
    kind: str
    title: dict[str, str]
    theme: dict[str, str]
    date: dt.date | None
    status: str
    notes: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    agenda: list[dict[str, Any]]
    attendees: list[dict[str, Any]]
    groups: list[dict[str, Any]] = field(default_factory=list)
    exercises: list[ExerciseRecord] = field(default_factory=list)
    position: int = 0
    #: Set on a research record (only people who consented): how many were left out, and the consent log.
    consent: ConsentSummary | None = None

    def text(self, value: dict[str, str] | LocalText | None, lang: str | None = None) -> str:
        return text_of(value, lang or self.language, self.language)

    @property
    def label(self) -> str:
        """How sheets and charts name the meeting: its template id in capitals (DM1, NM2)."""
        return self.template_id.upper()


@dataclass
class ProgrammeRecord:
    """A programme with every meeting, the actions agreed, the advisory processes with their logs, and case cards."""

    id: int
    name: str
    kit_id: str
    language: str
    groups: list[dict[str, Any]]
    meetings: list[MeetingRecord]
    actions: list[dict[str, Any]] = field(default_factory=list)
    #: Every follow-up status an action was given: {"action_id", "meeting", "pseudonym", "status", "follow_up", "created_at"}.
    action_history: list[dict[str, Any]] = field(default_factory=list)
    #: Each process as on the board, with its log entries under "entries" (oldest first).
    processes: list[dict[str, Any]] = field(default_factory=list)
    #: The kit's example cases: {"title", "text", "change_logic", "knowledge_tools"} as kit texts.
    kit_cases: list[dict[str, Any]] = field(default_factory=list)
    #: The kit's catalogue titles by catalogue and entry id (themes and phases name a process's log entries).
    catalogue_titles: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    #: Set on a research record (only people who consented): how many were left out, and the consent log.
    consent: ConsentSummary | None = None
