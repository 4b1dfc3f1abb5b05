"""Moderate: the console (or a phone used as a remote) that runs the meeting shown on the projector."""

import datetime as dt

import pandas as pd
import streamlit as st

from brobygger import services, settings, timing
from brobygger.localised import text_of
from brobygger.services import agenda, runs
from brobygger.ui.actions import action_button, call_service, show_last_error
from brobygger.ui.common import engine, join_base, md, pick_meeting, projector_url, read, require_secret, tr
from brobygger.ui.follow_up import follow_up_editor
from brobygger.ui.results import answered_line, card_count, pages_of, show_results, splits_by_group

if not require_secret():
    st.stop()

meeting = pick_meeting("moderate_meeting")
if meeting is None:
    st.stop()
zone = settings.local_zone()
with services.reading(engine()) as conn:  # what the console shows comes from one moment
    state = services.read_models.meeting_state(conn, meeting["id"])
    kit_lang = services.programmes.get_programme(conn, meeting["programme_id"])["language"]
    current_run = state["current"]["run"] if state["current"] else None
    result = runs.results(conn, current_run["id"]) if current_run else None
meeting = state["meeting"]
items = state["items"]
current = state["current"]
show_last_error()

# The status line is ordinary text (not a caption): a faded caption is under 4.5:1 on the console's white.
st.container(key="status_line").markdown(
    f"{tr('col.status')}: **{tr('meeting.status.' + meeting['status'])}** · {tr('col.code')}: **{meeting['join_code']}** · "
    f"[{tr('moderate.projector_link')}]({projector_url(meeting)}) · "
    f"{tr('moderate.phone_link')}: `{join_base()}/j/{meeting['join_code']}`"
)

if meeting["status"] == "planned":
    action_button(tr("moderate.start"), "start", agenda.start_meeting, meeting["id"], primary=True)
elif meeting["status"] == "closed":
    st.success(tr("moderate.ended"))
