"""The projector's look: large type, high contrast, no Streamlit chrome; and the join QR code."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io

import segno
import streamlit as st

from brobygger import settings, timing
from brobygger.localised import text_of
from brobygger.ui.common import join_base, md, tr
from brobygger.ui.slides import Screen

PROJECTOR_CSS = """
<style>
.st-key-projector { font-size: 28px; }
.st-key-projector h1 { font-size: 56px !important; line-height: 1.1; margin: 0; padding: 0; }
.st-key-projector .st-key-meetingtitle p { font-size: 30px; color: #374151; font-weight: 600; margin: 0; }
.st-key-projector .st-key-schedule p, .st-key-projector .st-key-overrun p { font-size: 24px; text-align: right; margin: 0; }
.st-key-projector h2 { font-size: 44px !important; margin: 0; padding: 0; }
.st-key-projector h3 { font-size: 34px !important; }
.st-key-projector p, .st-key-projector li { font-size: 28px; }
.st-key-projector .stText, .st-key-projector .stText * { font-family: inherit !important; font-size: 28px !important; white-space: pre-wrap; }
.st-key-projector [data-testid="stCaptionContainer"] p { font-size: 24px; }
.st-key-projector .st-key-countdown p { font-size: 64px; font-weight: 800; font-variant-numeric: tabular-nums; margin: 0; text-align: right; }
.st-key-projector .st-key-countdown_over p { font-size: 64px; font-weight: 800; font-variant-numeric: tabular-nums; margin: 0; text-align: right; color: #b42318; }
.st-key-projector .st-key-overrun p { color: #b42318; font-weight: 700; }
.st-key-projector .st-key-answered p { font-size: 34px; font-weight: 700; color: #0b5cad; margin: 0; }
.st-key-projector .st-key-joinbox p { font-size: 30px; text-align: center; margin: 0; }
.st-key-projector .st-key-joinbox .st-key-joincode p { font-size: 72px; font-weight: 800; letter-spacing: .12em; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 1rem 2rem 0 !important; max-width: 100% !important; }
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] { display: none !important; }
</style>
"""


def inject_projector_css() -> None:
    st.html(PROJECTOR_CSS)


@st.cache_data(max_entries=64)
def qr_png(url: str) -> bytes:
    """The join link as a QR code image; sharp at projector size."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=2)
    return buffer.getvalue()


def header(screen: Screen, now: dt.datetime) -> None:
    """The meeting's title, and the clock with the planned and expected end (red when running over)."""
    meeting, local = screen.meeting, settings.local_zone()
    clock = timing.clock(screen.state["items"], meeting["current_item_id"], meeting["started_at"], now)
    head = st.columns([4, 1.3], vertical_alignment="center")
    with head[0], st.container(key="meetingtitle"):
        st.markdown(md(text_of(meeting["title"], screen.kit_lang)))
    when = now.astimezone(local).strftime("%H:%M")
    with head[1], st.container(key="overrun" if clock.overrun_minutes else "schedule"):
        if clock.planned_end is not None and meeting["status"] == "live":
            planned = clock.planned_end.astimezone(local).strftime("%H:%M")
            expected = clock.expected_end.astimezone(local).strftime("%H:%M")
            st.markdown(f"**{when}** · {tr('present.planned_end', planned=planned, expected=expected)}")
        else:
            st.markdown(f"**{when}**")


def item_title(screen: Screen, now: dt.datetime) -> None:
    """The current agenda item with its countdown; before the start or after the end, that instead."""
    meeting, current = screen.meeting, screen.current
    if meeting["status"] != "live" or current is None:
        st.markdown(f"# {tr('present.ended' if meeting['status'] == 'closed' else 'present.not_started')}")
        return
    clock = timing.clock(screen.state["items"], meeting["current_item_id"], meeting["started_at"], now)
    row = st.columns([3, 1.2], vertical_alignment="center")
    row[0].markdown(md(f"# {text_of(current['title'], screen.kit_lang)}"))
    if clock.remaining_seconds is not None:
        over = clock.remaining_seconds < 0
        with row[1], st.container(key="countdown_over" if over else "countdown"):
            st.markdown(tr("present.over" if over else "present.left", time=timing.mmss(clock.remaining_seconds)))


def join_box(join_code: str) -> None:
    """The QR code, the short address and the code, for people who cannot scan."""
    with st.container(key="joinbox"):
        url = f"{join_base()}/j/{join_code}"
        # An <img> with a text alternative (st.image gives none): a screen reader says where to join.
        data = base64.b64encode(qr_png(url)).decode("ascii")
        alt = html.escape(tr("present.qr_alt", url=url), quote=True)
        st.html(f'<img src="data:image/png;base64,{data}" alt="{alt}" style="width:100%;height:auto;display:block">')
        st.markdown(tr("present.join_at"))
        st.markdown(f"**{join_base()}/j**")
        with st.container(key="joincode"):
            st.markdown(join_code)
