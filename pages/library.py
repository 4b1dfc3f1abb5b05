"""Library: the kit's reference content (roles, principles, phases, themes, cases), readable anywhere.

Anyone sees the kits that ship with Brobygger; the organisers' own kits only after the secret."""

import streamlit as st

from brobygger.languages import NAMES as LANGUAGE_NAMES
from brobygger.ui.common import kits, lang, md, public_kits, require_secret, tr

available = public_kits()
with st.sidebar:
    wanted = st.session_state.get("signed_in") or st.toggle(tr("library.own_kits"), key="library_own")
    if wanted and require_secret():
        available = kits()
columns = st.columns(2)
kit_id = columns[0].selectbox(
    tr("library.kit"), list(available), format_func=lambda k: available[k].manifest.title.get(lang(), "en")
)
kit = available[kit_id]
default = lang() if lang() in kit.languages else kit.languages[0]
text_lang = columns[1].radio(
    tr("ui.language"),
    kit.languages,
    index=kit.languages.index(default),
    format_func=LANGUAGE_NAMES.get,
    horizontal=True,
    key="library_language",
)

# Kit text goes through md(): markdown, but never an image fetched from another host.
st.title(md(kit.manifest.title.get(text_lang)))
st.markdown(md(kit.manifest.description.get(text_lang)))
tabs = st.tabs([md(c.title.get(text_lang)) for c in kit.catalogues.values()] + [tr("library.meetings")])
for tab, catalogue in zip(tabs, kit.catalogues.values(), strict=False):
    with tab:
        for number, entry in enumerate(catalogue.entries, start=1):
            with st.container(border=True):
                st.markdown(md(f"**{number}. {entry.title.get(text_lang)}**"))
                if entry.text:
                    st.markdown(md(entry.text.get(text_lang)))
                if entry.note:
                    st.caption(md(entry.note.get(text_lang)))
                for name, value in entry.attributes.items():
                    st.markdown(md(f"*{name.replace('_', ' ').capitalize()}:* {value.get(text_lang)}"))
with tabs[-1]:
    for template in kit.meetings:
        with st.expander(md(f"{template.title.get(text_lang)} · {tr('library.minutes', n=template.minutes)}")):
            st.caption(md(template.theme.get(text_lang)))
            for item in template.agenda:
                st.markdown(
                    md(f"- {item.title.get(text_lang)} · {tr('kind.' + item.kind)} · {tr('library.minutes', n=item.minutes)}")
                )
