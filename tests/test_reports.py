"""The meeting and programme reports: opened as a reader would (Word and PDF) and checked against a played meeting."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from brobygger.__main__ import main
from brobygger.export.pictures import figure_png
from brobygger.export.report_content import agenda_rows, meeting_report, programme_report
from brobygger.export.report_docx import report_docx
from brobygger.export.report_pdf import report_pdf
from brobygger.services import actions, agenda, participants, programmes, records, responses, runs
from tests.conftest import read_tx, write_tx

CHARTS = ("place", "matrix", "choice", "scale", "ranking", "evaluation")  # answered exercises drawn as pictures


@pytest.fixture
def two_meetings(engine, mini_kit):
    """The mini kit's first meeting played by six people in two groups of three, then the second meeting started."""
    programme_id = write_tx(engine, programmes.create_programme, mini_kit, "Rapportforløb")
    first, second = read_tx(engine, programmes.list_meetings, programme_id)[:2]
    write_tx(engine, agenda.start_meeting, first["id"])
    items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, first["id"])}
    people = []
    for n, group in enumerate(["advisor"] * 3 + ["sme"] * 2 + [None]):
        _, person = write_tx(engine, participants.join_meeting, first["join_code"])
        people.append(
            write_tx(engine, participants.update_profile, person.token, name=f"Hemmelig {n}", organisation="", group=group)
        )

    def answer(item: str, value) -> None:
        run = items[item]["run"]["id"]
        write_tx(engine, runs.open_exercise, run)
        for person in people:
            write_tx(engine, responses.submit_response, person.token, run, value(person))
        write_tx(engine, runs.close_exercise, run)

    answer("place", lambda p: {"now": {"x": 0.2, "y": 0.3}, "wanted": {"x": 0.8, "y": 0.9}})
    answer("matrix", lambda p: {"ratings": {"p1": {"today": 2, "importance": 5}, "p2": {"today": 3, "importance": 3}}})
    answer("choice", lambda p: {"choices": ["a"]})
    answer("scale", lambda p: {"value": 4})
    answer("text", lambda p: {"text": "Mere tid"})
    answer("ranking", lambda p: {"order": ["x", "y", "z"]})
    run = items["actions"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run)
    write_tx(
        engine,
        responses.submit_response,
        people[0].token,
        run,
        {"actions": [{"what": "Ring til HR", "who": "Anna", "due": "2027-02-01"}]},
    )
    write_tx(
        engine, responses.submit_response, people[3].token, run, {"actions": [{"what": "Skriv politik", "who": "", "due": ""}]}
    )
    write_tx(engine, runs.close_exercise, run)
    answer("evaluation", lambda p: {"ratings": {"satisfied": 4, "learned": 5}})
    write_tx(engine, agenda.end_meeting, first["id"])
    write_tx(engine, agenda.start_meeting, second["id"])
    done = next(a for a in read_tx(engine, actions.list_actions, programme_id) if a["what"] == "Ring til HR")
    write_tx(engine, actions.follow_up_action, done["id"], "done", "HR er med", meeting_id=second["id"])
    return engine, programme_id, first, second


