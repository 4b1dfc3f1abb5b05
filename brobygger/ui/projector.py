"""The projector's look: large type, high contrast, no Streamlit chrome; and the join QR code."""

from __future__ import annotations

import io

import segno
import streamlit as st

PROJECTOR_CSS = """
<style>
.st-key-projector { font-size: 28px; }
.st-key-projector h1 { font-size: 64px !important; line-height: 1.1; margin: 0 0 8px; padding: 0; }
.st-key-projector h2 { font-size: 44px !important; margin: 0; padding: 0; }
.st-key-projector h3 { font-size: 34px !important; }
.st-key-projector p, .st-key-projector li { font-size: 28px; }
.st-key-projector .stText, .st-key-projector .stText * { font-family: inherit !important; font-size: 28px !important; white-space: pre-wrap; }
.st-key-projector [data-testid="stCaptionContainer"] p { font-size: 24px; }
.st-key-projector .st-key-countdown p { font-size: 96px; font-weight: 800; font-variant-numeric: tabular-nums; margin: 0; }
.st-key-projector .st-key-countdown_over p { font-size: 96px; font-weight: 800; font-variant-numeric: tabular-nums; margin: 0; color: #b42318; }
.st-key-projector .st-key-overrun p { color: #b42318; font-weight: 700; }
.st-key-projector .st-key-answered p { font-size: 40px; font-weight: 700; color: #0b5cad; }
.st-key-projector .st-key-joinbox p { font-size: 30px; text-align: center; margin: 0; }
.st-key-projector .st-key-joinbox .st-key-joincode p { font-size: 72px; font-weight: 800; letter-spacing: .12em; }
.block-container { padding-top: 1.2rem !important; max-width: 100% !important; }
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
