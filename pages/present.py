"""Present: what the projector shows. Read-only; the Moderate page changes what is shown here."""

import datetime as dt

import streamlit as st

from brobygger import meetings, settings, timing, trends
from brobygger.charts import figures_figure
from brobygger.errors import BrobyggerError
from brobygger.figures import list_figures
from brobygger.localised import text_of
from brobygger.ui.common import engine, join_base, lang, pick_meeting, programme_language, projector_url, require_secret, tr
from brobygger.ui.follow_up import follow_up_board
from brobygger.ui.process_board import process_board
from brobygger.ui.projector import inject_projector_css, qr_png
from brobygger.ui.results import answered_line, show_results

# The projector is addressed by the meeting's join code, which the room sees anyway; choosing among
# all meetings needs the moderator's secret, so a participant cannot list other programmes.
code = st.query_params.get("code")
if not code:
    st.header(tr("present.pick"))
    if require_secret():
        chosen = pick_meeting("present_meeting")
        if chosen:
            st.link_button(tr("present.open_projector"), projector_url(chosen))
    st.stop()
try:
    meeting_id = meetings.meeting_for_projector(engine(), code)["id"]
except BrobyggerError as exc:
    st.error(exc.message(lang()))
    st.stop()
inject_projector_css()


@st.fragment(run_every=0.5)
def projector(meeting_id: int) -> None:
    state = meetings.meeting_state(engine(), meeting_id)
    meeting = state["meeting"]
    kit_lang = programme_language(meeting["programme_id"])
    now = dt.datetime.now(dt.UTC)
    local = settings.local_zone()
    clock = timing.clock(state["items"], meeting["current_item_id"], meeting["started_at"], now)
    with st.container(key="projector"):
        head = st.columns([4, 1.3], vertical_alignment="center")
        with head[0], st.container(key="meetingtitle"):
            st.markdown(text_of(meeting["title"], kit_lang))
        when = now.astimezone(local).strftime("%H:%M")
        with head[1], st.container(key="overrun" if clock.overrun_minutes else "schedule"):
            if clock.planned_end is not None and meeting["status"] == "live":
                planned = clock.planned_end.astimezone(local).strftime("%H:%M")
                expected = clock.expected_end.astimezone(local).strftime("%H:%M")
                st.markdown(f"**{when}** · {tr('present.planned_end', planned=planned, expected=expected)}")
            else:
                st.markdown(f"**{when}**")
        main, side = (
            st.columns([3.3, 1], gap="large") if meeting["show_qr"] and meeting["status"] != "closed" else (st.container(), None)
        )
        with main:
            current = state["current"]
            if meeting["status"] != "live" or current is None:
                st.markdown(f"# {tr('present.ended' if meeting['status'] == 'closed' else 'present.not_started')}")
            else:
                row = st.columns([3, 1.2], vertical_alignment="center")
                row[0].markdown(f"# {text_of(current['title'], kit_lang)}")
                if clock.remaining_seconds is not None:
                    over = clock.remaining_seconds < 0
                    with row[1], st.container(key="countdown_over" if over else "countdown"):
                        st.markdown(tr("present.over" if over else "present.left", time=timing.mmss(clock.remaining_seconds)))
            if current is not None and current.get("display") == "figures" and meeting["status"] == "live":
                rows = list_figures(engine(), meeting["programme_id"])
                if rows:
                    st.plotly_chart(
                        figures_figure(rows, lang(), height=720),
                        key="figures_chart",
                        config={"displayModeBar": False},
                        theme=None,
                    )
                else:
                    st.caption(tr("figures.none"))
            quiet = current is not None and meeting["status"] == "live" and state["open_item"] is None
            if quiet and current.get("display") == "processes":
                programme = meetings.get_programme(engine(), meeting["programme_id"])
                process_board(meeting["programme_id"], programme["kit_id"], kit_lang)
            if quiet and current["kind"] == "follow-up":
                follow_up_board(meetings.actions_to_follow_up(engine(), meeting_id))
            item = state["open_item"] or (current if current and current["run"] else None)
            run = item["run"] if item else None
            if run is not None and run["state"] != "draft" and meeting["status"] == "live":
                # Results are read again only when the meeting's revision moved (an answer, a reveal, ...).
                cache_key = (run["id"], meeting["revision"])
                cached = st.session_state.get("projector_result")
                if cached is None or cached[0] != cache_key:
                    result = meetings.results(engine(), run["id"])
                    # An exercise asked before (Bifrost: DM1, again at DM3) shows how things stood then.
                    earlier = None
                    if result["type"] == "placement":
                        earlier = trends.earlier_placements(engine(), meeting_id, item["template_item_id"])
                    elif result["type"] == "matrix":
                        earlier = trends.earlier_summary(engine(), meeting_id, item["template_item_id"])
                    cached = (cache_key, result, earlier)
                    st.session_state["projector_result"] = cached
                _, result, earlier = cached
                with st.container(key="answered"):
                    label = tr("present.open_now") if run["state"] == "open" else tr("present.closed")
                    st.markdown(f"{answered_line(result)} · {label}")
                show_results(result, kit_lang, height=740, key=f"chart_{run['id']}", version=cache_key, earlier=earlier)
        if side is not None:
            with side, st.container(key="joinbox"):
                url = f"{join_base()}/j/{meeting['join_code']}"
                st.image(qr_png(url), width="stretch")
                st.markdown(tr("present.join_at"))
                st.markdown(f"**{join_base()}/j**")
                with st.container(key="joincode"):
                    st.markdown(meeting["join_code"])


projector(meeting_id)
