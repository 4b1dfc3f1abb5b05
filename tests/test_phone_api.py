"""The phone's HTTP routes: join, poll, answer, change, and every refusal with the message a person sees."""

from __future__ import annotations

import pytest

from brobygger.phone import routes
from brobygger.services import actions, agenda, participants, programmes, responses, runs, throttle
from tests.conftest import read_tx, write_tx


def _misses(engine, client="testclient") -> int:
    """Wrong codes counted against the test client's address in the current minute."""
    found = throttle.limiter(engine)
    return throttle.CODE_MISSES[0].amount - found.get_window_stats(throttle.CODE_MISSES[0], "code", client).remaining


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
    _, joined = _join(client, meeting["join_code"])
    write_tx(engine, agenda.end_meeting, meeting["id"])
    status, body = _join(client, meeting["join_code"], t=joined["t"])
    assert status == 410 and body["message"] == "Mødet er afsluttet. Tak for din deltagelse."
    # To anyone who was not there it is a code like any that does not exist, and counts as a wrong try.
    status, body = _join(client, meeting["join_code"])
    assert status == 404 and body["message"].startswith("Koden findes ikke.") and _misses(engine) == 1


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
    write_tx(engine, runs.open_exercise, items["scale"]["run"]["id"])
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
    assert response.status_code == 409 and response.json()["message"] == "Øvelsen er ikke åbnet endnu. Vent på moderatoren."
    write_tx(engine, runs.open_exercise, run_id)
    assert client.post("/api/phone/answer", json={"t": token, "run_id": run_id, "answer": {"value": 3}}).json()["value"] == {
        "value": 3
    }
    assert client.post("/api/phone/answer", json={"t": token, "run_id": run_id, "answer": {"value": 5}}).status_code == 200
    assert read_tx(engine, runs.results, run_id)["summary"]["distribution"] == {5: 1}
    state = client.get("/api/phone/state", params={"code": meeting["join_code"]}, headers={"X-Brobygger-Token": token}).json()
    assert state["exercise"]["answer"] == {"value": 5} and state["exercise"]["saved_at"]
    write_tx(engine, runs.close_exercise, run_id)
    late = client.post("/api/phone/answer", json={"t": token, "run_id": run_id, "answer": {"value": 1}, "lang": "en"})
    assert late.status_code == 409 and late.json()["message"] == "This exercise is closed. Your answer was not saved."
    assert read_tx(engine, runs.results, run_id)["summary"]["distribution"] == {5: 1}


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
        ("ranking", {"order": [["a"], "b", "c"]}, "Svaret har ikke det forventede format."),
        ("ranking", {"order": [{"id": "a"}, "b", "c"]}, "Svaret har ikke det forventede format."),
        ("ranking", {"order": [1, 2, 3]}, "Svaret har ikke det forventede format."),
        ("evaluation", {"ratings": {"satisfied": 6}}, "Værdien 6 ligger uden for 1-5."),
        ("actions", {"actions": [{"what": "Ring", "due": "i morgen"}]}, "Datoen skal skrives som ÅÅÅÅ-MM-DD."),
        ("scale", None, "Svaret er tomt. Udfyld mindst ét felt."),
    ],
)
def test_out_of_range_answers_are_refused_and_nothing_stored(room, item, answer, message):
    client, engine, meeting, items = room
    _, joined = _join(client, meeting["join_code"])
    run_id = items[item]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    response = client.post("/api/phone/answer", json={"t": joined["t"], "run_id": run_id, "answer": answer})
    assert (response.status_code, response.json()["message"]) == (400, message)
    assert read_tx(engine, runs.results, run_id)["answered"] == 0


