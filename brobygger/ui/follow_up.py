"""The follow-up of actions from earlier meetings: on the projector, and marked from the console."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from brobygger import services
from brobygger.errors import BrobyggerError
from brobygger.ui.common import engine, lang, read, tr

MARKS = {"open": "○", "done": "✔", "partly": "◐", "not-yet": "✗"}


def follow_up_board(actions: list[dict[str, Any]]) -> None:
    """Each earlier action with its owner, due date, status and what happened (plain text, never markup)."""
    st.markdown(f"### {tr('followup.title')}")
    if not actions:
        st.caption(tr("followup.none"))
        return
    columns = st.columns(2)
    for index, action in enumerate(actions[:24]):
        with columns[index % 2].container(border=True):
            due = f" · {action['due'].isoformat()}" if action["due"] else ""
            st.text(f"{MARKS[action['status']]} {action['what']}")
            st.caption(f"{action['template_id'].upper()} · {action['pseudonym'] or ''}{due} · {tr('action.' + action['status'])}")
            if action["follow_up"]:
                st.text(action["follow_up"])


def follow_up_editor(meeting_id: int) -> None:
    """The moderator marks each earlier action done, partly or not yet, with a line on what happened."""
    actions = read(services.actions.actions_to_follow_up, meeting_id)
    st.markdown(f"#### {tr('followup.title')}")
    if not actions:
        st.caption(tr("followup.none"))
        return
    labels = {s: tr(f"action.{s}") for s in services.actions.ACTION_STATUSES}
    frame = pd.DataFrame(
        [
            {
                "id": a["id"],
                tr("xl.meeting"): a["template_id"].upper(),
                tr("xl.pseudonym"): a["pseudonym"] or "",
                tr("xl.what"): a["what"],
                tr("xl.status"): labels[a["status"]],
                tr("xl.follow_up"): a["follow_up"],
            }
            for a in actions
        ]
    )
    edited = st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        key=f"follow_up_{meeting_id}",
        disabled=["id", tr("xl.meeting"), tr("xl.pseudonym"), tr("xl.what")],
        column_config={
            "id": None,
            tr("xl.status"): st.column_config.SelectboxColumn(options=list(labels.values()), required=True),
            tr("xl.follow_up"): st.column_config.TextColumn(max_chars=300),
        },
    )
    if st.button(tr("followup.save"), key="save_follow_up", type="primary"):
        by_label = {v: k for k, v in labels.items()}
        try:
            with services.writing(engine()) as conn:  # all the marks or none
                for action, (_, row) in zip(actions, edited.iterrows(), strict=True):
                    status, line = by_label[row[tr("xl.status")]], row[tr("xl.follow_up")] or ""
                    if status != action["status"] or line != action["follow_up"]:
                        services.actions.follow_up_action(conn, action["id"], status, line, meeting_id=meeting_id)
        except BrobyggerError as exc:
            st.error(exc.message(lang()))
        else:
            st.success(tr("followup.saved"))
