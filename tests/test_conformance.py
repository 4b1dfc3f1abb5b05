"""Every registered exercise type, played through every output: phone, projector, both workbooks,
the research files and the demo's sample answers. Includes a type from outside the package (a word
cloud in tests/plugins), found through its entry point exactly as a third-party package would be."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from starlette.applications import Starlette
from starlette.testclient import TestClient

from brobygger import charts
from brobygger.exercises import registry
from brobygger.exercises.unit import REQUIRED_METHODS, Caption, ExerciseType, TextCards
from brobygger.export.meeting_workbook import meeting_workbook
from brobygger.export.programme_workbook import programme_workbook
from brobygger.export.tidy import tidy_zip
from brobygger.groups import ResponseRow
from brobygger.kits import load_kit_files
from brobygger.phone import routes
from brobygger.phone.state import phone_state
from brobygger.services import agenda, participants, programmes, records, responses, runs
from brobygger.simulate import sample_answer
from tests.conftest import ROOT, read_tx, write_tx

PLUGINS = ROOT / "tests" / "plugins"


def _install_plugin() -> None:
    """Put the example package on the path and let the registry find it by its entry point."""
    if str(PLUGINS) not in sys.path:
        sys.path.insert(0, str(PLUGINS))
    if "wordcloud" not in registry.names():
        assert "wordcloud" in registry.discover()


_install_plugin()  # at collection, so the parametrisation below sees the plugin type
TYPES = registry.names()


@pytest.fixture(scope="module", autouse=True)
def plugin_type():
    """The word cloud is registered for this module only; other tests see the eight built-in types."""
    _install_plugin()
    yield
    registry.unregister("wordcloud")
    sys.path.remove(str(PLUGINS))


@pytest.fixture(autouse=True)
def every_group_shown(monkeypatch):
    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "1")


def _kit() -> object:
    """A kit with two meetings, each asking one example exercise of every registered type."""
    agenda_items = [
        {"id": f"ex-{unit.name}", "title": {"da": f"Øvelse {unit.name}", "en": f"Exercise {unit.name}"}, "minutes": 5}
        | {"kind": "exercise", "exercise": unit.example}
        for unit in registry.all_types()
    ]
    files = {"kit.yaml": yaml.safe_dump({"id": "conformance", "languages": ["da", "en"], "title": {"da": "Test", "en": "Test"}})}
    files["kit.yaml"] += yaml.safe_dump({"description": {"da": "Alle typer", "en": "Every type"}})
    for n in (1, 2):
        meeting = {"id": f"c{n}", "kind": "development", "order": n, "minutes": 120}
        meeting |= {"title": {"da": f"Møde {n}", "en": f"Meeting {n}"}, "theme": {"da": "Tema", "en": "Theme"}}
        files[f"meetings/c{n}.yaml"] = yaml.safe_dump(meeting | {"agenda": agenda_items})
    return load_kit_files(files, source="conformance")


def _numbers_and_texts(value: object) -> tuple[list[float], list[str]]:
    """Every number and every string anywhere inside a JSON-like value."""
    numbers: list[float] = []
    texts: list[str] = []

    def walk(v: object) -> None:
        if isinstance(v, bool):
            return
        if isinstance(v, (int, float)):
            numbers.append(float(v))
        elif isinstance(v, str):
            texts.append(v)
        elif isinstance(v, dict):
            for item in v.values():
                walk(item)
        elif isinstance(v, (list, tuple)):
            for item in v:
                walk(item)

    walk(value)
    return numbers, texts


def _appears(row, numbers: list[float], texts: list[str], labels: dict[str, dict[str, str]]) -> bool:
    """A tidy row's value is among the numbers, or its text (or a coded text's label) is in one of the texts."""
    if row.number is not None:
        n = float(row.number)
        return any(abs(n - x) < 1e-9 for x in numbers) or any(f"{n:g}" in t or f"{n:.1f}" in t for t in texts)
    wanted = [row.text, *labels.get(row.facet, {}).get(row.text, {}).values()]
    return any(w and any(w in t for t in texts) for w in wanted)


def _sheet_values(ws, pseudonym: str) -> tuple[list[float], list[str]]:
    """The numbers and texts in the rows of a sheet that belong to one person."""
    numbers: list[float] = []
    texts: list[str] = []
    for cells in ws.iter_rows(values_only=True):
        if pseudonym not in cells:
            continue
        for v in cells:
            if isinstance(v, bool) or v is None:
                continue
            if isinstance(v, (int, float)):
                numbers.append(float(v))
            elif isinstance(v, dt.date):  # dates and datetimes
                texts.append(v.isoformat())
            else:
                texts.append(str(v))
    return numbers, texts


@pytest.fixture
def played(engine):
    """Both meetings played: three people answer every exercise with the demo's sample answers."""
    kit = _kit()
    programme_id = write_tx(engine, programmes.create_programme, kit, "Konformitet")
    meetings = read_tx(engine, programmes.list_meetings, programme_id)
    rng = random.Random(7)
    people = []
    for meeting in meetings:
        write_tx(engine, agenda.start_meeting, meeting["id"])
        if not people:
            for group in ("advisor", "sme", None):
                _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
                write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group=group)
                people.append(person)
        answers = {}
        for item in read_tx(engine, agenda.agenda, meeting["id"]):
            run_id = item["run"]["id"]
            definition = read_tx(engine, runs.exercise_of_run, run_id)
            write_tx(engine, runs.open_exercise, run_id)
            for person in people:
                value = sample_answer(definition, rng, lang="da", group="advisor")  # what the demo and benches send
                stored = write_tx(engine, responses.submit_response, person.token, run_id, value)
                answers[(definition.type, person.pseudonym)] = (run_id, definition, stored["value"])
            write_tx(engine, runs.close_exercise, run_id)
        meeting["answers"] = answers
    write_tx(engine, agenda.end_meeting, meetings[-1]["id"])
    return engine, programme_id, meetings, people


