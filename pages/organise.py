"""Organise: programmes from kits, their meetings and agendas. (Downloads come with the outputs.)

Each part of the page is a `section`: an error in one is said there, in the user's language, and the
other parts still render."""

import pandas as pd
import streamlit as st

from brobygger import analysis, services
from brobygger.charts import evaluation_trend_figure, figure_for
from brobygger.demo import create_demo
from brobygger.errors import BrobyggerError
from brobygger.languages import NAMES as LANGUAGE_NAMES
from brobygger.localised import text_of
from brobygger.maintenance import purge_programme
from brobygger.ui.cases import cases
from brobygger.ui.common import act, engine, kits, lang, read, require_secret, section, tr
from brobygger.ui.downloads import downloads
from brobygger.ui.figures_upload import figures_upload
from brobygger.ui.kit_authoring import kit_authoring
from brobygger.ui.merge import merge_pseudonyms
from brobygger.ui.registration import registration

if not require_secret():
    st.stop()
db = engine()
available = kits()

with section("new programme"), st.expander(tr("organise.new"), expanded=not read(services.programmes.list_programmes)):
    with st.form("new_programme"):
        kit_id = st.selectbox(
            tr("organise.kit"), list(available), format_func=lambda k: available[k].manifest.title.get(lang(), "en")
        )
        name = st.text_input(tr("organise.name"), placeholder=tr("organise.name_help"), max_chars=200)
        kit_language = st.selectbox(tr("organise.kit_language"), available[kit_id].languages, format_func=LANGUAGE_NAMES.get)
        if st.form_submit_button(tr("organise.create"), type="primary"):
            done, new_id = act(services.programmes.create_programme, available[kit_id], name, language=kit_language)
            if done:
                st.success(tr("organise.created", n=len(read(services.programmes.list_meetings, new_id))))
    if "bifrost" in available and st.button(tr("organise.demo"), key="create_demo"):
        create_demo(db, available["bifrost"])
        st.success(tr("organise.demo_done"))

with section("kits"), st.expander(tr("kits.section")):
    kit_authoring()

programmes = read(services.programmes.list_programmes)
if not programmes:
    st.info(tr("organise.no_programmes"))
    st.stop()
names = {p["id"]: f"{p['name']} ({p['kit_id']})" for p in programmes}
programme_id = st.selectbox(tr("organise.programme"), list(names), format_func=names.get, key="organise_programme")
programme = next(p for p in programmes if p["id"] == programme_id)
kit_lang = programme["language"]
with services.reading(db) as conn:  # the table's meetings and head counts from one moment
    rows = services.programmes.list_meetings(conn, programme_id)
    present = {r["id"]: len(services.participants.attendees(conn, r["id"])) for r in rows}

with section("meetings"):
    st.subheader(tr("organise.meetings"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("col.meeting"): text_of(r["title"], kit_lang),
                    tr("col.date"): r["date"].strftime("%d-%m-%Y") if r["date"] else "",  # never "None"
                    tr("col.code"): r["join_code"],
                    tr("col.status"): tr("meeting.status." + r["status"]),
                    tr("organise.participants"): present[r["id"]],
                }
                for r in rows
            ]
        ),
        hide_index=True,
        width="stretch",
    )

with section("change over time"):
    programme_record = read(services.records.programme_record, programme_id)
    trend = analysis.evaluation_trend(programme_record.meetings)
    if trend:
        st.subheader(tr("organise.evaluation_trend"))
        st.plotly_chart(
            evaluation_trend_figure(trend, kit_lang), key="evaluation_trend", config={"displayModeBar": False}, theme=None
        )

    repeated = analysis.latest_repeated_placement(programme_record.meetings)
    if repeated:
        meeting_id_then, run_id, item_id = repeated
        moved = read(services.runs.results, run_id)
        position = next(m.position for m in programme_record.meetings if m.id == meeting_id_then)
        earlier = analysis.earlier_placements([m for m in programme_record.meetings if m.position < position], item_id)
        st.subheader(tr("organise.placement_change"))
        st.plotly_chart(
            figure_for(moved["definition"], moved["summary"], kit_lang, "en", 620, moved["groups"], earlier),
            key="placement_change",
            config={"displayModeBar": False},
            theme=None,
        )

