"""Participant groups: who is in the room, as the kit names them (advisors and companies in Bifrost,
workplaces in Brønderslev, municipalities or actors elsewhere). Results are split by these."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from brobygger.exercises.base import DEFAULT_GROUPS, NO_GROUP, ResponseRow
from brobygger.i18n import MESSAGES, t
from brobygger.localised import text_of

Groups = list[dict[str, Any]]  # [{"id": "advisor", "label": {"da": "Rådgiver", "en": "Advisor"}}, ...]


def default_groups() -> Groups:
    return [{"id": g, "label": dict(MESSAGES[f"group.{g}"])} for g in DEFAULT_GROUPS]


def groups_or_default(stored: Groups | None) -> Groups:
    return stored if stored else default_groups()


def group_ids(groups: Groups) -> tuple[str, ...]:
    return tuple(g["id"] for g in groups)


def min_group_size() -> int:
    """BROBYGGER_MIN_GROUP_SIZE (default 3): fewer answers than this and a group is not shown on its own."""
    from brobygger.settings import get

    raw = get("BROBYGGER_MIN_GROUP_SIZE")
    return max(1, int(raw)) if raw and raw.isdigit() else 3


def pool_small_groups(rows: list[ResponseRow], minimum: int | None = None) -> list[ResponseRow]:
    """Answers of a group with fewer than `minimum` answers count as 'not given', so that
    results by group never point at one or two people. Totals are unchanged."""
    minimum = min_group_size() if minimum is None else minimum
    sizes = Counter(row.group for row in rows)
    return [row if row.group is None or sizes[row.group] >= minimum else replace(row, group=None) for row in rows]


def group_label(groups: Groups, group: str | None, lang: str, fallback: str = "en", *, pooled: bool = False) -> str:
    """A group's name in `lang`; people who gave no group are 'not given' (in results, where small
    groups are pooled with them: 'not given / small groups')."""
    if group in (None, "", NO_GROUP):
        return t("group.pooled" if pooled else "group.none", lang)
    for entry in groups:
        if entry["id"] == group:
            return text_of(entry["label"], lang, fallback)
    return str(group)
