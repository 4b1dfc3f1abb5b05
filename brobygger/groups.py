"""Participant groups: who is in the room, as the kit names them (advisors and companies in Bifrost,
workplaces in Brønderslev, municipalities or actors elsewhere). Results are split by these."""

from __future__ import annotations

from typing import Any

from brobygger.exercises.base import DEFAULT_GROUPS, NO_GROUP
from brobygger.i18n import MESSAGES, t
from brobygger.localised import text_of

Groups = list[dict[str, Any]]  # [{"id": "advisor", "label": {"da": "Rådgiver", "en": "Advisor"}}, ...]


def default_groups() -> Groups:
    return [{"id": g, "label": dict(MESSAGES[f"group.{g}"])} for g in DEFAULT_GROUPS]


def groups_or_default(stored: Groups | None) -> Groups:
    return stored if stored else default_groups()


def group_ids(groups: Groups) -> tuple[str, ...]:
    return tuple(g["id"] for g in groups)


def group_label(groups: Groups, group: str | None, lang: str, fallback: str = "en") -> str:
    """A group's name in `lang`; people who gave no group are 'not given'."""
    if group in (None, "", NO_GROUP):
        return t("group.none", lang)
    for entry in groups:
        if entry["id"] == group:
            return text_of(entry["label"], lang, fallback)
    return str(group)
