"""Errors as values the UI can translate: a message key and its parameters, never a traceback."""

from __future__ import annotations

from typing import Any


class BrobyggerError(Exception):
    """Base error: `code` is a key in the i18n catalogue, `params` fill its placeholders."""

    code = "error.generic"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(f"{self.code} {params}" if params else self.code)

    def message(self, lang: str = "da") -> str:
        """The text a user sees, in their language."""
        from brobygger.i18n import t

        return t(self.code, lang, **self.params)


class NotFound(BrobyggerError):
    code = "error.not_found"


class InvalidResponse(BrobyggerError):
    code = "error.response_invalid"


class ExerciseClosed(BrobyggerError):
    code = "error.exercise_closed"


class ExerciseNotOpen(BrobyggerError):
    code = "error.exercise_not_open"


class UnknownToken(BrobyggerError):
    code = "error.unknown_token"


class UnknownCode(BrobyggerError):
    code = "error.unknown_code"


class MeetingClosed(BrobyggerError):
    code = "error.meeting_closed"


class InvalidInput(BrobyggerError):
    code = "error.invalid_input"


class TransitionRefused(BrobyggerError):
    """A meeting or exercise asked to move between states its table does not allow (e.g. closed to live)."""

    code = "error.transition_refused"
