"""On a new phone, a person types the personal code their old phone showed, and is themselves again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from brobygger.kits import KITS_DIR, load_kit
from brobygger.services import agenda, participants, programmes
from brobygger.store import engine_for
from tests.browser.conftest import PHONE, consent
from tests.conftest import read_tx, write_tx

pytestmark = pytest.mark.browser


def test_a_new_phone_becomes_the_same_person_with_the_personal_code(server, browser, shots):
    engine = engine_for(server.database_url)
    programme = write_tx(engine, programmes.create_programme, load_kit(KITS_DIR / "bifrost"), "Ny telefon")
    meeting = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    size = {**PHONE, "viewport": {"width": 360, "height": 780}}

    old = browser.new_context(**size).new_page()
    old.goto(f"{server.url}/j/{meeting['join_code']}")
    consent(old)
    shown = old.locator("#personal-code")
    expect(shown).to_contain_text("Din personlige kode", timeout=10_000)
    old.screenshot(path=shots / "phone-personal-code.png", full_page=True)
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", shown.inner_text()).group(0)
    first = old.locator(".pill").inner_text()

    new = browser.new_context(**size).new_page()
    new.goto(f"{server.url}/j/{meeting['join_code']}")
    expect(new.locator(".pill")).not_to_have_text(first, timeout=10_000)  # at first someone new
    consent(new)
    new.locator("details summary").click()
    new.locator("#personal").fill(code.lower())
    new.locator("#recover").click()
    expect(new.locator(".pill")).to_have_text(first, timeout=10_000)
    new.screenshot(path=shots / "phone-recovered.png", full_page=True)
    assert len(read_tx(engine, participants.attendees, meeting["id"])) == 1  # the new phone's empty identity is gone
