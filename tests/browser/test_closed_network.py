"""A closed meeting-room network: every page and phone screen loads from this server and no other host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from brobygger.kits import KITS_DIR, load_kit
from brobygger.services import agenda, participants, programmes
from brobygger.store import engine_for
from tests.browser.conftest import PHONE, PROJECTOR, SECRET
from tests.conftest import read_tx, write_tx

pytestmark = pytest.mark.browser


def _recorded(context) -> list[str]:
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    return seen


def _sign_in(page) -> None:
    expect(page.get_by_role("textbox", name="Adgangskode")).to_be_visible(timeout=20_000)
    page.get_by_role("textbox", name="Adgangskode").fill(SECRET)
    page.get_by_role("button", name="Log ind").click()


def test_no_page_or_phone_screen_asks_another_host(server, browser, shots):
    engine = engine_for(server.database_url)
    kit = load_kit(KITS_DIR / "bifrost")
    programme = write_tx(engine, programmes.create_programme, kit, "Lukket net")
    meeting = read_tx(engine, programmes.list_meetings, programme)[0]
    write_tx(engine, agenda.start_meeting, meeting["id"])
    _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
    code = meeting["join_code"]

    desk = browser.new_context(**PROJECTOR)
    desk_requests = _recorded(desk)
    page = desk.new_page()
    page.goto(f"{server.url}/moderate?meeting={meeting['id']}")
    _sign_in(page)
    expect(page.locator(".st-key-start, .st-key-next").first).to_be_attached(timeout=20_000)
    for path, ready in [
        (f"/?code={code}&embed=true", ".st-key-joincode"),
        ("/organise?lang=en", "[data-testid='stMainBlockContainer']"),
        ("/library", "[data-testid='stMainBlockContainer']"),
        ("/library?lang=en", "[data-testid='stMainBlockContainer']"),
    ]:
        page.goto(server.url + path)
        if "organise" in path:
            _sign_in(page) if page.get_by_role("textbox", name="Adgangskode").count() else None
        expect(page.locator(ready).first).to_be_visible(timeout=20_000)
        page.wait_for_timeout(1500)  # icons, fonts and images load after the first paint
    page.goto(f"{server.url}/?code={code}&embed=true")
    expect(page.locator(".st-key-joincode")).to_have_text(code, timeout=20_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=shots / "closed-network-projector.png")

    phone_context = browser.new_context(**{**PHONE, "viewport": {"width": 360, "height": 780}})
    phone_requests = _recorded(phone_context)
    phone = phone_context.new_page()
    phone.goto(f"{server.url}/j")
    expect(phone.locator("#code")).to_be_visible()
    phone.goto(f"{server.url}/j/{code}")
    expect(phone.get_by_role("heading").first).to_be_visible(timeout=10_000)
    phone.wait_for_timeout(1000)
    phone.screenshot(path=shots / "closed-network-phone.png", full_page=True)
    phone.goto(f"{server.url}/log#t={person.token}")
    expect(phone.get_by_role("heading").first).to_be_visible(timeout=10_000)
    phone.wait_for_timeout(500)
    phone.screenshot(path=shots / "closed-network-log.png", full_page=True)

    own = urlsplit(server.url).netloc
    elsewhere = sorted(
        {u for u in desk_requests + phone_requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
        - {u for u in desk_requests + phone_requests if urlsplit(u).netloc == own}
    )
    assert len(desk_requests) > 20 and len(phone_requests) > 3
    assert elsewhere == []
