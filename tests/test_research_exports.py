"""Research exports a statistician opens in one step: the wide file, SPSS and Stata with labels, a valid
Frictionless data package, and the programme's actions and advisory processes with kit labels beside ids."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest

from brobygger.export.programme_workbook import programme_workbook
from brobygger.export.statistics import wide_dta, wide_sav
from brobygger.export.tidy import tidy_zip
from brobygger.export.wide import MAX_NAME, wide_table
from brobygger.services import actions, agenda, participants, processes, programmes, records, responses, runs
from tests.conftest import read_tx, write_tx

SPOTS = [(0.2, 0.2), (0.8, 0.9), (0.3, 0.7)]  # Produktsælgeren, Betroet rådgiver, Eksperten


@pytest.fixture(autouse=True)
def every_group_shown(monkeypatch):
    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "1")


@pytest.fixture
def programme(engine, bifrost_kit):
    """DM1 with three people placing themselves and one action; NM1 follows the action up; a process log entry."""
    programme_id = write_tx(engine, programmes.create_programme, bifrost_kit, "Forskning")
    by_template = {m["template_id"]: m for m in read_tx(engine, programmes.list_meetings, programme_id)}
    dm1 = by_template["dm1"]
    write_tx(engine, agenda.start_meeting, dm1["id"])
    people = []
    for group in ("advisor", "sme", None):
        _, person = write_tx(engine, participants.join_meeting, dm1["join_code"])
        people.append(write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group=group))
    items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, dm1["id"])}
    run = items["role-placement"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run)
    for person, (x, y) in zip(people, SPOTS, strict=True):
        write_tx(engine, responses.submit_response, person.token, run, {"now": {"x": x, "y": y}})
    run = items["actions"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run)
    write_tx(
        engine, responses.submit_response, people[0].token, run, {"actions": [{"what": "=Ring til HR", "due": "2027-03-01"}]}
    )
    write_tx(engine, agenda.end_meeting, dm1["id"])
    nm1 = by_template["nm1"]
    write_tx(engine, agenda.start_meeting, nm1["id"])
    action = read_tx(engine, actions.actions_to_follow_up, nm1["id"])[0]
    write_tx(engine, actions.follow_up_action, action["id"], "done", "Møde holdt", meeting_id=nm1["id"])
    write_tx(
        engine,
        processes.log_entry,
        None,
        bifrost_kit,
        theme="stress-policy",
        phase="way-in",
        helped="Fælles sprog",
        participant_id=people[1].id,
        programme_id=programme_id,
        new_process=("Rådgiverne", "Firmaet"),
    )
    return read_tx(engine, records.programme_record, programme_id), people


def test_the_wide_file_has_one_row_per_pseudonym_with_the_known_placements(programme):
    record, people = programme
    wide = wide_table(record.meetings, language="da")
    assert [row[0] for row in wide.rows] == [p.pseudonym for p in people]
    names = [v.name for v in wide.variables]
    assert len(set(names)) == len(names) and all(len(n) <= MAX_NAME and n[0].isalpha() for n in names)
    x = names.index("dm1_role_placement_now_x")
    y = names.index("dm1_role_placement_now_y")
    assert [(row[2 + x], row[2 + y]) for row in wide.rows] == SPOTS
    region = next(i for i, v in enumerate(wide.variables) if v.meeting == "dm1" and v.item == "now" and v.facet == "region")
    assert [row[2 + region] for row in wide.rows] == ["product-seller", "trusted-advisor", "expert"]


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_spss_and_stata_files_carry_the_values_and_the_labels(programme, tmp_path, fmt):
    record, _ = programme
    wide = wide_table(record.meetings, language="da")
    path = tmp_path / f"wide.{fmt}"
    path.write_bytes(wide_sav(wide) if fmt == "sav" else wide_dta(wide))
    frame, meta = (pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta)(str(path))
    assert list(frame["pseudonym"]) == ["P01", "P02", "P03"]
    assert [(a, b) for a, b in zip(frame["dm1_role_placement_now_x"], frame["dm1_role_placement_now_y"], strict=True)] == SPOTS
    groups = meta.variable_value_labels["group"]
    assert [groups.get(code) for code in frame["group"][:2]] == ["Rådgiver", "Virksomhed (SMV)"]
    region = next(v.name for v in wide.variables if v.meeting == "dm1" and v.item == "now" and v.facet == "region")
    labels = meta.variable_value_labels[region]
    assert [labels[code] for code in frame[region]] == ["Produktsælgeren", "Betroet rådgiver", "Eksperten"]
    label = meta.column_names_to_labels["dm1_role_placement_now_x"]
    assert label.startswith("DM1 ") and "(x)" in label
    ends = meta.variable_value_labels["dm1_role_placement_now_x"]
    assert set(ends) == {0, 1} and all(ends.values())


def test_the_data_package_validates_and_describes_every_file(programme, tmp_path):
    record, _ = programme
    with zipfile.ZipFile(io.BytesIO(tidy_zip(record.meetings, record))) as archive:
        archive.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in descriptor["resources"]}
    assert described == {p.name for p in tmp_path.glob("*.csv")}
    assert {"wide.csv", "actions.csv", "processes.csv", "process_entries.csv"} <= described
    frictionless = Path(sys.executable).parent / "frictionless"
    done = subprocess.run(
        [str(frictionless), "validate", "datapackage.json"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "INVALID" not in done.stdout


def test_actions_and_processes_reach_the_research_files_with_labels_beside_ids(programme, tmp_path):
    record, people = programme
    archive = zipfile.ZipFile(io.BytesIO(tidy_zip(record.meetings, record)))
    acts = pd.read_csv(archive.open("actions.csv"), keep_default_na=False)
    assert acts.loc[0, ["meeting", "pseudonym", "what", "status", "status_label_da", "follow_up"]].tolist() == [
        "dm1",
        people[0].pseudonym,
        "'=Ring til HR",  # never run as a formula
        "done",
        "gjort",
        "Møde holdt",
    ]
    entries = pd.read_csv(archive.open("process_entries.csv"), keep_default_na=False)
    assert entries.loc[0, ["pseudonym", "theme", "phase", "helped"]].tolist() == [
        people[1].pseudonym,
        "stress-policy",
        "way-in",
        "Fælles sprog",
    ]
    assert entries.loc[0, "theme_label_da"] and entries.loc[0, "theme_label_da"] != "stress-policy"
    assert entries.loc[0, "phase_label_da"] and entries.loc[0, "phase_label_da"] != "way-in"
    processes_csv = pd.read_csv(archive.open("processes.csv"))
    assert processes_csv.loc[0, ["advisor_unit", "company", "entries"]].tolist() == ["Rådgiverne", "Firmaet", 1]


def test_the_processes_sheet_shows_theme_and_phase_by_their_labels(programme):
    record, _ = programme
    sheet = openpyxl.load_workbook(io.BytesIO(programme_workbook(record, ui_lang="en")))["Processes"]
    row = [c.value for c in sheet[2]]
    themes, phases = record.catalogue_titles["themes"], record.catalogue_titles["phases"]
    assert row[3] == themes["stress-policy"]["da"] and row[4] == phases["way-in"]["da"]
