"""Library: the kit's reference content (roles, principles, phases, themes, cases), readable anywhere."""

import streamlit as st

from brobygger.languages import NAMES as LANGUAGE_NAMES
from brobygger.ui.common import kits, lang, tr

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

st.title(kit.manifest.title.get(text_lang))
st.write(kit.manifest.description.get(text_lang))
tabs = st.tabs([c.title.get(text_lang) for c in kit.catalogues.values()] + [tr("library.meetings")])
for tab, catalogue in zip(tabs, kit.catalogues.values(), strict=False):
    with tab:
        for number, entry in enumerate(catalogue.entries, start=1):
            with st.container(border=True):
                st.markdown(f"**{number}. {entry.title.get(text_lang)}**")
                if entry.text:
                    st.write(entry.text.get(text_lang))
                if entry.note:
                    st.caption(entry.note.get(text_lang))
                for name, value in entry.attributes.items():
                    st.markdown(f"*{name.replace('_', ' ').capitalize()}:* {value.get(text_lang)}")
with tabs[-1]:
    for template in kit.meetings:
        with st.expander(f"{template.title.get(text_lang)} · {tr('library.minutes', n=template.minutes)}"):
            st.caption(template.theme.get(text_lang))
            for item in template.agenda:
                st.markdown(
                    f"- {item.title.get(text_lang)} · {tr('kind.' + item.kind)} · {tr('library.minutes', n=item.minutes)}"
                )
