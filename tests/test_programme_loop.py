"""The action-learning loop over a whole Bifrost programme: DM1 -> NM1 -> DM2 -> NM2 -> DM3, the same people."""

from __future__ import annotations

import io

import openpyxl
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from brobygger.export.programme_workbook import programme_workbook
from brobygger.phone import routes
from brobygger.services import actions, agenda, participants, processes, programmes, records, responses, runs
from tests.conftest import ROOT, read_tx, write_tx

SPOTS = {"dm1": [(0.2, 0.2), (0.3, 0.7), (0.6, 0.3)], "dm3": [(0.8, 0.8), (0.4, 0.9), (0.6, 0.3)]}


def test_a_whole_programme(engine, bifrost_kit, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "1")
    monkeypatch.setenv("BROBYGGER_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setattr(routes, "engine_for", lambda: engine)
    st.cache_resource.clear()
    phone = TestClient(Starlette(routes=routes.phone_routes()))
    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Bifrost hele vejen")
    by_template = {m["template_id"]: m for m in read_tx(engine, programmes.list_meetings, programme)}
    people = []

    def run_meeting(template: str):
        meeting = by_template[template]
        write_tx(engine, agenda.start_meeting, meeting["id"])
        for person in people:
            write_tx(engine, participants.join_meeting, meeting["join_code"], token=person.token)
        return meeting, {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}

    def answer(meeting, items, item_id, values):
        run = items[item_id]["run"]["id"]
        write_tx(engine, agenda.go_to_item, meeting["id"], items[item_id]["id"])
        write_tx(engine, runs.open_exercise, run)
        for person, value in zip(people, values, strict=True):
            if value is not None:
                write_tx(engine, responses.submit_response, person.token, run, value)
        write_tx(engine, runs.close_exercise, run)

    # DM1: placements, a matrix, and actions
    dm1, items = run_meeting("dm1")
    for n, group in enumerate(["advisor", "sme", "advisor"]):
        _, person = write_tx(engine, participants.join_meeting, dm1["join_code"])
        people.append(
            write_tx(engine, participants.update_profile, person.token, name=None, organisation=f"Org {n}", group=group)
        )
    answer(dm1, items, "role-placement", [{"now": dict(zip("xy", p, strict=True))} for p in SPOTS["dm1"]])
    answer(dm1, items, "principle-matrix", [{"ratings": {"p1": {"today": v, "importance": 5}}} for v in (2, 3, 4)])
    answer(
        dm1,
        items,
        "actions",
        [{"actions": [{"what": "Ring til HR", "due": "2027-02-01"}]}, None, {"actions": [{"what": "Stresspolitik"}]}],
    )
    write_tx(engine, agenda.end_meeting, dm1["id"])

    # NM1: follow-up of DM1's actions, and the first process log through the phone's log route
    nm1, items = run_meeting("nm1")
    follow = read_tx(engine, actions.actions_to_follow_up, nm1["id"])
    assert [(a["what"], a["status"]) for a in follow] == [("Ring til HR", "open"), ("Stresspolitik", "open")]
    write_tx(engine, actions.follow_up_action, follow[0]["id"], "partly", "Møde aftalt", meeting_id=nm1["id"])
    logged = phone.post(
        "/api/log/entry",
        json={
            "t": people[0].token,
            "process_id": None,
            "advisor_unit": "Rådgiverenhed Nord",
            "company": "Lokalavisen",
            "theme": "stress-management",
            "phase": "way-in",
            "helped": "Kort møde med ledelsen",
            "next_step": "Workshop for alle",
        },
    )
    assert logged.status_code == 200
    bad = phone.post(
        "/api/log/entry",
        json={
            "t": people[0].token,
            "process_id": None,
            "advisor_unit": "X",
            "company": "Y",
            "theme": "stress-management",
            "phase": "somewhere",
        },
    )
    assert bad.status_code == 400 and bad.json()["message"] == "Vælg en af brobygningsfaserne."
    write_tx(engine, agenda.go_to_item, nm1["id"], items["phases-board"]["id"])
    projector = AppTest.from_file(str(ROOT / "pages" / "present.py"), default_timeout=30)
    projector.query_params["code"] = nm1["join_code"]
    projector.run()
    assert not projector.exception
    assert "Rådgiverenhed Nord × Lokalavisen" in [t.value for t in projector.text]
    assert any(m.value == "**Vejen ind**" for m in projector.markdown)
    write_tx(engine, agenda.end_meeting, nm1["id"])

    # DM2: DM1's actions come back on the agenda with the status marked at NM1
    dm2, items = run_meeting("dm2")
    assert items["follow-up"]["kind"] == "follow-up"
    assert [(a["what"], a["status"], a["follow_up"]) for a in read_tx(engine, actions.actions_to_follow_up, dm2["id"])] == [
        ("Ring til HR", "partly", "Møde aftalt"),
        ("Stresspolitik", "open", ""),
    ]
    write_tx(engine, agenda.end_meeting, dm2["id"])

    # NM2: the process moves on; the board shows its latest phase
    run_meeting("nm2")
    process_id = read_tx(engine, processes.board, programme)[0]["id"]
    # Only the process's own people write in its log: a participant of the programme who is not one is refused ...
    entry = {"process_id": process_id, "theme": "stress-management", "phase": "relationship", "helped": "Ikke min"}
    refused = phone.post("/api/log/entry", json={"t": people[2].token, **entry})
    assert (refused.status_code, refused.json()["message"]) == (
        400,
        "Kun forløbets egne folk kan skrive i dets log. Bed en af dem om at give dig adgang.",
    )
    refused = phone.post("/api/log/member", json={"t": people[2].token, "process_id": process_id, "pseudonym": "P03"})
    assert refused.status_code == 400 and refused.json()["error"] == "error.process_not_yours"
    assert phone.get("/api/log/state", headers={"X-Brobygger-Token": people[2].token}).json()["processes"] == []
    # ... until the one who started it adds them by the code their phone shows.
    added = phone.post(
        "/api/log/member", json={"t": people[0].token, "process_id": process_id, "pseudonym": people[1].pseudonym.lower()}
    )
    assert added.json() == {"ok": True, "pseudonym": people[1].pseudonym}
    phone.post(
        "/api/log/entry",
        json={
            "t": people[1].token,
            "process_id": process_id,
            "theme": "stress-management",
            "phase": "relationship",
            "next_step": "Fælles sprog om stress",
        },
    )
    board = read_tx(engine, processes.board, programme)
    assert [(b["phase"], b["next_step"], b["entries"]) for b in board] == [("relationship", "Fælles sprog om stress", 2)]
    write_tx(
        engine,
        processes.describe_case,
        process_id,
        intervention="Stresstrappen i redaktionen",
        change_logic="Fælles sprog først",
        knowledge_tools="Stresstrappen",
    )

    # DM3: the same placement and matrix again
    dm3, items = run_meeting("dm3")
    answer(dm3, items, "role-placement", [{"now": dict(zip("xy", p, strict=True))} for p in SPOTS["dm3"]])
    answer(dm3, items, "principle-matrix", [{"ratings": {"p1": {"today": v, "importance": 5}}} for v in (4, 4, 4)])
    write_tx(engine, agenda.end_meeting, dm3["id"])

    book = openpyxl.load_workbook(
        io.BytesIO(programme_workbook(read_tx(engine, records.programme_record, programme), ui_lang="en"))
    )
    rows = list(book["Change placement"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4], r[5], r[8], r[9]) for r in rows] == [
        (f"P0{n + 1}", *SPOTS["dm1"][n], *SPOTS["dm3"][n]) for n in range(3)
    ]
    matrix = [
        r
        for r in book["Change matrix"].iter_rows(min_row=2, values_only=True)
        if r[1] == 1 and r[4] == "Total" and r[3].startswith("Hvor godt")
    ]
    assert matrix[0][6] == 3.0 and matrix[0][9] == 4.0 and matrix[0][11] == 1.0
    process_rows = list(book["Processes"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[4]) for r in process_rows] == [
        ("Rådgiverenhed Nord", "Lokalavisen", "Vejen ind"),  # the phase's label in the kit's language, not its id
        ("Rådgiverenhed Nord", "Lokalavisen", "Etablering af relation"),
    ]
    case_rows = list(book["Cases"].iter_rows(min_row=2, values_only=True))
    assert len(case_rows) == 4 and case_rows[-1][3] == "Stresstrappen i redaktionen"
    action_rows = list(book["Actions"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[6], r[7]) for r in action_rows] == [
        ("Ring til HR", "partly", "Møde aftalt"),
        ("Stresspolitik", "open", None),
    ]
    monkeypatch.setenv("BROBYGGER_SECRET", "s")
    organise = AppTest.from_file(str(ROOT / "pages" / "organise.py"), default_timeout=30)
    organise.session_state["signed_in"] = True
    organise.run()
    assert not organise.exception
    subheaders = [h.value for h in organise.subheader]
    assert "Placeringer: hvor folk stod før (ring) og nu (prik)" in subheaders
    assert "Evaluering på tværs af møderne (gennemsnit)" not in subheaders  # nobody evaluated in this test
    st.cache_resource.clear()


