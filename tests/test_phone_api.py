"""The phone's HTTP routes: join, poll, answer, change, and every refusal with the message a person sees."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from brobygger import meetings as svc
from brobygger.phone import routes


@pytest.fixture
def room(engine, mini_kit, monkeypatch):
    """A live meeting of the mini kit, and an HTTP client for the phone routes on the same store."""
    monkeypatch.setattr(routes, "engine_for", lambda: engine)
    monkeypatch.setattr(routes, "_wrong_codes", routes.defaultdict(routes.deque))  # each test starts with no wrong tries
    programme_id = svc.create_programme(engine, mini_kit, "API-test")
    meeting = svc.list_meetings(engine, programme_id)[0]
    svc.start_meeting(engine, meeting["id"])
    items = {i["template_item_id"]: i for i in svc.agenda(engine, meeting["id"])}
    client = TestClient(Starlette(routes=routes.phone_routes()))
    return client, engine, meeting, items


def _join(client, code, **extra):
    response = client.post("/api/phone/join", json={"code": code, **extra})
    return response.status_code, response.json()


def test_join_gives_a_token_and_the_meeting(room):
    client, _, meeting, _ = room
    status, body = _join(client, meeting["join_code"].lower())
    assert status == 200
    assert len(body["t"]) >= 30
    state = body["state"]
    assert state["meeting"]["title"] == "Første møde" and state["me"]["pseudonym"] == "P01"
    assert state["item"] == "Velkommen" and state["exercise"] is None and state["lang"] == "da"
    assert state["messages"]["phone.save"] == "Gem svar"


def test_rejoin_with_token_keeps_the_person_and_english_on_request(room):
    client, _, meeting, _ = room
    _, first = _join(client, meeting["join_code"])
    status, again = _join(client, meeting["join_code"], t=first["t"], lang="en")
    assert status == 200 and again["t"] == first["t"] and again["state"]["me"]["pseudonym"] == "P01"
    assert again["state"]["meeting"]["title"] == "First meeting" and again["state"]["messages"]["phone.save"] == "Save answer"


@pytest.mark.parametrize(
    ("code", "lang", "status", "message"),
    [
        ("ZZZZZZ", None, 404, "Koden findes ikke. Tjek de seks tegn på skærmen og prøv igen."),
        ("ZZZZZZ", "en", 404, "That code does not exist. Check the six characters on the screen and try again."),
        ("", None, 404, "Koden findes ikke. Tjek de seks tegn på skærmen og prøv igen."),
        ("<script>", None, 404, "Koden findes ikke. Tjek de seks tegn på skærmen og prøv igen."),
    ],
)
def test_wrong_code_is_refused_in_the_participants_language(room, code, lang, status, message):
    client, *_ = room
    got_status, body = _join(client, code, **({"lang": lang} if lang else {}))
    assert (got_status, body["message"]) == (status, message)


def test_closed_meeting_says_so(room):
    client, engine, meeting, _ = room
    svc.end_meeting(engine, meeting["id"])
    status, body = _join(client, meeting["join_code"])
    assert status == 410 and body["message"] == "Mødet er afsluttet. Tak for din deltagelse."


def test_idle_poll_returns_only_the_revision_until_the_moderator_acts(room):
    client, engine, meeting, items = room
    _, joined = _join(client, meeting["join_code"])
    rev = joined["state"]["rev"]
    params = {"code": meeting["join_code"], "rev": rev}
    client.headers["X-Brobygger-Token"] = joined["t"]
    assert client.get("/api/phone/state", params=params).json() == {"rev": rev}
    # another participant joining does not change what this phone must fetch
    _join(client, meeting["join_code"])
    assert client.get("/api/phone/state", params=params).json() == {"rev": rev}
    svc.open_exercise(engine, items["scale"]["run"]["id"])
    state = client.get("/api/phone/state", params=params).json()
    assert state["rev"] > rev
    assert state["exercise"]["definition"]["type"] == "scale" and state["exercise"]["state"] == "open"
    assert state["exercise"]["answer"] is None


def test_answer_change_and_late_answer(room):
    client, engine, meeting, items = room
    _, joined = _join(client, meeting["join_code"])
    run_id = items["scale"]["run"]["id"]
    token = joined["t"]
    response = client.post("/api/phone/answer", json={"t": token, "run_id": run_id, "answer": {"value": 3}})
    assert response.status_code == 409 and response.json()["message"] == "Øvelsen er ikke åbnet endnu. Vent på ordstyreren."
    svc.open_exercise(engine, run_id)
    assert client.post("/api/phone/answer", json={"t": token, "run_id": run_id, "answer": {"value": 3}}).json()["value"] == {
        "value": 3
    }
    assert client.post("/api/phone/answer", json={"t": token, "run_id": run_id, "answer": {"value": 5}}).status_code == 200
    assert svc.results(engine, run_id)["summary"]["distribution"] == {5: 1}
    state = client.get("/api/phone/state", params={"code": meeting["join_code"]}, headers={"X-Brobygger-Token": token}).json()
    assert state["exercise"]["answer"] == {"value": 5} and state["exercise"]["saved_at"]
    svc.close_exercise(engine, run_id)
    late = client.post("/api/phone/answer", json={"t": token, "run_id": run_id, "answer": {"value": 1}, "lang": "en"})
    assert late.status_code == 409 and late.json()["message"] == "This exercise is closed. Your answer was not saved."
    assert svc.results(engine, run_id)["summary"]["distribution"] == {5: 1}


@pytest.mark.parametrize(
    ("item", "answer", "message"),
    [
        ("scale", {"value": 9}, "Værdien 9 ligger uden for 1-5."),
        ("scale", {"value": "5"}, "Vælg et helt tal på skalaen."),
        ("place", {"now": {"x": -0.1, "y": 0.5}}, "Værdien -0.1 ligger uden for 0-1."),
        ("matrix", {"ratings": {"p1": {"today": 0}}}, "Værdien 0 ligger uden for 1-5."),
        ("choice", {"choices": ["a", "b", "c"]}, "Vælg højst 2."),
        ("text", {"text": "x" * 51}, "Teksten er for lang (51 tegn). Højst 50 tegn."),
        ("text", {"text": "   "}, "Skriv noget i feltet, før du gemmer."),
        ("ranking", {"order": ["x", "y"]}, "Sæt alle 3 i rækkefølge."),
        ("evaluation", {"ratings": {"satisfied": 6}}, "Værdien 6 ligger uden for 1-5."),
        ("actions", {"actions": [{"what": "Ring", "due": "i morgen"}]}, "Datoen skal skrives som ÅÅÅÅ-MM-DD."),
        ("scale", None, "Svaret er tomt. Udfyld mindst ét felt."),
    ],
)
def test_out_of_range_answers_are_refused_and_nothing_stored(room, item, answer, message):
    client, engine, meeting, items = room
    _, joined = _join(client, meeting["join_code"])
    run_id = items[item]["run"]["id"]
    svc.open_exercise(engine, run_id)
    response = client.post("/api/phone/answer", json={"t": joined["t"], "run_id": run_id, "answer": answer})
    assert (response.status_code, response.json()["message"]) == (400, message)
    assert svc.results(engine, run_id)["answered"] == 0


def test_forged_token_and_another_programmes_exercise_are_refused(room, mini_kit):
    client, engine, meeting, items = room
    run_id = items["scale"]["run"]["id"]
    svc.open_exercise(engine, run_id)
    forged = client.post("/api/phone/answer", json={"t": "A" * 32, "run_id": run_id, "answer": {"value": 3}})
    assert forged.status_code == 403 and forged.json()["message"].startswith("Vi kender ikke dette link.")
    other = svc.create_programme(engine, mini_kit, "Andet")
    other_meeting = svc.list_meetings(engine, other)[0]
    _, stranger = _join(client, other_meeting["join_code"])
    crossed = client.post("/api/phone/answer", json={"t": stranger["t"], "run_id": run_id, "answer": {"value": 3}})
    assert crossed.status_code == 403
    poll = client.get("/api/phone/state", params={"code": meeting["join_code"]}, headers={"X-Brobygger-Token": stranger["t"]})
    assert poll.status_code == 403
    assert svc.results(engine, run_id)["answered"] == 0


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"t": "x", "run_id": "7", "answer": {}}',
        b'{"t": "x", "run_id": true}',
        b"{" + b" " * 70_000 + b"}",
    ],
)
def test_malformed_requests_get_a_message_not_a_crash(room, body):
    client, *_ = room
    response = client.post("/api/phone/answer", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["message"]


def test_profile_is_checked(room):
    client, engine, meeting, _ = room
    _, joined = _join(client, meeting["join_code"])
    bad = client.post("/api/phone/profile", json={"t": joined["t"], "group": "chef"})
    assert bad.status_code == 400 and bad.json()["message"] == "Vælg en af grupperne."
    good = client.post("/api/phone/profile", json={"t": joined["t"], "name": "Anna", "organisation": "Forlaget", "group": "sme"})
    assert good.json() == {"ok": True, "pseudonym": "P01", "group": "sme"}
    assert svc.participant_by_token(engine, joined["t"]).organisation == "Forlaget"


def test_page_and_assets_are_served_with_a_strict_policy(room):
    client, _, meeting, _ = room
    page = client.get(f"/j/{meeting['join_code']}")
    assert page.status_code == 200 and '<script src="/j/assets/phone.js"' in page.text
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert client.get("/j").status_code == 200
    assert client.get("/j/assets/phone.js").headers["content-type"].startswith("text/javascript")
    assert "def phone_routes" not in client.get("/j/assets/../routes.py").text  # normalised to /j/routes.py: the page
    assert client.get("/j/assets/secret.txt").status_code == 404
    total = len(page.content) + len(client.get("/j/assets/phone.js").content) + len(client.get("/j/assets/phone.css").content)
    assert total < 100_000  # the whole phone page, far under the 1 MB budget


def test_personal_link_goes_to_the_live_meeting_as_that_person(room):
    client, engine, meeting, _ = room
    person = svc.add_participant(engine, meeting["programme_id"], name="Anna Registreret", registered=True)
    response = client.get(f"/p/{person.token}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/j/{meeting['join_code']}#t={person.token}"
    status, body = _join(client, meeting["join_code"], t=person.token)
    assert status == 200 and body["t"] == person.token and body["state"]["me"]["name"] == "Anna Registreret"
    svc.end_meeting(engine, meeting["id"])
    assert client.get(f"/p/{person.token}", follow_redirects=False).headers["location"] == f"/j#t={person.token}"
    assert client.get("/p/not-a-real-token-at-all", follow_redirects=False).headers["location"] == "/j"


def test_a_post_that_is_not_json_is_refused(room):
    """A form or text/plain post from another web site is refused before anything is read."""
    client, engine, meeting, _ = room
    response = client.post(
        "/api/phone/join", content=b'{"code": "%s"}' % meeting["join_code"].encode(), headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 400 and response.json()["message"] == "Svaret har en forkert form."
    assert svc.attendees(engine, meeting["id"]) == []


def test_the_token_is_never_taken_from_the_url(room):
    client, _, meeting, _ = room
    _, joined = _join(client, meeting["join_code"])
    response = client.get("/api/phone/state", params={"code": meeting["join_code"], "t": joined["t"]})
    assert response.status_code == 403


def test_guessing_codes_is_slowed_down_but_a_real_code_still_works_elsewhere(room, monkeypatch):
    client, _, meeting, _ = room
    monkeypatch.setattr(routes, "_wrong_codes", routes.defaultdict(routes.deque))
    for n in range(routes.CODE_TRIES):
        status, _ = _join(client, f"ZZZZZ{n % 10}")
        assert status == 404
    status, body = _join(client, meeting["join_code"])
    assert status == 429 and body["message"].startswith("For mange forkerte koder")
    routes._wrong_codes["other-address"].clear()
    assert not routes._too_many_wrong_codes("other-address")


def test_behind_a_local_proxy_the_forwarded_address_is_the_phone(room):
    from starlette.requests import Request

    def request(client: str, forwarded: str | None) -> Request:
        headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
        return Request({"type": "http", "client": (client, 1234), "headers": headers, "method": "GET", "path": "/"})

    assert routes.client_address(request("127.0.0.1", "10.0.0.7")) == "10.0.0.7"
    assert routes.client_address(request("127.0.0.1", "1.2.3.4, 10.0.0.8")) == "10.0.0.8"  # the hop nginx saw
    assert routes.client_address(request("10.0.0.9", "6.6.6.6")) == "10.0.0.9"  # not from our proxy: not trusted