@pytest.mark.parametrize("kind", TYPES)
def test_each_answer_reaches_every_output(played, kind):
    engine, programme_id, meetings, people = played
    unit = registry.get(kind)
    first = meetings[0]
    programme = read_tx(engine, records.programme_record, programme_id)

    # the phone: a participant sees their own stored answer when the exercise is on screen
    item = next(i for i in read_tx(engine, agenda.agenda, first["id"]) if i["exercise"]["type"] == kind)
    write_tx(engine, agenda.go_to_item, first["id"], item["id"])
    state = read_tx(engine, phone_state, first["id"], people[0].token, "da")
    assert state["exercise"]["run_id"] == item["run"]["id"], kind
    assert state["exercise"]["answer"] == first["answers"][(kind, people[0].pseudonym)][2]

    for person in people:
        run_id, definition, value = first["answers"][(kind, person.pseudonym)]
        rows = unit.tidy_rows(definition, value)
        # every value in the stored answer is in its tidy rows (a number, a text, or the item it names)
        numbers, texts = _numbers_and_texts(value)
        tidy_numbers = [float(r.number) for r in rows if r.number is not None]
        tidy_texts = [r.text for r in rows] + [r.item for r in rows]
        for n in numbers:
            assert any(abs(n - x) < 1e-9 for x in tidy_numbers), f"{kind}: {n} of {value} is not in its tidy rows"
        for text in texts:
            assert not text or text in tidy_texts, f"{kind}: {text!r} of {value} is not in its tidy rows"
        labels = unit.value_labels(definition)

        # the projector, drawn for this one answer alone (a caption, if any, is a Caption)
        summary = registry.aggregate(definition, [ResponseRow(person.pseudonym, None, value)])
        caption = unit.caption(definition, summary, "da")
        assert caption is None or isinstance(caption, Caption), f"{kind}: caption() must return a Caption or None"
        figure = charts.figure_for(definition, summary, "da")
        if isinstance(figure, TextCards):
            numbers, texts = _numbers_and_texts(figure.entries)
        else:  # numbers from the traces only (not the layout's sizes), texts also from annotations
            drawn = json.loads(figure.to_json())
            numbers, texts = _numbers_and_texts(drawn["data"])
            texts += _numbers_and_texts([drawn["data"], drawn["layout"].get("annotations", [])])[1]
        for row in rows:
            if row.facet in unit.not_on_projector or (row.number is None and not row.text):
                continue
            assert _appears(row, numbers, texts, labels), f"{kind}: {row} is not on the projector"

        # the meeting workbook: the person's rows on the exercise's sheet hold every value
        meeting_book = openpyxl.load_workbook(io.BytesIO(meeting_workbook(programme.meetings[0], ui_lang="en")))
        sheet = next(ws for ws in meeting_book.worksheets if ws.title.endswith(f"Øvelse {kind}"))
        numbers, texts = _sheet_values(sheet, person.pseudonym)
        for row in rows:
            if row.number is None and not row.text:
                continue
            assert _appears(row, numbers, texts, _labels_in(labels, "da")), f"{kind}: {row} is not on sheet {sheet.title}"
        assert unit.shows_as_text or sheet._charts, f"{kind}: the sheet has no chart"

    # the programme workbook: one sheet per meeting for the type, with the same values
    book = openpyxl.load_workbook(io.BytesIO(programme_workbook(programme, ui_lang="en")))
    for meeting in meetings:
        prefix = f"{meeting['template_id'].upper()} "
        sheet = next(ws for ws in book.worksheets if ws.title.startswith(prefix) and ws.title.endswith(f"Øvelse {kind}"))
        run_id, definition, value = meeting["answers"][(kind, people[1].pseudonym)]
        numbers, texts = _sheet_values(sheet, people[1].pseudonym)
        for row in unit.tidy_rows(definition, value):
            if row.number is not None or row.text:
                assert _appears(row, numbers, texts, _labels_in(unit.value_labels(definition), "da")), f"{kind}: {row}"

    # the research files: every tidy row in responses.csv, every (item, facet) in items.csv, every facet explained
    archive = zipfile.ZipFile(io.BytesIO(tidy_zip(programme.meetings)))
    data = pd.read_csv(archive.open("responses.csv"), keep_default_na=False)
    items = pd.read_csv(archive.open("items.csv"), keep_default_na=False)
    facets = pd.read_csv(archive.open("facets.csv"), keep_default_na=False)
    for person in people:
        run_id, definition, value = first["answers"][(kind, person.pseudonym)]
        mine = data[(data["run_id"] == run_id) & (data["pseudonym"] == person.pseudonym)]
        got = {
            (r["item"], r["facet"], "" if r["value"] == "" else float(r["value"]), r["value_text"]) for _, r in mine.iterrows()
        }
        want = {(r.item, r.facet, "" if r.number is None else float(r.number), r.text) for r in unit.tidy_rows(definition, value)}
        assert got == want, kind
    typed = items[items["exercise_type"] == kind]
    assert {
        (i, f)
        for i, f in zip(data[data["exercise_type"] == kind]["item"], data[data["exercise_type"] == kind]["facet"], strict=True)
    } <= {(i, f) for i, f in zip(typed["item"], typed["facet"], strict=True)}, (
        f"{kind}: an answered item has no label in items.csv"
    )
    assert all(typed["label_da"] != ""), f"{kind}: items.csv has an item without its Danish wording"
    explained = set(facets[facets["exercise_type"] == kind]["facet"])
    assert set(data[data["exercise_type"] == kind]["facet"]) <= explained, f"{kind}: facets.csv does not explain every facet"


