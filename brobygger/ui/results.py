"""Live results of an exercise, as the projector and the moderator's console show them."""

from __future__ import annotations

from typing import Any

import streamlit as st

from brobygger import charts
from brobygger.localised import text_of
from brobygger.ui.common import tr


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
    if definition.type == "placement":
        counts = summary["region_counts"]
        parts = [f"{text_of(r.label.root if r.label else {}, kit_lang)}: {counts[r.id]['total']}" for r in definition.regions]
        st.text(" · ".join(parts), help=tr("present.region_counts"))
    memo = st.session_state.get("figure_memo")
    if version is not None and memo is not None and memo[0] == (key, version):
        figure = memo[1]  # nothing changed since the last second: the same figure
    else:
        figure = charts.figure_for(definition, summary, kit_lang, "en", height, result.get("groups"), earlier)
        if version is not None:
            st.session_state["figure_memo"] = ((key, version), figure)
    if figure is not None:
        st.plotly_chart(figure, key=key, config={"displayModeBar": False, "staticPlot": False}, theme=None)
        return
    # text and actions: participant text shown as plain text, never as markdown or HTML
    if definition.type == "text":
        entries = [row["text"] for row in summary["texts"]]
    else:
        entries = [" · ".join(filter(None, [a["what"], a["who"], a["organisation"], a["due"] or ""])) for a in summary["actions"]]
    columns = st.columns(2)
    for index, entry in enumerate(entries[:40]):
        with columns[index % 2].container(border=True):
            st.text(entry)
