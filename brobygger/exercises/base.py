"""Helpers every exercise type uses to check answers and summarise them."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from typing import Any

from brobygger.errors import InvalidResponse

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def require_mapping(raw: Any, *keys: str) -> dict[str, Any]:
    """The answer must be a JSON object; only the keys the type knows are allowed."""
    if not isinstance(raw, dict):
        raise InvalidResponse("error.response_shape")
    unknown = sorted(set(raw) - set(keys))
    if unknown:
        raise InvalidResponse("error.response_unknown_field", field=unknown[0])
    return raw


def clean_text(raw: Any, max_length: int, *, field: str, required: bool = True) -> str:
    """Strip invisible control characters and surrounding space; refuse empty or too long text."""
    if raw is None and not required:
        return ""
    if not isinstance(raw, str):
        raise InvalidResponse("error.response_text_type", field=field)
    text = _CONTROL.sub("", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text and required:
        raise InvalidResponse("error.response_text_empty", field=field)
    if len(text) > max_length:
        raise InvalidResponse("error.response_text_too_long", field=field, max=max_length, length=len(text))
    return text


def check_int(raw: Any, low: int, high: int, *, field: str) -> int:
    """An integer rating inside the scale; booleans and floats are refused."""
    if isinstance(raw, bool) or not isinstance(raw, int):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        else:
            raise InvalidResponse("error.response_not_integer", field=field)
    if not low <= raw <= high:
        raise InvalidResponse("error.response_out_of_range", field=field, low=low, high=high, value=raw)
    return raw


def check_unit(raw: Any, *, field: str) -> float:
    """A coordinate on a plane scaled to 0..1."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw != raw:
        raise InvalidResponse("error.response_not_number", field=field)
    if not 0.0 <= float(raw) <= 1.0:
        raise InvalidResponse("error.response_out_of_range", field=field, low=0, high=1, value=raw)
    return round(float(raw), 4)


def number_summary(values: list[int | float]) -> dict[str, Any]:
    """n, mean, median and distribution of a list of ratings (mean and median None when empty)."""
    if not values:
        return {"n": 0, "mean": None, "median": None, "distribution": {}}
    counts = Counter(values)
    return {
        "n": len(values),
        "mean": round(statistics.fmean(values), 3),
        "median": statistics.median(values),
        "distribution": {k: counts[k] for k in sorted(counts)},
    }
