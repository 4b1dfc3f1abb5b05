"""A meeting in a room: the projector at 1920x1080, the moderator's console and five phones at 390x844."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from brobygger.kits import load_kit
from brobygger.services import agenda, programmes, runs
from brobygger.store import engine_for
from tests.browser.conftest import PHONE, PROJECTOR, SECRET, consent
from tests.conftest import BIFROST_KIT, read_tx, write_tx

pytestmark = pytest.mark.browser

# Where each phone taps on the plane (x = relationship, y = understanding, both 0..1 with y up).
TAPS = [(0.2, 0.3), (0.3, 0.8), (0.7, 0.2), (0.8, 0.9), (0.9, 0.7)]
EXPECTED_REGIONS = {"Produktsælgeren": 1, "Eksperten": 1, "Værdifuld ressource": 1, "Betroet rådgiver": 2}


def _matrix_rating(phone: int, statement: int) -> tuple[int, int]:
    return (phone + statement) % 5 + 1, 5 - (phone + statement) % 3


def _plotly(page) -> list[list[dict]]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(d => (d.data || []).map(t => ({name: t.name, group: t.legendgroup, x: t.x, y: t.y})))"
    )


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _next_item(moderator, title: str) -> None:
    moderator.locator(".st-key-next button").click()
    expect(moderator.get_by_role("heading", name=title)).to_be_visible(timeout=10_000)


def _wait_until(predicate, timeout: float = 10.0, step: float = 0.05) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(step)
    raise AssertionError("condition not reached in time")


@pytest.fixture(scope="module")
def meeting(server):
    engine = engine_for(server.database_url)
    kit = load_kit(BIFROST_KIT)
    programme_id = write_tx(engine, programmes.create_programme, kit, "Bifrost browsertest")
    return read_tx(engine, programmes.list_meetings, programme_id)[0]


def test_meeting_with_projector_moderator_and_five_phones(server, browser, meeting, shots):
    timings: dict[str, float] = {}
    code = meeting["join_code"]

    # The moderator opens a deep link on a fresh server and gets the whole app, behind the secret.
    moderator = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    moderator.goto(f"{server.url}/moderate?meeting={meeting['id']}")
    expect(moderator.get_by_role("heading", name="Kun for moderator og arrangør")).to_be_visible(timeout=20_000)
    expect(moderator.get_by_role("link", name="Organisér")).to_be_visible()
    moderator.get_by_role("textbox", name="Adgangskode").fill("wrong")
    moderator.get_by_role("button", name="Log ind").click()
    expect(moderator.get_by_text("Forkert adgangskode. Prøv igen.")).to_be_visible()
    moderator.get_by_role("textbox", name="Adgangskode").fill(SECRET)
    moderator.get_by_role("button", name="Log ind").click()
    moderator.locator(".st-key-start button").click()
    expect(moderator.get_by_role("heading", name="1. Velkommen og check-in")).to_be_visible(timeout=10_000)

    projector = browser.new_context(**PROJECTOR).new_page()
    projector.goto(f"{server.url}/?code={code}&embed=true")
    expect(projector.locator(".st-key-joincode")).to_have_text(code, timeout=20_000)

    # A wrong code gets a clear message and a way to retry.
    stray = browser.new_context(**PHONE).new_page()
    stray.goto(f"{server.url}/j/ZZZZZZ")
    expect(stray.get_by_role("alert")).to_have_text("Koden findes ikke. Tjek de seks tegn på skærmen og prøv igen.")
    expect(stray.get_by_role("button", name="Prøv igen")).to_be_visible()

    phones = []
    for index in range(5):
        page = browser.new_context(**PHONE).new_page()
        page.goto(f"{server.url}/j/{code}")
        consent(page)
        expect(page.get_by_role("heading", name="Om dig (valgfrit)")).to_be_visible()
        page.get_by_role("button", name="Rådgiver" if index % 2 == 0 else "Virksomhed (SMV)").click()
        page.get_by_role("button", name="Fortsæt").click()
        expect(page.get_by_text("Vent på, at moderatoren åbner en øvelse.")).to_be_visible()
        phones.append(page)
    pseudonyms = [p.locator(".pill").inner_text() for p in phones]
    assert pseudonyms == [f"Du er P0{i + 1}" for i in range(5)]
    phones[0].screenshot(path=shots / "phone-waiting.png")

    # Principle matrix: open it and every phone sees it within a couple of seconds.
    titles = [f"{n}. {item.title.get('da')}" for n, item in enumerate(load_kit(BIFROST_KIT).meeting("dm1").agenda, start=1)]
    item_ids = [item.id for item in load_kit(BIFROST_KIT).meeting("dm1").agenda]
    heading = {item.id: item.title.get("da") for item in load_kit(BIFROST_KIT).meeting("dm1").agenda}
    for title in titles[1 : item_ids.index("principle-matrix") + 1]:
        _next_item(moderator, title)
    moderator.locator(".st-key-open_close button").click()
    opened = time.monotonic()
    for page in phones:
        expect(page.get_by_role("heading", name=heading["principle-matrix"])).to_be_visible(timeout=5_000)
    timings["phone sees opened exercise (s, last of 5)"] = time.monotonic() - opened

    for index, page in enumerate(phones):
        for statement in range(7):
            today, importance = _matrix_rating(index, statement)
            page.get_by_role("button", name=f"Hvor godt gør vi det i dag? {statement + 1}: {today}", exact=True).click()
            page.get_by_role("button", name=f"Hvor vigtigt er det for os? {statement + 1}: {importance}", exact=True).click()
        expect(page.get_by_text("7 af 7 vurderet")).to_be_visible()
        page.locator("#save").click()
        expect(page.get_by_text("Gemt kl.")).to_be_visible()
    phones[1].screenshot(path=shots / "phone-matrix.png", full_page=True)
    expect(projector.locator(".st-key-answered")).to_contain_text("5 af 5 har svaret")
    expect(projector.get_by_text("Resultaterne vises, når moderatoren åbner for dem.")).to_be_visible()
    moderator.locator(".st-key-show_results button").click()
    expect(projector.locator(".js-plotly-plot")).to_have_count(1, timeout=10_000)
    traces = {t["group"]: t for t in _plotly(projector)[0] if t["group"]}

    def by_statement(trace: dict) -> list[float]:
        """The means in statement order (the chart sorts statements by gap; each label starts with its number)."""
        return [x for _, x in sorted((int(y.split(".")[0]), x) for x, y in zip(trace["x"], trace["y"], strict=True))]

    today_all, importance_all = by_statement(traces["today"]), by_statement(traces["importance"])
    for statement in range(7):
        ratings = [_matrix_rating(i, statement) for i in range(5)]
        assert today_all[statement] == pytest.approx(sum(r[0] for r in ratings) / 5, abs=0.001)
        assert importance_all[statement] == pytest.approx(sum(r[1] for r in ratings) / 5, abs=0.001)
    projector.screenshot(path=shots / "projector-matrix.png")
    moderator.locator(".st-key-open_close button").click()

    # Role placement: each phone taps its own spot.
    for title in titles[item_ids.index("principle-matrix") + 1 : item_ids.index("role-placement") + 1]:
        _next_item(moderator, title)
    moderator.locator(".st-key-open_close button").click()
    for index, page in enumerate(phones):
        expect(page.get_by_role("heading", name=heading["role-placement"])).to_be_visible(timeout=5_000)
        plane = page.locator("svg.plane")
        box = plane.bounding_box()
        x, y = TAPS[index]
        plane.click(position={"x": x * box["width"], "y": (1 - y) * box["height"]})
        if index == 0:
            page.locator("button[data-mode=wanted]").click()
            plane.click(position={"x": 0.85 * box["width"], "y": 0.15 * box["height"]})
        page.locator("#save").click()
        expect(page.get_by_text("Gemt kl.")).to_be_visible()
    expect(phones[3].locator(".region-now")).to_have_text("Nu: Område: Betroet rådgiver")
    phones[0].screenshot(path=shots / "phone-placement.png", full_page=True)
    expect(projector.locator(".st-key-answered")).to_contain_text("5 af 5 har svaret")
    moderator.locator(".st-key-show_results button").click()
    counts = " · ".join(f"{name}: {n}" for name, n in EXPECTED_REGIONS.items())
    expect(projector.get_by_text(counts)).to_be_visible(timeout=10_000)
    points = {}
    for trace in _plotly(projector)[0]:
        if not trace["name"]:
            continue  # the now -> wanted lines and their end markers
        for px, py in zip(trace["x"], trace["y"], strict=True):
            points[(round(px, 1), round(py, 1))] = trace["name"]
    assert sorted(points) == sorted(TAPS)
    assert sum(1 for name in points.values() if name.startswith("Rådgiver")) == 3
    projector.screenshot(path=shots / "projector-placement.png")

    # Changing an answer shows on the projector within about a second.
    plane = phones[4].locator("svg.plane")
    box = plane.bounding_box()
    plane.click(position={"x": 0.1 * box["width"], "y": 0.1 * box["height"]})  # now an expert
    phones[4].locator("#save").click()
    saved = time.monotonic()
    moved = "Produktsælgeren: 1 · Eksperten: 2 · Værdifuld ressource: 1 · Betroet rådgiver: 1"
    expect(projector.get_by_text(moved)).to_be_visible(timeout=5_000)
    timings["vote to projector (s)"] = time.monotonic() - saved

    # A reload keeps the person; closing refuses a late answer.
    phones[2].reload()
    expect(phones[2].locator(".pill")).to_have_text("Du er P03")
    expect(phones[2].locator(".region-now")).to_contain_text("Værdifuld ressource")
    token = phones[2].url.split("#t=")[1]
    moderator.locator(".st-key-open_close button").click()
    expect(phones[2].get_by_text("Øvelsen er lukket.")).to_be_visible(timeout=5_000)
    run_id = read_tx(engine_for(server.database_url), agenda.agenda, meeting["id"])[item_ids.index("role-placement")]["run"]["id"]
    status, body = _post(
        f"{server.url}/api/phone/answer", {"t": token, "run_id": run_id, "answer": {"now": {"x": 0.5, "y": 0.5}}}
    )
    assert status == 409 and body["message"] == "Øvelsen er lukket. Dit svar blev ikke gemt."
    result = read_tx(engine_for(server.database_url), runs.results, run_id)
    assert result["summary"]["region_counts"]["valued-resource"]["total"] == 1
    phones[2].screenshot(path=shots / "phone-closed.png", full_page=True)
    moderator.screenshot(path=shots / "moderator.png", full_page=True)

    (shots / "live-timings.json").write_text(json.dumps(timings, indent=2))
    print("timings:", timings)
