"""Organise: organisers' own kits, without touching code (upload, duplicate, edit in a table, download)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from brobygger import languages
from brobygger.kit_library import all_kits, duplicate_kit, edit_agenda, is_custom, kit_zip, save_kit, unpack_upload
from brobygger.kits import KitInvalid
from brobygger.ui.common import engine, lang, tr


def _problems(exc: KitInvalid) -> None:
    lines = "\n".join(f"- `{p}`" for p in exc.problems[:50])
    st.error(f"{tr('kits.problems', n=len(exc.problems))}\n\n{lines}")


def kit_authoring() -> None:
    db = engine()
    kits = all_kits(db)
    title = {k: f"{v.manifest.title.get(lang(), 'en')} ({k})" for k, v in kits.items()}

    upload = st.file_uploader(tr("kits.upload"), type=["zip", "yaml", "yml"], key="kit_upload")
    replace = st.checkbox(tr("kits.replace"), key="kit_replace")
    if upload is not None and st.button(tr("kits.save_upload"), key="save_upload", type="primary"):
        try:
            kit = save_kit(db, unpack_upload(upload.getvalue(), upload.name), source=upload.name, replace=replace)
        except KitInvalid as exc:
            _problems(exc)
        else:
            st.success(tr("kits.saved", kit=kit.id))

    st.markdown(f"**{tr('kits.duplicate')}**")
    with st.form("duplicate_kit"):
        source = st.selectbox(tr("organise.kit"), list(kits), format_func=title.get, key="duplicate_source")
        new_id = st.text_input(tr("kits.new_id"), max_chars=40, key="duplicate_id")
        new_title = st.text_input(tr("kits.new_title"), max_chars=200, key="duplicate_title")
        if st.form_submit_button(tr("kits.do_duplicate")):
            try:
                titles = {language: new_title.strip() for language in kits[source].languages} if new_title.strip() else None
                copy = duplicate_kit(db, kits[source], new_id.strip(), titles)
            except KitInvalid as exc:
                _problems(exc)
            else:
                st.success(tr("kits.saved", kit=copy.id))
                kits = all_kits(db)

    st.markdown(f"**{tr('kits.edit')}**")
    own = [k for k in kits if is_custom(db, k)]
    if not own:
        st.caption(tr("kits.no_custom"))
    else:
        kit = kits[st.selectbox(tr("organise.kit"), own, format_func=title.get, key="edit_kit")]
        names = {m.id: m.title.get(kit.languages[0]) for m in kit.meetings}
        template = kit.meeting(st.selectbox(tr("kits.meeting"), list(names), format_func=names.get, key="edit_meeting"))
        rows = []
        for item in template.agenda:
            row = {"id": item.id, tr("col.planned"): item.minutes}
            for language in kit.languages:
                row[f"{tr('col.title')} ({language})"] = item.title.get(language)
            for language in kit.languages:
                row[f"{tr('kits.prompt')} ({language})"] = item.exercise.prompt.get(language) if item.exercise else None
            for language in kit.languages:
                row[f"{tr('col.notes')} ({language})"] = item.notes.get(language) if item.notes else ""
            rows.append(row)
        edited = st.data_editor(
            pd.DataFrame(rows),
            hide_index=True,
            width="stretch",
            num_rows="fixed",
            disabled=["id"],
            key=f"kit_editor_{kit.id}_{template.id}",
            column_config={tr("col.planned"): st.column_config.NumberColumn(min_value=1, max_value=600, step=1, required=True)},
        )
        if st.button(tr("kits.save_edits"), key="save_kit_edits", type="primary"):
            changes = []
            for _, row in edited.iterrows():
                change = {"id": row["id"], "minutes": int(row[tr("col.planned")])}
                for language in kit.languages:
                    change[f"title.{language}"] = row[f"{tr('col.title')} ({language})"]
                    change[f"notes.{language}"] = row[f"{tr('col.notes')} ({language})"] or ""
                    prompt = row[f"{tr('kits.prompt')} ({language})"]
                    change[f"prompt.{language}"] = prompt if isinstance(prompt, str) and prompt else None
                changes.append(change)
            try:
                kit = edit_agenda(db, kit, template.id, changes)
            except KitInvalid as exc:
                _problems(exc)
            else:
                st.success(tr("kits.saved", kit=kit.id))
    download = st.selectbox(tr("kits.download"), list(kits), format_func=title.get, key="download_kit")
    st.download_button(tr("kits.download"), kit_zip(kits[download]), f"{download}.zip", "application/zip", key="download_kit_zip")
    st.caption(", ".join(f"{languages.NAMES.get(code, code)}" for code in kits[download].languages))
