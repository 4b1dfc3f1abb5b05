"""Plausible answers for any exercise, for the demo, tests and load benchmarks: each type makes its own."""

from __future__ import annotations

import random
from typing import Any

from brobygger.exercises import registry


def sample_answer(defn: Any, rng: random.Random, *, lang: str = "da", group: str | None = None) -> dict[str, Any]:
    """An answer that passes the exercise's validation; advisors lean a little higher than companies."""
    return registry.get(defn.type).sample_answer(defn, rng, lang=lang, group=group)
