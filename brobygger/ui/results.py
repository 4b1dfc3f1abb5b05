"""Live results of an exercise, as the projector and the moderator's console show them."""

from __future__ import annotations

from typing import Any

import streamlit as st

from brobygger import charts
from brobygger.exercises import registry
from brobygger.exercises.figure import counted
from brobygger.exercises.unit import TextCards
from brobygger.ui.common import tr

#: Text cards on one projector screen (three columns of three) and the characters each shows.
CARDS_PER_SCREEN = 9
CARD_CHARACTERS = 90


def answered_line(result: dict[str, Any]) -> str:
    return tr("present.answered", n=result["answered"], m=max(result["present"], result["answered"]))


def show_results(
    result: dict[str, Any],
    kit_lang: str,
    *,
    height: int,
    key: str,
    force: bool = False,
    version: Any = None,
    earlier: Any = None,
) -> None:
    """The chart (or text cards) for a run; only the count while the results are hidden."""
    definition = result["definition"]
    summary = result["summary"]
    if not (result["results_shown"] or force):
        st.info(tr("present.hidden"))
        return
    if result["answered"] == 0:
        st.caption(tr("present.no_answers"))
        return
    caption = registry.get(definition.type).caption(definition, summary, kit_lang)
    if caption:
        st.text(caption.text, help=caption.help)
    memo = st.session_state.get("figure_memo")
    if version is not None and memo is not None and memo[0] == (key, version):
        figure = memo[1]  # nothing changed since the last second: the same figure
    else:
        figure = charts.figure_for(definition, summary, kit_lang, "en", height, result.get("groups"), earlier)
        if version is not None:
            st.session_state["figure_memo"] = ((key, version), figure)
    if isinstance(figure, TextCards):
        # participant text shown as plain text, never as markdown or HTML
        # Repeats folded together, most given first, as many as fit one 1920x1080 screen; the rest counted.
        cards = counted(figure.entries)
        columns = st.columns(3)
        for index, entry in enumerate(cards[:CARDS_PER_SCREEN]):
            with columns[index % 3].container(border=True):
                st.text(entry if len(entry) <= CARD_CHARACTERS else entry[: CARD_CHARACTERS - 1] + "…")
        if len(cards) > CARDS_PER_SCREEN:
            st.text(tr("present.more_answers", n=len(cards) - CARDS_PER_SCREEN))
        return
    st.plotly_chart(figure, key=key, config={"displayModeBar": False, "staticPlot": False}, theme=None)
