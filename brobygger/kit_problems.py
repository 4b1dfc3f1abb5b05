"""What can be wrong with a kit, said so its author can fix it: the file, the field and what was expected."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import yaml

from brobygger.exercises import registry


@dataclass(frozen=True)
class KitProblem:
    """One thing wrong with a kit: the file, the path to the field, and what was expected."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}" if self.path else f"{self.file}: {self.message}"


class KitInvalid(Exception):
    def __init__(self, source: str, problems: list[KitProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(f"  {p}" for p in problems))


def field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    skip_next = False
    for i, part in enumerate(loc):
        if skip_next:
            skip_next = False
            continue
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        if part == "exercise" and i + 1 < len(loc) and loc[i + 1] in registry.names():
            skip_next = True  # pydantic puts the union's tag into the location; a reader does not need it
        if part in ("root", "[key]") or str(part).startswith("function-"):
            continue
        out += f".{part}" if out else str(part)
    return out


def problem_message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see docs/kits.md for the fields allowed here)"
    if kind == "union_tag_invalid":
        expected = ", ".join(registry.names())
        return f"unknown exercise type {error['ctx']['tag']!r}; expected one of: {expected}"
    if kind == "union_tag_not_found":
        return "exercise needs a 'type' (one of: " + ", ".join(registry.names()) + ")"
    if kind == "literal_error":
        return f"got {error.get('input')!r}, expected one of {error['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return f"got {error.get('input')!r}: ids use lower-case letters, digits, '-' and '_' (at most 40)"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return (
        f"{error['msg']} (got {error.get('input')!r})"
        if "input" in error and not isinstance(error.get("input"), (dict, list))
        else error["msg"]
    )


# What a kit file may cost before it is parsed: a kit nests a few levels (kit > meetings > agenda > exercise >
# options), so 40 levels and 160 columns of indentation are far beyond any real kit; a deeply nested file
# makes PyYAML spend minutes (the scanner is quadratic in flow depth) or fail with a RecursionError.
MAX_NESTING = 40
MAX_INDENT = 160
MAX_EVENTS = 200_000
MAX_PARSE_SECONDS = 3.0


def _too_costly(text: str) -> str | None:
    """Why a file would be too costly to parse, found by one cheap pass over the text (no parser involved)."""
    depth = deepest = 0
    quote = ""
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) > MAX_INDENT:
            return f"indented more than {MAX_INDENT} columns; a kit is nested a few levels deep"
        for char in stripped:
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and depth:
                quote = char
            elif char == "#" and not depth:
                break
            elif char in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "]}" and depth:
                depth -= 1
        if deepest > MAX_NESTING:
            return f"nested more than {MAX_NESTING} levels deep; a kit is nested a few levels deep"
    return None


def parse_yaml(file: str, text: str) -> tuple[Any, list[KitProblem]]:
    """safe_load, after refusing aliases: kits never need them and they are how YAML bombs work.

    The cost is bounded before and while parsing (nesting, indentation, number of events, seconds), so a
    hostile upload is refused in well under a second instead of burning minutes of CPU."""
    costly = _too_costly(text)
    if costly:
        return None, [KitProblem(file, "", costly)]
    deadline = time.monotonic() + MAX_PARSE_SECONDS
    try:
        depth = 0
        for count, event in enumerate(yaml.parse(text, Loader=yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return None, [KitProblem(file, "", f"line {mark.line + 1}: YAML aliases (*name) are not allowed in kits")]
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_NESTING:
                line = event.start_mark.line + 1
                return None, [KitProblem(file, "", f"line {line}: nested more than {MAX_NESTING} levels deep")]
            if count > MAX_EVENTS or time.monotonic() > deadline:
                return None, [KitProblem(file, "", "too large or complex to read; split it or simplify it")]
        return yaml.safe_load(text), []
    except RecursionError:
        return None, [KitProblem(file, "", f"nested more than {MAX_NESTING} levels deep")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [KitProblem(file, "", f"{where}not valid YAML ({problem})")]
