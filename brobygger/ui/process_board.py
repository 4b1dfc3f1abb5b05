"""The network meeting's board: every advisory process, in the column of its bridge-building phase."""

from __future__ import annotations

import streamlit as st

from brobygger import services
from brobygger.localised import text_of
from brobygger.ui.common import kit_of, md, read, tr


def process_board(programme_id: int, kit_id: str, kit_lang: str) -> None:
    st.markdown(f"### {tr('board.title')}")
    rows = read(services.processes.board, programme_id)
    if not rows:
        st.caption(tr("board.none"))
        return
    kit = kit_of(kit_id)
    phases = (
        [(e.id, text_of(e.title.root, kit_lang)) for e in kit.catalogues["phases"].entries]
        if kit and "phases" in kit.catalogues
        else []
    )
    themes = (
        {e.id: text_of(e.title.root, kit_lang) for e in kit.catalogues["themes"].entries}
        if kit and "themes" in kit.catalogues
        else {}
    )
    columns = [*phases, (None, tr("board.not_started"))]
    for column, (phase, title) in zip(st.columns(len(columns)), columns, strict=True):
        with column:
            st.markdown(md(f"**{title}**"))
            for row in (r for r in rows if r["phase"] == phase):
                with st.container(border=True):
                    st.text(f"{row['advisor_unit']} × {row['company']}")
                    if row["theme"]:
                        st.caption(themes.get(row["theme"], tr("log.other_theme")))
                    if row["next_step"]:
                        st.text(f"{tr('board.next')}: {row['next_step']}")
