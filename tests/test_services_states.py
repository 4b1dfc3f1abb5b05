"""Meeting status and run state: one table of transitions each, and a refusal that names the transition."""

from __future__ import annotations

import pytest

from brobygger.errors import BrobyggerError, TransitionRefused
from brobygger.services import states
from brobygger.services.states import MEETING_TRANSITIONS, RUN_TRANSITIONS, MeetingStatus, RunState


def test_the_tables_cover_every_state():
    assert set(MEETING_TRANSITIONS) == set(MeetingStatus)
    assert set(RUN_TRANSITIONS) == set(RunState)
    assert [str(s) for s in MeetingStatus] == ["planned", "live", "closed"]
    assert [str(s) for s in RunState] == ["draft", "open", "closed"]


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("planned", MeetingStatus.LIVE),
        ("planned", MeetingStatus.CLOSED),
        ("live", MeetingStatus.CLOSED),
        ("live", MeetingStatus.LIVE),  # staying put: two devices pressing the same button
        ("closed", MeetingStatus.CLOSED),
        ("draft", RunState.OPEN),
        ("draft", RunState.CLOSED),  # a draft run discarded by a reset
        ("open", RunState.CLOSED),
        ("closed", RunState.OPEN),  # reopened
        ("open", RunState.OPEN),
    ],
)
def test_allowed_transitions_pass(current, target):
    states.check(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("closed", MeetingStatus.LIVE),
        ("closed", MeetingStatus.PLANNED),
        ("live", MeetingStatus.PLANNED),
        ("open", RunState.DRAFT),
        ("closed", RunState.DRAFT),
    ],
)
def test_refused_transitions_name_the_transition(current, target):
    with pytest.raises(TransitionRefused) as info:
        states.check(current, target)
    assert isinstance(info.value, BrobyggerError)
    assert f"from {current} to {target}" in info.value.message("en")
    assert f"fra {current} til {target}" in info.value.message("da")


def test_an_unknown_stored_state_is_not_silently_accepted():
    with pytest.raises(ValueError):
        states.check("paused", MeetingStatus.LIVE)
