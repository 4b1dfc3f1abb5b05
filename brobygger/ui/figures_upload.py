"""Organise: the absence figures of a programme, uploaded from a spreadsheet."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from brobygger import services
from brobygger.errors import BrobyggerError
from brobygger.figures import parse_figures, template_csv
from brobygger.ui.common import act, lang, read, tr


def figures_upload(programme_id: int) -> None:
    st.caption(tr("figures.help"))
    st.download_button(tr("figures.template"), template_csv(), "fravaer-skabelon.csv", "text/csv", key="figures_template")
    upload = st.file_uploader(tr("figures.upload"), type=["csv", "xlsx", "txt"], key=f"figures_upload_{programme_id}")
    if upload is not None and st.button(tr("figures.save"), key="save_figures", type="primary"):
        try:
            parsed = parse_figures(upload.getvalue(), upload.name)
        except BrobyggerError as exc:
            st.error(exc.message(lang()))
        else:
            done, count = act(services.figures.replace_figures, programme_id, parsed)
            if done:
                st.success(tr("figures.saved", n=count))
    rows = read(services.figures.list_figures, programme_id)
    if rows:
        frame = pd.DataFrame(
            [
                {
                    "workplace": r.workplace,
                    "month": r.month.strftime("%Y-%m"),
                    "value": r.value,
                    "short_term": r.short_term,
                    "long_term": r.long_term,
                }
                for r in rows
            ]
        )
        shown = ["value"] + [k for k in ("short_term", "long_term") if frame[k].notna().any()]
        names = {"value": "figures.total", "short_term": "figures.short_term", "long_term": "figures.long_term"}
        for column, tab in zip(shown, st.tabs([tr(names[k]) for k in shown]), strict=True):
            with tab:
                st.dataframe(frame.pivot(index="workplace", columns="month", values=column), width="stretch")
    else:
        st.caption(tr("figures.none"))