def test_forged_token_and_another_programmes_exercise_are_refused(room, mini_kit):
    client, engine, meeting, items = room
    run_id = items["scale"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    forged = client.post("/api/phone/answer", json={"t": "A" * 32, "run_id": run_id, "answer": {"value": 3}})
    assert forged.status_code == 403 and forged.json()["message"].startswith("Vi kender ikke dette link.")
    other = write_tx(engine, programmes.create_programme, mini_kit, "Andet")
    other_meeting = read_tx(engine, programmes.list_meetings, other)[0]
    _, stranger = _join(client, other_meeting["join_code"])
    crossed = client.post("/api/phone/answer", json={"t": stranger["t"], "run_id": run_id, "answer": {"value": 3}})
    assert crossed.status_code == 403
    poll = client.get("/api/phone/state", params={"code": meeting["join_code"]}, headers={"X-Brobygger-Token": stranger["t"]})
    assert poll.status_code == 404 and poll.json()["error"] == "error.unknown_code"  # as if the code did not exist
    assert read_tx(engine, runs.results, run_id)["answered"] == 0


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
    assert read_tx(engine, participants.participant_by_token, joined["t"]).organisation == "Forlaget"


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
    person = write_tx(engine, participants.add_participant, meeting["programme_id"], name="Anna Registreret", registered=True)
    response = client.get(f"/p/{person.token}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/j/{meeting['join_code']}#t={person.token}"
    status, body = _join(client, meeting["join_code"], t=person.token)
    assert status == 200 and body["t"] == person.token and body["state"]["me"]["name"] == "Anna Registreret"
    write_tx(engine, agenda.end_meeting, meeting["id"])
    assert client.get(f"/p/{person.token}", follow_redirects=False).headers["location"] == f"/j#t={person.token}"
    assert client.get("/p/not-a-real-token-at-all", follow_redirects=False).headers["location"] == "/j"


def test_a_post_that_is_not_json_is_refused(room):
    """A form or text/plain post from another web site is refused before anything is read."""
    client, engine, meeting, _ = room
    response = client.post(
        "/api/phone/join", content=b'{"code": "%s"}' % meeting["join_code"].encode(), headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 400 and response.json()["message"] == "Svaret har ikke det forventede format."
    assert read_tx(engine, participants.attendees, meeting["id"]) == []


def test_the_token_is_never_taken_from_the_url(room):
    client, _, meeting, _ = room
    _, joined = _join(client, meeting["join_code"])
    response = client.get("/api/phone/state", params={"code": meeting["join_code"], "t": joined["t"]})
    assert response.status_code == 404


def test_behind_a_local_proxy_the_forwarded_address_is_the_phone(room):
    from starlette.requests import Request

    def request(client: str, forwarded: str | None) -> Request:
        headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
        return Request({"type": "http", "client": (client, 1234), "headers": headers, "method": "GET", "path": "/"})

    assert routes.client_address(request("127.0.0.1", "10.0.0.7")) == "10.0.0.7"
    assert routes.client_address(request("127.0.0.1", "1.2.3.4, 10.0.0.8")) == "10.0.0.8"  # the hop nginx saw
    assert routes.client_address(request("10.0.0.9", "6.6.6.6")) == "10.0.0.9"  # not from our proxy: not trusted


def _same_without_and_with_an_unknown_field(client, path, body, volatile=()):
    """Post the body twice, the second time with fields no version of the page sends: same outcome."""
    plain = client.post(path, json=body)
    extra = client.post(path, json={**body, "unknown_field": {"x": [1, 2]}, "later_version": True})

    def outcome(response):
        data = response.json()
        return response.status_code, {k: v for k, v in data.items() if k not in volatile}

    assert outcome(extra) == outcome(plain)
    return plain


def test_an_unknown_field_is_ignored_on_every_post_route(room):
    client, engine, meeting, items = room
    code = meeting["join_code"]
    joined = _same_without_and_with_an_unknown_field(client, "/api/phone/join", {"code": code}, volatile=("t", "state"))
    assert joined.status_code == 200
    token = joined.json()["t"]
    again = _same_without_and_with_an_unknown_field(client, "/api/phone/join", {"code": code, "t": token})
    assert again.status_code == 200 and again.json()["t"] == token
    assert _same_without_and_with_an_unknown_field(client, "/api/phone/join", {"code": "ZZZZZZ"}).status_code == 404

    run_id = items["scale"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    answered = _same_without_and_with_an_unknown_field(
        client, "/api/phone/answer", {"t": token, "run_id": run_id, "answer": {"value": 4}}, volatile=("updated_at",)
    )
    assert answered.status_code == 200 and answered.json()["value"] == {"value": 4}
    refused = {"t": token, "run_id": run_id, "answer": {"value": 9}}
    assert _same_without_and_with_an_unknown_field(client, "/api/phone/answer", refused).status_code == 400
    assert read_tx(engine, runs.results, run_id)["summary"]["distribution"] == {4: 1}

    profile = {"t": token, "name": "Anna", "organisation": "Forlaget", "group": "sme"}
    assert _same_without_and_with_an_unknown_field(client, "/api/phone/profile", profile).status_code == 200
    bad_group = {"t": token, "group": "chef"}
    assert _same_without_and_with_an_unknown_field(client, "/api/phone/profile", bad_group).status_code == 400

    # an action decided in the first meeting, followed up at the second
    actions_run = items["actions"]["run"]["id"]
    write_tx(engine, runs.open_exercise, actions_run)
    write_tx(engine, responses.submit_response, token, actions_run, {"actions": [{"what": "Ring til HR"}]})
    write_tx(engine, agenda.end_meeting, meeting["id"])
    second = read_tx(engine, programmes.list_meetings, meeting["programme_id"])[1]
    write_tx(engine, agenda.start_meeting, second["id"])
    action = read_tx(engine, actions.actions_to_follow_up, second["id"])[0]
    follow = {"t": token, "code": second["join_code"], "action_id": action["id"], "status": "partly", "follow_up": "Møde"}
    assert _same_without_and_with_an_unknown_field(client, "/api/phone/follow-up", follow).status_code == 200
    wrong_status = {**follow, "status": "maybe"}
    assert _same_without_and_with_an_unknown_field(client, "/api/phone/follow-up", wrong_status).status_code == 400

    entry = {"t": token, "process_id": None, "advisor_unit": "Nord", "company": "Avisen", "theme": "Stress", "phase": "Start"}
    logged = _same_without_and_with_an_unknown_field(client, "/api/log/entry", entry, volatile=("entry", "process"))
    assert logged.status_code == 200
    forged = {**entry, "t": "A" * 32}
    assert _same_without_and_with_an_unknown_field(client, "/api/log/entry", forged).status_code == 403


@pytest.mark.parametrize("run_id", [True, 1.0, "1", 0, -3, 2**31, None, [1], {"id": 1}])
def test_a_row_id_must_be_a_plain_positive_integer(room, run_id):
    client, _, meeting, _ = room
    _, joined = _join(client, meeting["join_code"])
    bodies = {
        "/api/phone/answer": {"t": joined["t"], "run_id": run_id, "answer": {"value": 3}},
        "/api/phone/follow-up": {"t": joined["t"], "code": meeting["join_code"], "action_id": run_id, "status": "done"},
        "/api/log/entry": {"t": joined["t"], "process_id": run_id},
    }
    if run_id is None:
        del bodies["/api/log/entry"]  # no process id starts a new process: not a refusal
    for path, body in bodies.items():
        response = client.post(path, json=body)
        assert (response.status_code, response.json()["error"]) == (400, "error.response_shape"), path


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/phone/profile", {"name": 5}),
        ("/api/phone/profile", {"group": ["sme"]}),
        ("/api/phone/follow-up", {"code": 7, "action_id": 1, "status": "done"}),
        ("/api/phone/follow-up", {"code": "ABC", "action_id": 1, "status": "done", "follow_up": None}),
        ("/api/log/entry", {"helped": 3}),
        ("/api/log/entry", {"theme": None}),
    ],
)
def test_text_fields_must_be_strings(room, path, body):
    client, *_ = room
    response = client.post(path, json={"t": "A" * 32, **body, "lang": "en"})
    assert (response.status_code, response.json()) == (
        400,
        {"error": "error.response_shape", "message": "The answer is not in the expected format."},
    )


def test_a_code_that_is_not_text_is_a_shape_error_not_a_wrong_code(room):
    client, engine, meeting, _ = room
    for body in ({"code": 123456}, {"code": None}, {}, {"code": ["ABCDEF"]}, {"code": meeting["join_code"], "k": 5}):
        response = client.post("/api/phone/join", json=body)
        assert (response.status_code, response.json()["message"]) == (400, "Svaret har ikke det forventede format.")
    assert _misses(engine) == 0


def test_a_token_that_is_not_text_is_an_unknown_token(room):
    client, engine, _, items = room
    run_id = items["scale"]["run"]["id"]
    write_tx(engine, runs.open_exercise, run_id)
    response = client.post("/api/phone/answer", json={"t": 12345, "run_id": run_id, "answer": {"value": 3}})
    assert (response.status_code, response.json()["error"]) == (403, "error.unknown_token")


def test_a_refused_body_answers_in_the_language_it_asked_for(room):
    client, *_ = room
    response = client.post("/api/phone/answer", json={"t": "x", "run_id": "7", "lang": "en"})
    assert response.json()["message"] == "The answer is not in the expected format."
    response = client.post("/api/phone/answer?lang=en", json={"t": "x", "run_id": "7"})
    assert response.json()["message"] == "The answer is not in the expected format."
    response = client.post("/api/phone/answer", json={"t": "x", "run_id": "7"})
    assert response.json()["message"] == "Svaret har ikke det forventede format."
