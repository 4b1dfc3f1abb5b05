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
    display = result.get("display") or {}
    memo = st.session_state.get("figure_memo")
    if version is not None and memo is not None and memo[0] == (key, version):
        figure = memo[1]  # nothing changed since the last second: the same figure
    else:
        figure = charts.figure_for(
            definition, summary, kit_lang, "en", height, result.get("groups"), earlier, by_group=bool(display.get("by_group"))
        )
        if version is not None:
            st.session_state["figure_memo"] = ((key, version), figure)
    if isinstance(figure, TextCards):
        # participant text shown as plain text, never as markdown or HTML
        # Repeats folded together, most given first, a screen (page) at a time: the moderator turns the pages.
        cards = counted(figure.entries)
        page = min(int(display.get("page") or 0), pages_of(len(cards)) - 1)
        shown = cards[page * CARDS_PER_SCREEN : (page + 1) * CARDS_PER_SCREEN]
        columns = st.columns(3)
        for index, entry in enumerate(shown):
            with columns[index % 3].container(border=True):
                st.text(entry if len(entry) <= CARD_CHARACTERS else entry[: CARD_CHARACTERS - 1] + "…")
        if len(cards) > CARDS_PER_SCREEN:
            first = page * CARDS_PER_SCREEN + 1
            st.text(
                tr(
                    "present.cards_page",
                    first=first,
                    last=first + len(shown) - 1,
                    n=len(cards),
                    page=page + 1,
                    pages=pages_of(len(cards)),
                )
            )
        return
    st.plotly_chart(figure, key=key, config={"displayModeBar": False, "staticPlot": False}, theme=None)


def pages_of(cards: int) -> int:
    """Screens (pages) of text cards: at least one."""
    return max(1, -(-cards // CARDS_PER_SCREEN))


def card_count(result: dict[str, Any], kit_lang: str) -> int:
    """How many text cards a run's answers make (repeats folded together); 0 for a run shown as a chart."""
    if not registry.get(result["type"]).shows_as_text or not result["answered"]:
        return 0
    figure = charts.figure_for(result["definition"], result["summary"], kit_lang, "en", 740, result.get("groups"))
    return len(counted(figure.entries)) if isinstance(figure, TextCards) else 0


def splits_by_group(result: dict[str, Any]) -> bool:
    """Whether the run's type can show its figure split by participant group (the console offers it then)."""
    return registry.get(result["type"]).splits_by_group
