"""What the meeting and programme reports say, as plain blocks that the Word and PDF writers both lay out.

Pure functions of the records: the same blocks become the .docx and the .pdf, so the two never
disagree. Texts are in the programme's language; people appear only by pseudonym, and results by
group pool small groups exactly as on the projector (`ExerciseRecord.summary`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from brobygger import analysis
from brobygger.charts import evaluation_trend_figure, figure_for
from brobygger.exercises import registry
from brobygger.exercises.figure import counted
from brobygger.exercises.unit import TextCards
from brobygger.export.pictures import figure_png
from brobygger.i18n import t
from brobygger.records import ExerciseRecord, MeetingRecord, ProgrammeRecord
from brobygger.settings import local_zone

#: Called with the share done (0..1) and what is being drawn, for a progress bar.
Progress = Callable[[float, str], None]


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Para:
    text: str
    muted: bool = False


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    #: Relative column widths.
    widths: list[float]


@dataclass
class Picture:
    png: bytes
    caption: str


@dataclass
class Report:
    title: str
    subtitle: str
    language: str
    blocks: list[Any] = field(default_factory=list)

    @property
    def pictures(self) -> int:
        return sum(isinstance(b, Picture) for b in self.blocks)


def _clock(moment: dt.datetime | None) -> str:
    return moment.astimezone(local_zone()).strftime("%H:%M") if moment else "–"


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> str:
    return f"{round((end - start).total_seconds() / 60)}" if start and end else "–"


def _date(value: dt.date | None, lang: str) -> str:
    return value.isoformat() if value else t("report.no_date", lang)


def agenda_rows(meeting: MeetingRecord) -> list[list[str]]:
    """Per agenda item: number, title, planned start–end and minutes, actual start–end and minutes."""
    rows, planned = [], meeting.started_at
    for item in meeting.agenda:
        minutes = item["minutes"] + (item["extra_minutes"] or 0)
        planned_end = planned + dt.timedelta(minutes=minutes) if planned else None
        rows.append(
            [
                str(item["position"]),
                meeting.text(item["title"]),
                f"{_clock(planned)}–{_clock(planned_end)}" if planned else "–",
                str(minutes),
                f"{_clock(item['started_at'])}–{_clock(item['ended_at'])}" if item["started_at"] else "–",
                _minutes(item["started_at"], item["ended_at"]),
            ]
        )
        planned = planned_end
    return rows


def _owner(action: dict[str, Any]) -> str:
    return action.get("who") or action.get("pseudonym") or ""


def _exercise(meeting: MeetingRecord, before: list[MeetingRecord], ex: ExerciseRecord, blocks: list[Any]) -> None:
    lang = meeting.language
    blocks.append(Heading(f"{ex.position}. {meeting.text(ex.title)}", 3))
    blocks.append(Para(meeting.text(ex.definition.prompt.root if ex.definition.prompt else None)))
    blocks.append(Para(t("report.answers", lang, n=len(ex.answers), present=len(meeting.attendees)), muted=True))
    if not ex.answers:
        return
    if ex.type == "actions":
        blocks.append(Para(t("report.see_actions", lang), muted=True))
        return
    summary = ex.summary()
    earlier: Any = None
    if ex.type == "placement":
        earlier = analysis.earlier_placements(before, ex.item_id) or None
    elif ex.type == "matrix":
        earlier = analysis.earlier_summary(before, ex.item_id)
    drawn = figure_for(ex.definition, summary, lang, groups=meeting.groups, earlier=earlier)
    line = registry.get(ex.type).caption(ex.definition, summary, lang)
    caption = line.text if line else ""
    if isinstance(drawn, TextCards):
        blocks.append(Bullets(counted(drawn.entries)))
    else:
        blocks.append(Picture(figure_png(drawn), caption or meeting.text(ex.title)))


def meeting_blocks(
    programme: ProgrammeRecord, meeting: MeetingRecord, progress: Progress | None = None, *, level: int = 1
) -> list[Any]:
    """Agenda with times, each exercise's result, actions decided, earlier actions followed up, the next meeting."""
    lang = meeting.language
    before = [m for m in programme.meetings if m.position < meeting.position]
    blocks: list[Any] = [
        Para(
            " · ".join(
                [
                    f"{t('report.date', lang)}: {_date(meeting.date, lang)}",
                    f"{t('report.present', lang)}: {len(meeting.attendees)}",
                ]
            )
        ),
    ]
    if meeting.text(meeting.theme):
        blocks.append(Para(meeting.text(meeting.theme)))
    blocks.append(Heading(t("xl.agenda", lang), level + 1))
    header = [t("xl.no", lang), t("xl.item", lang), t("report.planned", lang), t("report.min", lang)]
    header += [t("report.actual", lang), t("report.min", lang)]
    blocks.append(Table(header, agenda_rows(meeting), [0.5, 4.2, 1.6, 0.7, 1.6, 0.7]))
    blocks.append(Heading(t("report.results", lang), level + 1))
    if not meeting.exercises:
        blocks.append(Para(t("report.no_exercises", lang), muted=True))
    for n, ex in enumerate(meeting.exercises, start=1):
        if progress:
            progress(n / (len(meeting.exercises) + 1), meeting.text(ex.title))
        _exercise(meeting, before, ex, blocks)
    blocks.append(Heading(t("report.actions", lang), level + 1))
    decided = [a for a in programme.actions if a["meeting_id"] == meeting.id]
    if decided:
        header = [t("xl.what", lang), t("report.owner", lang), t("xl.organisation", lang), t("xl.due", lang)]
        rows = [[a["what"], _owner(a), a["organisation"] or "", a["due"].isoformat() if a["due"] else ""] for a in decided]
        blocks.append(Table(header, rows, [4.6, 1.6, 1.6, 1.2]))
    else:
        blocks.append(Para(t("report.no_actions", lang), muted=True))
    blocks.append(Heading(t("followup.title", lang), level + 1))
    label = {m.id: m.label for m in programme.meetings}
    earlier = [a for a in programme.actions if a["meeting_id"] in {m.id for m in before}]
    if earlier:
        header = [t("xl.meeting", lang), t("xl.what", lang), t("report.owner", lang), t("xl.status", lang)]
        header.append(t("xl.follow_up", lang))
        rows = [
            [label[a["meeting_id"]], a["what"], _owner(a), t(f"action.{a['status']}", lang), a["follow_up"] or ""]
            for a in earlier
        ]
        blocks.append(Table(header, rows, [0.8, 3.4, 1.4, 1.1, 2.8]))
    else:
        blocks.append(Para(t("followup.none", lang), muted=True))
    blocks.append(Heading(t("report.next", lang), level + 1))
    after = [m for m in programme.meetings if m.position > meeting.position]
    if after:
        nxt = after[0]
        blocks.append(Para(f"{nxt.label}: {nxt.text(nxt.title)} · {_date(nxt.date, lang)}"))
        if nxt.text(nxt.theme):
            blocks.append(Para(nxt.text(nxt.theme), muted=True))
    else:
        blocks.append(Para(t("report.last_meeting", lang), muted=True))
    return blocks


