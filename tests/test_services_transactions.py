"""What one transaction holds: screens read one snapshot, a change is all or nothing, revisions count it."""

from __future__ import annotations

import secrets

import pytest
import sqlalchemy as sa

from brobygger.errors import InvalidInput
from brobygger.services import agenda, participants, programmes, read_models, reading, responses, revisions, runs, writing
from brobygger.store import meetings
from brobygger.store import participants as participants_table
from brobygger.store import programmes as programmes_table
from tests.conftest import read_tx, write_tx


def _counters(engine, meeting_id):
    with engine.connect() as conn:
        row = conn.execute(sa.select(meetings.c.revision, meetings.c.state_revision).where(meetings.c.id == meeting_id)).one()
    return tuple(row)


def test_a_read_transaction_sees_one_moment(live):
    """A change committed while a screen is being read shows on the next refresh, never half-way."""
    engine, _, meeting, _ = live
    with reading(engine) as conn:
        before = read_models.meeting_state(conn, meeting["id"])
        revision = read_models.revision(conn, meeting["id"])
        write_tx(engine, agenda.set_show_qr, meeting["id"], False)  # another device, another connection
        assert read_models.revision(conn, meeting["id"]) == revision
        assert read_models.meeting_state(conn, meeting["id"])["meeting"]["show_qr"] == before["meeting"]["show_qr"] is True
    assert read_tx(engine, read_models.revision, meeting["id"]) == revision + 1
    assert read_tx(engine, read_models.meeting_state, meeting["id"])["meeting"]["show_qr"] is False


def test_meeting_state_has_the_open_run_and_the_present_count(live):
    engine, _, meeting, items = live
    run_id = items["scale"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    write_tx(engine, participants.join_meeting, meeting["join_code"])
    state = read_tx(engine, read_models.meeting_state, meeting["id"])
    assert state["current"]["id"] == items["welcome"]["id"]
    assert state["open_run"]["id"] == run_id and state["open_item"]["id"] == items["scale"]["id"]
    assert state["present"] == 1 and len(state["items"]) == len(items)


def test_answers_and_joins_bump_only_the_projectors_revision(live):
    engine, _, meeting, items = live
    run_id = items["scale"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    revision, state_revision = _counters(engine, meeting["id"])
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    write_tx(engine, responses.submit_response, person.token, run_id, {"value": 3})
    assert _counters(engine, meeting["id"]) == (revision + 2, state_revision)
    with writing(engine) as conn:
        revisions.bump(conn, meeting["id"])
    assert _counters(engine, meeting["id"]) == (revision + 3, state_revision + 1)


def test_a_programme_and_its_meetings_are_created_together_or_not_at_all(engine, bifrost_kit):
    with pytest.raises(RuntimeError), writing(engine) as conn:
        programmes.create_programme(conn, bifrost_kit, "Halvt")
        assert len(programmes.list_meetings(conn)) == 6  # the transaction sees its own meetings
        raise RuntimeError("the power went")
    assert read_tx(engine, programmes.list_programmes) == [] and read_tx(engine, programmes.list_meetings) == []


def test_a_bad_line_registers_nobody(engine, bifrost_kit):
    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Registrering", with_meetings=False)
    with pytest.raises(InvalidInput):
        write_tx(engine, participants.register_participants, programme, "Anna; Forlaget; sme\n;;")
    assert read_tx(engine, participants.registered_participants, programme) == []


def test_a_pseudonym_clash_is_retried_in_a_savepoint_of_the_same_transaction(engine, mini_kit, monkeypatch):
    """The insert that lost a race is rolled back alone; what the transaction did before it stays."""
    programme = write_tx(engine, programmes.create_programme, mini_kit, "Kapløb", with_meetings=False)
    taken = write_tx(engine, participants.add_participant, programme)
    tokens = iter([taken.token, "fresh-token-" + secrets.token_hex(8)])
    monkeypatch.setattr(participants.secrets, "token_urlsafe", lambda _n: next(tokens))
    with writing(engine) as conn:
        conn.execute(programmes_table.update().where(programmes_table.c.id == programme).values(name="Omdøbt"))
        person = participants.add_participant(conn, programme, name="Bo")
    assert person.pseudonym == "P02" and person.token.startswith("fresh-token-")
    assert read_tx(engine, programmes.get_programme, programme)["name"] == "Omdøbt"
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(participants_table)).scalar_one() == 2


def test_stepping_reads_and_moves_in_one_transaction(live):
    engine, _, meeting, items = live
    with writing(engine) as conn:
        assert agenda.step_item(conn, meeting["id"], 1) == items["place"]["id"]
        assert agenda.step_item(conn, meeting["id"], 1) == items["matrix"]["id"]  # sees its own first step
    assert read_tx(engine, programmes.get_meeting, meeting["id"])["current_item_id"] == items["matrix"]["id"]


def test_the_earlier_meetings_revision_moves_only_when_an_earlier_meeting_changes(engine, bifrost_kit):
    from brobygger.services import read_models

    programme = write_tx(engine, programmes.create_programme, bifrost_kit, "Før og nu")
    first, second = read_tx(engine, programmes.list_meetings, programme)[:2]
    assert read_tx(engine, read_models.earlier_revision, first["id"]) == 0  # nothing came before the first
    before = read_tx(engine, read_models.earlier_revision, second["id"])
    write_tx(engine, agenda.start_meeting, second["id"])  # a change now does not move it
    assert read_tx(engine, read_models.earlier_revision, second["id"]) == before
    write_tx(engine, agenda.start_meeting, first["id"])  # a change at the earlier meeting does
    assert read_tx(engine, read_models.earlier_revision, second["id"]) > before
