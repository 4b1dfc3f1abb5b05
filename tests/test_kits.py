"""Kit loading: the shipped kits validate, and broken kits are refused with a message a person can act on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brobygger.kits import KITS_DIR, KitInvalid, available_kits, load_kit, load_kit_files
from tests.conftest import MINI_KIT, ROOT


def test_every_shipped_kit_validates():
    folders = sorted(p for p in KITS_DIR.iterdir() if (p / "kit.yaml").exists())
    assert folders, "no kits shipped"
    for folder in folders:
        kit = load_kit(folder)
        assert kit.meetings
    assert "bifrost" in available_kits()


def test_catalogue_refs_fill_labels_and_notes(mini_kit):
    matrix = mini_kit.meeting("m1").agenda[2].exercise
    assert matrix.statements[0].label.get("en") == "Principle one"
    assert matrix.statements[0].note.get("da") == "Note et"
    placement = mini_kit.meeting("m1").agenda[1].exercise
    assert placement.regions[0].label.get("da") == "Lav"
    assert placement.regions[0].description.get("en") == "Both low."


def test_the_mini_kit_holds_every_exercise_type(mini_kit):
    """docs/kits.md promises that tests/kits/mini/ has every type; the types are the headings there."""
    import re

    documented = set(re.findall(r"^### `(\w+)`$", (ROOT / "docs" / "kits.md").read_text(encoding="utf-8"), re.M))
    used = {item.exercise.type for meeting in mini_kit.meetings for item in meeting.agenda if item.exercise}
    assert "assignment" in documented
    assert used == documented


def _broken(tmp_path: Path, edit) -> Path:
    kit = tmp_path / "kit"
    shutil.copytree(MINI_KIT, kit)
    edit(kit)
    return kit


def _replace(rel: str, old: str, new: str):
    def edit(kit: Path) -> None:
        path = kit / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test set-up: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _write(rel: str, text: str):
    def edit(kit: Path) -> None:
        (kit / rel).parent.mkdir(parents=True, exist_ok=True)
        (kit / rel).write_text(text, encoding="utf-8")

    return edit


def _delete(rel: str):
    return lambda kit: (kit / rel).unlink()


M1 = "meetings/m1.yaml"

BROKEN_KITS = [
    ("no kit.yaml", _delete("kit.yaml"), "kit.yaml: missing: every kit needs a kit.yaml"),
    ("YAML syntax", _write("kit.yaml", "id: [unclosed\n"), "kit.yaml: line 2, column 1: not valid YAML"),
    (
        "unknown exercise type",
        _replace(M1, "type: text, prompt", "type: poll, prompt"),
        "agenda[6].exercise: unknown exercise type 'poll'",
    ),
    (
        "missing translation",
        _replace(M1, "label: {da: Relation, en: Relationship}", "label: {da: Relation}"),
        "meetings/m1.yaml: agenda[1].exercise.axes.x.label.en: missing text in 'en', a language the kit declares",
    ),
    ("duplicate agenda id", _replace(M1, "id: scale\n", "id: choice\n"), "meetings/m1.yaml: agenda[5].id: duplicate id 'choice'"),
    (
        "zero minutes",
        _replace(M1, "minutes: 5, kind: welcome", "minutes: 0, kind: welcome"),
        "agenda[0].minutes: Input should be greater than 0",
    ),
    (
        "minutes not a number",
        _replace(M1, "minutes: 5, kind: welcome", "minutes: ten, kind: welcome"),
        "agenda[0].minutes: Input should be a valid integer",
    ),
    (
        "unknown catalogue ref",
        _replace(M1, "ref: principles/p2", "ref: principles/p9"),
        "agenda[2].exercise.statements[1].ref: 'principles/p9' is not an entry of the kit's catalogues",
    ),
    ("unknown key", _replace(M1, "kind: break", "kind: break\n    colour: red"), "agenda[4].colour: unknown field"),
    (
        "YAML alias",
        _write("catalogues/extra.yaml", "title: &t {da: a, en: b}\nentries:\n  - {id: x, title: *t}\n"),
        "catalogues/extra.yaml: line 3: YAML aliases (*name) are not allowed",
    ),
    (
        "huge file",
        _write("catalogues/big.yaml", "title: {da: a, en: b}\n# " + "x" * 600_000 + "\n"),
        "catalogues/big.yaml: file is larger than 512 KB",
    ),
    (
        "region outside the plane",
        _replace(M1, "x: [0.5, 1], y: [0.5, 1]", "x: [0.5, 1.5], y: [0.5, 1]"),
        "agenda[1].exercise.regions[1]: a region's x and y must be [from, to] with 0 <= from < to <= 1",
    ),
    ("bad id", _replace(M1, "id: welcome", "id: Welcome Item"), "agenda[0].id: got 'Welcome Item': ids use lower-case letters"),
    (
        "meeting without title",
        _replace("meetings/m2.yaml", "title: {da: Netværk, en: Network}\n", ""),
        "meetings/m2.yaml: title: required field is missing",
    ),
    ("no meetings", lambda kit: shutil.rmtree(kit / "meetings"), "meetings/: a kit needs at least one meeting template"),
    (
        "duplicate meeting id",
        _replace("meetings/m2.yaml", "id: m2", "id: m1"),
        "meetings/m2.yaml: id: duplicate meeting id 'm1' (also in meetings/m1.yaml)",
    ),
    (
        "undeclared language",
        _replace(
            "kit.yaml", "title: {da: Minikit til test, en: Mini kit for tests}", "title: {da: Minikit, en: Mini, sv: Minikit}"
        ),
        "kit.yaml: title.sv: text in 'sv', which kit.yaml does not declare",
    ),
    (
        "unsupported kit language",
        _replace("kit.yaml", "languages: [da, en]", "languages: [da, xx]"),
        "kit.yaml: languages[1]: got 'xx', expected one of",
    ),
    (
        "scale upside down",
        _replace(M1, "scale: {min: 1, max: 5, low: {da: dårligt", "scale: {min: 5, max: 1, low: {da: dårligt"),
        "agenda[5].exercise.scale: a scale needs 0 <= min < max <= 10",
    ),
    (
        "max_choices without multiple",
        _replace(M1, "multiple: true", "multiple: false"),
        "agenda[3].exercise: max_choices above 1 needs multiple: true",
    ),
    ("top level is a list", _write("meetings/m2.yaml", "- id: m2\n"), "meetings/m2.yaml: expected a mapping of fields"),
    ("stray file", _write("notes/readme.yaml", "a: 1\n"), "notes/readme.yaml: unexpected file"),
    (
        "exercise without type",
        _replace(M1, "exercise: {type: text, prompt", "exercise: {prompt"),
        "agenda[6].exercise: exercise needs a 'type'",
    ),
    (
        "one group only",
        _replace("kit.yaml", "description:", "groups: [{id: alle, label: {da: Alle, en: All}}]\ndescription:"),
        "kit.yaml: groups: List should have at least 2 items",
    ),
    (
        "group label missing a language",
        _replace("kit.yaml", "description:", "groups: [{id: a, label: {da: A}}, {id: b, label: {da: B, en: B}}]\ndescription:"),
        "kit.yaml: groups[0].label.en: missing text in 'en'",
    ),
    (
        "item without label or ref",
        _replace(M1, "{id: a, label: {da: A, en: A}}", "{id: a}"),
        "agenda[3].exercise.options[0]: needs a 'label' or a 'ref'",
    ),
]


@pytest.mark.parametrize(("case", "edit", "expected"), BROKEN_KITS, ids=[c[0] for c in BROKEN_KITS])
def test_broken_kit_is_refused_with_a_clear_message(tmp_path, case, edit, expected):
    kit = _broken(tmp_path, edit)
    with pytest.raises(KitInvalid) as info:
        load_kit(kit)
    messages = [str(p) for p in info.value.problems]
    assert any(expected in m for m in messages), f"{case}: {expected!r} not in {messages}"


def test_validate_command_lists_problems_and_fails(tmp_path):
    kit = _broken(tmp_path, _replace(M1, "minutes: 5, kind: welcome", "minutes: -5, kind: welcome"))
    result = subprocess.run(
        [sys.executable, "-m", "brobygger", "kits", "validate", str(MINI_KIT), str(kit)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "ok   " in result.stdout and str(MINI_KIT) in result.stdout
    assert "meetings/m1.yaml: agenda[0].minutes: Input should be greater than 0" in result.stdout


def test_validate_command_passes_on_bifrost():
    result = subprocess.run(
        [sys.executable, "-m", "brobygger", "kits", "validate", "workshop_kits/bifrost"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout
    assert "kit 'bifrost' (da, en), 6 meetings" in result.stdout


def test_kit_from_files_without_a_folder():
    files = {
        "kit.yaml": "id: tiny\nlanguages: [en]\ntitle: {en: Tiny}\ndescription: {en: Tiny kit}\n",
        "meetings/one.yaml": "id: one\nkind: other\ntitle: {en: One}\ntheme: {en: T}\nminutes: 5\n"
        "agenda:\n  - {id: a, title: {en: A}, minutes: 5, kind: talk}\n",
    }
    kit = load_kit_files(files)
    assert kit.id == "tiny" and kit.meeting("one").planned_minutes == 5


@pytest.mark.parametrize("kit_id", ["bifrost", "bronderslev", "umea", "vinje"])
def test_every_shipped_kit_plays_through_and_exports(engine, kit_id):
    """Every meeting of every kit can be created, run with answers to all its exercises, and exported."""
    import io
    import random
    import zipfile

    import openpyxl

    from brobygger.export.meeting_workbook import meeting_workbook
    from brobygger.export.programme_workbook import programme_workbook
    from brobygger.export.tidy import tidy_zip
    from brobygger.services import agenda, participants, programmes, records, responses, runs
    from brobygger.simulate import sample_answer
    from tests.conftest import read_tx, write_tx

    kit = load_kit(KITS_DIR / kit_id)
    rng = random.Random(11)
    programme = write_tx(engine, programmes.create_programme, kit, f"Test {kit_id}")
    people = None
    for meeting in read_tx(engine, programmes.list_meetings, programme):
        write_tx(engine, agenda.start_meeting, meeting["id"])
        if people is None:
            people = [write_tx(engine, participants.join_meeting, meeting["join_code"])[1] for _ in range(3)]
        for person in people:
            write_tx(engine, participants.join_meeting, meeting["join_code"], token=person.token)
        for item in read_tx(engine, agenda.agenda, meeting["id"]):
            write_tx(engine, agenda.go_to_item, meeting["id"], item["id"])
            if item["run"]:
                definition = read_tx(engine, runs.exercise_of_run, item["run"]["id"])
                write_tx(engine, runs.open_exercise, item["run"]["id"])
                for person in people:
                    write_tx(
                        engine,
                        responses.submit_response,
                        person.token,
                        item["run"]["id"],
                        sample_answer(definition, rng, lang=kit.languages[0]),
                    )
                write_tx(engine, runs.close_exercise, item["run"]["id"])
                assert read_tx(engine, runs.results, item["run"]["id"])["answered"] == 3
        write_tx(engine, agenda.end_meeting, meeting["id"])
        sheets = openpyxl.load_workbook(
            io.BytesIO(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"])))
        ).sheetnames
        assert len(sheets) == 4 + sum(1 for a in kit.meeting(meeting["template_id"]).agenda if a.exercise)
    record = read_tx(engine, records.programme_record, programme)
    assert "Ændring matrix" in openpyxl.load_workbook(io.BytesIO(programme_workbook(record))).sheetnames
    assert "responses.csv" in zipfile.ZipFile(io.BytesIO(tidy_zip(record.meetings))).namelist()


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 700) | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.lists(st.integers(0, 12), min_size=1, max_size=5), value=_json_values)
def test_any_change_to_a_kit_is_loaded_or_refused_with_problems(path, value):
    """Replace any part of a valid meeting file with anything: the loader returns a kit or lists problems, never crashes."""
    import yaml as yaml_module

    from brobygger.kits import read_kit_folder

    files = read_kit_folder(MINI_KIT)
    meeting = yaml_module.safe_load(files["meetings/m1.yaml"])
    node = meeting
    for step in path[:-1]:
        keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        if not keys:
            break
        child = node[keys[step % len(keys)]]
        if not isinstance(child, (dict, list)):
            break
        node = child
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if keys:
        node[keys[path[-1] % len(keys)]] = value
    files["meetings/m1.yaml"] = yaml_module.safe_dump(meeting, allow_unicode=True)
    try:
        load_kit_files(files)
    except KitInvalid as exc:
        assert exc.problems and all(p.file and p.message for p in exc.problems)


def test_bifrost_dm1_is_a_half_day_with_the_pair_agreement_and_a_ranked_first_choice():
    kit = load_kit(KITS_DIR / "bifrost")
    dm1 = kit.meeting("dm1")
    ids = [item.id for item in dm1.agenda]
    assert len(ids) <= 11 and dm1.planned_minutes <= 210
    assert ids.index("programme-intro") < ids.index("expectations")
    ranking = next(item for item in dm1.agenda if item.id == "theme-ranking")
    assert ranking.exercise.type == "ranking" and len(ranking.exercise.items) == 6
    agreement = next(item for item in dm1.agenda if item.id == "actions")
    assert agreement.title.get("en") == "Your process: agreement and first steps"
    assert "Vejen ind" in agreement.notes.get("da") and "første besøg" in agreement.notes.get("da")
    assert [g.id for g in kit.manifest.groups] == ["advisor", "sme", "owner-manager", "hr", "safety-rep", "other"]


def test_bronderslev_cites_the_model_and_assumes_no_split_of_the_workplaces():
    kit = load_kit(KITS_DIR / "bronderslev")
    assert "Indsatsmodel til nedbringelse af sygefravær i den offentlige sektor" in kit.manifest.description.get("da")
    assert [g.id for g in kit.manifest.groups][:6] == [f"workplace-{n}" for n in range(1, 7)]
    offer = next(item for item in kit.meeting("ws3").agenda if item.id == "offer-fit").exercise
    assert all(option.label.get("da").startswith("Eksempel: ") for option in offer.options)


def test_vinje_names_who_calls_the_dialogue_meetings_and_builds_a_coordinator_profile():
    kit = load_kit(KITS_DIR / "vinje")
    actors = {entry.id: entry for entry in kit.catalogues["actors"].entries}
    assert "arbeidsgjevaren som kallar inn til dialogmøte 1" in " ".join(actors["employer"].text.get("nn").split())
    assert "dialogmøte 2" in actors["nav"].text.get("nn")
    assert "seint" not in actors["occupational-health"].text.get("nn")
    assert "user-representative" in actors
    ln2 = {item.id: item for item in kit.meeting("ln2").agenda}
    assert ln2["coordinator-profile"].exercise.type == "matrix"
    assert ln2["drivers-seat"].title.get("nn") == "Brukarstemma: sit den sjukemelde i førarsetet?"
