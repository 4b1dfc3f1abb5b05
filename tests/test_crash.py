"""Pull the plug on the real server while phones answer: nothing acknowledged is lost, and the room carries on."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from brobygger.devserver import AppProcess
from brobygger.services import agenda, programmes, read_models, responses, runs
from brobygger.store import engine_for, make_engine
from tests.conftest import read_tx, write_tx

pytestmark = pytest.mark.slow


def _call(url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["X-Brobygger-Token"] = token
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers=headers,
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_kill_9_while_phones_answer_loses_no_acknowledged_answer(tmp_path, mini_kit):
    server = AppProcess(tmp_path).start()
    engine = engine_for(server.database_url)
    programme = write_tx(engine, programmes.create_programme, mini_kit, "Strømsvigt")
    meeting = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    scale = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "scale")
    write_tx(engine, agenda.go_to_item, meeting["id"], scale["id"])
    write_tx(engine, runs.open_exercise, scale["run"]["id"])
    run_id = scale["run"]["id"]

    phones = []
    for _ in range(12):
        status, body = _call(f"{server.url}/api/phone/join", {"code": meeting["join_code"]})
        assert status == 200
        phones.append({"token": body["t"], "pseudonym": body["state"]["me"]["pseudonym"], "acked": None, "after_ack": []})
    stop = threading.Event()

    def answer(phone: dict) -> None:
        value = 1
        while not stop.is_set():
            value = value % 5 + 1
            phone["after_ack"].append(value)
            try:
                status, _ = _call(
                    f"{server.url}/api/phone/answer", {"t": phone["token"], "run_id": run_id, "answer": {"value": value}}
                )
            except (OSError, ValueError):
                time.sleep(0.05)
                continue
            if status == 200:
                phone["acked"], phone["after_ack"] = value, []

    threads = [threading.Thread(target=answer, args=(phone,)) for phone in phones]
    for thread in threads:
        thread.start()
    # Kill once every phone has had an answer acknowledged (however loaded the machine is), with more in flight.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(phone["acked"] is not None for phone in phones):
        time.sleep(0.05)
    time.sleep(0.5)
    server.kill()  # mid-answer, no goodbye
    time.sleep(0.3)
    stop.set()
    for thread in threads:
        thread.join()
    assert all(phone["acked"] is not None for phone in phones), "every phone got at least one answer through"

    restarted = AppProcess(tmp_path, database_url=server.database_url).start()
    try:
        fresh = make_engine(server.database_url)
        stored = {row.pseudonym: row.value["value"] for row in read_tx(fresh, responses.response_rows, run_id)}
        for phone in phones:
            # the last acknowledged answer, or one sent after it whose reply the crash swallowed
            assert stored[phone["pseudonym"]] in [phone["acked"], *phone["after_ack"]], phone
        state = read_tx(fresh, read_models.meeting_state, meeting["id"])
        assert state["meeting"]["current_item_id"] == scale["id"] and state["open_run"]["id"] == run_id
        # phones reconnect with the token they keep and carry on as the same person
        phone = phones[0]
        status, body = _call(f"{restarted.url}/api/phone/join", {"code": meeting["join_code"], "t": phone["token"]})
        assert status == 200 and body["state"]["me"]["pseudonym"] == phone["pseudonym"]
        assert body["state"]["exercise"]["run_id"] == run_id and body["state"]["exercise"]["state"] == "open"
        status, _ = _call(f"{restarted.url}/api/phone/answer", {"t": phone["token"], "run_id": run_id, "answer": {"value": 5}})
        assert status == 200
        assert {r.pseudonym: r.value["value"] for r in read_tx(fresh, responses.response_rows, run_id)}[phone["pseudonym"]] == 5
        assert len(read_tx(fresh, responses.response_rows, run_id)) == 12  # one answer per person, none doubled
    finally:
        restarted.stop()
