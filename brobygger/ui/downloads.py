"""The Organise page's downloads: made on request with a progress bar, then offered as files."""

from __future__ import annotations

import streamlit as st

from brobygger import services
from brobygger.export.meeting_workbook import meeting_workbook
from brobygger.export.programme_workbook import programme_workbook
from brobygger.export.statistics import wide_dta, wide_sav
from brobygger.export.tidy import tidy_zip
from brobygger.export.wide import wide_table
from brobygger.ui.common import lang, read, tr

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(programme_id: int, meeting_id: int, slug: str) -> None:
    st.subheader(tr("export.section"))
    names = st.checkbox(tr("export.include_names"), help=tr("export.include_names_help"), key="export_names")
    key = f"exports_{programme_id}_{meeting_id}_{names}"
    if st.button(tr("export.prepare"), key="prepare_exports", type="primary"):
        bar = st.progress(0.0, text=tr("export.working"))

        def stage(start: float, span: float):
            return lambda fraction, label: bar.progress(min(1.0, start + span * fraction), text=f"{tr('export.working')} {label}")

        programme = read(services.records.programme_record, programme_id)  # read once, in one transaction
        meeting = next(m for m in programme.meetings if m.id == meeting_id)
        files = {
            "meeting": meeting_workbook(meeting, ui_lang=lang(), include_names=names, progress=stage(0.0, 0.3)),
            "programme": programme_workbook(programme, ui_lang=lang(), include_names=names, progress=stage(0.3, 0.6)),
            "tidy": tidy_zip(programme.meetings, programme),
        }
        bar.progress(0.95, text=f"{tr('export.working')} SPSS, Stata")
        wide = wide_table(programme.meetings, language=programme.language)
        files["sav"], files["dta"] = wide_sav(wide), wide_dta(wide)
        bar.progress(1.0, text=tr("export.ready"))
        st.session_state[key] = files
    files = st.session_state.get(key)
    if files:
        offers = [
            ("meeting", "export.meeting_xlsx", f"{slug}-meeting-{meeting_id}.xlsx", XLSX),
            ("programme", "export.programme_xlsx", f"{slug}-programme.xlsx", XLSX),
            ("tidy", "export.tidy_zip", f"{slug}-research-data.zip", "application/zip"),
            ("sav", "export.sav", f"{slug}-wide.sav", "application/x-spss-sav"),
            ("dta", "export.dta", f"{slug}-wide.dta", "application/x-stata-dta"),
        ]
        for column, (name, label, filename, mime) in zip(st.columns(len(offers)), offers, strict=True):
            column.download_button(tr(label), files[name], filename, mime, key=f"download_{name}", width="stretch")
