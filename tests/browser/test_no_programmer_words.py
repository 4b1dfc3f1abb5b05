"""Every page and phone screen, in Danish and in English, shows words for people: never `null`, `None`,
`undefined`, `NaN` or a raw message id from the catalogue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from brobygger.i18n import MESSAGES, t
from brobygger.kits import KITS_DIR, load_kit
from brobygger.services import agenda, participants, programmes, responses, runs
from brobygger.store import engine_for
from tests.browser.conftest import PHONE, PROJECTOR, SECRET, consent
from tests.conftest import read_tx, write_tx

pytestmark = pytest.mark.browser

PROGRAMMER_WORDS = re.compile(r"\b(null|None|undefined|NaN)\b")
MESSAGE_ID = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")


def programmer_words(text: str) -> list[str]:
    """The programmer's words in a screen's visible text: placeholders and message ids nobody translated."""
    return PROGRAMMER_WORDS.findall(text) + [m for m in MESSAGE_ID.findall(text) if m in MESSAGES]


def test_the_checker_finds_what_it_looks_for():
    assert programmer_words("P01 null\nafsluttet · phone.waiting · NaN · www.example.org") == [
        "null",
        "NaN",
        "phone.waiting",
    ]


def _visible(page) -> str:
    """What a person sees: the page's text, and the cells of every table (drawn on a canvas, read from its grid)."""
    text = page.locator("body").inner_text()
    cells = page.locator("[data-testid='stDataFrame'] [role='gridcell'], [data-testid='stDataFrame'] [role='columnheader']")
    return text + "\n" + "\n".join(cells.all_inner_texts())


def _check(page, where: str, seen: dict[str, list[str]], shots, name: str) -> None:
    page.wait_for_timeout(800)
    seen[where] = programmer_words(_visible(page))
    page.screenshot(path=shots / f"words-{name}.png", full_page=True)


def _sign_in(page, lang: str) -> None:
    """Give the secret, unless this browser is still signed in (its session cookie)."""
    box = page.get_by_role("textbox", name=t("auth.secret", lang))
    expect(box.or_(page.locator("[data-testid='stMainBlockContainer'] [data-testid='stExpander']")).first).to_be_visible(
        timeout=20_000
    )
    if box.count():
        box.fill(SECRET)
        page.get_by_role("button", name=t("auth.submit", lang)).click()


