"""The Organise page's downloads: made on request with a progress bar, then offered as files."""

from __future__ import annotations

import streamlit as st

from brobygger import services
from brobygger.export.meeting_workbook import meeting_workbook
from brobygger.export.programme_workbook import programme_workbook
from brobygger.export.report_content import meeting_report, programme_report
from brobygger.export.report_docx import report_docx
from brobygger.export.report_pdf import report_pdf
from brobygger.export.statistics import research_statistics
from brobygger.export.tidy import tidy_zip
from brobygger.ui.common import lang, read, tr

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def downloads(programme_id: int, meeting_id: int, slug: str) -> None:
    st.subheader(tr("export.section"))
    names = st.checkbox(tr("export.include_names"), help=tr("export.include_names_help"), key="export_names")
    key = f"exports_{programme_id}_{meeting_id}_{names}"
    if st.button(tr("export.prepare"), key="prepare_exports", type="primary"):
        bar = st.progress(0.0, text=tr("export.working"))

        def stage(start: float, span: float):
            return lambda fraction, label: bar.progress(min(1.0, start + span * fraction), text=f"{tr('export.working')} {label}")

        # Read once, in one transaction: for workbooks and reports, and for research (consenting people only).
        programme, research = read(services.records.export_records, programme_id)
        meeting = next(m for m in programme.meetings if m.id == meeting_id)
        files = {
            "meeting": meeting_workbook(meeting, ui_lang=lang(), include_names=names, progress=stage(0.0, 0.15)),
            "programme": programme_workbook(programme, ui_lang=lang(), include_names=names, progress=stage(0.15, 0.25)),
            "tidy": tidy_zip(research.meetings, research),
        }
        files["sav"], files["dta"] = research_statistics(research)
        files["consent"] = research.consent  # who the research files hold, said beside them
        # The reports are pseudonymous whatever the box says: they go to every participant.
        minutes = meeting_report(programme, meeting_id, progress=stage(0.4, 0.2))
        files["meeting_docx"], files["meeting_pdf"] = report_docx(minutes), report_pdf(minutes)
        whole = programme_report(programme, progress=stage(0.6, 0.4))
        files["programme_docx"], files["programme_pdf"] = report_docx(whole), report_pdf(whole)
        bar.progress(1.0, text=tr("export.ready"))
        st.session_state[key] = files
    files = st.session_state.get(key)
    if files:
        st.markdown(f"**{tr('export.reports')}**")
        reports = [
            ("meeting_docx", "export.meeting_docx", f"{slug}-meeting-{meeting_id}.docx", DOCX),
            ("meeting_pdf", "export.meeting_pdf", f"{slug}-meeting-{meeting_id}.pdf", PDF),
            ("programme_docx", "export.programme_docx", f"{slug}-programme.docx", DOCX),
            ("programme_pdf", "export.programme_pdf", f"{slug}-programme.pdf", PDF),
        ]
        for column, (name, label, filename, mime) in zip(st.columns(4), reports, strict=True):
            column.download_button(tr(label), files[name], filename, mime, key=f"download_{name}", width="stretch")
        st.markdown(f"**{tr('export.spreadsheets')}**")
        offers = [
            ("meeting", "export.meeting_xlsx", f"{slug}-meeting-{meeting_id}.xlsx", XLSX),
            ("programme", "export.programme_xlsx", f"{slug}-programme.xlsx", XLSX),
            ("tidy", "export.tidy_zip", f"{slug}-research-data.zip", "application/zip"),
            ("sav", "export.sav", f"{slug}-wide.sav", "application/x-spss-sav"),
            ("dta", "export.dta", f"{slug}-wide.dta", "application/x-stata-dta"),
        ]
        for column, (name, label, filename, mime) in zip(st.columns(len(offers)), offers, strict=True):
            column.download_button(tr(label), files[name], filename, mime, key=f"download_{name}", width="stretch")
        who = files["consent"]
        st.caption(
            tr(
                "export.research_counts",
                consented=who.consented,
                total=who.total,
                declined=who.declined,
                not_answered=who.not_answered,
            )
        )
