"""Guessing join codes: one answer for every miss, counted on every path, a room behind one address still gets in."""

from __future__ import annotations

import os
import socket

import pytest
import sqlalchemy as sa

from brobygger.services import agenda, participants, programmes, throttle
from brobygger.store import throttle_counters
from tests.conftest import read_tx, write_tx
from tests.test_phone_api import _join, _misses

UNKNOWN = (404, "error.unknown_code")


def _other_programme(engine, mini_kit):
    other = write_tx(engine, programmes.create_programme, mini_kit, "Andet forløb")
    meeting = read_tx(engine, programmes.list_meetings, other)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    return meeting


def test_every_path_gives_one_answer_for_no_such_code_and_a_token_that_does_not_fit(room, mini_kit):
    client, engine, meeting, _ = room
    _, mine = _join(client, meeting["join_code"])
    other = _other_programme(engine, mini_kit)
    _, stranger = _join(client, other["join_code"])
    code = meeting["join_code"]

    def state(code, token):
        return client.get("/api/phone/state", params={"code": code, "rev": 0}, headers={"X-Brobygger-Token": token})

    def follow_up(code, token):
        return client.post("/api/phone/follow-up", json={"t": token, "code": code, "action_id": 1, "status": "done"})

    cases = [
        lambda: client.post("/api/phone/join", json={"code": "ZZZZZZ"}),
        lambda: client.post("/api/phone/join", json={"code": "QQQQQQ", "t": mine["t"]}),
        lambda: state("QQQQQQ", mine["t"]),  # no such code, real token
        lambda: state(code, "A" * 32),  # real code, forged token
        lambda: state(code, stranger["t"]),  # real code, another programme's token
        lambda: state(code, ""),
        lambda: follow_up("QQQQQQ", mine["t"]),
        lambda: follow_up(other["join_code"], mine["t"]),  # a meeting of another programme
        lambda: follow_up(code, "A" * 32),
    ]
    for number, case in enumerate(cases, start=1):
        response = case()
        assert (response.status_code, response.json()["error"]) == UNKNOWN, number
        assert response.json()["message"] == "Koden findes ikke. Tjek de seks tegn på skærmen og prøv igen."
        assert _misses(engine) == number
    # An ended meeting is the same to anyone who was not there.
    write_tx(engine, agenda.end_meeting, meeting["id"])
    assert client.post("/api/phone/join", json={"code": code}).status_code == 404
    assert state(code, "A" * 32).status_code == 404
    assert state(code, mine["t"]).json()["ended"] == "Mødet er afsluttet. Tak for din deltagelse."


def test_a_room_of_300_behind_one_address_gets_in_while_a_script_is_stopped(room):
    client, engine, meeting, _ = room
    code = meeting["join_code"]
    # A third of the room mistypes once while arriving: 100 misses in a few minutes, 40 of them in this one.
    for n in range(100):
        throttle.count_miss(engine, throttle.CODE_MISSES if n < 40 else throttle.CODE_MISSES[1:], "code", "testclient")
    tokens = []
    for n in range(300):
        status, body = _join(client, code, k=f"phone-key-{n:06d}-xxxxxx")
        assert status == 200, (n, body)
        tokens.append(body["t"])
    assert len(read_tx(engine, participants.attendees, meeting["id"])) == 300
    # A script now tries codes from the same address: stopped within the minute's limit.
    statuses = [_join(client, f"ZZZZ{n:02d}")[0] for n in range(30)]
    assert statuses.count(404) == throttle.CODE_MISSES[0].amount - 40 and statuses[-1] == 429
    # From that address, the right code gives a newcomer the same answer as a wrong one ...
    status, body = _join(client, code, lang="en")
    assert status == 429 and body["message"].startswith("Too many wrong codes from this connection. Try again in 1 min.")
    # ... but everyone already in keeps working: rejoining by token or by the join key, and polling.
    assert _join(client, code, t=tokens[7])[1]["t"] == tokens[7]
    assert _join(client, code, k="phone-key-000042-xxxxxx")[1]["t"] == tokens[42]
    poll = client.get("/api/phone/state", params={"code": code}, headers={"X-Brobygger-Token": tokens[3]})
    assert poll.status_code == 200 and poll.json()["me"]["pseudonym"] == "P04"
    # Another address is not affected.
    assert throttle.wait_seconds(engine, throttle.CODE_MISSES, "code", "10.0.0.99") == 0


def test_counts_are_shared_by_every_server_on_the_database(engine):
    other_server = throttle.SqlStorage(engine)
    for _ in range(3):
        throttle.count_miss(engine, throttle.CODE_MISSES, "code", "10.1.1.1")
    limiter = throttle.FixedWindowRateLimiter(other_server)
    assert limiter.get_window_stats(throttle.CODE_MISSES[0], "code", "10.1.1.1").remaining == 57


def test_the_counter_table_keeps_only_running_windows(engine, monkeypatch):
    storage = throttle.SqlStorage(engine)
    clock = [1_000_000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: clock[0])
    for n in range(500):  # a script from 500 addresses
        storage.incr(f"code/10.0.{n // 250}.{n % 250}", 60)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(throttle_counters)).scalar_one() == 500
    clock[0] += throttle.PRUNE_EVERY_SECONDS + 61
    storage.incr("code/10.9.9.9", 60)
    with engine.connect() as conn:
        assert conn.execute(sa.select(throttle_counters.c.key)).scalars().all() == ["code/10.9.9.9"]
    assert storage.get("code/10.9.9.9") == 1


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_configured_the_counts_live_in_redis(engine, monkeypatch):
    monkeypatch.setenv("BROBYGGER_REDIS_URL", "redis://127.0.0.1:6379/15")
    client_key = f"10.2.2.{os.getpid() % 250}"
    limiter = throttle.limiter(engine)
    assert type(limiter.storage).__name__ == "RedisStorage"
    limiter.storage.reset()
    for _ in range(throttle.CODE_MISSES[0].amount):
        throttle.count_miss(engine, throttle.CODE_MISSES, "code", client_key)
    assert 0 < throttle.wait_seconds(engine, throttle.CODE_MISSES, "code", client_key) <= 60
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(throttle_counters)).scalar_one() == 0
    limiter.storage.reset()
