"""Brobygger: one app, one process. Phones get a light page and JSON routes; the rest is Streamlit."""

import streamlit as st

from brobygger.phone.routes import phone_routes

app = st.App(__file__, routes=phone_routes())

if __name__ == "__main__":
    from brobygger.ui.common import language_picker, tr

    st.set_page_config(page_title="Brobygger", page_icon="🌉", layout="wide", initial_sidebar_state="auto")
    language_picker()
    pages = [
        st.Page("pages/present.py", title=tr("nav.present"), icon="📽️", url_path="present", default=True),
        st.Page("pages/moderate.py", title=tr("nav.moderate"), icon="🎛️", url_path="moderate"),
        st.Page("pages/organise.py", title=tr("nav.organise"), icon="🗂️", url_path="organise"),
        st.Page("pages/library.py", title=tr("nav.library"), icon="📚", url_path="library"),
    ]
    st.navigation(pages).run()
