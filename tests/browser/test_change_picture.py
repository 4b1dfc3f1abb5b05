"""At DM3 the projector shows where each person stood at DM1 and where they stand now."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from brobygger.kits import load_kit
from brobygger.services import agenda, participants, programmes, responses, runs
from brobygger.store import engine_for
from tests.browser.conftest import PROJECTOR
from tests.conftest import BIFROST_KIT, read_tx, write_tx

pytestmark = pytest.mark.browser
DM1 = [(0.15, 0.2), (0.3, 0.3), (0.2, 0.7), (0.7, 0.3)]
DM3 = [(0.7, 0.8), (0.8, 0.7), (0.3, 0.85), (0.85, 0.9)]


def test_dm1_to_dm3_movement_on_the_projector(server, browser, shots):
    engine = engine_for(server.database_url)
    programme = write_tx(engine, programmes.create_programme, load_kit(BIFROST_KIT), "Bevægelse DM1-DM3")
    rows = {m["template_id"]: m for m in read_tx(engine, programmes.list_meetings, programme)}
    people = []
    for template, spots in (("dm1", DM1), ("dm3", DM3)):
        meeting = rows[template]
        write_tx(engine, agenda.start_meeting, meeting["id"])
        if not people:
            for _ in spots:
                _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
                people.append(
                    write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group="advisor")
                )
        item = next(i for i in read_tx(engine, agenda.agenda, meeting["id"]) if i["template_item_id"] == "role-placement")
        write_tx(engine, agenda.go_to_item, meeting["id"], item["id"])
        write_tx(engine, runs.open_exercise, item["run"]["id"])
        for person, (x, y) in zip(people, spots, strict=True):
            write_tx(engine, responses.submit_response, person.token, item["run"]["id"], {"now": {"x": x, "y": y}})
        if template == "dm1":
            write_tx(engine, agenda.end_meeting, meeting["id"])
        else:
            write_tx(engine, runs.show_results, item["run"]["id"], True)

    projector = browser.new_context(**PROJECTOR).new_page()
    projector.goto(f"{server.url}/?code={rows['dm3']['join_code']}&embed=true")
    expect(projector.locator(".js-plotly-plot")).to_have_count(1, timeout=20_000)
    traces = projector.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.map(t => ({x: t.x, y: t.y, dash: t.line && t.line.dash}))"
    )
    dotted = [t for t in traces if t["dash"] == "dot"]
    assert len(dotted) == 1
    segments = list(zip(dotted[0]["x"][0::3], dotted[0]["y"][0::3], dotted[0]["x"][1::3], dotted[0]["y"][1::3], strict=True))
    assert sorted(segments) == sorted((a[0], a[1], b[0], b[1]) for a, b in zip(DM1, DM3, strict=True))
    projector.screenshot(path=shots / "projector-dm1-dm3.png")
