"""One person, one identity: two pseudonyms found to be one person are merged by an organiser, logged."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from brobygger.errors import BrobyggerError
from brobygger.services import actions, agenda, merges, participants, programmes, responses, runs
from brobygger.store import attendance
from brobygger.store import participants as participant_table
from brobygger.store import responses as response_table
from tests.conftest import read_tx, write_tx


def _answer(engine, token, run, value):
    write_tx(engine, responses.submit_response, token, run, value)


def test_merging_moves_answers_attendance_and_actions_keeps_the_later_answer_and_is_logged(engine, bifrost_kit):
    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Fletning")
    dm1, nm1 = read_tx(engine, programmes.list_meetings, programme)[:2]
    write_tx(engine, agenda.start_meeting, dm1["id"])
    _, p01 = write_tx(engine, participants.join_meeting, dm1["join_code"])
    _, other = write_tx(engine, participants.join_meeting, dm1["join_code"])
    items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, dm1["id"])}
    placement, actions_run = items["role-placement"]["run"]["id"], items["actions"]["run"]["id"]
    write_tx(engine, runs.open_exercise, placement)
    _answer(engine, p01.token, placement, {"now": {"x": 0.1, "y": 0.1}})
    # The same person on a second phone becomes P03 and answers the same exercise later: that answer stays.
    _, p03 = write_tx(engine, participants.join_meeting, dm1["join_code"])
    _answer(engine, p03.token, placement, {"now": {"x": 0.9, "y": 0.8}})
    write_tx(engine, runs.close_exercise, placement)
    write_tx(engine, runs.open_exercise, actions_run)
    _answer(engine, p03.token, actions_run, {"actions": [{"what": "Ring til HR"}]})
    write_tx(engine, agenda.end_meeting, dm1["id"])
    write_tx(engine, agenda.start_meeting, nm1["id"])
    write_tx(engine, participants.join_meeting, nm1["join_code"], token=p03.token)
    write_tx(engine, participants.update_profile, p03.token, name=None, organisation="Firma A", group="sme")

    log = write_tx(engine, merges.merge_participants, programme, "p01", "P03", by="Anna (arrangør)")
    assert (log["kept_pseudonym"], log["merged_pseudonym"], log["merged_by"]) == ("P01", "P03", "Anna (arrangør)")
    assert log["moved"] == {"answers": 2, "earlier_answers_dropped": 1, "meetings": 2, "actions": 1}

    with engine.connect() as conn:
        people = (
            conn.execute(sa.select(participant_table.c.pseudonym).where(participant_table.c.programme_id == programme))
            .scalars()
            .all()
        )
        answers = conn.execute(
            sa.select(response_table.c.run_id, response_table.c.value).where(response_table.c.participant_id == p01.id)
        ).all()
        present = conn.execute(sa.select(attendance.c.meeting_id).where(attendance.c.participant_id == p01.id)).scalars().all()
        profile = conn.execute(sa.select(participant_table).where(participant_table.c.id == p01.id)).one()
    assert sorted(people) == ["P01", "P02"]  # P03 is gone
    assert {run: value.get("now", value) for run, value in answers} == {
        placement: {"x": 0.9, "y": 0.8},
        actions_run: {"actions": [{"what": "Ring til HR", "who": "", "organisation": "", "due": None}]},
    }
    assert [a["pseudonym"] for a in read_tx(engine, actions.list_actions, programme)] == ["P01"]
    assert sorted(present) == sorted([dm1["id"], nm1["id"]])
    assert (profile.organisation, profile.group) == ("Firma A", "sme")
    assert read_tx(engine, participants.participant_by_token, p01.token).pseudonym == "P01"
    with pytest.raises(Exception):  # noqa: B017 - the merged phone's token no longer exists
        read_tx(engine, participants.participant_by_token, p03.token)
    logged = read_tx(engine, merges.merge_log, programme)
    assert [(r["merged_pseudonym"], r["kept_pseudonym"], r["merged_by"]) for r in logged] == [("P03", "P01", "Anna (arrangør)")]
    assert abs(logged[0]["merged_at"] - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert other.pseudonym == "P02"


@pytest.mark.parametrize(
    ("keep", "merge", "by", "message"),
    [
        ("P01", "P01", "Anna", "Vælg to forskellige pseudonymer."),
        ("P01", "P99", "Anna", "Ingen deltager i forløbet hedder P99."),
        ("P01", "P02", "", None),
    ],
)
def test_a_refused_merge_changes_nothing(engine, bifrost_kit, keep, merge, by, message):
    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Nej")
    dm1 = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, dm1["id"])
    for _ in range(2):
        write_tx(engine, participants.join_meeting, dm1["join_code"])
    with pytest.raises(BrobyggerError) as info:
        write_tx(engine, merges.merge_participants, programme, keep, merge, by=by)
    if message:
        assert info.value.message("da") == message
    assert len(read_tx(engine, participants.attendees, dm1["id"])) == 2 and read_tx(engine, merges.merge_log, programme) == []


def test_a_person_on_a_new_phone_comes_back_with_their_personal_code(engine, bifrost_kit, monkeypatch):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from brobygger.phone import routes
    from brobygger.services import identity, throttle

    monkeypatch.setattr(routes, "engine_for", lambda: engine)
    client = TestClient(Starlette(routes=routes.phone_routes()))
    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Ny telefon")
    dm1, nm1 = read_tx(engine, programmes.list_meetings, programme)[:2]
    write_tx(engine, agenda.start_meeting, dm1["id"])
    old = client.post("/api/phone/join", json={"code": dm1["join_code"]}).json()
    code = old["state"]["me"]["personal_code"]
    assert code == identity.personal_code(old["t"]) and len(code) == 9 and code[4] == "-"
    write_tx(engine, agenda.end_meeting, dm1["id"])
    write_tx(engine, agenda.start_meeting, nm1["id"])
    new = client.post("/api/phone/join", json={"code": nm1["join_code"]}).json()  # a new phone: someone new (P02)
    assert new["state"]["me"]["pseudonym"] == "P02"

    wrong = client.post(
        "/api/phone/recover", json={"code": nm1["join_code"], "personal": "AAAA-AAAA", "t": new["t"], "lang": "da"}
    )
    assert wrong.status_code == 400 and wrong.json()["message"] == "Den personlige kode passer ikke. Tjek den og prøv igen."
    assert throttle.wait_seconds(engine, throttle.CODE_MISSES, "code", "testclient") == 0  # counted, not yet locked
    typed = code.lower().replace("-", " ")  # as a person might type it
    back = client.post("/api/phone/recover", json={"code": nm1["join_code"], "personal": typed, "t": new["t"], "lang": "da"})
    assert back.status_code == 200 and back.json()["t"] == old["t"] and back.json()["state"]["me"]["pseudonym"] == "P01"
    assert [p.pseudonym for p in read_tx(engine, participants.attendees, nm1["id"])] == ["P01"]  # no ghost P02
    with pytest.raises(BrobyggerError):
        read_tx(engine, participants.participant_by_token, new["t"])


def test_the_printed_sheet_shows_each_personal_code(engine, bifrost_kit):
    from brobygger.qr_sheet import qr_sheet_html
    from brobygger.services import identity

    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Ark")
    people = write_tx(engine, participants.register_participants, programme, "Anna; Firma A\nBo; Firma B")
    rows = [
        {"token": p.token, "pseudonym": p.pseudonym, "name": p.name, "personal_code": identity.personal_code(p.token)}
        for p in people
    ]
    sheet = qr_sheet_html(rows, "http://192.0.2.5:8501", "Ark")
    for person in people:
        assert identity.personal_code(person.token) in sheet
