"""A restart of the server costs the room a few seconds: the moderator stays signed in, phones come back."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from brobygger.devserver import AppProcess
from brobygger.kits import KITS_DIR, load_kit
from brobygger.services import agenda, participants, programmes, runs
from brobygger.store import engine_for
from tests.browser.conftest import PHONE, PROJECTOR, SECRET
from tests.conftest import read_tx, write_tx

pytestmark = pytest.mark.browser


@pytest.fixture
def restartable(tmp_path):
    srv = AppProcess(tmp_path, secret=SECRET).start()
    yield srv
    srv.stop()


def test_after_a_restart_the_moderator_is_still_signed_in_and_phones_come_back(restartable, browser, shots):
    server = restartable
    engine = engine_for(server.database_url)
    programme = write_tx(engine, programmes.create_programme, load_kit(KITS_DIR / "bifrost"), "Genstart")
    meeting = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group="advisor")

    desk = browser.new_context(**PROJECTOR)
    page = desk.new_page()
    page.goto(f"{server.url}/moderate?meeting={meeting['id']}")
    expect(page.get_by_role("textbox", name="Adgangskode")).to_be_visible(timeout=20_000)
    page.get_by_role("textbox", name="Adgangskode").fill(SECRET)
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator(".st-key-next")).to_be_attached(timeout=20_000)
    page.wait_for_timeout(1000)
    assert any(c["name"] == "bb_moderator" and c["httpOnly"] for c in desk.cookies())

    phone_context = browser.new_context(**{**PHONE, "viewport": {"width": 360, "height": 780}})
    phone = phone_context.new_page()
    phone.goto(f"{server.url}/j/{meeting['join_code']}#t={person.token}")
    expect(phone.locator("#app h1")).to_be_visible(timeout=10_000)

    server.stop()
    phone.wait_for_timeout(4000)  # the room waits while the server is down
    expect(phone.locator("#status")).to_be_visible()
    server.start()
    back = time.monotonic()
    item = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["run"])
    write_tx(engine, agenda.go_to_item, meeting["id"], item["id"])
    write_tx(engine, runs.open_exercise, item["run"]["id"])
    expect(phone.locator("button.primary").first).to_be_visible(timeout=30_000)
    phone_seconds = time.monotonic() - back
    expect(phone.locator("#status")).to_be_hidden()
    phone.screenshot(path=shots / "restart-phone.png", full_page=True)

    page.reload()  # a reload after the restart: no sign-in form, straight to the console
    expect(page.locator(".st-key-next")).to_be_attached(timeout=30_000)
    assert page.get_by_role("textbox", name="Adgangskode").count() == 0
    page.screenshot(path=shots / "restart-moderate.png")
    print(f"phone back {phone_seconds:.1f} s after the server answered again")
    (shots / "restart-figures.txt").write_text(f"phone back {phone_seconds:.1f} s after the server answered again\n")
