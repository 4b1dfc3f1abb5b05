"""Agenda clock: how long the current item has left and when the meeting will really end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Clock:
    remaining_seconds: int | None  # negative when the item runs over
    planned_end: dt.datetime | None  # start + the whole plan (as extended)
    expected_end: dt.datetime | None  # now + what is left of this item + every later item
    overrun_minutes: int  # expected - planned, in whole minutes (0 when on time or early)


def item_minutes(item: dict[str, Any]) -> int:
    return item["minutes"] + item.get("extra_minutes", 0)


def clock(items: list[dict[str, Any]], current_id: int | None, started_at: dt.datetime | None, now: dt.datetime) -> Clock:
    """The projector's countdown and the meeting's running end, from the agenda as stored."""
    if started_at is None or current_id is None:
        return Clock(None, None, None, 0)
    planned_end = started_at + dt.timedelta(minutes=sum(item_minutes(i) for i in items))
    ids = [i["id"] for i in items]
    index = ids.index(current_id) if current_id in ids else 0
    current = items[index]
    item_start = current["started_at"] or now
    remaining = item_start + dt.timedelta(minutes=item_minutes(current)) - now
    later = sum(item_minutes(i) for i in items[index + 1 :])
    expected_end = now + max(remaining, dt.timedelta(0)) + dt.timedelta(minutes=later)
    overrun = max(0, round((expected_end - planned_end).total_seconds() / 60))
    return Clock(int(remaining.total_seconds()), planned_end, expected_end, overrun)


def mmss(seconds: int) -> str:
    """12:05 for 725 seconds; hours only when needed."""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def actual_minutes(item: dict[str, Any], now: dt.datetime) -> float | None:
    """Minutes an item has actually taken (so far, for the current one)."""
    if item["started_at"] is None:
        return None
    end = item["ended_at"] or now
    return round((end - item["started_at"]).total_seconds() / 60, 1)
