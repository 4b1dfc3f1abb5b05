"""Actions decided in one meeting come back at the next one's follow-up item, and are marked there."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from brobygger.errors import InvalidInput, UnknownToken
from brobygger.phone import routes
from brobygger.services import actions, agenda, participants, programmes, records, responses, runs
from tests.conftest import ROOT, read_tx, write_tx


@pytest.fixture
def carried(engine, bifrost_kit):
    """DM1 where two people commit to actions; NM1 at its follow-up item."""
    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Løkken")
    dm1, nm1 = read_tx(engine, programmes.list_meetings, programme)[:2]
    write_tx(engine, agenda.start_meeting, dm1["id"])
    people = [write_tx(engine, participants.join_meeting, dm1["join_code"])[1] for _ in range(3)]
    run = next(i["run"]["id"] for i in read_tx(engine, agenda.agenda, dm1["id"]) if i["template_item_id"] == "actions")
    write_tx(engine, runs.open_exercise, run)
    write_tx(
        engine,
        responses.submit_response,
        people[0].token,
        run,
        {"actions": [{"what": "Ring til HR", "due": "2027-02-01"}, {"what": "Tal med lederen"}]},
    )
    write_tx(engine, responses.submit_response, people[1].token, run, {"actions": [{"what": "Lav en stresspolitik"}]})
    write_tx(engine, agenda.end_meeting, dm1["id"])
    write_tx(engine, agenda.start_meeting, nm1["id"])
    follow = next(i for i in read_tx(engine, agenda.agenda, nm1["id"]) if i["kind"] == "follow-up")
    write_tx(engine, agenda.go_to_item, nm1["id"], follow["id"])
    return engine, programme, nm1, people


def test_earlier_actions_are_listed_at_the_next_meeting(carried):
    engine, _, nm1, _people = carried
    listed = read_tx(engine, actions.actions_to_follow_up, nm1["id"])
    assert [(a["pseudonym"], a["what"], a["status"], a["template_id"]) for a in listed] == [
        ("P01", "Ring til HR", "open", "dm1"),
        ("P01", "Tal med lederen", "open", "dm1"),
        ("P02", "Lav en stresspolitik", "open", "dm1"),
    ]


def test_owner_marks_from_the_phone_and_nobody_else_can(carried, monkeypatch):
    engine, _, nm1, people = carried
    monkeypatch.setattr(routes, "engine_for", lambda: engine)
    client = TestClient(Starlette(routes=routes.phone_routes()))
    joined = client.post("/api/phone/join", json={"code": nm1["join_code"], "t": people[0].token}).json()
    mine = joined["state"]["my_actions"]
    assert [a["what"] for a in mine] == ["Ring til HR", "Tal med lederen"] and mine[0]["due"] == "2027-02-01"
    ok = client.post(
        "/api/phone/follow-up",
        json={
            "t": people[0].token,
            "code": nm1["join_code"],
            "action_id": mine[0]["id"],
            "status": "done",
            "follow_up": "Aftale om månedligt møde",
        },
    )
    assert ok.status_code == 200
    stranger = client.post(
        "/api/phone/follow-up",
        json={"t": people[2].token, "code": nm1["join_code"], "action_id": mine[1]["id"], "status": "done"},
    )
    assert stranger.status_code == 403
    bad = client.post(
        "/api/phone/follow-up",
        json={"t": people[0].token, "code": nm1["join_code"], "action_id": mine[1]["id"], "status": "maybe"},
    )
    assert bad.status_code == 400 and bad.json()["message"] == "Vælg gjort, delvist eller ikke endnu."
    statuses = {a["what"]: (a["status"], a["follow_up"]) for a in read_tx(engine, actions.actions_to_follow_up, nm1["id"])}
    assert statuses == {
        "Ring til HR": ("done", "Aftale om månedligt møde"),
        "Tal med lederen": ("open", ""),
        "Lav en stresspolitik": ("open", ""),
    }


def test_service_refuses_a_wrong_status_or_owner(carried):
    engine, _, nm1, people = carried
    action = read_tx(engine, actions.actions_to_follow_up, nm1["id"])[2]
    with pytest.raises(InvalidInput):
        write_tx(engine, actions.follow_up_action, action["id"], "finished", "", meeting_id=nm1["id"])
    with pytest.raises(UnknownToken):
        write_tx(engine, actions.follow_up_action, action["id"], "done", "", meeting_id=nm1["id"], token=people[0].token)
    write_tx(engine, actions.follow_up_action, action["id"], "partly", "Første udkast", meeting_id=nm1["id"])
    assert read_tx(engine, actions.actions_to_follow_up, nm1["id"])[2]["status"] == "partly"


def test_projector_and_console_show_the_follow_up(carried, monkeypatch, tmp_path):
    import streamlit as st

    engine, _, nm1, _ = carried
    monkeypatch.setenv("BROBYGGER_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("BROBYGGER_SECRET", "s")
    st.cache_resource.clear()
    projector = AppTest.from_file(str(ROOT / "pages" / "present.py"), default_timeout=30)
    projector.query_params["code"] = nm1["join_code"]
    projector.run()
    assert any(m.value == "### Handlinger fra tidligere møder" for m in projector.markdown)
    assert {t.value for t in projector.text} >= {"○ Ring til HR", "○ Lav en stresspolitik"}
    console = AppTest.from_file(str(ROOT / "pages" / "moderate.py"), default_timeout=30)
    console.session_state["signed_in"] = True
    console.query_params["meeting"] = str(nm1["id"])
    console.run()
    assert not console.exception
    assert any(b.key == "save_follow_up" for b in console.button)
    st.cache_resource.clear()


def test_dm3_placement_knows_where_each_person_stood_at_dm1(engine, bifrost_kit):
    from brobygger import analysis, charts

    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Bevægelse")
    rows = {m["template_id"]: m for m in read_tx(engine, programmes.list_meetings, programme)}
    people = []
    for template, spots in (("dm1", [(0.2, 0.2), (0.3, 0.8)]), ("dm3", [(0.8, 0.9), (0.3, 0.8)])):
        meeting = rows[template]
        write_tx(engine, agenda.start_meeting, meeting["id"])
        if not people:
            people = [write_tx(engine, participants.join_meeting, meeting["join_code"])[1] for _ in spots]
        item = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "role-placement")
        write_tx(engine, runs.open_exercise, item["run"]["id"])
        for person, (x, y) in zip(people, spots, strict=True):
            write_tx(engine, responses.submit_response, person.token, item["run"]["id"], {"now": {"x": x, "y": y}})
    earlier = analysis.earlier_placements(read_tx(engine, records.meetings_before, rows["dm3"]["id"]), "role-placement")
    assert earlier == {"P01": {"x": 0.2, "y": 0.2}, "P02": {"x": 0.3, "y": 0.8}}
    assert analysis.earlier_placements(read_tx(engine, records.meetings_before, rows["dm1"]["id"]), "role-placement") == {}
    dm3_run = next(
        i["run"]["id"] for i in read_tx(engine, agenda.agenda, rows["dm3"]["id"]) if i["template_item_id"] == "role-placement"
    )
    result = read_tx(engine, runs.results, dm3_run)
    figure = charts.figure_for(result["definition"], result["summary"], "da", groups=result["groups"], earlier=earlier)
    dotted = [t for t in figure.data if t.mode == "lines" and t.line.dash == "dot"]
    assert [list(t.x) for t in dotted] == [[0.2, 0.8, None, 0.3, 0.3, None]]


def test_evaluation_trend_over_meetings(carried):
    from brobygger import analysis

    engine, programme, _nm1, people = carried
    for meeting in read_tx(engine, programmes.list_meetings, programme)[:2]:
        run = next(i["run"]["id"] for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "evaluation")
        if read_tx(engine, programmes.get_meeting, meeting["id"])["status"] == "closed":
            continue
        write_tx(engine, runs.open_exercise, run)
        write_tx(engine, responses.submit_response, people[0].token, run, {"ratings": {"satisfied": 4}})
        write_tx(engine, responses.submit_response, people[1].token, run, {"ratings": {"satisfied": 2}})
    meetings = read_tx(engine, records.programme_record, programme).meetings
    rows = [r for r in analysis.evaluation_trend(meetings) if r["item"] == "satisfied"]
    assert [(r["meeting"], r["mean"], r["n"]) for r in rows] == [("NM1", 3.0, 2)]


def test_registered_participants_get_personal_links_on_a_printable_sheet(engine, bifrost_kit):
    from brobygger.qr_sheet import qr_sheet_html

    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Registreret")
    with pytest.raises(InvalidInput) as info:
        write_tx(engine, participants.register_participants, programme, "Anna Jensen; Forlaget; sme\nBo; Firma; chef")
    assert (
        info.value.message("da")
        == "Linje 2: gruppen »chef« findes ikke; brug en af advisor, sme, owner-manager, hr, safety-rep, other. Ingen er registreret."
    )
    assert read_tx(engine, participants.registered_participants, programme) == []
    people = write_tx(
        engine, participants.register_participants, programme, "Anna Jensen; Forlaget; sme\n\n<b>Bo</b>; ; advisor\n"
    )
    assert [(p.pseudonym, p.name, p.organisation, p.group) for p in people] == [
        ("P01", "Anna Jensen", "Forlaget", "sme"),
        ("P02", "<b>Bo</b>", None, "advisor"),
    ]
    rows = [
        {"pseudonym": p.pseudonym, "name": p.name, "organisation": p.organisation, "token": p.token, "group_label": p.group}
        for p in people
    ]
    sheet = qr_sheet_html(rows, "http://192.0.2.5:8501", "Bifrost <2027>")
    assert sheet.count("<svg") == 2 and f"http://192.0.2.5:8501/p/{people[0].token}" in sheet
    assert "&lt;b&gt;Bo&lt;/b&gt;" in sheet and "<b>Bo</b>" not in sheet and "Bifrost &lt;2027&gt;" in sheet
    # the registered person is recognised at a meeting through their personal link's token
    meeting = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    assert write_tx(engine, participants.join_meeting, meeting["join_code"], token=people[0].token)[1].pseudonym == "P01"


def test_dm3_matrix_shows_dm1_means_alongside(engine, bifrost_kit):
    from brobygger import analysis, charts

    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Matrix")
    rows = {m["template_id"]: m for m in read_tx(engine, programmes.list_meetings, programme)}
    person = None
    for template, value in (("dm1", 2), ("dm3", 4)):
        meeting = rows[template]
        write_tx(engine, agenda.start_meeting, meeting["id"])
        if person is None:
            person = write_tx(engine, participants.join_meeting, meeting["join_code"])[1]
        item = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "principle-matrix")
        write_tx(engine, runs.open_exercise, item["run"]["id"])
        write_tx(engine, responses.submit_response, person.token, item["run"]["id"], {"ratings": {"p1": {"today": value}}})
    label, before = analysis.earlier_summary(read_tx(engine, records.meetings_before, rows["dm3"]["id"]), "principle-matrix")
    assert label == "DM1" and before["statements"][0]["scales"]["today"]["mean"] == 2.0
    run = next(
        i["run"]["id"] for i in read_tx(engine, agenda.agenda, rows["dm3"]["id"]) if i["template_item_id"] == "principle-matrix"
    )
    result = read_tx(engine, runs.results, run)
    figure = charts.figure_for(result["definition"], result["summary"], "da", groups=result["groups"], earlier=(label, before))
    dm1 = [t for t in figure.data if t.name and t.name.startswith("DM1: ")]  # one ring per scale
    first_statement = [x for x, y in zip(dm1[0].x, dm1[0].y, strict=True) if y.startswith("1. ")]
    assert len(dm1) == 2 and first_statement == [2.0]


def test_organise_finds_the_latest_repeated_placement(engine, bifrost_kit):
    from brobygger import analysis

    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Organisér bevægelse")
    rows = {m["template_id"]: m for m in read_tx(engine, programmes.list_meetings, programme)}
    assert analysis.latest_repeated_placement(read_tx(engine, records.programme_record, programme).meetings) is None
    person = None
    for template in ("dm1", "dm3"):
        meeting = rows[template]
        write_tx(engine, agenda.start_meeting, meeting["id"])
        person = person or write_tx(engine, participants.join_meeting, meeting["join_code"])[1]
        item = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "role-placement")
        write_tx(engine, runs.open_exercise, item["run"]["id"])
        write_tx(engine, responses.submit_response, person.token, item["run"]["id"], {"now": {"x": 0.5, "y": 0.5}})
        if template == "dm1":
            assert analysis.latest_repeated_placement(read_tx(engine, records.programme_record, programme).meetings) is None
    meeting_id, run_id, item_id = analysis.latest_repeated_placement(
        read_tx(engine, records.programme_record, programme).meetings
    )
    assert meeting_id == rows["dm3"]["id"] and item_id == "role-placement"
    assert run_id == next(
        i["run"]["id"] for i in read_tx(engine, agenda.agenda, meeting_id) if i["template_item_id"] == "role-placement"
    )


def test_the_programme_workbook_shows_action_statuses_as_words(carried):
    """The Danish workbook says "åben" and "gjort", not the ids `open` and `done`."""
    import io

    import openpyxl

    from brobygger.export.programme_workbook import programme_workbook
    from brobygger.i18n import t

    engine, programme, nm1, _people = carried
    first = read_tx(engine, actions.actions_to_follow_up, nm1["id"])[0]
    write_tx(engine, actions.follow_up_action, first["id"], "done", "", meeting_id=nm1["id"])
    for lang, words in (("da", ["gjort", "åben", "åben"]), ("en", ["done", "open", "open"])):
        book = openpyxl.load_workbook(
            io.BytesIO(programme_workbook(read_tx(engine, records.programme_record, programme), ui_lang=lang))
        )
        sheet = next(
            ws for ws in book.worksheets if ws["A1"].value == t("xl.meeting", lang) and ws["C1"].value == t("xl.what", lang)
        )
        header = [c.value for c in sheet[1]]
        column = header.index(t("xl.status", lang))
        assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == words
