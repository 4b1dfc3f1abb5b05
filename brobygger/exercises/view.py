"""An exercise as a screen shows it: every label in one language, ready to send as JSON."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from brobygger.localised import LocalText


def exercise_view(value: Any, lang: str, fallback: str = "en") -> Any:
    """The definition as plain JSON with each text in `lang` (or `fallback`); refs are already resolved."""
    if isinstance(value, LocalText):
        return value.get(lang, fallback)
    if isinstance(value, BaseModel):
        return {name: exercise_view(getattr(value, name), lang, fallback) for name in type(value).model_fields if name != "ref"}
    if isinstance(value, dict):
        return {k: exercise_view(v, lang, fallback) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [exercise_view(v, lang, fallback) for v in value]
    return value