else:
    nav = st.columns(4)
    ids = [i["id"] for i in items]
    at = ids.index(current["id"]) if current else 0
    with nav[0]:
        action_button(tr("moderate.previous"), "previous", agenda.step_item, meeting["id"], -1, disabled=at == 0)
    with nav[1]:
        action_button(tr("moderate.next"), "next", agenda.step_item, meeting["id"], 1, primary=True, disabled=at == len(ids) - 1)
    with nav[2]:
        action_button(tr("moderate.extend"), "extend", agenda.extend_item, current["id"], 5)
    with nav[3]:
        action_button(tr("moderate.shorten"), "shorten", agenda.extend_item, current["id"], -5)

    now = dt.datetime.now(dt.UTC)
    clock = timing.clock(items, meeting["current_item_id"], meeting["started_at"], now)
    st.subheader(md(f"{at + 1}. {text_of(current['title'], kit_lang)}"))
    if clock.remaining_seconds is not None:
        key = "present.over" if clock.remaining_seconds < 0 else "present.left"
        st.markdown(
            f"**{tr(key, time=timing.mmss(clock.remaining_seconds))}** · "
            f"{tr('present.planned_end', planned=clock.planned_end.astimezone(zone).strftime('%H:%M'), expected=clock.expected_end.astimezone(zone).strftime('%H:%M'))}"
        )
    if current["notes"]:
        with st.expander(tr("moderate.notes"), expanded=True):
            st.text(text_of(current["notes"], kit_lang))

    if current["kind"] == "follow-up":
        follow_up_editor(meeting["id"])

    run = current["run"]
    st.markdown(f"#### {tr('moderate.exercise')}")
    if run is None:
        st.markdown(tr("moderate.no_exercise"))  # full contrast, as the status line
    else:

        @st.fragment(run_every=2.0)
        def answered_count(run_id: int) -> None:
            live = read(runs.results, run_id)
            st.markdown(f"{tr('exercise.' + live['type'])} · **{tr('moderate.state.' + live['state'])}** · {answered_line(live)}")

        answered_count(run["id"])
        controls = st.columns(3)
        with controls[0]:
            # One button with one key whatever the state, so the rerun after a press keeps the same element on the
            # page, and the keyboard focus with it: the moderator can open and close with Enter.
            if run["state"] == "open":
                action_button(tr("moderate.close"), "open_close", runs.close_exercise, run["id"], primary=True)
            else:
                label = tr("moderate.open") if run["state"] == "draft" else tr("moderate.reopen")
                action_button(label, "open_close", runs.open_exercise, run["id"], primary=True)
        with controls[1]:
            if run["results_shown"]:
                action_button(tr("moderate.hide_results"), "hide_results", runs.show_results, run["id"], False)
            else:
                action_button(tr("moderate.show_results"), "show_results", runs.show_results, run["id"], True)
        with controls[2], st.popover(tr("moderate.reset"), width="stretch"):
            action_button(tr("moderate.reset_confirm"), "reset_exercise", runs.reset_exercise, run["id"])
        display = result["display"]
        if splits_by_group(result):
            split = bool(display["by_group"])
            label = tr("moderate.all_together") if split else tr("moderate.split_groups")
            action_button(label, "split_groups", runs.set_display, run["id"], by_group=not split)

        @st.fragment(run_every=2.0)
        def card_pages(run_id: int) -> None:
            live = read(runs.results, run_id)
            # Text answers come in pages of one projector screen; the buttons appear as soon as there is a second page.
            pages = pages_of(card_count(live, kit_lang))
            if pages > 1:
                page = min(live["display"]["page"], pages - 1)
                st.markdown(tr("moderate.cards_page", page=page + 1, pages=pages))
                turn = st.columns(2)
                with turn[0]:
                    action_button(
                        tr("moderate.cards_previous"),
                        "cards_previous",
                        runs.set_display,
                        run_id,
                        page=page - 1,
                        disabled=page == 0,
                    )
                with turn[1]:
                    action_button(
                        tr("moderate.cards_next"),
                        "cards_next",
                        runs.set_display,
                        run_id,
                        page=page + 1,
                        disabled=page >= pages - 1,
                    )

        card_pages(run["id"])
        with st.expander(tr("moderate.preview"), expanded=False):
            show_results(result, kit_lang, height=520, key=f"moderator_chart_{run['id']}", force=True)

    extra = st.columns(2)
    with extra[0]:
        if meeting["show_qr"]:
            action_button(tr("moderate.hide_qr"), "hide_qr", agenda.set_show_qr, meeting["id"], False)
        else:
            action_button(tr("moderate.show_qr"), "show_qr", agenda.set_show_qr, meeting["id"], True)
    with extra[1], st.popover(tr("moderate.end"), width="stretch"):
        action_button(tr("moderate.end_confirm"), "end_meeting", agenda.end_meeting, meeting["id"], primary=True)

st.markdown(f"#### {tr('moderate.agenda')}")
now = dt.datetime.now(dt.UTC)
table = pd.DataFrame(
    [
        {
            "": "▶" if current and item["id"] == current["id"] else "",
            tr("col.item"): text_of(item["title"], kit_lang),
            tr("col.kind"): tr("kind." + item["kind"]),
            tr("col.planned"): item["minutes"],
            tr("col.extra"): item["extra_minutes"],
            tr("col.start"): item["started_at"].astimezone(zone).strftime("%H:%M") if item["started_at"] else "",
            tr("col.end"): item["ended_at"].astimezone(zone).strftime("%H:%M") if item["ended_at"] else "",
            tr("col.actual"): "" if (minutes := timing.actual_minutes(item, now)) is None else str(minutes),  # never "None"
            tr("col.exercise"): tr("moderate.state." + item["run"]["state"]) if item["run"] else "",
        }
        for item in items
    ]
)
st.dataframe(table, hide_index=True, width="stretch")
if meeting["status"] == "live":
    titles = {i["id"]: f"{n + 1}. {text_of(i['title'], kit_lang)}" for n, i in enumerate(items)}

    def _go_to() -> None:
        target = st.session_state.get("go_to_item")
        if target is not None and target != meeting["current_item_id"]:
            call_service(agenda.go_to_item, meeting["id"], target)
        st.session_state["go_to_item"] = None

    st.selectbox(tr("moderate.go_to"), list(titles), format_func=titles.get, index=None, key="go_to_item", on_change=_go_to)
