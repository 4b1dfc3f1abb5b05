"""Present: what the projector shows. Read-only; the Moderate page changes what is shown here."""

import datetime as dt

import streamlit as st

from brobygger import services
from brobygger.ui import projector, slides
from brobygger.ui.common import pick_meeting, programme_language, projector_meeting, projector_url, read, require_secret, tr

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
meeting_id = projector_meeting(code)
if meeting_id is None:
    st.stop()
projector.inject_projector_css()


@st.fragment(run_every=0.5)
def show(meeting_id: int) -> None:
    state = read(services.read_models.meeting_state, meeting_id)
    screen = slides.Screen(state, programme_language(state["meeting"]["programme_id"]))
    now = dt.datetime.now(dt.UTC)
    with st.container(key="projector"):
        projector.header(screen, now)
        with_qr = screen.meeting["show_qr"] and screen.meeting["status"] != "closed"
        main, side = st.columns([3.3, 1], gap="large") if with_qr else (st.container(), None)
        with main:
            projector.item_title(screen, now)
            for slide in slides.pick(screen):
                slides.draw(slide, screen)
        if side is not None:
            with side:
                projector.join_box(screen.meeting["join_code"])


show(meeting_id)