def _first_meeting(engine, name: str) -> dict:
    """DM1 of a new Bifrost programme (its meetings have no date yet)."""
    programme = write_tx(engine, programmes.create_programme, load_kit(KITS_DIR / "bifrost"), name)
    return read_tx(engine, programmes.list_meetings, programme)[0]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_screen_shows_a_programmers_word(server, browser, shots, lang):
    engine = engine_for(server.database_url)
    dm1 = _first_meeting(engine, f"Ord {lang}")
    seen: dict[str, list[str]] = {}

    desk = browser.new_context(**PROJECTOR)
    page = desk.new_page()
    page.goto(f"{server.url}/moderate?meeting={dm1['id']}&lang={lang}")
    _sign_in(page, lang)
    page.locator(".st-key-start button").click()
    expect(page.locator(".st-key-next")).to_be_attached(timeout=20_000)
    picker = page.get_by_label(t("meeting.pick", lang))
    expect(picker).to_be_visible()
    picked = page.locator("[data-testid='stSelectbox']").first.evaluate(
        "b => b.innerText + ' ' + Array.from(b.querySelectorAll('input')).map(i => i.value).join(' ')"
    )
    assert f"({t('meeting.status.live', lang)})" in picked, picked  # the picker follows the start at once
    _check(page, "moderate", seen, shots, f"moderate-{lang}")

    items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, dm1["id"])}
    _, person = write_tx(engine, participants.join_meeting, dm1["join_code"])
    write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group="advisor")
    actions_run = items["actions"]["run"]["id"]
    write_tx(engine, runs.open_exercise, actions_run)
    write_tx(engine, responses.submit_response, person.token, actions_run, {"actions": [{"what": "Ring til HR"}]})
    write_tx(engine, runs.close_exercise, actions_run)

    phone_context = browser.new_context(**{**PHONE, "viewport": {"width": 360, "height": 780}})
    phone_context.add_init_script(f"try {{ localStorage.setItem('bb:lang', '{lang}'); }} catch (e) {{}}")
    phone = phone_context.new_page()
    phone.goto(f"{server.url}/j")
    expect(phone.locator("#code")).to_be_visible(timeout=10_000)
    _check(phone, "phone code entry", seen, shots, f"phone-code-{lang}")
    phone.goto(f"{server.url}/j/{dm1['join_code']}")
    expect(phone.locator("#consent-yes")).to_be_visible(timeout=10_000)
    _check(phone, "phone research question", seen, shots, f"phone-consent-{lang}")
    consent(phone)
    expect(phone.get_by_role("heading").first).to_be_visible(timeout=10_000)
    _check(phone, "phone about you", seen, shots, f"phone-about-{lang}")
    phone.goto(f"{server.url}/j/{dm1['join_code']}#t={person.token}")
    phone.reload()
    expect(phone.locator("#consent-yes")).to_be_visible(timeout=10_000)  # the registered person is asked too
    consent(phone)
    expect(phone.get_by_text(t("phone.waiting", lang))).to_be_visible(timeout=10_000)
    _check(phone, "phone waiting", seen, shots, f"phone-waiting-{lang}")

    scale = next(i for i in items.values() if i["run"] and i["exercise"]["type"] in ("placement", "scale", "choice"))
    write_tx(engine, agenda.go_to_item, dm1["id"], scale["id"])
    write_tx(engine, runs.open_exercise, scale["run"]["id"])
    expect(phone.locator("button.primary").first).to_be_visible(timeout=10_000)
    _check(phone, "phone exercise", seen, shots, f"phone-exercise-{lang}")
    write_tx(engine, runs.close_exercise, scale["run"]["id"])
    phone.wait_for_timeout(2500)
    _check(phone, "phone closed exercise", seen, shots, f"phone-closed-{lang}")

    phone.goto(f"{server.url}/log#t={person.token}")
    expect(phone.get_by_role("heading").first).to_be_visible(timeout=10_000)
    _check(phone, "log", seen, shots, f"log-{lang}")

    page.goto(f"{server.url}/?code={dm1['join_code']}&embed=true&lang={lang}")
    expect(page.locator(".st-key-joincode")).to_be_visible(timeout=20_000)
    _check(page, "present", seen, shots, f"present-{lang}")

    page.goto(f"{server.url}/organise?lang={lang}")
    _sign_in(page, lang)
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=20_000)
    page.locator(".st-key-organise_programme input").click()
    page.get_by_role("option", name=re.compile(f"Ord {lang}")).click()
    expect(page.get_by_role("heading", name=t("organise.actions", lang))).to_be_visible(timeout=20_000)
    expect(page.locator("[data-testid='stDataFrame'] [role='gridcell']").first).to_be_attached(timeout=10_000)
    _check(page, "organise", seen, shots, f"organise-{lang}")
    organise_text = _visible(page)
    assert t("action.open", lang) in organise_text.split("\n")  # the action's status as a word of the user's

    page.goto(f"{server.url}/library?lang={lang}")
    expect(page.locator("[data-testid='stTab']").first).to_be_visible(timeout=20_000)
    _check(page, "library", seen, shots, f"library-{lang}")

    phone.goto(f"{server.url}/j/{dm1['join_code']}#t={person.token}")
    phone.reload()
    expect(phone.locator("#app h1")).to_be_visible(timeout=10_000)
    write_tx(engine, agenda.end_meeting, dm1["id"])  # the phone sees it on its next poll
    expect(phone.get_by_text(t("phone.meeting_ended", lang))).to_be_visible(timeout=10_000)
    _check(phone, "phone ended", seen, shots, f"phone-ended-{lang}")
    page.goto(f"{server.url}/?code={dm1['join_code']}&embed=true&lang={lang}")
    expect(page.get_by_text(t("present.ended", lang))).to_be_visible(timeout=20_000)
    _check(page, "present ended", seen, shots, f"present-ended-{lang}")

    assert {where: words for where, words in seen.items() if words} == {}
