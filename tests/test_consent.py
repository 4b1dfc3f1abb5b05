"""Consent to research use: who is in the research exports, what the counts say, the audit log, the phone's
route and texts, and organisers' workbooks that leave out decliners' answers."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest

from brobygger.errors import InvalidInput
from brobygger.export.meeting_workbook import meeting_workbook
from brobygger.export.statistics import research_statistics
from brobygger.export.tidy import tidy_zip
from brobygger.phone.state import phone_state
from brobygger.research_info import FULL, SHORT, research_text
from brobygger.services import actions, agenda, consent, participants, processes, programmes, records, responses, runs
from tests.conftest import read_tx, write_tx

SPOTS = [(0.2, 0.2), (0.8, 0.9), (0.3, 0.7)]


@pytest.fixture(autouse=True)
def every_group_shown(monkeypatch):
    monkeypatch.setenv("BROBYGGER_MIN_GROUP_SIZE", "1")


@pytest.fixture
def bifrost(engine, bifrost_kit):
    """DM1 of Bifrost: P01 consents, P02 declines, P03 never answers; each places themselves, writes an
    action and a log entry."""
    programme_id = write_tx(engine, programmes.create_programme, bifrost_kit, "Forskning")
    dm1 = next(m for m in read_tx(engine, programmes.list_meetings, programme_id) if m["template_id"] == "dm1")
    write_tx(engine, agenda.start_meeting, dm1["id"])
    people = []
    for group, choice in (("advisor", True), ("sme", False), ("sme", None)):
        _, person = write_tx(engine, participants.join_meeting, dm1["join_code"])
        write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group=group)
        if choice is not None:
            write_tx(engine, consent.set_consent, person.token, choice)
        people.append(person)
    items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, dm1["id"])}
    placement = items["role-placement"]["run"]["id"]
    write_tx(engine, runs.open_exercise, placement)
    for person, (x, y) in zip(people, SPOTS, strict=True):
        write_tx(engine, responses.submit_response, person.token, placement, {"now": {"x": x, "y": y}})
    run = items["actions"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run)
    for person in people:
        write_tx(engine, responses.submit_response, person.token, run, {"actions": [{"what": f"Opgave {person.pseudonym}"}]})
    for person in people:
        write_tx(
            engine,
            processes.log_entry,
            None,
            bifrost_kit,
            theme="stress-policy",
            phase="way-in",
            helped=f"Hjalp {person.pseudonym}",
            participant_id=person.id,
            programme_id=programme_id,
            new_process=(f"Enhed {person.pseudonym}", "Firma"),
        )
    return engine, programme_id, dm1, people


def _research_zip(engine, programme_id, tmp_path) -> Path:
    record = read_tx(engine, records.programme_record, programme_id, "research")
    folder = tmp_path / "zip"
    with zipfile.ZipFile(io.BytesIO(tidy_zip(record.meetings, record))) as archive:
        archive.extractall(folder)
    return folder


def _pseudonyms_in(folder: Path) -> set[str]:
    """Every pseudonym in any file of the research data, the consent log aside."""
    found = set()
    for path in folder.glob("*.csv"):
        if path.name == "consent_log.csv":
            continue
        frame = pd.read_csv(path, keep_default_na=False, dtype=str)
        if "pseudonym" in frame:
            found |= set(frame["pseudonym"]) - {""}
    return found


def test_people_who_did_not_consent_are_in_no_research_file_and_the_counts_say_so(bifrost, tmp_path):
    engine, programme_id, _, _people = bifrost
    folder = _research_zip(engine, programme_id, tmp_path)
    assert _pseudonyms_in(folder) == {"P01"}
    answers = pd.read_csv(folder / "responses.csv", keep_default_na=False)
    assert set(answers["pseudonym"]) == {"P01"} and "0.2" in set(answers["value"])
    assert list(pd.read_csv(folder / "wide.csv")["pseudonym"]) == ["P01"]
    assert list(pd.read_csv(folder / "actions.csv")["what"]) == ["Opgave P01"]
    assert list(pd.read_csv(folder / "process_entries.csv")["helped"]) == ["Hjalp P01"]
    counts = pd.read_csv(folder / "consent_counts.csv")
    assert dict(zip(counts["status"], counts["participants"], strict=True)) == {"included": 1, "declined": 1, "not_answered": 1}
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "Of 3 participants, 1\nconsented and are included; 2 are left out: 1 declined or withdrew, and 1" in readme
    frictionless = Path(sys.executable).parent / "frictionless"
    done = subprocess.run([str(frictionless), "validate", "datapackage.json"], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    sav, dta = research_statistics(read_tx(engine, records.programme_record, programme_id, "research"))
    for data, suffix, reader in ((sav, "sav", pyreadstat.read_sav), (dta, "dta", pyreadstat.read_dta)):
        path = tmp_path / f"wide.{suffix}"
        path.write_bytes(data)
        frame, meta = reader(str(path))
        assert list(frame["pseudonym"]) == ["P01"]
        assert meta.file_label == "Consenting participants only: 1 included, 2 left out"


def test_a_meetings_research_zip_holds_only_consenting_people_too(bifrost, tmp_path):
    engine, _, dm1, _ = bifrost
    record = read_tx(engine, records.meeting_record, dm1["id"], "research")
    with zipfile.ZipFile(io.BytesIO(tidy_zip([record]))) as archive:
        archive.extractall(tmp_path)
    assert _pseudonyms_in(tmp_path) == {"P01"}
    assert (tmp_path / "consent_counts.csv").read_text().splitlines()[1:] == ["included,1", "declined,1", "not_answered,1"]


def test_a_withdrawal_takes_effect_in_the_next_export_and_is_in_the_audit_log(bifrost, tmp_path):
    engine, programme_id, _, people = bifrost
    before = _research_zip(engine, programme_id, tmp_path / "before")
    assert _pseudonyms_in(before) == {"P01"}
    write_tx(engine, consent.set_consent, people[0].token, False)  # P01 withdraws
    write_tx(engine, consent.set_consent, people[1].token, True)  # P02 changes their mind
    after = _research_zip(engine, programme_id, tmp_path / "after")
    assert _pseudonyms_in(after) == {"P02"}
    log = pd.read_csv(after / "consent_log.csv")
    assert list(zip(log["pseudonym"], log["consent"], log["source"], strict=True)) == [
        ("P01", 1, "phone"),
        ("P02", 0, "phone"),
        ("P01", 0, "phone"),
        ("P02", 1, "phone"),
    ]
    assert log["at"].is_monotonic_increasing
    assert read_tx(engine, consent.counts, programme_id) == {"consented": 1, "declined": 1, "not_answered": 1}


def test_a_choice_that_is_not_yes_or_no_is_refused_and_changes_nothing(bifrost):
    engine, programme_id, _, people = bifrost
    with pytest.raises(InvalidInput) as refused:
        write_tx(engine, consent.set_consent, people[0].token, "yes")
    assert refused.value.message("en") == "Choose yes or no to the research."
    assert read_tx(engine, consent.choice_of, people[0].id).consent is True
    assert len(read_tx(engine, consent.consent_log, programme_id)) == 2


def test_the_phone_route_stores_the_choice_and_refuses_bad_bodies_in_the_persons_language(room):
    client, _engine, meeting, _ = room
    joined = client.post("/api/phone/join", json={"code": meeting["join_code"]}).json()
    assert joined["state"]["consent"]["choice"] is None and joined["state"]["consent"]["short"] == SHORT["da"]
    bad = client.post("/api/phone/consent", json={"t": joined["t"], "consent": 1, "lang": "en"})
    assert (bad.status_code, bad.json()["message"]) == (400, "Choose yes or no to the research.")
    good = client.post("/api/phone/consent", json={"t": joined["t"], "consent": False})
    assert good.status_code == 200 and good.json()["choice"] is False and good.json()["at"]
    state = client.get(f"/api/phone/state?code={meeting['join_code']}", headers={"x-brobygger-token": joined["t"]}).json()
    assert state["consent"]["choice"] is False
    unknown = client.post("/api/phone/consent", json={"t": "x" * 30, "consent": True})
    assert unknown.status_code == 403


@pytest.mark.parametrize("lang", ["da", "en", "sv", "nn"])
def test_the_default_research_information_covers_what_a_data_protection_officer_asks(lang):
    text = research_text(lang)
    assert text.short == SHORT[lang] and len(text.full) == 8
    assert all(heading and len(body) > 40 for heading, body in text.full[:-1])
    whole = " ".join(body for _, body in text.full)
    assert "6" in whole and ("a)" in whole or "(a)" in whole or "a " in whole)  # the lawful basis, GDPR art. 6(1)(a)


def test_norwegian_bokmal_reads_the_nynorsk_text_and_a_kits_own_text_wins():
    assert research_text("nb").short == SHORT["nn"]
    own = research_text("en", "da", {"da": "Kort", "en": "Short"}, {"da": "Lang", "en": "Long"})
    assert (own.short, own.full) == ("Short", [("", "Long")])
    assert set(FULL) == {"da", "en", "sv", "nn"}


def test_the_phone_shows_the_research_text_in_the_phones_language(bifrost):
    engine, _, dm1, people = bifrost
    for lang in ("da", "en", "sv", "nn"):
        view = read_tx(engine, phone_state, dm1["id"], people[2].token, lang)
        expected = SHORT[lang] if lang in view["languages"] else SHORT["da"]
        assert view["consent"]["short"] == expected and view["consent"]["choice"] is None


def test_workbooks_count_everyone_but_leave_out_the_answers_of_people_who_declined(bifrost):
    engine, _, dm1, _ = bifrost
    record = read_tx(engine, records.meeting_record, dm1["id"], "workbook")
    placement = next(e for e in record.exercises if e.item_id == "role-placement")
    assert [a.pseudonym for a in placement.answers] == ["P01", "P03"] and placement.withheld == 1
    assert [p["pseudonym"] for p in record.attendees] == ["P01", "P02", "P03"]
    book = openpyxl.load_workbook(io.BytesIO(meeting_workbook(record, ui_lang="en")))
    overview = [[c.value for c in row] for row in book["Overview"].iter_rows()]
    assert ["Answers left out (declined research use)", 2] in [row[:2] for row in overview]
    rate = next(row for row in overview if row[2] == "Placement")  # answered, present: everyone counted
    assert rate[3:5] == [3, 3]
    everything = read_tx(engine, records.meeting_record, dm1["id"])
    assert [a.pseudonym for a in next(e for e in everything.exercises if e.item_id == "role-placement").answers] == [
        "P01",
        "P02",
        "P03",
    ]


def test_actions_of_people_who_declined_still_reach_the_follow_up(bifrost):
    engine, programme_id, _, _ = bifrost
    assert [a["what"] for a in read_tx(engine, actions.list_actions, programme_id)] == ["Opgave P01", "Opgave P02", "Opgave P03"]
