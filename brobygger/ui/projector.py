"""The projector's look: large type, high contrast, no Streamlit chrome; and the join QR code."""

from __future__ import annotations

import io

import segno
import streamlit as st

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
