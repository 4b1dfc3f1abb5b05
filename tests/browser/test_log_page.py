"""The advisory-process log on a phone (360 px): after the first entry of a new process the page keeps that process
chosen, keeps theme and phase, and keeps saying it saved, so a second tap never writes a wrong entry."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from brobygger.kits import load_kit
from brobygger.services import participants, processes, programmes
from brobygger.store import engine_for
from tests.browser.conftest import PHONE
from tests.conftest import BIFROST_KIT, read_tx, write_tx

pytestmark = pytest.mark.browser


def test_after_the_first_entry_the_log_page_keeps_the_process_theme_phase_and_confirmation(server, browser):
    engine = engine_for(server.database_url)
    kit = load_kit(BIFROST_KIT)
    programme = write_tx(engine, programmes.create_programme, kit, "Log-siden")
    person = write_tx(engine, participants.add_participant, programme, name="Rådgiveren", registered=True)
    themes = [e.id for e in kit.catalogues["themes"].entries]
    phases = [e.id for e in kit.catalogues["phases"].entries]
    page = browser.new_context(**{**PHONE, "viewport": {"width": 360, "height": 780}}).new_page()
    page.goto(f"{server.url}/log#t={person.token}")
    form = page.locator("form.card").first
    expect(form.locator("h1")).to_be_visible(timeout=20_000)
    selects = form.locator("select")
    process, theme, phase = selects.nth(0), selects.nth(1), selects.nth(2)
    expect(process).to_have_value("new")
    inputs = form.locator("input[type=text]")
    inputs.nth(0).fill("Rådgiverenhed Syd")
    inputs.nth(1).fill("Trykkeriet")
    theme.select_option(themes[2])  # not the first option, so a reset would show
    phase.select_option(phases[1])
    form.locator("textarea").first.fill("Et fælles sprog om stress")
    form.locator("button[type=submit]").click()

    expect(form.get_by_role("status").first).to_have_text("Gemt i loggen.")
    created = read_tx(engine, processes.board, programme)
    assert [(p["advisor_unit"], p["company"]) for p in created] == [("Rådgiverenhed Syd", "Trykkeriet")]
    expect(process).to_have_value(str(created[0]["id"]))  # the new process stays chosen
    expect(theme).to_have_value(themes[2])
    expect(phase).to_have_value(phases[1])
    expect(form.locator("textarea").first).to_have_value("")  # the written text is cleared for the next entry

    form.locator("textarea").first.fill("Første besøg aftalt")
    form.locator("button[type=submit]").click()  # a second tap: the same process, not a new one
    expect(form.get_by_role("status").first).to_have_text("Gemt i loggen.")
    board = read_tx(engine, processes.board, programme)
    assert len(board) == 1 and board[0]["theme"] == themes[2] and board[0]["phase"] == phases[1]
    assert len(read_tx(engine, processes.entries, board[0]["id"])) == 2