titles = {r["id"]: text_of(r["title"], kit_lang) for r in rows}
meeting_id = st.selectbox(tr("organise.edit_agenda"), list(titles), format_func=titles.get, key="organise_meeting")
meeting = next(r for r in rows if r["id"] == meeting_id)
with section("date"), st.form("meeting_date"):
    date = st.date_input(tr("organise.set_date"), value=meeting["date"], format="DD-MM-YYYY")
    if st.form_submit_button(tr("organise.save_date")) and act(services.programmes.set_meeting_date, meeting_id, date)[0]:
        st.success(tr("organise.saved"))

with section("agenda"):
    items = read(services.agenda.agenda, meeting_id)
    frame = pd.DataFrame(
        [
            {
                "id": item["id"],
                tr("col.title"): text_of(item["title"], kit_lang),
                tr("col.kind"): tr("kind." + item["kind"]),
                tr("col.planned"): item["minutes"],
                tr("col.exercise"): tr("exercise." + item["exercise"]["type"]) if item["exercise"] else "",
                tr("col.notes"): text_of(item["notes"], kit_lang) if item["notes"] else "",
            }
            for item in items
        ]
    )
    edited = st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        disabled=["id", tr("col.kind"), tr("col.exercise")],
        column_config={
            "id": None,
            tr("col.planned"): st.column_config.NumberColumn(min_value=1, max_value=600, step=1, required=True),
            tr("col.title"): st.column_config.TextColumn(max_chars=200, required=True),
        },
        num_rows="fixed",
        key=f"agenda_editor_{meeting_id}",
    )
    if st.button(tr("organise.save_agenda"), type="primary", key="save_agenda"):
        try:
            with services.writing(db) as conn:  # the whole table is saved, or (on a refused row) none of it
                for item, (_, row) in zip(items, edited.iterrows(), strict=True):
                    title = dict(item["title"], **{kit_lang: row[tr("col.title")]})
                    notes = dict(item["notes"] or {}, **{kit_lang: row[tr("col.notes")] or ""})
                    changed_title = title != item["title"]
                    changed_notes = (row[tr("col.notes")] or "") != (text_of(item["notes"], kit_lang) if item["notes"] else "")
                    services.agenda.edit_agenda_item(
                        conn,
                        item["id"],
                        title=title if changed_title else None,
                        minutes=int(row[tr("col.planned")]) if int(row[tr("col.planned")]) != item["minutes"] else None,
                        notes=notes if changed_notes else None,
                    )
        except (BrobyggerError, ValueError, TypeError) as exc:
            st.error(exc.message(lang()) if isinstance(exc, BrobyggerError) else tr("error.minutes_range"))
        else:
            st.success(tr("organise.saved"))

with section("cases"), st.expander(tr("cases.section")):
    cases(programme)

with section("registration"), st.expander(tr("register.section")):
    registration(programme)

with section("merge"), st.expander(tr("merge.section")):
    merge_pseudonyms(programme)

with section("figures"), st.expander(tr("figures.section")):
    figures_upload(programme_id)

slug = "".join(ch if ch.isalnum() else "-" for ch in programme["name"].lower()).strip("-")[:40] or "programme"
with section("downloads"):
    downloads(programme_id, meeting_id, slug)

with section("actions"):
    actions = read(services.actions.list_actions, programme_id)
    if actions:
        st.subheader(tr("organise.actions"))
        shown = ("pseudonym", "what", "who", "organisation", "due", "status")
        st.dataframe(  # statuses as labels in the user's language (never the id), an unset field empty (never "None")
            pd.DataFrame(
                [
                    {tr(f"xl.{k}"): tr(f"action.{a[k]}") if k == "status" else ("" if a[k] is None else str(a[k])) for k in shown}
                    for a in actions
                ]
            ),
            hide_index=True,
            width="stretch",
        )

with section("purge"), st.expander(tr("purge.section")):
    st.warning(tr("purge.help"))
    typed = st.text_input(tr("purge.confirm"), key=f"purge_name_{programme_id}")
    if st.button(tr("purge.button"), key="purge_programme"):
        if typed.strip() != programme["name"]:
            st.error(tr("purge.mismatch"))
        else:
            purge_programme(db, programme_id)
            st.success(tr("purge.done"))
            st.rerun()
