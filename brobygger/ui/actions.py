"""Buttons that call a service: the error, if any, is shown in the user's language, never as a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from brobygger import services
from brobygger.errors import BrobyggerError
from brobygger.ui.common import engine, lang


def call_service(service: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run `service(conn, *args)` in one write transaction; a refusal (e.g. the meeting was ended
    from the other device) becomes a message shown on the next run, and nothing is written."""
    try:
        with services.writing(engine()) as conn:
            service(conn, *args, **kwargs)
    except BrobyggerError as exc:
        st.session_state["last_error"] = exc.message(lang())


def action_button(
    label: str, key: str, service: Callable[..., Any], *args: Any, primary: bool = False, disabled: bool = False, **kwargs: Any
) -> None:
    """A full-width button that runs `service(conn, *args)` (see `call_service`) before the page redraws."""
    st.button(
        label,
        key=key,
        on_click=call_service,
        args=(service, *args),
        kwargs=kwargs,
        type="primary" if primary else "secondary",
        width="stretch",
        disabled=disabled,
    )


def show_last_error() -> None:
    message = st.session_state.pop("last_error", None)
    if message:
        st.error(message)
