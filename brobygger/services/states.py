"""Meeting status and exercise-run state: the allowed transitions, in one table each.

Staying in the same state is always allowed (a laptop and a phone remote pressing the same button
must not fail); the services keep their own friendlier refusals where a user can meet one (a
closed meeting cannot start again: `MeetingClosed`). Anything outside the tables is a bug or a
race, and is refused with `TransitionRefused`, which names the transition.
"""

from __future__ import annotations

import enum

from brobygger.errors import TransitionRefused


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    LIVE = "live"
    CLOSED = "closed"


class RunState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


MEETING_TRANSITIONS: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    MeetingStatus.PLANNED: frozenset({MeetingStatus.LIVE, MeetingStatus.CLOSED}),
    MeetingStatus.LIVE: frozenset({MeetingStatus.CLOSED}),
    MeetingStatus.CLOSED: frozenset(),
}

#: A draft run closes without opening when it is reset; a closed one may be reopened.
RUN_TRANSITIONS: dict[RunState, frozenset[RunState]] = {
    RunState.DRAFT: frozenset({RunState.OPEN, RunState.CLOSED}),
    RunState.OPEN: frozenset({RunState.CLOSED}),
    RunState.CLOSED: frozenset({RunState.OPEN}),
}


def check(current: str, target: MeetingStatus | RunState) -> None:
    """Refuse a transition its table does not allow; `current` is the stored value (a plain string)."""
    table: dict = MEETING_TRANSITIONS if isinstance(target, MeetingStatus) else RUN_TRANSITIONS
    source = type(target)(current)
    if source != target and target not in table[source]:
        raise TransitionRefused(from_state=str(source), to_state=str(target))
