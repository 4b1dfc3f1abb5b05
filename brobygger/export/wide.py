"""The wide file: one row per pseudonym, one column per meeting × exercise × item × facet.

The shape a statistician loads in one call (pol.is calls it participant-votes). Each column has a
short name that SPSS, Stata and R accept, a label in the programme's language, and value labels for
scale ends and coded answers, so the statistics formats carry the wording with the numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from brobygger.exercises import registry
from brobygger.groups import group_label
from brobygger.records import MeetingRecord

#: Stata allows 32 characters in a name; the value-label set written for a variable is named after it with
#: a counter appended (up to four digits), and SPSS allows 64. The names are made to fit all of them.
MAX_NAME = 28


@dataclass
class Variable:
    name: str
    meeting: str
    agenda_item: str
    item: str
    facet: str
    label: str
    numeric: bool
    #: Labels of values: for numbers, the scale's ends; for coded texts (a region), every code.
    value_labels: dict[Any, str] = field(default_factory=dict)


@dataclass
class Wide:
    variables: list[Variable]
    #: One row per pseudonym: pseudonym, group, then one value per variable (None where not answered).
    rows: list[list[Any]]
    #: The programme's groups: id -> label, for the group column's value labels.
    groups: dict[str, str]


def _slug(text: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9_]", "_", text.lower())).strip("_")


def _name(parts: list[str], taken: set[str]) -> str:
    """A unique name under MAX_NAME characters: the parts in full when they fit, else each shortened."""
    slugs = [_slug(p) or "x" for p in parts]
    name = "_".join(slugs)
    width = 12
    while len(name) > MAX_NAME and width >= 3:
        name = "_".join([slugs[0], *(s[:width] for s in slugs[1:])])
        width -= 1
    name = name[:MAX_NAME].rstrip("_")
    if not name[0].isalpha():
        name = ("v" + name)[:MAX_NAME]
    base, n = name, 2
    while name in taken:
        suffix = f"_{n}"
        name, n = base[: MAX_NAME - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def wide_table(records: list[MeetingRecord], *, language: str) -> Wide:
    """Every labelled (item, facet) of every exercise as a column, every attendee as a row."""
    taken = {"pseudonym", "group"}
    variables: list[Variable] = []
    column_of: dict[tuple[int, str, str], int] = {}
    for record in records:
        for exercise in record.exercises:
            unit = registry.get(exercise.type)
            coded = unit.value_labels(exercise.definition)
            title = record.text(exercise.title, language)
            for label in unit.item_labels(exercise.definition):
                numeric = label.scale_min is not None or label.facet in ("x", "y", "rank", "chosen")
                if numeric and label.scale_min is not None:
                    ends = {label.scale_min: label.low.get(language, ""), label.scale_max: label.high.get(language, "")}
                    value_labels = {value: text for value, text in ends.items() if text}
                else:
                    codes = coded.get(label.facet, {})
                    value_labels = {
                        code: texts.get(language) or next(iter(texts.values()), code) for code, texts in codes.items()
                    }
                parts = [record.template_id, exercise.item_id, label.item, label.facet]
                wording = label.label.get(language) or next(iter(label.label.values()), "")
                variables.append(
                    Variable(
                        name=_name(parts, taken),
                        meeting=record.template_id,
                        agenda_item=exercise.item_id,
                        item=label.item,
                        facet=label.facet,
                        label=f"{record.label} {title}: {wording} ({label.facet})",
                        numeric=numeric,
                        value_labels=value_labels,
                    )
                )
                column_of[(exercise.run_id, label.item, label.facet)] = len(variables) - 1
    people: dict[str, list[Any]] = {}
    for record in records:
        for person in record.attendees:
            people.setdefault(person["pseudonym"], [person["pseudonym"], person["group"] or ""] + [None] * len(variables))
        for exercise in record.exercises:
            unit = registry.get(exercise.type)
            for answer in exercise.answers:
                row = people.setdefault(answer.pseudonym, [answer.pseudonym, answer.group or ""] + [None] * len(variables))
                for tidy in unit.tidy_rows(exercise.definition, answer.value):
                    column = column_of.get((exercise.run_id, tidy.item, tidy.facet))
                    if column is not None:
                        row[2 + column] = tidy.number if tidy.number is not None else tidy.text
    groups = records[0].groups if records else []
    labels = {g["id"]: group_label(groups, g["id"], language, language) for g in groups}
    return Wide(variables, [people[p] for p in sorted(people)], labels)
