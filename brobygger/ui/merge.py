"""Organise: merge two pseudonyms that turn out to be one person, and the log of merges."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from brobygger import services, settings
from brobygger.ui.common import act, read, tr


def merge_pseudonyms(programme: dict[str, Any]) -> None:
    st.caption(tr("merge.help"))
    with st.form(f"merge_{programme['id']}"):
        columns = st.columns(3)
        keep = columns[0].text_input(tr("merge.keep"), max_chars=10, placeholder="P01")
        merge = columns[1].text_input(tr("merge.merge"), max_chars=10, placeholder="P07")
        by = columns[2].text_input(tr("merge.by"), max_chars=120)
        if st.form_submit_button(tr("merge.button"), type="primary"):
            done, log = act(services.merges.merge_participants, programme["id"], keep, merge, by=by)
            if done and log:
                moved = log["moved"]
                st.success(
                    tr(
                        "merge.done",
                        merged=log["merged_pseudonym"],
                        kept=log["kept_pseudonym"],
                        **{k: moved[k] for k in ("answers", "actions")},
                    )
                )
    rows = read(services.merges.merge_log, programme["id"])
    if rows:
        st.markdown(f"**{tr('merge.log')}**")
        zone = settings.local_zone()
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("merge.when"): r["merged_at"].astimezone(zone).strftime("%d-%m-%Y %H:%M"),
                        tr("merge.who"): r["merged_by"],
                        tr("merge.what"): f"{r['merged_pseudonym']} → {r['kept_pseudonym']}",
                    }
                    for r in rows
                ]
            ),
            hide_index=True,
            width="stretch",
        )
