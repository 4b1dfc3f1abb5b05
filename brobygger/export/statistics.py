"""The wide file as SPSS (.sav) and Stata (.dta), with variable labels and value labels, written by pyreadstat.

Coded texts (the participant's group, a placement's region) become whole-number codes whose value
labels carry the words, as SPSS and Stata users expect; numbers keep the scale ends as value labels.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat

from brobygger.cells import FORMULA_START, clean
from brobygger.export.wide import Wide, wide_table
from brobygger.records import ProgrammeRecord

#: Stata caps variable labels at 80 characters (SPSS at 256) and value labels at 32,000.
STATA_LABEL = 80


def _codes(values: list[Any]) -> dict[str, int]:
    """Whole-number codes for text categories, from 1, in the order first seen."""
    return {v: n for n, v in enumerate(dict.fromkeys(values), start=1)}


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = clean(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def _frame(wide: Wide, label_width: int) -> tuple[pd.DataFrame, list[str], dict[str, dict[Any, str]]]:
    """The data frame, its variable labels, and value labels per variable, ready for pyreadstat."""
    group_codes = _codes(list(wide.groups))
    wide_numeric = {v.name: v.numeric or bool(v.value_labels) for v in wide.variables}
    data: dict[str, list[Any]] = {
        "pseudonym": [row[0] for row in wide.rows],
        "group": [group_codes.get(row[1]) for row in wide.rows],
    }
    labels = ["Pseudonym", "Group"]
    value_labels: dict[str, dict[Any, str]] = {"group": {code: wide.groups[g] for g, code in group_codes.items()}}
    for index, variable in enumerate(wide.variables):
        column = [row[2 + index] for row in wide.rows]
        if variable.numeric:
            data[variable.name] = [float(v) if isinstance(v, (int, float)) else None for v in column]
            if variable.value_labels:
                value_labels[variable.name] = {float(k): v for k, v in variable.value_labels.items()}
        elif variable.value_labels:  # a coded text: codes with the words as value labels
            codes = _codes(list(variable.value_labels))
            data[variable.name] = [float(codes[v]) if v in codes else None for v in column]
            value_labels[variable.name] = {float(code): variable.value_labels[v] for v, code in codes.items()}
        else:
            data[variable.name] = [_text(v) for v in column]
        labels.append(variable.label[:label_width])
    frame = pd.DataFrame(data)
    for name, values in data.items():  # a column nobody answered is still a number column, not an empty object one
        if name != "pseudonym" and (name == "group" or wide_numeric.get(name, False)):
            frame[name] = pd.Series(values, dtype="float64")
    return frame, labels, value_labels


def _write(writer: Any, frame: pd.DataFrame, suffix: str, **options: Any) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"wide{suffix}"
        writer(frame, str(path), **options)
        return path.read_bytes()


def wide_sav(wide: Wide, file_label: str = "") -> bytes:
    """SPSS: variable labels and value labels on every column; the file label says who is in it."""
    frame, labels, value_labels = _frame(wide, 256)
    return _write(
        pyreadstat.write_sav, frame, ".sav", file_label=file_label, column_labels=labels, variable_value_labels=value_labels
    )


def wide_dta(wide: Wide, file_label: str = "") -> bytes:
    """Stata: the same, with labels cut to Stata's 80 characters."""
    frame, labels, value_labels = _frame(wide, STATA_LABEL)
    return _write(
        pyreadstat.write_dta,
        frame,
        ".dta",
        file_label=file_label[:STATA_LABEL],
        column_labels=labels,
        variable_value_labels=value_labels,
    )


def consent_label(consented: int, left_out: int) -> str:
    """The file label of a research file: who is in it and how many were left out (fits Stata's 80 characters)."""
    return f"Consenting participants only: {consented} included, {left_out} left out"


def research_statistics(programme: ProgrammeRecord) -> tuple[bytes, bytes]:
    """The programme's wide file as .sav and .dta; a research record's files say who was left out."""
    wide = wide_table(programme.meetings, language=programme.language)
    summary = programme.consent
    label = consent_label(summary.consented, summary.left_out) if summary else ""
    return wide_sav(wide, label), wide_dta(wide, label)
