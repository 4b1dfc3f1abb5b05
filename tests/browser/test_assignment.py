"""Umeå's decision on a real phone (360 px) and the projector (1920x1080): rate a cell, tick the decision, see both."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from brobygger.kits import KITS_DIR, load_kit
from brobygger.services import agenda, programmes, runs
from brobygger.store import engine_for
from tests.browser.conftest import PHONE, PROJECTOR, consent
from tests.conftest import read_tx, write_tx

pytestmark = pytest.mark.browser


def test_the_steering_group_decides_in_the_table(server, browser, shots):
    engine = engine_for(server.database_url)
    kit = load_kit(KITS_DIR / "umea")
    programme = write_tx(engine, programmes.create_programme, kit, "Browser assignment", with_meetings=False)
    meeting = read_tx(engine, programmes.get_meeting, write_tx(engine, programmes.create_meeting, programme, kit, "m2"))
    write_tx(engine, agenda.start_meeting, meeting["id"])
    item = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "decision")
    write_tx(engine, agenda.go_to_item, meeting["id"], item["id"])
    write_tx(engine, runs.open_exercise, item["run"]["id"])
    write_tx(engine, runs.show_results, item["run"]["id"], True)

    projector = browser.new_context(**PROJECTOR).new_page()
    projector.goto(f"{server.url}/?code={meeting['join_code']}&embed=true&lang=sv")
    expect(projector.locator(".st-key-joincode")).to_have_text(meeting["join_code"], timeout=20_000)

    phone = browser.new_context(**{**PHONE, "viewport": {"width": 360, "height": 780}}).new_page()
    phone.goto(f"{server.url}/j/{meeting['join_code']}")
    consent(phone)
    phone.locator("form button[type=button]").last.click()  # skip the optional details
    expect(phone.get_by_role("heading", name=item["title"]["sv"])).to_be_visible()
    phone.locator("#assign-for").select_option("umea")
    expect(phone.get_by_text("0 av 11 bedömda för Umeå")).to_be_visible()
    phone.get_by_role("button", name=re.compile(r"^Intresse, 1\. .*: 4$")).click()
    phone.get_by_role("button", name=re.compile(r"^Kapacitet, 1\. .*: 3$")).click()
    expect(phone.get_by_text("1 av 11 bedömda för Umeå")).to_be_visible()
    phone.get_by_text("Styrgruppens beslut (bara den som för in beslutet)").click()
    phone.locator("#decide-torsby-model-umea").check()
    phone.screenshot(path=shots / "phone-umea-assignment.png")
    phone.get_by_role("button", name="Spara svar").click()
    expect(phone.get_by_text("Sparat kl.")).to_be_visible()

    expect(projector.locator(".js-plotly-plot")).to_have_count(1, timeout=10_000)
    data: dict = {}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        data = projector.evaluate(
            "() => { const d = document.querySelector('.js-plotly-plot').data;"
            " return {points: d.filter(t => t.type === 'scatter' && t.x[0] !== null).map(t => [t.name, t.x[0], t.y[0]]),"
            " table: (d.find(t => t.type === 'table') || {cells: {values: [[], []]}}).cells.values[1]}; }"
        )
        if data["points"]:
            break
        time.sleep(0.1)
    assert data["points"] == [["Umeå", 4, 3]]
    assert data["table"][0] == "Umeå" and data["table"][1:] == ["–"] * 10
    expect(projector.get_by_text(re.compile(r"Beslutet sparat av P\d+"))).to_be_visible()
    projector.screenshot(path=shots / "projector-umea-assignment.png")
