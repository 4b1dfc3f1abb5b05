"""Organise: the programme's advisory processes, and writing one up as a case next to the kit's examples."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from brobygger import services
from brobygger.localised import text_of
from brobygger.ui.common import act, join_base, kit_of, md, read, tr


def cases(programme: dict) -> None:
    kit = kit_of(programme["kit_id"])
    kit_lang = programme["language"]
    st.caption(f"{tr('cases.log_link')}: {join_base()}/log")
    rows = read(services.processes.board, programme["id"])
    if rows:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("xl.advisor_unit"): r["advisor_unit"],
                        tr("xl.company"): r["company"],
                        tr("xl.phase"): r["phase"] or "",
                        tr("xl.theme"): r["theme"] or "",
                        tr("xl.next_step"): r["next_step"],
                        "n": r["entries"],
                    }
                    for r in rows
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        names = {r["id"]: f"{r['advisor_unit']} × {r['company']}" for r in rows}
        with st.form("write_case"):
            st.markdown(f"**{tr('cases.write')}**")
            chosen = st.selectbox(tr("log.process"), list(names), format_func=names.get, key="case_process")
            current = next(r for r in rows if r["id"] == chosen)
            intervention = st.text_area(tr("cases.intervention"), value=current["intervention"], max_chars=2000)
            logic = st.text_area(tr("cases.change_logic"), value=current["change_logic"], max_chars=2000)
            tools = st.text_area(tr("cases.knowledge_tools"), value=current["knowledge_tools"], max_chars=2000)
            if st.form_submit_button(tr("cases.save")):
                done, _ = act(
                    services.processes.describe_case, chosen, intervention=intervention, change_logic=logic, knowledge_tools=tools
                )
                if done:
                    st.success(tr("cases.saved"))
    else:
        st.caption(tr("board.none"))
    if kit and "cases" in kit.catalogues:
        st.markdown(f"**{tr('cases.kit_cases')}**")
        for entry in kit.catalogues["cases"].entries:
            with st.container(border=True):
                st.markdown(md(f"**{text_of(entry.title.root, kit_lang)}**"))
                if entry.text:
                    st.markdown(md(text_of(entry.text.root, kit_lang)))
                for name, value in entry.attributes.items():
                    st.caption(md(f"{name.replace('_', ' ')}: {text_of(value.root, kit_lang)}"))
