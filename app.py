"""Brobygger: one app, one process. Phones get a light page and JSON routes; the rest is Streamlit."""

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from brobygger.phone import slow_clients
from brobygger.phone.routes import phone_routes

# pages/ holds the pages st.navigation lists below. Streamlit would otherwise treat it as an
# old-style auto-pages folder until the first run reaches st.navigation, so a deep link such as
# /moderate on a fresh server ran the page without the app around it. (Checked by a browser test.)
PagesManager.uses_pages_directory = False

# The tab icon is a file this server serves: a material-icon name would be fetched from a font host,
# which a closed meeting-room network does not reach (and which would learn the tool is in use).
ICON = Path(__file__).parent / "brobygger" / "phone" / "static" / "icon.png"

app = st.App(__file__, routes=phone_routes())
slow_clients.install()  # header and body timeouts for the server Streamlit is about to start

if __name__ == "__main__":
    from brobygger import settings
    from brobygger.ui.common import language_picker, run_page, tr

    st.set_page_config(page_title="Brobygger", page_icon=str(ICON), layout="wide", initial_sidebar_state="auto")
    try:
        settings.current()  # a malformed BROBYGGER_* value stops here with its message, not mid-meeting
    except settings.SettingsError as exc:
        st.error(str(exc))
        st.stop()
    language_picker()
    pages = [
        st.Page("pages/present.py", title=tr("nav.present"), icon=":material/slideshow:", url_path="present", default=True),
        st.Page("pages/moderate.py", title=tr("nav.moderate"), icon=":material/tune:", url_path="moderate"),
        st.Page("pages/organise.py", title=tr("nav.organise"), icon=":material/folder_open:", url_path="organise"),
        st.Page("pages/library.py", title=tr("nav.library"), icon=":material/menu_book:", url_path="library"),
    ]
    run_page(st.navigation(pages))
