"""Participant groups: who is in the room, as the kit names them (advisors and companies in Bifrost,
workplaces in Brønderslev, municipalities or actors elsewhere). Results are split by these."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from brobygger.i18n import MESSAGES, t
from brobygger.localised import text_of

Groups = list[dict[str, Any]]  # [{"id": "advisor", "label": {"da": "Rådgiver", "en": "Advisor"}}, ...]

#: Participant groups when a kit names none (Bifrost's): advisors, companies, others.
DEFAULT_GROUPS = ("advisor", "sme", "other")
#: The bucket for people who did not say which group they belong to.
NO_GROUP = "none"


@dataclass(frozen=True)
class ResponseRow:
    """One stored answer as the aggregators see it."""

    pseudonym: str
    group: str | None
    value: dict[str, Any]
    updated_at: dt.datetime | None = None


def buckets(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The programme's groups, then 'none' for people who gave no group."""
    return (*groups, NO_GROUP)


def by_group(rows: list[ResponseRow], groups: tuple[str, ...] = DEFAULT_GROUPS) -> dict[str, list[ResponseRow]]:
    """Rows split by participant group, in the programme's order; no (or an unknown) group is 'none'."""
    out: dict[str, list[ResponseRow]] = {g: [] for g in buckets(groups)}
    for row in rows:
        out[row.group if row.group in groups else NO_GROUP].append(row)
    return out


def default_groups() -> Groups:
    return [{"id": g, "label": dict(MESSAGES[f"group.{g}"])} for g in DEFAULT_GROUPS]


def groups_or_default(stored: Groups | None) -> Groups:
    return stored if stored else default_groups()


def group_ids(groups: Groups) -> tuple[str, ...]:
    return tuple(g["id"] for g in groups)


def min_group_size() -> int:
    """BROBYGGER_MIN_GROUP_SIZE (default 3): fewer answers than this and a group is not shown on its own."""
    from brobygger import settings

    return settings.current().min_group_size


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
