"""The registry of exercise types (being built: see issue 11). For now: the phone widget files."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent
_BUILT_IN = ("placement", "matrix", "choice", "scale", "text", "ranking", "evaluation", "actions")


def widget_files() -> list[Path]:
    """Each registered type's phone widget (plain JS), in registration order."""
    return [_HERE / f"{name}.js" for name in _BUILT_IN]