def test_the_log_page_is_served_and_needs_a_token(engine, monkeypatch):
    monkeypatch.setattr(routes, "engine_for", lambda: engine)
    client = TestClient(Starlette(routes=routes.phone_routes()))
    assert '<script src="/j/assets/log.js"' in client.get("/log").text
    assert client.get("/api/log/state").status_code == 403
    assert client.get("/j/assets/log.js").status_code == 200


@pytest.mark.parametrize("field", ["advisor_unit", "company"])
def test_a_new_process_needs_both_names(engine, bifrost_kit, monkeypatch, field):
    monkeypatch.setattr(routes, "engine_for", lambda: engine)
    client = TestClient(Starlette(routes=routes.phone_routes()))
    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Log")
    person = write_tx(engine, participants.add_participant, programme)
    body = {
        "t": person.token,
        "process_id": None,
        "advisor_unit": "A",
        "company": "B",
        "theme": "stress-policy",
        "phase": "way-in",
        field: " ",
    }
    response = client.post("/api/log/entry", json=body)
    assert response.status_code == 400 and response.json()["message"] == "Skriv noget i feltet, før du gemmer."
    assert read_tx(engine, processes.board, programme) == []


@pytest.mark.parametrize("process_id", [True, "1", 0, 2**40])
def test_a_process_id_that_is_not_a_row_id_is_refused(engine, bifrost_kit, monkeypatch, process_id):
    monkeypatch.setattr(routes, "engine_for", lambda: engine)
    client = TestClient(Starlette(routes=routes.phone_routes()))
    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Log")
    person = write_tx(engine, participants.add_participant, programme)
    existing = write_tx(engine, processes.start_process, programme, "A", "B")
    body = {"t": person.token, "process_id": process_id, "theme": "stress-policy", "phase": "way-in"}
    response = client.post("/api/log/entry", json=body)
    assert response.status_code == 400 and response.json()["message"] == "Svaret har ikke det forventede format."
    assert read_tx(engine, processes.entries, existing) == []
