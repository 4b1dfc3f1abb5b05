"""Organise: registering participants and handing out their personal QR links."""

from __future__ import annotations

import streamlit as st

from brobygger import languages, services
from brobygger.groups import group_ids, group_label
from brobygger.qr_sheet import qr_sheet_html
from brobygger.ui.common import act, join_base, lang, read, tr


def registration(programme: dict) -> None:
    groups = read(services.programmes.programme_groups, programme["id"])
    st.caption(tr("register.help", groups=", ".join(group_ids(groups))))
    lines = st.text_area(tr("register.lines"), key=f"register_lines_{programme['id']}", placeholder="Anna Jensen; Forlaget; sme")
    if st.button(tr("register.button"), key="register_participants"):
        done, added = act(services.participants.register_participants, programme["id"], lines)
        if done:
            st.success(tr("register.done", n=len(added)))
    people = read(services.participants.registered_participants, programme["id"])
    if people:
        rows = [
            {
                "pseudonym": p.pseudonym,
                "name": p.name,
                "organisation": p.organisation,
                "token": p.token,
                "personal_code": services.identity.personal_code(p.token),
                "group_label": group_label(groups, p.group, programme["language"], lang()),
            }
            for p in people
        ]
        st.dataframe(
            [
                {
                    tr("xl.pseudonym"): r["pseudonym"],
                    tr("xl.name"): r["name"],
                    tr("xl.organisation"): r["organisation"],
                    tr("xl.group"): r["group_label"],
                }
                for r in rows
            ],
            hide_index=True,
            width="stretch",
        )
        sheet = qr_sheet_html(
            rows, join_base(), programme["name"], programme["language"] if programme["language"] in languages.UI else lang()
        )
        st.download_button(tr("register.sheet"), sheet, "personal-links.html", "text/html", key="download_qr_sheet")
