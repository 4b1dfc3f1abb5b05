"""Outputs: the cells of the workbooks and the rows of the tidy data equal what was answered."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile

import openpyxl
import pandas as pd
import pytest

from brobygger.__main__ import main
from brobygger.cells import put
from brobygger.export.meeting_workbook import meeting_workbook
from brobygger.export.programme_workbook import programme_workbook
from brobygger.export.tidy import RESPONSE_COLUMNS, tidy_zip
from brobygger.services import agenda, participants, programmes, records, responses, runs
from tests.conftest import read_tx, write_tx


@pytest.fixture(autouse=True)
def every_group_shown(monkeypatch):
    """These fixtures have groups of one or two people: show them anyway (pooling is tested below)."""
    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "1")


HOSTILE = ['=HYPERLINK("http://evil.example","klik")', "+1", "-2", "@SUM(A1:A9)"]


@pytest.fixture
def played(engine, mini_kit):
    """The mini kit's first meeting with four people; answers chosen so every summary is known."""
    programme_id = write_tx(engine, programmes.create_programme, mini_kit, "Eksport")
    meeting = read_tx(engine, programmes.list_meetings, programme_id)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}
    people = []
    for n, group in enumerate(["advisor", "sme", "sme", None]):
        _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
        people.append(
            write_tx(engine, participants.update_profile, person.token, name=f"Navn {n}", organisation=f"Org {n}", group=group)
        )
    write_tx(engine, agenda.edit_agenda_item, items["welcome"]["id"], minutes=5)
    registered = write_tx(
        engine, participants.add_participant, programme_id, name="Registreret Person", group="advisor", registered=True
    )
    write_tx(engine, participants.join_meeting, meeting["join_code"], token=registered.token)

    def answer(item: str, values: list) -> None:
        run = items[item]["run"]["id"]
        write_tx(engine, runs.open_exercise, run)
        for person, value in zip(people, values, strict=False):
            if value is not None:
                write_tx(engine, responses.submit_response, person.token, run, value)
        write_tx(engine, runs.close_exercise, run)

    answer(
        "place",
        [
            {"now": {"x": 0.1, "y": 0.2}, "wanted": {"x": 0.9, "y": 0.9}},
            {"now": {"x": 0.7, "y": 0.8}},
            {"now": {"x": 0.6, "y": 0.6}},
            {"now": {"x": 0.2, "y": 0.1}},
        ],
    )
    answer(
        "matrix",
        [{"ratings": {"p1": {"today": t, "importance": i}, "p2": {"today": 3}}} for t, i in ((1, 5), (2, 4), (4, 4), (5, 3))],
    )
    answer("choice", [{"choices": ["a", "b"]}, {"choices": ["a"]}, {"choices": ["c"]}, {"choices": ["a"]}])
    answer("scale", [{"value": 2}, {"value": 4}, {"value": 4}, None])
    answer("text", [{"text": text} for text in HOSTILE])
    answer("actions", [{"actions": [{"what": "Ring til HR", "who": "Anna", "due": "2027-02-01"}]}, None, None, None])
    write_tx(engine, agenda.end_meeting, meeting["id"])
    return engine, programme_id, meeting


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws, top: int = 3) -> list[dict]:
    header = [c.value for c in ws[top]]
    out = []
    for row in ws.iter_rows(min_row=top + 1, values_only=True):
        if row[0] is None:
            break
        out.append(dict(zip(header, row, strict=False)))
    return out


