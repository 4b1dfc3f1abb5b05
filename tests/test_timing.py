"""The agenda clock the projector shows: what is left of the item, and when the meeting will end."""

import datetime as dt

from brobygger.timing import actual_minutes, clock, mmss

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def _items(*minutes, started=None):
    return [
        {"id": i, "minutes": m, "extra_minutes": 0, "started_at": None, "ended_at": None} for i, m in enumerate(minutes, start=1)
    ]


def test_on_time():
    items = _items(10, 20, 30)
    items[0]["started_at"] = START
    c = clock(items, 1, START, START + dt.timedelta(minutes=4))
    assert c.remaining_seconds == 6 * 60
    assert c.planned_end == START + dt.timedelta(minutes=60) and c.expected_end == c.planned_end and c.overrun_minutes == 0


def test_overrun_pushes_the_expected_end():
    items = _items(10, 20, 30)
    items[0]["started_at"] = START
    c = clock(items, 1, START, START + dt.timedelta(minutes=17))
    assert c.remaining_seconds == -7 * 60 and mmss(c.remaining_seconds) == "07:00"
    assert c.expected_end == START + dt.timedelta(minutes=67) and c.overrun_minutes == 7


def test_extension_moves_the_plan():
    items = _items(10, 20)
    items[0]["started_at"] = START
    items[0]["extra_minutes"] = 5
    c = clock(items, 1, START, START + dt.timedelta(minutes=12))
    assert c.remaining_seconds == 3 * 60 and c.planned_end == START + dt.timedelta(minutes=35) and c.overrun_minutes == 0


def test_not_started_has_no_clock():
    assert clock(_items(10), None, None, START).remaining_seconds is None


def test_actual_minutes_and_format():
    item = {"started_at": START, "ended_at": START + dt.timedelta(minutes=12, seconds=30)}
    assert actual_minutes(item, START) == 12.5
    assert mmss(3725) == "1:02:05" and mmss(59) == "00:59"
