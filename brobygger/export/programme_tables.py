"""The programme's work between meetings as research tables: actions with their follow-up, advisory processes and their logs.

Kit ids (a theme, a phase) stand beside their labels in each of the programme's languages, so a
researcher can both join on the id and read the label.
"""

from __future__ import annotations

from brobygger.export.tables import Column, Table
from brobygger.i18n import t
from brobygger.records import ProgrammeRecord

STATUSES = ("open", "done", "partly", "not-yet")


def _label_columns(prefix: str, what: str, languages: list[str]) -> list[Column]:
    return [Column(f"{prefix}_label_{lang}", "text", f"The {what}'s label in {lang}.") for lang in languages]


def actions_table(programme: ProgrammeRecord, languages: list[str]) -> Table:
    """Every action agreed, who made it, and how it went when it was followed up."""
    meeting_of = {m.id: m.template_id for m in programme.meetings}
    columns = [
        Column("action_id", "integer", "Id of the action in this installation."),
        Column("meeting", "text", "Meeting template id where the action was agreed (e.g. dm1)."),
        Column("pseudonym", "text", "Pseudonym of the participant who wrote the action; empty if entered by the organiser."),
        Column("what", "text", "What will be done."),
        Column("who", "text", "Who does it, as written; may be empty."),
        Column("organisation", "text", "Which organisation, as written; may be empty."),
        Column("due", "date", "By when (YYYY-MM-DD); may be empty."),
        Column("status", "text", "How it went at the follow-up: open (not yet followed up), done, partly or not-yet.", STATUSES),
        *_label_columns("status", "status", languages),
        Column("follow_up", "text", "One line on what happened, written at the follow-up."),
        Column("created_at", "datetime", "When the action was written (UTC)."),
        Column("updated_at", "datetime", "When the action or its follow-up last changed (UTC)."),
    ]
    rows = [
        [
            a["id"],
            meeting_of.get(a["meeting_id"], ""),
            a["pseudonym"] or "",
            a["what"],
            a["who"],
            a["organisation"],
            a["due"],
            a["status"],
            *(t(f"action.{a['status']}", lang) for lang in languages),
            a["follow_up"],
            a["created_at"],
            a["updated_at"],
        ]
        for a in programme.actions
    ]
    return Table("actions", "Actions and their follow-up", columns, rows)


def action_history_table(programme: ProgrammeRecord, languages: list[str]) -> Table:
    """Every status an action was given at a follow-up, oldest first: the path from "not yet" to "done"."""
    columns = [
        Column("action_id", "integer", "Id of the action (see actions.csv)."),
        Column("meeting", "text", "Meeting template id where the follow-up was made; empty if from before the history was kept."),
        Column("pseudonym", "text", "Who set the status: the action's writer by pseudonym; empty for the moderator."),
        Column("status", "text", "The status set: done, partly, not-yet (or open).", STATUSES),
        *_label_columns("status", "status", languages),
        Column("follow_up", "text", "The line written with the status."),
        Column("at", "datetime", "When the status was set (UTC)."),
    ]
    rows = [
        [
            h["action_id"],
            h["meeting"] or "",
            h["pseudonym"] or "",
            h["status"],
            *(t(f"action.{h['status']}", lang) for lang in languages),
            h["follow_up"],
            h["created_at"],
        ]
        for h in programme.action_history
    ]
    return Table("action_history", "The follow-up history of every action", columns, rows)


def processes_table(programme: ProgrammeRecord) -> Table:
    """One row per advisory process (an advisor unit with a company), with its case description."""
    columns = [
        Column("process_id", "integer", "Id of the advisory process in this installation."),
        Column("advisor_unit", "text", "The advisor unit, as written."),
        Column("company", "text", "The company, as written."),
        Column("intervention", "text", "Case card: the intervention."),
        Column("change_logic", "text", "Case card: the change logic."),
        Column("knowledge_tools", "text", "Case card: knowledge and tools used."),
        Column("entries", "integer", "How many log entries the process has."),
        Column("created_at", "datetime", "When the process was started (UTC)."),
    ]
    rows = [
        [
            p["id"],
            p["advisor_unit"],
            p["company"],
            p["intervention"],
            p["change_logic"],
            p["knowledge_tools"],
            len(p["entries"]),
            p["created_at"],
        ]
        for p in programme.processes
    ]
    return Table("processes", "Advisory processes", columns, rows)


def process_entries_table(programme: ProgrammeRecord, languages: list[str]) -> Table:
    """Every log entry of every process, oldest first, with the theme and phase as ids and as labels."""
    themes = programme.catalogue_titles.get("themes", {})
    phases = programme.catalogue_titles.get("phases", {})
    columns = [
        Column("process_id", "integer", "The advisory process (see processes.csv)."),
        Column("pseudonym", "text", "Pseudonym of the participant who wrote the entry; empty if not known."),
        Column("created_at", "datetime", "When the entry was written (UTC)."),
        Column(
            "theme",
            "text",
            "The intervention theme's id from the kit ('other' for a theme of one's own).",
            (*themes, "other") if themes else (),
        ),
        *_label_columns("theme", "theme", languages),
        Column("phase", "text", "The bridge-building phase's id from the kit.", tuple(phases)),  # empty: any
        *_label_columns("phase", "phase", languages),
        Column("helped", "text", "What helped."),
        Column("hindered", "text", "What got in the way."),
        Column("next_step", "text", "The next step."),
    ]
    rows = []
    for process in programme.processes:
        for e in process["entries"]:
            theme, phase = themes.get(e["theme"], {}), phases.get(e["phase"], {})
            rows.append(
                [process["id"], e.get("pseudonym") or "", e["created_at"], e["theme"]]
                + [theme.get(lang) or (t("log.other_theme", lang) if e["theme"] == "other" else "") for lang in languages]
                + [e["phase"]]
                + [phase.get(lang, "") for lang in languages]
                + [e["helped"], e["hindered"], e["next_step"]]
            )
    return Table("process_entries", "The advisory processes' logs", columns, rows)
