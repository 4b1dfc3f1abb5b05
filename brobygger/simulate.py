"""Plausible answers for any exercise, for the demo, tests and load benchmarks."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

PHRASES = {
    "da": ["Mere tid til dialog", "Konkrete værktøjer", "Tidlig kontakt", "Fælles sprog", "Lederens rolle", "Korte møder"],
    "en": [
        "More time for dialogue",
        "Concrete tools",
        "Early contact",
        "A shared language",
        "The manager's role",
        "Short meetings",
    ],
}


def _point(rng: random.Random, bias: float) -> dict[str, float]:
    return {
        "x": round(min(1.0, max(0.0, rng.gauss(bias, 0.18))), 3),
        "y": round(min(1.0, max(0.0, rng.gauss(bias, 0.18))), 3),
    }


def sample_answer(defn: Any, rng: random.Random, *, lang: str = "da", group: str | None = None) -> dict[str, Any]:
    """An answer that passes the exercise's validation; advisors lean a little higher than companies."""
    lean = 0.15 if group == "advisor" else 0.0
    phrases = PHRASES.get(lang, PHRASES["en"])
    kind = defn.type
    if kind == "placement":
        answer: dict[str, Any] = {"now": _point(rng, 0.4 + lean)}
        if defn.ask_wanted:
            answer["wanted"] = _point(rng, 0.8)
        return answer
    if kind == "matrix":
        return {
            "ratings": {
                s.id: {c.id: min(c.max, max(c.min, round(rng.gauss((c.min + c.max) / 2 + lean * 4, 1)))) for c in defn.scales}
                for s in defn.statements
            }
        }
    if kind == "choice":
        count = rng.randint(1, defn.limit)
        return {"choices": [o.id for o in rng.sample(defn.options, count)]}
    if kind == "scale":
        return {"value": rng.randint(defn.scale.min, defn.scale.max)}
    if kind == "text":
        return {"text": rng.choice(phrases)[: defn.max_length]}
    if kind == "ranking":
        order = [i.id for i in defn.items]
        rng.shuffle(order)
        return {"order": order}
    if kind == "evaluation":
        low = max(defn.scale.min, defn.scale.max - 2)
        return {
            "ratings": {i.id: rng.randint(low, defn.scale.max) for i in defn.items},
            "answers": {q.id: rng.choice(phrases) for q in defn.questions[:1]},
        }
    if kind == "actions":
        due = dt.date.today() + dt.timedelta(days=rng.randint(14, 60))
        return {"actions": [{"what": rng.choice(phrases), "who": "", "organisation": "", "due": due.isoformat()}]}
    raise ValueError(f"no sample for exercise type {kind!r}")