def _labels_in(labels: dict[str, dict[str, dict[str, str]]], lang: str) -> dict[str, dict[str, dict[str, str]]]:
    return {facet: {code: {lang: text[lang]} for code, text in codes.items() if lang in text} for facet, codes in labels.items()}


def test_the_phone_script_carries_every_registered_widget():
    client = TestClient(Starlette(routes=routes.phone_routes()))
    script = client.get("/j/assets/phone.js").text
    for name in registry.names():
        assert script.count(f'registerWidget("{name}"') == 1, name


def test_the_plugin_type_is_the_entry_points_and_lives_only_in_its_package():
    unit = registry.get("wordcloud")
    assert type(unit).__module__ == "brobygger_wordcloud"
    assert Path(sys.modules["brobygger_wordcloud"].__file__).parent == PLUGINS / "brobygger_wordcloud"
    assert unit.widget.parent == PLUGINS / "brobygger_wordcloud"


PARTS = ("Definition", "Response", "widget", "messages", "example", *REQUIRED_METHODS)


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("kind", TYPES)
def test_a_type_missing_any_part_is_refused_by_name(kind, part):
    """Take one part away from a working type: registering it fails with a message naming that part."""
    original = type(registry.get(kind))
    removed = getattr(ExerciseType, part) if part in REQUIRED_METHODS else None
    broken = type(f"Broken{original.__name__}", (original,), {part: removed})
    with pytest.raises(registry.RegistrationError, match=rf"'{kind}': {part}\b"):
        registry.register(broken())
    assert type(registry.get(kind)) is original


def test_a_type_whose_name_is_taken_is_refused():
    class Other(type(registry.get("scale"))):
        pass

    with pytest.raises(registry.RegistrationError, match="taken"):
        registry.register(Other())


def test_a_kit_can_use_a_registered_plugin_type():
    kit = _kit()
    types = {item.exercise.type for item in kit.meeting("c1").agenda}
    assert types == set(registry.names())


def test_a_shared_message_key_outlives_the_type_that_shared_it():
    from brobygger import i18n

    texts = dict(i18n.MESSAGES["phone.remove"])  # owned by the actions type
    i18n.add_messages({"phone.remove": texts}, owner="another type")
    i18n.remove_messages({"phone.remove": texts}, owner="another type")
    assert i18n.MESSAGES["phone.remove"] == texts
    with pytest.raises(ValueError, match=r"phone\.save"):  # a catalogue text cannot be taken over
        i18n.add_messages({"phone.save": {"da": "Send", "en": "Send"}}, owner="another type")
    assert i18n.t("phone.save", "en") == "Save answer"


def test_an_answer_a_type_shapes_wrongly_is_refused_not_a_server_error(monkeypatch):
    from brobygger.errors import InvalidResponse

    unit = registry.get("scale")
    definition = unit.Definition.model_validate(unit.example)
    monkeypatch.setattr(type(unit), "validate", lambda self, defn, raw: {"value": "not a number"})
    with pytest.raises(InvalidResponse) as refused:
        registry.validate_response(definition, {"value": 3})
    assert refused.value.code == "error.response_shape"
