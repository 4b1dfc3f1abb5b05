"""The registry of exercise types: built-in ones and those other packages add through entry points.

A type is one unit (see `ExerciseType`). Registering checks that every part is there, so a
type that lacks, say, its workbook sheet is refused at start-up with the part's name, instead
of dropping answers silently from an export months later.
"""

from __future__ import annotations

import inspect
import logging
import typing
from collections.abc import Iterable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from brobygger import i18n, languages
from brobygger.errors import InvalidResponse
from brobygger.exercises.unit import REQUIRED_METHODS, ExerciseType
from brobygger.groups import DEFAULT_GROUPS, ResponseRow, buckets

logger = logging.getLogger(__name__)

#: Entry-point group a package names its types in (pyproject: [project.entry-points."brobygger.exercise_types"]).
ENTRY_POINT_GROUP = "brobygger.exercise_types"


class RegistrationError(TypeError):
    """A type that cannot be registered; the message names the type and the missing or broken part."""


_types: dict[str, ExerciseType] = {}
_generation = 0
_adapter: TypeAdapter[Any] | None = None
_adapter_generation = -1


def _refuse(name: str, part: str, why: str) -> RegistrationError:
    return RegistrationError(f"exercise type {name!r}: {part}: {why}")


def _check(unit: ExerciseType) -> None:
    """Every part a type needs, checked once, with a message naming what is missing."""
    name = getattr(unit, "name", None)
    if not isinstance(name, str) or not name.isidentifier() or not name.islower():
        raise _refuse(str(name), "name", "needs a lower-case identifier such as 'wordcloud'")
    definition = getattr(unit, "Definition", None)
    if not (inspect.isclass(definition) and issubclass(definition, BaseModel)):
        raise _refuse(name, "Definition", "needs a pydantic model of the kit's definition")
    tag = definition.model_fields.get("type")
    if tag is None or typing.get_args(tag.annotation) != (name,):
        raise _refuse(name, "Definition.type", f"needs the field `type: Literal[{name!r}]`")
    response = getattr(unit, "Response", None)
    if not (inspect.isclass(response) and issubclass(response, BaseModel)):
        raise _refuse(name, "Response", "needs a pydantic model of a stored answer")
    example = getattr(unit, "example", None)
    if not isinstance(example, dict) or example.get("type") != name:
        raise _refuse(
            name, "example", f"needs an example definition (a dict with type: {name}) for the docs and the conformance test"
        )
    try:
        definition.model_validate(example)
    except Exception as exc:
        raise _refuse(name, "example", f"is not a valid definition: {exc}") from None
    for method in REQUIRED_METHODS:
        if getattr(type(unit), method, None) is getattr(ExerciseType, method):
            raise _refuse(name, method, "is not implemented")
    widget = getattr(unit, "widget", None)
    if not isinstance(widget, Path) or not widget.is_file():
        raise _refuse(name, "widget", f"needs the phone widget as a JS file beside the module (not found: {widget})")
    if f'registerWidget("{name}"' not in widget.read_text(encoding="utf-8"):
        raise _refuse(name, "widget", f'{widget.name} must call registerWidget("{name}", ...)')
    messages = getattr(unit, "messages", None)
    if not isinstance(messages, dict) or f"exercise.{name}" not in messages:
        raise _refuse(name, "messages", f"needs at least the key 'exercise.{name}' (the type's name on screens)")
    for key, texts in messages.items():
        missing = [lang for lang in languages.UI if not (isinstance(texts, dict) and texts.get(lang))]
        if missing:
            raise _refuse(name, "messages", f"{key!r} has no text in {', '.join(missing)}")


def register(unit: ExerciseType) -> ExerciseType:
    """Add a type (an instance of an ExerciseType subclass). Registering the same type twice is a no-op."""
    global _generation
    if inspect.isclass(unit):
        unit = unit()
    _check(unit)
    existing = _types.get(unit.name)
    if existing is not None:
        if type(existing) is type(unit):
            return existing
        raise _refuse(unit.name, "name", f"is taken by {type(existing).__module__}")
    i18n.add_messages(unit.messages, owner=f"exercise type {unit.name!r}")
    _types[unit.name] = unit
    _generation += 1
    return unit


def unregister(name: str) -> None:
    """Remove a type (tests that install a plugin type take it out again)."""
    global _generation
    unit = _types.pop(name)
    i18n.remove_messages(unit.messages, owner=f"exercise type {name!r}")
    _generation += 1


def discover() -> list[str]:
    """Register every type that installed packages announce as entry points; returns the names added."""
    added = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        loaded = point.load()
        try:
            unit = register(loaded)
        except RegistrationError:
            raise  # already names the type and the part
        except Exception as exc:  # a plugin that fails to build is refused by name, not half-loaded
            raise RegistrationError(f"exercise type from entry point {point.name!r}: {exc}") from exc
        added.append(unit.name)
    return added


def get(name: str) -> ExerciseType:
    return _types[name]


def names() -> tuple[str, ...]:
    return tuple(_types)


def all_types() -> tuple[ExerciseType, ...]:
    return tuple(_types.values())


def generation() -> int:
    """Changes whenever a type is added or removed, so kit models can be rebuilt."""
    return _generation


def definition_union() -> Any:
    """The kit-file schema of an exercise: the registered definitions, told apart by `type`."""
    models = tuple(unit.Definition for unit in _types.values())
    return Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007


def parse_definition(data: dict[str, Any]) -> Any:
    """An exercise definition from its stored JSON form."""
    global _adapter, _adapter_generation
    if _adapter is None or _adapter_generation != _generation:
        _adapter, _adapter_generation = TypeAdapter(definition_union()), _generation
    return _adapter.validate_python(data)


def validate_response(defn: Any, raw: Any) -> dict[str, Any]:
    """The cleaned answer, or InvalidResponse with a message key the phone can show."""
    if raw is None:
        raise InvalidResponse("error.response_empty")
    unit = _types[defn.type]
    value = unit.validate(defn, raw)
    try:
        unit.Response.model_validate(value)  # what is stored always has the type's declared shape
    except ValidationError:
        logger.exception("exercise type %r validated an answer into a shape its Response model refuses", defn.type)
        raise InvalidResponse("error.response_shape") from None
    return value


def aggregate(defn: Any, rows: list[ResponseRow], groups: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The summary the projector and exports show for this exercise, split by the programme's groups."""
    groups = tuple(groups) if groups else DEFAULT_GROUPS
    summary = _types[defn.type].aggregate(defn, rows, groups)
    summary["groups"] = list(buckets(groups))
    return summary


def widget_files() -> list[Path]:
    """Each registered type's phone widget (plain JS), in registration order."""
    return [unit.widget for unit in _types.values()]


def register_all(units: Iterable[ExerciseType]) -> None:
    for unit in units:
        register(unit)
