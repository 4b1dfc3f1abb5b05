"""An action's follow-up history: every status set, by whom, at which meeting, kept and exported for research."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from brobygger.export.tidy import tidy_zip
from brobygger.services import actions, agenda, consent, participants, programmes, records, responses, runs
from tests.conftest import read_tx, write_tx


def test_each_status_change_is_kept_with_who_when_and_the_line_and_reaches_the_research_zip(engine, bifrost_kit):
    programme_id = write_tx(engine, programmes.create_programme, bifrost_kit, "Historik")
    meetings = {m["template_id"]: m for m in read_tx(engine, programmes.list_meetings, programme_id)}
    dm1, nm1, dm2 = meetings["dm1"], meetings["nm1"], meetings["dm2"]
    write_tx(engine, agenda.start_meeting, dm1["id"])
    _, person = write_tx(engine, participants.join_meeting, dm1["join_code"])
    write_tx(engine, consent.set_consent, person.token, True)
    run = next(i for i in read_tx(engine, agenda.agenda, dm1["id"]) if i["template_item_id"] == "actions")["run"]["id"]
    write_tx(engine, runs.open_exercise, run)
    write_tx(engine, responses.submit_response, person.token, run, {"actions": [{"what": "Stresspolitik i udkast"}]})
    write_tx(engine, agenda.end_meeting, dm1["id"])
    action = read_tx(engine, actions.list_actions, programme_id)[0]

    write_tx(engine, agenda.start_meeting, nm1["id"])
    write_tx(engine, actions.follow_up_action, action["id"], "not-yet", "Venter på HR", meeting_id=nm1["id"], token=person.token)
    write_tx(engine, agenda.end_meeting, nm1["id"])
    write_tx(engine, agenda.start_meeting, dm2["id"])
    write_tx(engine, actions.follow_up_action, action["id"], "partly", "Første udkast", meeting_id=dm2["id"], token=person.token)
    write_tx(engine, actions.follow_up_action, action["id"], "done", "Vedtaget", meeting_id=dm2["id"])  # the moderator

    history = read_tx(engine, actions.follow_up_history, programme_id)
    assert [(h["meeting"], h["pseudonym"], h["status"], h["follow_up"]) for h in history] == [
        ("nm1", "P01", "not-yet", "Venter på HR"),
        ("dm2", "P01", "partly", "Første udkast"),
        ("dm2", None, "done", "Vedtaget"),
    ]
    assert history[0]["created_at"] <= history[1]["created_at"] <= history[2]["created_at"]
    assert read_tx(engine, actions.list_actions, programme_id)[0]["status"] == "done"  # the current status as before

    record = read_tx(engine, records.programme_record, programme_id, "research")
    archive = zipfile.ZipFile(io.BytesIO(tidy_zip(record.meetings, record)))
    table = pd.read_csv(archive.open("action_history.csv"), keep_default_na=False)
    assert table[["action_id", "meeting", "pseudonym", "status", "status_label_da", "follow_up"]].values.tolist() == [
        [action["id"], "nm1", "P01", "not-yet", "ikke endnu", "Venter på HR"],
        [action["id"], "dm2", "P01", "partly", "delvist", "Første udkast"],
        [action["id"], "dm2", "", "done", "gjort", "Vedtaget"],
    ]

    write_tx(engine, consent.set_consent, person.token, False)  # withdrawn: the action and its history go too
    record = read_tx(engine, records.programme_record, programme_id, "research")
    assert record.actions == [] and record.action_history == []