def _docx_text(document: docx.document.Document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_meeting_report_in_word_has_agenda_results_actions_and_next_meeting(two_meetings):
    engine, programme_id, first, _ = two_meetings
    programme = read_tx(engine, records.programme_record, programme_id)
    report = meeting_report(programme, first["id"])
    document = docx.Document(io.BytesIO(report_docx(report)))
    meeting = next(m for m in programme.meetings if m.id == first["id"])
    agenda_table = document.tables[0]
    assert [c.text for c in agenda_table.rows[0].cells] == ["Nr.", "Punkt", "Planlagt", "Min.", "Faktisk", "Min."]
    assert [[c.text for c in row.cells][:2] for row in agenda_table.rows[1:]] == [
        [str(item["position"]), item["title"]["da"]] for item in meeting.agenda
    ]
    assert len(agenda_table.rows) - 1 == len(meeting.agenda) == 11
    planned = [row.cells[2].text for row in agenda_table.rows[1:]]
    assert all(len(p) == 11 and p[2] == ":" for p in planned)  # "HH:MM–HH:MM", the room's local time
    assert len(document.inline_shapes) == len(CHARTS) == 6
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Dagsorden", "Resultater"]
    assert headings[-3:] == ["Aftalte handlinger", "Handlinger fra tidligere møder", "Næste møde"]
    actions_table = document.tables[1]
    rows = [[c.text for c in row.cells] for row in actions_table.rows]
    assert rows[0] == ["Hvad", "Ansvarlig", "Organisation", "Senest"]
    assert sorted(rows[1:]) == [["Ring til HR", "Anna", "", "2027-02-01"], ["Skriv politik", "P04", "", ""]]
    text = _docx_text(document)
    assert "Mere tid (6)" in text  # the same text answer once, with how many gave it
    assert "6 svar fra 6 deltagere." in text
    assert "Hemmelig" not in text  # pseudonymous: names never appear
    assert "M2" in text.split("Næste møde")[-1]


def test_meeting_report_pdf_has_the_same_agenda_actions_and_pictures(two_meetings):
    engine, programme_id, first, _ = two_meetings
    programme = read_tx(engine, records.programme_record, programme_id)
    reader = PdfReader(io.BytesIO(report_pdf(meeting_report(programme, first["id"]))))
    text = _pdf_text(reader)
    meeting = next(m for m in programme.meetings if m.id == first["id"])
    for row in agenda_rows(meeting):
        assert row[1] in text
    assert "Ring til HR" in text and "2027-02-01" in text and "Skriv politik" in text
    assert sum(len(page.images) for page in reader.pages) == len(CHARTS)
    assert reader.metadata.title.startswith("M1")
    assert "Hemmelig" not in text


def test_small_groups_are_pooled_in_report_pictures_as_on_the_projector(two_meetings):
    """Two SMEs are fewer than the minimum of three: the legend names advisors and 'not given / small groups' only."""
    engine, programme_id, _, _ = two_meetings
    programme = read_tx(engine, records.programme_record, programme_id)
    choice = next(e for e in programme.meetings[0].exercises if e.type == "choice")
    from brobygger.charts import figure_for

    figure = figure_for(choice.definition, choice.summary(), "da", groups=programme.groups)
    names = [trace.name for trace in figure.data]
    assert len(names) == 2 and not any("SMV" in n or "Virksomhed" in n for n in names)
    png = figure_png(figure)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_follow_up_and_programme_report(two_meetings):
    engine, programme_id, _, second = two_meetings
    programme = read_tx(engine, records.programme_record, programme_id)
    document = docx.Document(io.BytesIO(report_docx(meeting_report(programme, second["id"]))))
    follow_up = next(t for t in document.tables if t.rows[0].cells[-1].text == "Opfølgning")
    rows = sorted([c.text for c in row.cells] for row in follow_up.rows[1:])
    assert rows == [["M1", "Ring til HR", "Anna", "gjort", "HR er med"], ["M1", "Skriv politik", "P04", "åben", ""]]
    whole = programme_report(programme)
    document = docx.Document(io.BytesIO(report_docx(whole)))
    text = _docx_text(document)
    assert "1 af 2 handlinger er gennemført (50%)." in text
    assert "Udviklingen vises, når mindst to møder er evalueret." in text  # one evaluated meeting: no trend yet
    # the first meeting's six charts (the second has only a text question)
    assert len(document.inline_shapes) == whole.pictures == len(CHARTS)
    reader = PdfReader(io.BytesIO(report_pdf(whole)))
    assert sum(len(page.images) for page in reader.pages) == len(CHARTS)


def test_reports_from_the_command_line(two_meetings, tmp_path):
    engine, programme_id, first, _ = two_meetings
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name != "sqlite":
        pytest.skip("the command line opens its own connection; the PostgreSQL fixture uses a private schema")
    pdf, word = tmp_path / "m1.pdf", tmp_path / "forloeb.docx"
    assert main(["export", "meeting-report", str(first["id"]), "--out", str(pdf), "--database", url]) == 0
    assert main(["export", "programme-report", str(programme_id), "--out", str(word), "--database", url]) == 0
    assert "Ring til HR" in _pdf_text(PdfReader(pdf))
    assert docx.Document(str(word)).core_properties.title == "Rapportforløb"


def test_programme_report_draws_dm1_to_dm3_and_the_evaluation_trend(engine, bifrost_kit):
    programme_id = write_tx(engine, programmes.create_programme, bifrost_kit, "Forandring")
    rows = {m["template_id"]: m for m in read_tx(engine, programmes.list_meetings, programme_id)}
    people: list = []
    for template, x, rating in (("dm1", 0.2, 2), ("nm1", 0.5, 3), ("dm3", 0.8, 4)):
        meeting = rows[template]
        write_tx(engine, agenda.start_meeting, meeting["id"])
        if not people:
            for group in ("advisor",) * 3 + ("sme",) * 3:
                _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
                people.append(
                    write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group=group)
                )
        for person in people:
            write_tx(engine, participants.join_meeting, meeting["join_code"], token=person.token)
        items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}
        for item_id, value in (
            ("role-placement", {"now": {"x": x, "y": 0.6}}),
            ("principle-matrix", {"ratings": {"p1": {"today": rating, "importance": 5}}}),
            ("evaluation", {"ratings": {"satisfied": rating + 1}}),
        ):
            if item_id in items:
                run = items[item_id]["run"]["id"]
                write_tx(engine, runs.open_exercise, run)
                for person in people:
                    write_tx(engine, responses.submit_response, person.token, run, value)
                write_tx(engine, runs.close_exercise, run)
        write_tx(engine, agenda.end_meeting, meeting["id"])
    programme = read_tx(engine, records.programme_record, programme_id)
    whole = programme_report(programme)
    answered_charts = sum(
        1 for m in programme.meetings for e in m.exercises if e.answers and e.type in ("placement", "matrix", "evaluation")
    )
    assert answered_charts == 7  # DM1: three, NM1: the evaluation, DM3: three
    document = docx.Document(io.BytesIO(report_docx(whole)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert sum(h.startswith("DM1 → DM3: ") for h in headings) == 2  # the placement and the principle matrix
    assert "Evaluering over tid" in headings and "Udviklingen vises" not in _docx_text(document)
    assert len(document.inline_shapes) == 2 + 1 + answered_charts  # change pictures, the trend, every meeting's charts
    reader = PdfReader(io.BytesIO(report_pdf(whole)))
    assert sum(len(page.images) for page in reader.pages) == 2 + 1 + answered_charts
