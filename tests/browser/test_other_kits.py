"""One exercise of each of the other kits, on phones in the kit's language and on the projector."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from brobygger.kits import KITS_DIR, load_kit
from brobygger.services import agenda, programmes, runs
from brobygger.store import engine_for
from tests.browser.conftest import PHONE, PROJECTOR, consent
from tests.conftest import read_tx, write_tx

pytestmark = pytest.mark.browser

# kit, meeting, agenda item (a choice), the phone's Save button and saved text, the projector's count, in the kit's language
CASES = [
    ("bronderslev", "ws1", "workplace", "Gem svar", "Gemt kl.", "3 af 3 har svaret"),
    ("umea", "m1", "organisation", "Spara svar", "Sparat kl.", "3 av 3 har svarat"),
    ("vinje", "ln1", "municipality", "Lagre svar", "Lagra kl.", "3 av 3 har svart"),
]


@pytest.mark.parametrize(("kit_id", "template", "item_id", "save", "saved", "answered"), CASES, ids=[c[0] for c in CASES])
def test_a_choice_in_the_kits_language(server, browser, shots, kit_id, template, item_id, save, saved, answered):
    engine = engine_for(server.database_url)
    kit = load_kit(KITS_DIR / kit_id)
    language = kit.languages[0]
    programme = write_tx(engine, programmes.create_programme, kit, f"Browser {kit_id}", with_meetings=False)
    meeting = read_tx(engine, programmes.get_meeting, write_tx(engine, programmes.create_meeting, programme, kit, template))
    write_tx(engine, agenda.start_meeting, meeting["id"])
    item = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == item_id)
    write_tx(engine, agenda.go_to_item, meeting["id"], item["id"])
    write_tx(engine, runs.open_exercise, item["run"]["id"])
    write_tx(engine, runs.show_results, item["run"]["id"], True)
    options = kit.meeting(template).agenda[[a.id for a in kit.meeting(template).agenda].index(item_id)].exercise.options
    picks = [options[0].label.get(language), options[1].label.get(language), options[0].label.get(language)]

    projector = browser.new_context(**PROJECTOR).new_page()
    projector.goto(f"{server.url}/?code={meeting['join_code']}&embed=true&lang={language}")
    expect(projector.locator(".st-key-joincode")).to_have_text(meeting["join_code"], timeout=20_000)
    for n, pick in enumerate(picks):
        phone = browser.new_context(**{**PHONE, "locale": "en-GB"}).new_page()  # the kit's language wins over the phone's
        phone.goto(f"{server.url}/j/{meeting['join_code']}")
        consent(phone, yes=n % 2 == 0)
        first_group = next(iter(kit.manifest.groups[0].label.root.values()))
        expect(phone.get_by_role("button", name=first_group, exact=True)).to_be_visible()  # the kit's own groups
        if n == 0:
            phone.screenshot(path=shots / f"phone-{kit_id}-groups.png")
        phone.locator("form button[type=button]").last.click()  # skip the optional details
        expect(phone.get_by_role("heading", name=item["title"][language])).to_be_visible()
        phone.get_by_role("button", name=pick, exact=True).click()
        phone.get_by_role("button", name=save).click()
        expect(phone.get_by_text(saved)).to_be_visible()
        if n == 0:
            phone.screenshot(path=shots / f"phone-{kit_id}.png", full_page=True)
    expect(projector.locator(".st-key-answered")).to_contain_text(answered, timeout=10_000)
    expect(projector.locator(".js-plotly-plot")).to_have_count(1, timeout=10_000)
    # The count line and the chart come from the same rerun, but the browser may draw the chart a
    # moment after the line: read the bars until they settle (as expect() does for text).
    totals: list[int] = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        bars = projector.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => t.x)")
        totals = [sum(values) for values in zip(*bars, strict=True)]
        if sum(totals) == 3:
            break
        time.sleep(0.1)
    assert totals[:2] == [2, 1] and sum(totals) == 3
    projector.screenshot(path=shots / f"projector-{kit_id}.png")