def meeting_report(programme: ProgrammeRecord, meeting_id: int, progress: Progress | None = None) -> Report:
    """The minutes of one meeting (a referat), ready to send the morning after."""
    meeting = next(m for m in programme.meetings if m.id == meeting_id)
    lang = programme.language
    report = Report(f"{meeting.label}: {meeting.text(meeting.title)}", programme.name, lang)
    report.blocks = meeting_blocks(programme, meeting, progress)
    return report


def _change(programme: ProgrammeRecord, blocks: list[Any]) -> None:
    """The repeated placements and matrices: the latest run drawn over the first (DM1 -> DM3)."""
    lang = programme.language
    found = False
    for kind in ("placement", "matrix"):
        for rep in analysis.repeated(programme.meetings, kind):
            found = True
            title = f"{rep.first_meeting.label} → {rep.last_meeting.label}: {rep.last_meeting.text(rep.last.title)}"
            blocks.append(Heading(title, 3))
            if kind == "placement":
                earlier = {a.pseudonym: a.value["now"] for a in rep.first.answers if "now" in a.value}
                blocks.append(Para(t("report.moved", lang, first=rep.first_meeting.label), muted=True))
            else:
                earlier = (rep.first_meeting.label, rep.first.summary())
                blocks.append(Para(t("report.gaps", lang, first=rep.first_meeting.label), muted=True))
            drawn = figure_for(rep.last.definition, rep.last.summary(), lang, groups=programme.groups, earlier=earlier)
            blocks.append(Picture(figure_png(drawn), title))
    if not found:
        blocks.append(Para(t("report.no_change", lang), muted=True))


def programme_blocks(programme: ProgrammeRecord, progress: Progress | None = None) -> list[Any]:
    """Meetings, change over time, the share of actions done, the evaluation trend, then each held meeting."""
    lang = programme.language
    blocks: list[Any] = [Heading(t("xl.meetings", lang), 2)]
    header = [t("xl.meeting", lang), t("report.title", lang), t("xl.date", lang), t("report.present", lang)]
    rows = [[m.label, m.text(m.title), _date(m.date, lang), str(len(m.attendees))] for m in programme.meetings]
    blocks.append(Table(header, rows, [1.0, 5.0, 1.6, 1.2]))
    blocks.append(Heading(t("report.change", lang), 2))
    _change(programme, blocks)
    blocks.append(Heading(t("report.actions_done", lang), 2))
    total = len(programme.actions)
    if total:
        counts = {s: sum(a["status"] == s for a in programme.actions) for s in ("done", "partly", "not-yet", "open")}
        rows = [[t(f"action.{s}", lang), str(n), f"{n / total:.0%}"] for s, n in counts.items()]
        blocks.append(Para(t("report.done_share", lang, done=counts["done"], total=total, share=f"{counts['done'] / total:.0%}")))
        blocks.append(Table([t("xl.status", lang), t("xl.count", lang), t("report.share", lang)], rows, [3.0, 1.2, 1.2]))
    else:
        blocks.append(Para(t("report.no_actions", lang), muted=True))
    blocks.append(Heading(t("report.evaluation_trend", lang), 2))
    trend = analysis.evaluation_trend(programme.meetings)
    if len({row["meeting"] for row in trend}) >= 2:  # a trend needs two meetings
        blocks.append(Picture(figure_png(evaluation_trend_figure(trend, lang)), t("report.evaluation_trend", lang)))
    else:
        blocks.append(Para(t("report.no_evaluation", lang), muted=True))
    held = [m for m in programme.meetings if m.started_at is not None]
    for n, meeting in enumerate(held, start=1):
        if progress:
            progress(n / (len(held) + 1), meeting.label)
        blocks.append(Heading(f"{meeting.label}: {meeting.text(meeting.title)}", 1))
        blocks.extend(meeting_blocks(programme, meeting))
    return blocks


def programme_report(programme: ProgrammeRecord, progress: Progress | None = None) -> Report:
    """The whole programme for its organisers and funders: change, actions done, evaluations, every meeting."""
    report = Report(programme.name, t("report.programme_subtitle", programme.language), programme.language)
    report.blocks = programme_blocks(programme, progress)
    return report
