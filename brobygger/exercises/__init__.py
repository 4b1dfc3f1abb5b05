"""Exercise types: each a unit in its own module (see `unit.ExerciseType`), found through the registry.

The nine built-in types are registered here; other packages add theirs with an entry point in the
group `brobygger.exercise_types` (see docs/architecture.md).
"""

from __future__ import annotations

from brobygger.exercises import registry
from brobygger.exercises.actions import Actions
from brobygger.exercises.assignment import Assignment
from brobygger.exercises.choice import Choice
from brobygger.exercises.evaluation import Evaluation
from brobygger.exercises.matrix import Matrix
from brobygger.exercises.placement import Placement
from brobygger.exercises.ranking import Ranking
from brobygger.exercises.scale import ScaleType
from brobygger.exercises.text import Text
from brobygger.groups import ResponseRow

BUILT_IN = (Placement, Matrix, Choice, ScaleType, Text, Ranking, Evaluation, Actions, Assignment)

registry.register_all(unit() for unit in BUILT_IN)
registry.discover()

parse_definition = registry.parse_definition
validate_response = registry.validate_response
aggregate = registry.aggregate

__all__ = ["BUILT_IN", "ResponseRow", "aggregate", "parse_definition", "registry", "validate_response"]