def test_meeting_workbook_has_every_sheet_and_no_names_unless_asked(played):
    engine, _, meeting = played
    book = _book(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"])))
    assert book.sheetnames == [
        "Oversigt",
        "Dagsorden",
        "Deltagere",
        "E02 Placering",
        "E03 Matrix",
        "E04 Valg",
        "E06 Skala",
        "E07 Tekst",
        "E08 Rangorden",
        "E09 Handlinger",
        "E10 Evaluering",
        "Tekster",
    ]
    assert all("Navn" not in str(cell.value) for ws in book for row in ws.iter_rows() for cell in row)
    named = _book(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"]), include_names=True, ui_lang="en"))
    assert "Key" in named.sheetnames
    assert [r for r in named["Key"].iter_rows(values_only=True)] == [("Pseudonym", "Name"), ("P05", "Registreret Person")]


def test_overview_counts_groups_and_response_rates(played):
    engine, _, meeting = played
    ws = _book(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"]), ui_lang="en"))["Overview"]
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    assert values["Programme"] == "Eksport" and values["Kit"] == "mini"
    assert values["Advisor"] == 2 and values["Company (SME)"] == 2 and values["Not given"] == 1 and values["Total"] == 5
    rates = [row for row in ws.iter_rows(values_only=True) if row[2] in ("Scale", "Placement", "Ranking")]
    assert [(r[2], r[3], r[4], r[5]) for r in rates] == [("Placement", 4, 5, 0.8), ("Scale", 3, 5, 0.6), ("Ranking", 0, 5, 0.0)]


def test_agenda_times_are_dates_and_planned_minutes_numbers(played):
    engine, _, meeting = played
    rows = _rows(_book(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"]), ui_lang="en"))["Agenda"], top=1)
    assert rows[0]["Item"] == "Velkommen" and rows[0]["Planned (min)"] == 5
    assert isinstance(rows[0]["Actual start (UTC)"], dt.datetime) and isinstance(rows[0]["Actual end (UTC)"], dt.datetime)
    assert isinstance(rows[1]["Planned start (UTC)"], dt.datetime)
    assert rows[1]["Planned start (UTC)"] - rows[0]["Planned start (UTC)"] == dt.timedelta(minutes=5)


def test_placement_sheet_has_positions_region_counts_and_a_scatter_chart(played):
    engine, _, meeting = played
    ws = _book(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"]), ui_lang="en"))["E02 Placering"]
    rows = _rows(ws)
    assert [(r["Pseudonym"], r["x (now)"], r["y (now)"], r["Area (now)"]) for r in rows] == [
        ("P01", 0.1, 0.2, "Lav"),
        ("P02", 0.7, 0.8, "Høj"),
        ("P03", 0.6, 0.6, "Høj"),
        ("P04", 0.2, 0.1, "Lav"),
    ]  # the kit's own text stays in the kit's language; headings follow the UI language
    assert rows[0]["Area (wanted)"] == "Høj" and isinstance(rows[0]["Last changed (UTC)"], dt.datetime)
    counts = {r[0]: r[1:5] for r in ws.iter_rows(min_row=4, max_row=5, min_col=len(ws[3]) and 11, max_col=15, values_only=True)}
    assert counts == {"Lav": (1, 0, 0, 1), "Høj": (0, 2, 0, 0)}  # advisor, sme, other, not given
    assert len(ws._charts) == 1 and type(ws._charts[0]).__name__ == "ScatterChart"
    assert len(ws._charts[0].series) == 2 + 3  # two region outlines, three groups


def test_matrix_sheet_rows_per_person_and_statement_with_means(played):
    engine, _, meeting = played
    ws = _book(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"]), ui_lang="en"))["E03 Matrix"]
    rows = _rows(ws)
    assert len(rows) == 8  # four people x two statements
    assert [(r["Pseudonym"], r["No."], r["I dag"], r["Vigtighed"]) for r in rows[:2]] == [("P01", 1, 1, 5), ("P01", 2, 3, None)]
    summary = {row[0]: row for row in ws.iter_rows(min_row=4, max_row=5, min_col=9, values_only=True)}
    assert summary[1][2:6] == (3.0, 4.0, 4, 1.0)  # mean today, mean importance, n, gap
    assert summary[2][2:4] == (3.0, None)
    assert len(ws._charts) == 1 and type(ws._charts[0]).__name__ == "BarChart"


def test_choice_and_scale_sheets_count_by_group(played):
    engine, _, meeting = played
    book = _book(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"]), ui_lang="en"))
    choice = book["E04 Valg"]
    assert [r["A"] for r in _rows(choice)] == [1, 1, 0, 1]
    counts = {row[0]: row[1:5] for row in choice.iter_rows(min_row=4, max_row=6, min_col=8, values_only=True)}
    assert counts == {"A": (1, 1, 0, 1), "B": (1, 0, 0, 0), "C": (0, 1, 0, 0)}  # advisor, sme, other, not given
    scale = book["E06 Skala"]
    distribution = {row[0]: row[1:4] for row in scale.iter_rows(min_row=4, max_row=8, min_col=6, values_only=True)}
    assert distribution["2"] == (1, 0, 0) and distribution["4"] == (0, 2, 0)
    assert len(choice._charts) == 1 and len(scale._charts) == 1


def test_user_text_never_becomes_a_formula(played):
    engine, _, meeting = played
    data = meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"]), ui_lang="en")
    ws = _book(data)["E07 Tekst"]
    cells = [ws.cell(row=r, column=3) for r in range(4, 8)]
    assert sorted(c.value for c in cells) == sorted(HOSTILE)
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    frame = pd.read_excel(io.BytesIO(data), sheet_name="E07 Tekst", header=2)
    assert sorted(frame["Text"]) == sorted(HOSTILE)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any("<f>" in archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/"))


def test_control_characters_are_removed_and_long_text_wraps():
    book = openpyxl.Workbook()
    put(book.active, 1, 1, "a\x07b\x1bc\u202e")
    put(book.active, 2, 1, "x" * 300)
    assert book.active["A1"].value == "abc"
    assert book.active["A2"].value == "x" * 300 and book.active["A2"].alignment.wrap_text


def test_programme_workbook_shows_change_from_first_to_last_meeting(engine, bifrost_kit):
    programme_id = write_tx(engine, programmes.create_programme, bifrost_kit, "Forandring")
    rows = {m["template_id"]: m for m in read_tx(engine, programmes.list_meetings, programme_id)}
    people = []
    positions = {"dm1": [(0.2, 0.2), (0.3, 0.7)], "dm3": [(0.8, 0.9), (0.3, 0.7)]}
    ratings = {"dm1": [2, 4], "dm3": [4, 5]}
    evaluation = {"dm1": 3, "nm1": 4, "dm3": 5}
    for template in ("dm1", "nm1", "dm3"):
        meeting = rows[template]
        write_tx(engine, agenda.start_meeting, meeting["id"])
        if not people:
            for group in ("advisor", "sme"):
                _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
                people.append(
                    write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group=group)
                )
        for person in people:
            write_tx(engine, participants.join_meeting, meeting["join_code"], token=person.token)
        items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}
        for item_id, make in (
            ("role-placement", lambda n, t=template: {"now": dict(zip("xy", positions[t][n], strict=True))}),
            ("principle-matrix", lambda n, t=template: {"ratings": {"p1": {"today": ratings[t][n], "importance": 5}}}),
            ("evaluation", lambda n, t=template: {"ratings": {"satisfied": evaluation[t]}}),
        ):
            if item_id in items:
                run = items[item_id]["run"]["id"]
                write_tx(engine, runs.open_exercise, run)
                for n, person in enumerate(people):
                    write_tx(engine, responses.submit_response, person.token, run, make(n))
                write_tx(engine, runs.close_exercise, run)
        write_tx(engine, agenda.end_meeting, meeting["id"])

    book = _book(programme_workbook(read_tx(engine, records.programme_record, programme_id), ui_lang="en"))
    for name in ("Meetings", "Change placement", "Change matrix", "Evaluation trend", "Actions", "Labels"):
        assert name in book.sheetnames
    placement = _rows(book["Change placement"], top=1)
    assert [(r["Pseudonym"], r["First"], r["x1"], r["y1"], r["Last"], r["x2"], r["y2"]) for r in placement] == [
        ("P01", "DM1", 0.2, 0.2, "DM3", 0.8, 0.9),
        ("P02", "DM1", 0.3, 0.7, "DM3", 0.3, 0.7),
    ]
    assert placement[0]["Movement"] == pytest.approx(math.hypot(0.6, 0.7), abs=0.001) and placement[1]["Movement"] == 0
    assert placement[0]["Area 1"] == "Produktsælgeren" and placement[0]["Area 2"] == "Betroet rådgiver"
    matrix = [r for r in _rows(book["Change matrix"], top=1) if r["No."] == 1 and r["Scale"] == "Hvor godt gør vi det i dag?"]
    by_group = {r["Group"]: r for r in matrix}
    assert (by_group["Total"]["Change"], by_group["Advisor"]["Change"], by_group["Company (SME)"]["Change"]) == (1.5, 2.0, 1.0)
    trend = _rows(book["Evaluation trend"], top=1)
    assert [(r["Meeting"], r["n"]) for r in trend] == [("DM1", 2), ("NM1", 2), ("DM3", 2)]
    assert [list(r.values())[3] for r in trend] == [3.0, 4.0, 5.0]
    assert book["Evaluation trend"]._charts


def test_tidy_zip_loads_without_options_and_matches_the_answers(played):
    engine, programme_id, _meeting = played
    programme = read_tx(engine, records.programme_record, programme_id)
    archive = zipfile.ZipFile(io.BytesIO(tidy_zip(programme.meetings, programme)))
    assert set(archive.namelist()) == {
        "README.txt",
        "responses.csv",
        "participants.csv",
        "items.csv",
        "codebook.csv",
        "facets.csv",
        "wide.csv",
        "variables.csv",
        "actions.csv",
        "action_history.csv",
        "processes.csv",
        "process_entries.csv",
        "decisions.csv",  # the mini kit's network meeting holds an assignment
        "datapackage.json",
    }
    wide = pd.read_csv(archive.open("wide.csv"))
    assert list(wide["pseudonym"]) == list(pd.read_csv(archive.open("participants.csv"))["pseudonym"])
    assert list(pd.read_csv(archive.open("actions.csv"))["what"]) == ["Ring til HR"]
    facets = pd.read_csv(archive.open("facets.csv"))
    explained = set(zip(facets["exercise_type"], facets["facet"], strict=True))
    assert {
        ("placement", "x"),
        ("placement", "region"),
        ("matrix", "today"),
        ("matrix", "importance"),
        ("actions", "due"),
    } <= explained
    responses = pd.read_csv(archive.open("responses.csv"))
    assert list(responses.columns) == [c[0] for c in RESPONSE_COLUMNS]
    codebook = pd.read_csv(archive.open("codebook.csv"))
    assert list(codebook["variable"]) == list(responses.columns)
    matrix = responses[(responses.exercise_type == "matrix") & (responses.item == "p1") & (responses.facet == "today")]
    assert sorted(matrix.value) == [1, 2, 4, 5]
    place = responses[(responses.exercise_type == "placement") & (responses.pseudonym == "P01")]
    assert set(zip(place.item, place.facet, place.value.fillna(-1), place.value_text.fillna(""), strict=True)) == {
        ("now", "x", 0.1, ""),
        ("now", "y", 0.2, ""),
        ("now", "region", -1, "low"),
        ("wanted", "x", 0.9, ""),
        ("wanted", "y", 0.9, ""),
        ("wanted", "region", -1, "high"),
    }
    texts = responses[responses.exercise_type == "text"].value_text
    assert sorted(texts) == sorted("'" + h for h in HOSTILE)
    assert responses.answered_at.str.endswith("+00:00").all()
    items = pd.read_csv(archive.open("items.csv"))
    p1 = items[(items.item == "p1") & (items.facet == "today")].iloc[0]
    assert (p1.scale_min, p1.scale_max, p1.low_da, p1.high_en) == (1, 5, "dårligt", "well")
    assert p1.label_en == "Principle one | Today" and p1.prompt_da == "Vurdér"
    people = pd.read_csv(archive.open("participants.csv"))
    assert list(people.pseudonym) == ["P01", "P02", "P03", "P04", "P05"] and "name" not in people.columns


def test_export_command_writes_the_files(played, tmp_path, monkeypatch):
    engine, programme_id, meeting = played
    url = engine.url.render_as_string(hide_password=False)
    out = tmp_path / "m.xlsx"
    assert main(["export", "meeting", str(meeting["id"]), "--out", str(out), "--database", url]) == 0
    assert "E02 Placering" in _book(out.read_bytes()).sheetnames
    assert main(["export", "tidy-programme", str(programme_id), "--out", str(tmp_path / "t.zip"), "--database", url]) == 0
    assert main(["export", "meeting", "9999", "--out", str(tmp_path / "x.xlsx"), "--database", url]) == 1
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.slow
def test_demo_workbooks_open_in_libreoffice(tmp_path, bifrost_kit):
    """LibreOffice converts both workbooks to PDF without complaint (skipped where it is not installed)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    from brobygger.demo import create_demo
    from brobygger.store import engine_for

    engine = engine_for(f"sqlite:///{tmp_path / 'demo.db'}")
    demo = create_demo(engine, bifrost_kit)
    (tmp_path / "meeting.xlsx").write_bytes(
        meeting_workbook(read_tx(engine, records.meeting_record, demo.played_meeting_id), include_names=True)
    )
    (tmp_path / "programme.xlsx").write_bytes(programme_workbook(read_tx(engine, records.programme_record, demo.programme_id)))
    result = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "meeting.xlsx"),
            str(tmp_path / "programme.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    for name in ("meeting.pdf", "programme.pdf"):
        pdf = (tmp_path / name).read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_small_groups_are_pooled_in_results_by_default(played, monkeypatch):
    """With the default minimum of 3, a group of one or two is shown as 'not given / small groups'."""
    monkeypatch.delenv("BROBYGGER_MIN_GROUP_SIZE")
    engine, _, meeting = played
    ws = _book(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"]), ui_lang="en"))["E02 Placering"]
    header = [c.value for c in ws[3]][10:16]
    assert header == ["Area", "Advisor", "Company (SME)", "Other", "Not given / small groups", "Total"]
    counts = {r[0]: r[1:6] for r in ws.iter_rows(min_row=4, max_row=5, min_col=11, max_col=16, values_only=True)}
    assert counts == {"Lav": (0, 0, 0, 2, 2), "Høj": (0, 0, 0, 2, 2)}
    rows = _rows(ws)
    assert [r["Group"] for r in rows] == [
        "Advisor",
        "Company (SME)",
        "Company (SME)",
        "Not given",
    ]  # raw rows keep each person's group


def test_emoji_and_right_to_left_text_survive_the_round_trip(engine, mini_kit):
    programme = write_tx(engine, programmes.create_programme, mini_kit, "Tegn")
    meeting = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    run = next(i["run"]["id"] for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "text")
    write_tx(engine, runs.open_exercise, run)
    texts = ["Godt møde 👍🏽 tak!", "שלום עולם", "مرحبا بالعالم"]
    for text in texts:
        _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
        write_tx(engine, responses.submit_response, person.token, run, {"text": text})
    ws = _book(meeting_workbook(read_tx(engine, records.meeting_record, meeting["id"])))["E07 Tekst"]
    assert sorted(ws.cell(row=r, column=3).value for r in range(4, 7)) == sorted(texts)
    with zipfile.ZipFile(io.BytesIO(tidy_zip([read_tx(engine, records.meeting_record, meeting["id"])]))) as archive:
        answers = pd.read_csv(archive.open("responses.csv"))
    assert sorted(answers.value_text) == sorted(texts)
