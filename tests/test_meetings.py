"""Services: programmes from kits, running a meeting, answers kept or refused with nothing written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from brobygger.errors import (
    ExerciseClosed,
    ExerciseNotOpen,
    InvalidInput,
    InvalidResponse,
    MeetingClosed,
    UnknownCode,
    UnknownToken,
)
from brobygger.services import actions, agenda, participants, programmes, read_models, responses, runs
from brobygger.store import actions as actions_table
from brobygger.store import responses as responses_table
from tests.conftest import read_tx, write_tx


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_bifrost_programme_has_six_meetings_with_copied_agendas(engine, bifrost_kit):
    programme_id = write_tx(engine, programmes.create_programme, bifrost_kit, "Bifrost 2027, region Midt")
    rows = read_tx(engine, programmes.list_meetings, programme_id)
    assert [r["template_id"] for r in rows] == ["dm1", "nm1", "dm2", "nm2", "dm3", "nm3"]
    assert [r["kind"] for r in rows] == ["development", "network"] * 3
    assert len({r["join_code"] for r in rows}) == 6
    for row in rows:
        assert len(row["join_code"]) == 6 and set(row["join_code"]) <= set(programmes.CODE_ALPHABET)
        items = read_tx(engine, agenda.agenda, row["id"])
        template = bifrost_kit.meeting(row["template_id"])
        assert [i["template_item_id"] for i in items] == [a.id for a in template.agenda]
        assert items[-1]["run"] is not None or any(i["template_item_id"] == "evaluation" and i["run"] for i in items)
    dm1 = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, rows[0]["id"])}
    assert dm1["role-placement"]["exercise"]["type"] == "placement"
    assert dm1["principle-matrix"]["exercise"]["statements"][0]["label"]["en"]  # filled from the catalogue


def test_edit_agenda_item_changes_the_meeting_not_the_template(live, mini_kit):
    engine, _, meeting, items = live
    before = read_tx(engine, read_models.revision, meeting["id"])
    write_tx(engine, agenda.edit_agenda_item, items["welcome"]["id"], minutes=12, title={"da": "Goddag", "en": "Hello"})
    after = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}["welcome"]
    assert after["minutes"] == 12 and after["title"] == {"da": "Goddag", "en": "Hello"}
    assert read_tx(engine, read_models.revision, meeting["id"]) == before + 1
    assert mini_kit.meeting("m1").agenda[0].minutes == 5
    with pytest.raises(InvalidInput):
        write_tx(engine, agenda.edit_agenda_item, items["welcome"]["id"], minutes=0)


def test_agenda_steps_record_actual_times(live):
    engine, _, meeting, items = live
    assert read_tx(engine, programmes.get_meeting, meeting["id"])["current_item_id"] == items["welcome"]["id"]
    assert write_tx(engine, agenda.step_item, meeting["id"], +1) == items["place"]["id"]
    assert write_tx(engine, agenda.step_item, meeting["id"], -1) == items["welcome"]["id"]
    assert write_tx(engine, agenda.step_item, meeting["id"], -1) is None
    by_item = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}
    assert by_item["place"]["started_at"] is not None and by_item["place"]["ended_at"] is not None
    assert by_item["welcome"]["ended_at"] is None  # current again
    write_tx(engine, agenda.extend_item, items["welcome"]["id"], 5)
    assert read_tx(engine, agenda.agenda, meeting["id"])[0]["extra_minutes"] == 5


def test_answer_is_stored_replaced_and_counted(live):
    engine, _, meeting, items = live
    run_id = items["scale"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    write_tx(engine, responses.submit_response, person.token, run_id, {"value": 2})
    write_tx(engine, responses.submit_response, person.token, run_id, {"value": 4})
    assert _count(engine, responses_table) == 1
    result = read_tx(engine, runs.results, run_id)
    assert result["answered"] == 1 and result["present"] == 1 and result["summary"]["distribution"] == {4: 1}
    assert read_tx(engine, responses.own_response, person.token, run_id)["value"] == {"value": 4}


def test_rejoining_with_the_token_keeps_the_person(live):
    engine, _programme_id, meeting, _ = live
    _, first = write_tx(engine, participants.join_meeting, meeting["join_code"])
    _, again = write_tx(engine, participants.join_meeting, meeting["join_code"].lower(), token=first.token)
    assert again.id == first.id and again.pseudonym == "P01"
    _, other = write_tx(engine, participants.join_meeting, meeting["join_code"])
    assert other.pseudonym == "P02"
    assert [p.pseudonym for p in read_tx(engine, participants.attendees, meeting["id"])] == ["P01", "P02"]


def test_late_answer_after_close_is_refused_and_nothing_written(live):
    engine, _, meeting, items = live
    run_id = items["scale"]["run"]["id"]
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    with pytest.raises(ExerciseNotOpen):
        write_tx(engine, responses.submit_response, person.token, run_id, {"value": 3})
    write_tx(engine, runs.open_exercise, run_id)
    write_tx(engine, responses.submit_response, person.token, run_id, {"value": 3})
    write_tx(engine, runs.close_exercise, run_id)
    revision = read_tx(engine, read_models.revision, meeting["id"])
    with pytest.raises(ExerciseClosed) as info:
        write_tx(engine, responses.submit_response, person.token, run_id, {"value": 5})
    assert info.value.message("en") == "This exercise is closed. Your answer was not saved."
    assert read_tx(engine, responses.own_response, person.token, run_id)["value"] == {"value": 3}
    assert read_tx(engine, read_models.revision, meeting["id"]) == revision


def test_invalid_answer_and_unknown_token_write_nothing(live):
    engine, _, meeting, items = live
    run_id = items["matrix"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    revision = read_tx(engine, read_models.revision, meeting["id"])
    with pytest.raises(InvalidResponse) as info:
        write_tx(engine, responses.submit_response, person.token, run_id, {"ratings": {"p1": {"today": 7}}})
    assert info.value.message("da") == "Værdien 7 ligger uden for 1-5."
    with pytest.raises(UnknownToken):
        write_tx(engine, responses.submit_response, "x" * 32, run_id, {"ratings": {"p1": {"today": 3}}})
    with pytest.raises(UnknownToken):
        write_tx(engine, responses.submit_response, "short", run_id, {"ratings": {"p1": {"today": 3}}})
    assert _count(engine, responses_table) == 0
    assert read_tx(engine, read_models.revision, meeting["id"]) == revision


def test_token_of_another_programme_cannot_answer(live, mini_kit):
    engine, _, _meeting, items = live
    other_programme = write_tx(engine, programmes.create_programme, mini_kit, "Andet forløb")
    stranger = write_tx(engine, participants.add_participant, other_programme)
    run_id = items["scale"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    with pytest.raises(UnknownToken):
        write_tx(engine, responses.submit_response, stranger.token, run_id, {"value": 3})
    assert _count(engine, responses_table) == 0


def test_opening_one_exercise_closes_the_other(live):
    engine, _, _, items = live
    write_tx(engine, runs.open_exercise, items["scale"]["run"]["id"])
    write_tx(engine, runs.open_exercise, items["text"]["run"]["id"])
    states = {
        i["template_item_id"]: i["run"]["state"] for i in read_tx(engine, agenda.agenda, items["scale"]["meeting_id"]) if i["run"]
    }
    assert states["scale"] == "closed" and states["text"] == "open"


def test_reset_starts_a_fresh_run(live):
    engine, _, meeting, items = live
    run_id = items["scale"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    write_tx(engine, responses.submit_response, person.token, run_id, {"value": 3})
    new_run = write_tx(engine, runs.reset_exercise, run_id)
    by_item = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}
    assert by_item["scale"]["run"]["id"] == new_run and by_item["scale"]["run"]["state"] == "draft"
    assert read_tx(engine, runs.results, new_run)["answered"] == 0
    with pytest.raises(ExerciseClosed):
        write_tx(engine, responses.submit_response, person.token, run_id, {"value": 3})


def test_actions_answer_becomes_programme_actions(live):
    engine, programme_id, meeting, items = live
    run_id = items["actions"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    write_tx(engine, responses.submit_response, person.token, run_id, {"actions": [{"what": "Ring til HR", "due": "2027-02-01"}]})
    write_tx(
        engine,
        responses.submit_response,
        person.token,
        run_id,
        {"actions": [{"what": "Møde med ledelsen"}, {"what": "Stresspolitik"}]},
    )
    listed = read_tx(engine, actions.list_actions, programme_id)
    assert [a["what"] for a in listed] == ["Møde med ledelsen", "Stresspolitik"]
    assert {a["pseudonym"] for a in listed} == {"P01"} and _count(engine, actions_table) == 2


def test_codes_unknown_malformed_and_closed(live):
    engine, _, meeting, _ = live
    with pytest.raises(UnknownCode):
        read_tx(engine, programmes.meeting_by_code, "ZZZZZZ")
    with pytest.raises(UnknownCode):
        read_tx(engine, programmes.meeting_by_code, "'; DROP TABLE meetings; --")
    assert (
        read_tx(engine, programmes.meeting_by_code, " " + meeting["join_code"].lower()[:3] + "-" + meeting["join_code"][3:])["id"]
        == meeting["id"]
    )
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    write_tx(engine, agenda.end_meeting, meeting["id"])
    with pytest.raises(MeetingClosed):  # said to the people who were there
        write_tx(engine, participants.join_meeting, meeting["join_code"], person.token)
    with pytest.raises(UnknownCode):  # to anyone else, an ended meeting is a code that does not exist
        write_tx(engine, participants.join_meeting, meeting["join_code"])


@pytest.mark.parametrize("typed", ["O", "0", "I", "L", "1", "S", "5", "B", "8", "Z", "2", "q", "t", "a"])
def test_every_lookalike_is_read_as_a_character_of_the_alphabet(typed):
    assert len(programmes.CODE_ALPHABET) == 25 and programmes.CODE_LENGTH == 6
    normalised = programmes.normalise_code(typed)
    assert len(normalised) == 1 and normalised in programmes.CODE_ALPHABET


def test_a_retried_join_with_the_same_key_is_the_same_person_and_counted_once(live):
    engine, _, meeting, _ = live
    key = "k" * 24
    _, first = write_tx(engine, participants.join_meeting, meeting["join_code"], None, key)
    _, again = write_tx(engine, participants.join_meeting, meeting["join_code"], None, key)  # the reply was lost
    _, other = write_tx(engine, participants.join_meeting, meeting["join_code"], None, "m" * 24)
    assert again.token == first.token and again.pseudonym == "P01" and other.pseudonym == "P02"
    assert len(read_tx(engine, participants.attendees, meeting["id"])) == 2


def test_profile_group_is_checked(live):
    engine, _, meeting, _ = live
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    updated = write_tx(engine, participants.update_profile, person.token, name=" Anna ", organisation="Forlaget", group="sme")
    assert (updated.name, updated.organisation, updated.group) == ("Anna", "Forlaget", "sme")
    with pytest.raises(InvalidInput):
        write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group="boss")
    assert read_tx(engine, participants.participant_by_token, person.token).group == "sme"


def test_a_second_reset_of_the_same_run_is_refused(live):
    """A laptop and a phone remote both press Reset: one fresh run, never two live ones."""
    engine, _, meeting, items = live
    run_id = items["scale"]["run"]["id"]
    fresh = write_tx(engine, runs.reset_exercise, run_id)
    with pytest.raises(ExerciseClosed):
        write_tx(engine, runs.reset_exercise, run_id)
    current = [i["run"]["id"] for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "scale"]
    assert current == [fresh]
    with engine.connect() as conn:
        from brobygger.store import exercise_runs

        live_runs = conn.execute(
            sa.select(sa.func.count()).where(
                exercise_runs.c.agenda_item_id == items["scale"]["id"], exercise_runs.c.discarded.is_(False)
            )
        ).scalar_one()
    assert live_runs == 1


def test_a_room_joining_at_once_gets_unique_pseudonyms(live):
    """Sixty phones scan the QR code in the same second: everyone gets in, no pseudonym twice."""
    from concurrent.futures import ThreadPoolExecutor

    engine, _, meeting, _ = live
    with ThreadPoolExecutor(max_workers=20) as pool:
        people = list(pool.map(lambda _: write_tx(engine, participants.join_meeting, meeting["join_code"])[1], range(60)))
    pseudonyms = sorted(p.pseudonym for p in people)
    assert len(set(pseudonyms)) == 60 and pseudonyms[0] == "P01" and pseudonyms[-1] == "P60"
    assert len(read_tx(engine, participants.attendees, meeting["id"])) == 60


def test_a_kits_own_groups_are_the_choices_and_split_the_results(engine):
    from brobygger.kits import KITS_DIR, load_kit

    kit = load_kit(KITS_DIR / "bronderslev")
    programme = write_tx(engine, programmes.create_programme, kit, "Brønderslev")
    assert [g["id"] for g in read_tx(engine, programmes.programme_groups, programme)][:2] == ["workplace-1", "workplace-2"]
    meeting = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    with pytest.raises(InvalidInput):
        write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group="advisor")
    write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group="workplace-4")
    item = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "priorities")
    write_tx(engine, runs.open_exercise, item["run"]["id"])
    order = [i["id"] for i in item["exercise"]["items"]]
    write_tx(engine, responses.submit_response, person.token, item["run"]["id"], {"order": order})
    result = read_tx(engine, runs.results, item["run"]["id"])
    assert result["summary"]["groups"][-1] == "none" and "workplace-4" in result["summary"]["groups"]
    assert [g["label"]["da"] for g in result["groups"]][4] == "Arbejdsplads 5"


def test_a_room_answering_at_once_keeps_one_answer_each_and_the_count_matches(live):
    """Forty people answer in the same second, each twice at once (a double tap): no error reaches anyone,
    one stored answer per person, and the projector's count equals the stored rows."""
    from concurrent.futures import ThreadPoolExecutor

    engine, _, meeting, items = live
    run_id = items["scale"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    people = [write_tx(engine, participants.join_meeting, meeting["join_code"])[1] for _ in range(40)]
    jobs = [(person, value) for person in people for value in (2, 4)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(
            pool.map(lambda job: write_tx(engine, responses.submit_response, job[0].token, run_id, {"value": job[1]}), jobs)
        )
    assert len(results) == 80
    assert _count(engine, responses_table) == 40
    shown = read_tx(engine, runs.results, run_id)
    assert shown["answered"] == 40 and sum(shown["summary"]["distribution"].values()) == 40
    assert set(shown["summary"]["distribution"]) <= {2, 4}


def test_a_returning_participant_is_the_same_person_at_the_next_meeting_whichever_code(live):
    engine, programme_id, dm1, _ = live
    nm1 = read_tx(engine, programmes.list_meetings, programme_id)[1]
    _, p06 = write_tx(engine, participants.join_meeting, dm1["join_code"].lower(), None, "a" * 20)
    write_tx(engine, agenda.end_meeting, dm1["id"])
    write_tx(engine, agenda.start_meeting, nm1["id"])
    # At the next meeting the phone scans the room's code: it has no token for that code, only the ones it keeps.
    _, back = write_tx(engine, participants.join_meeting, nm1["join_code"], None, "b" * 20, known=["x" * 30, p06.token])
    assert back.token == p06.token and back.pseudonym == p06.pseudonym
    assert [p.pseudonym for p in read_tx(engine, participants.attendees, nm1["id"])] == [p06.pseudonym]
