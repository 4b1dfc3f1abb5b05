"""Consent on a real phone (360 px): the research question in Danish and in English, the full text one tap
away, and the choice changed later from "My data"; the store and its audit log follow."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from brobygger.kits import load_kit
from brobygger.services import agenda, consent, participants, programmes
from brobygger.store import engine_for
from tests.browser.conftest import PHONE
from tests.conftest import BIFROST_KIT, read_tx, write_tx

pytestmark = pytest.mark.browser

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 780}}
DANISH = {
    "title": "Forskning i forløbet",
    "more": "Læs hele teksten om forskningen",
    "section": "Retsgrundlag",
    "yes": "Ja, mine svar må bruges",
    "no": "Nej, kun i mødet",
    "my_data": "Mine data",
    "said_no": "Du har sagt nej",
    "give": "Giv samtykke",
    "said_yes": "Du har sagt ja",
}
ENGLISH = {
    "title": "Research in this programme",
    "more": "Read the full information",
    "section": "Lawful basis",
    "yes": "Yes, my answers may be used",
    "no": "No, only in the meeting",
    "my_data": "My data",
    "said_no": "You have said no",
    "give": "Give consent",
    "said_yes": "You have agreed",
}


@pytest.mark.parametrize(("lang", "words"), [("da", DANISH), ("en", ENGLISH)])
def test_the_phone_asks_for_consent_and_my_data_changes_it(server, browser, shots, lang, words):
    engine = engine_for(server.database_url)
    programme = write_tx(engine, programmes.create_programme, load_kit(BIFROST_KIT), f"Samtykke {lang}")
    meeting = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])

    phone = browser.new_context(**SMALL_PHONE).new_page()
    phone.goto(f"{server.url}/j/{meeting['join_code']}")
    expect(phone.get_by_role("heading", name=DANISH["title"])).to_be_visible(timeout=10_000)
    if lang == "en":
        phone.locator("#lang").select_option("en")
    expect(phone.get_by_role("heading", name=words["title"])).to_be_visible()
    phone.screenshot(path=shots / f"phone-consent-{lang}.png", full_page=True)
    more = phone.locator("button[aria-controls=research-full]")
    expect(more).to_have_text(words["more"])
    expect(more).to_have_attribute("aria-expanded", "false")
    more.click()
    expect(more).to_have_attribute("aria-expanded", "true")
    expect(phone.get_by_role("heading", name=words["section"])).to_be_visible()
    phone.screenshot(path=shots / f"phone-consent-full-{lang}.png", full_page=True)
    phone.get_by_role("button", name=words["no"]).click()

    # Taking part works either way: the optional details come next, then the meeting.
    phone.locator("form button[type=button]").last.click()
    token = phone.evaluate("() => S.token")
    person = read_tx(engine, participants.participant_by_token, token)
    assert read_tx(engine, consent.choice_of, person.id).consent is False

    phone.get_by_role("link", name=words["my_data"]).click()
    expect(phone.get_by_role("heading", name=words["my_data"])).to_be_visible()
    expect(phone.locator("#consent-status")).to_contain_text(words["said_no"])
    phone.get_by_role("button", name=words["give"]).click()
    expect(phone.locator("#consent-status")).to_contain_text(words["said_yes"])
    phone.screenshot(path=shots / f"phone-my-data-{lang}.png", full_page=True)
    assert read_tx(engine, consent.choice_of, person.id).consent is True
    log = [e for e in read_tx(engine, consent.consent_log, programme) if e["pseudonym"] == person.pseudonym]
    assert [e["consent"] for e in log] == [False, True]
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360  # nothing runs off the side of a small phone

    phone.reload()  # the choice is the server's: a reload shows the meeting, not the question again
    expect(phone.get_by_role("link", name=words["my_data"])).to_be_visible(timeout=10_000)
    expect(phone.get_by_role("heading", name=words["title"])).to_have_count(0)
