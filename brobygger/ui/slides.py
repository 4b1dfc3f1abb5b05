"""The projector's slides: one per kind of agenda item or display, each a function from what the
projector knows this refresh (`Screen`) to what it draws. `pick` says which slides the moment wants."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from brobygger import analysis, charts, services
from brobygger.exercises import registry
from brobygger.ui.common import lang, read, tr
from brobygger.ui.follow_up import follow_up_board
from brobygger.ui.process_board import process_board
from brobygger.ui.results import answered_line, show_results

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Screen:
    """One refresh of the projector: the meeting state (read in one transaction) and the kit's language.
    Slides read what else they show (results, boards) in transactions of their own."""

    state: dict[str, Any]
    kit_lang: str

    @property
    def meeting(self) -> dict[str, Any]:
        return self.state["meeting"]

    @property
    def live(self) -> bool:
        return self.meeting["status"] == "live"

    @property
    def current(self) -> dict[str, Any] | None:
        return self.state["current"]

    @property
    def quiet(self) -> bool:
        """Live on an item, with no exercise open: room for a board or a follow-up."""
        return self.current is not None and self.live and self.state["open_item"] is None

    @property
    def shown_item(self) -> dict[str, Any] | None:
        """The item whose exercise is on the wall: the open one, else the current item's (closed) run."""
        current = self.current
        item = self.state["open_item"] or (current if current and current["run"] else None)
        return item if item and item["run"]["state"] != "draft" and self.live else None


@dataclass(frozen=True)
class Slide:
    name: str
    shows: Callable[[Screen], bool]
    draw: Callable[[Screen], None]


def _figures(screen: Screen) -> None:
    """Absence figures uploaded for the programme, one line per workplace."""
    rows = read(services.figures.list_figures, screen.meeting["programme_id"])
    if not rows:
        st.caption(tr("figures.none"))
        return
    figure = charts.figures_figure(rows, lang(), height=720)
    st.plotly_chart(figure, key="figures_chart", config={"displayModeBar": False}, theme=None)


def _processes(screen: Screen) -> None:
    programme = read(services.programmes.get_programme, screen.meeting["programme_id"])
    process_board(programme["id"], programme["kit_id"], screen.kit_lang)


def _follow_up(screen: Screen) -> None:
    follow_up_board(read(services.actions.actions_to_follow_up, screen.meeting["id"]))


def _earlier(meeting_id: int, item: dict[str, Any], kind: str) -> Any:
    """How the same exercise stood at the programme's earlier meetings (Bifrost: DM1, again at DM3).
    Read again only when something changed at those meetings, not at every answer given now."""
    if kind not in ("placement", "matrix"):
        return None
    key = (item["run"]["id"], read(services.read_models.earlier_revision, meeting_id))
    memo = st.session_state.get("projector_earlier")
    if memo is not None and memo[0] == key:
        return memo[1]
    before = read(services.records.meetings_before, meeting_id)
    if kind == "placement":
        earlier = analysis.earlier_placements(before, item["template_item_id"])
    else:
        earlier = analysis.earlier_summary(before, item["template_item_id"])
    st.session_state["projector_earlier"] = (key, earlier)
    return earlier


def _results(screen: Screen) -> None:
    """An exercise's answers: the count, then the type's chart or its text cards (hidden until revealed)."""
    item = screen.shown_item
    run = item["run"]
    # Results are read again only when the meeting's revision moved (an answer, a reveal, ...).
    cache_key = (run["id"], screen.meeting["revision"])
    cached = st.session_state.get("projector_result")
    if cached is None or cached[0] != cache_key:
        cached = (cache_key, read(services.runs.results, run["id"]))
        st.session_state["projector_result"] = cached
    result = cached[1]
    earlier = _earlier(screen.meeting["id"], item, result["type"])
    with st.container(key="answered"):
        label = tr("present.open_now") if run["state"] == "open" else tr("present.closed")
        st.markdown(f"{answered_line(result)} · {label}")
    show_results(result, screen.kit_lang, height=740, key=f"chart_{run['id']}", version=cache_key, earlier=earlier)


def _shows_text(screen: Screen) -> bool:
    item = screen.shown_item
    return item is not None and registry.get(item["exercise"]["type"]).shows_as_text


SLIDES = (
    Slide("figures", lambda s: s.live and s.current is not None and s.current.get("display") == "figures", _figures),
    Slide("processes", lambda s: s.quiet and s.current.get("display") == "processes", _processes),
    Slide("follow-up", lambda s: s.quiet and s.current["kind"] == "follow-up", _follow_up),
    Slide("results", lambda s: s.shown_item is not None and not _shows_text(s), _results),
    Slide("text-answers", _shows_text, _results),
)


def pick(screen: Screen) -> list[Slide]:
    """The slides this moment shows, in order (usually one)."""
    return [slide for slide in SLIDES if slide.shows(screen)]


def draw(slide: Slide, screen: Screen) -> None:
    """Draw one slide; if it fails, the wall says so in words and the rest of the projector keeps running."""
    try:
        slide.draw(screen)
    except Exception:
        logger.exception("projector slide %r failed for meeting %s", slide.name, screen.meeting["id"])
        st.caption(tr("present.slide_failed"))
