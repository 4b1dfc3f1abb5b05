"""The projector read from the back row: every exercise type measured at 1920x1080 with 40 answers.

Reads the rendered SVG (plotly draws its text as SVG) and HTML and asserts the targets: no visible
text under 24 px, no two text boxes overlapping inside a chart, nothing clipped by the chart or the
screen, contrast at least 4.5:1, and the join QR image has a text alternative. Saves a screenshot
per type into test-output/ (the copies in docs/projector/ come from this test).
"""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import expect

from brobygger.exercises import parse_definition
from brobygger.kits import KITS_DIR, load_kit
from brobygger.services import agenda, participants, programmes, responses, runs
from brobygger.simulate import sample_answer
from brobygger.store import engine_for
from tests.browser.conftest import PROJECTOR
from tests.conftest import BIFROST_KIT, MINI_KIT, read_tx, write_tx

pytestmark = pytest.mark.browser
PEOPLE = 40

MEASURE = """
() => {
  const W = window.innerWidth, H = window.innerHeight;
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const shown = el => { for (let e = el; e && e.nodeType === 1; e = e.parentElement) { const s = getComputedStyle(e); if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false; } const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const label = (el) => el.textContent.trim().slice(0, 40);
  const out = {texts: 0, small: [], overlaps: [], clipped: [], contrast: [], qr: []};
  // HTML text on the projector
  const root = document.querySelector('.st-key-projector') || document.body;
  for (const el of root.querySelectorAll('*')) {
    if (el.closest('svg')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !shown(el)) continue;
    out.texts++;
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    if (parseFloat(s.fontSize) < 24) out.small.push([label(el), s.fontSize]);
    if (r.bottom > H + 1 || r.right > W + 1 || r.left < -1 || r.top < -1) out.clipped.push([label(el), Math.round(r.bottom), Math.round(r.right)]);
    let bg = null;
    for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c; break; } }
    const ratio = contrast(rgb(s.color), bg || [255, 255, 255]);
    if (ratio < 4.5) out.contrast.push([label(el), ratio.toFixed(2)]);
  }
  // SVG text in each chart
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const frame = plot.querySelector('svg.main-svg').getBoundingClientRect();
    const fills = [...plot.querySelectorAll('.shapelayer path, .bars path, .point path')].map(p => [p.getBoundingClientRect(), rgb(getComputedStyle(p).fill), parseFloat(getComputedStyle(p).fillOpacity || 1)]).filter(f => f[2] > 0.5 && f[1].length >= 3);
    const boxes = [];
    for (const t of plot.querySelectorAll('svg text')) {
      if (!t.textContent.trim() || !shown(t) || t.closest('.legendtoggle, .modebar')) continue;
      out.texts++;
      const s = getComputedStyle(t), r = t.getBoundingClientRect();
      if (parseFloat(s.fontSize) < 24) out.small.push([label(t), s.fontSize]);
      if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1 || r.bottom > H + 1 || r.right > W + 1)
        out.clipped.push([label(t), Math.round(r.top - frame.top), Math.round(frame.bottom - r.bottom)]);
      const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
      let bg = [255, 255, 255];
      for (const [box, fill] of fills) if (cx >= box.left && cx <= box.right && cy >= box.top && cy <= box.bottom) bg = fill;
      const ratio = contrast(rgb(s.fill), bg);
      if (ratio < 4.5) out.contrast.push([label(t), ratio.toFixed(2)]);
      boxes.push([label(t), r]);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i], [b, q] = boxes[j];
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left), h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 2 && h > 2) out.overlaps.push([a, b]);
    }
  }
  for (const img of document.querySelectorAll('.st-key-joinbox img')) out.qr.push(img.getAttribute('alt') || '');
  out.height = document.documentElement.scrollHeight;
  return out;
}
"""


def _meeting(engine, kit_path, template: str, groups: tuple[str, ...] = ("sme", "advisor")) -> tuple[dict, dict, list]:
    """A started meeting with forty people spread over the kit's `groups` in turn (by default two groups of twenty)."""
    programme = write_tx(engine, programmes.create_programme, load_kit(kit_path), f"Læsbarhed {template}")
    meeting = next(m for m in read_tx(engine, programmes.list_meetings, programme) if m["template_id"] == template)
    write_tx(engine, agenda.start_meeting, meeting["id"])
    people = []
    for n in range(PEOPLE):
        _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
        group = groups[n % len(groups)]
        people.append(
            (write_tx(engine, participants.update_profile, person.token, name=None, organisation=None, group=group), group)
        )
    items = {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}
    return meeting, items, people


def _answer_all(engine, meeting: dict, item: dict, people: list, rng: random.Random) -> None:
    """The moderator moves to the item and opens it, everyone answers, the results go on the wall."""
    definition = parse_definition(item["exercise"])
    write_tx(engine, agenda.go_to_item, meeting["id"], item["id"])
    write_tx(engine, runs.open_exercise, item["run"]["id"])
    for person, group in people:
        write_tx(engine, responses.submit_response, person.token, item["run"]["id"], sample_answer(definition, rng, group=group))
    write_tx(engine, runs.show_results, item["run"]["id"], True)


CASES = [
    (BIFROST_KIT, "dm1", {"text": "expectations", "matrix": "principle-matrix", "placement": "role-placement"}),
    (BIFROST_KIT, "dm1", {"ranking": "theme-ranking", "actions": "actions", "evaluation": "evaluation"}),
    (MINI_KIT, "m1", {"scale": "scale", "choice": "choice"}),
    (MINI_KIT, "m2", {"assignment-mini": "assignment"}),
]


def _assert_legible(engine, page, meeting: dict, items: dict, people: list, shown: dict, shots, lang: str = "da") -> None:
    """Each of `shown` answered by everyone and put on the wall, then measured against the targets."""
    rng = random.Random(16)
    answered = {"da": f"{PEOPLE} af {PEOPLE} har svaret", "sv": f"{PEOPLE} av {PEOPLE} har svarat"}[lang]
    for kind, item_id in shown.items():
        _answer_all(engine, meeting, items[item_id], people, rng)
        title = items[item_id]["title"][lang]
        expect(page.locator("h1", has_text=title)).to_be_visible(timeout=20_000)
        if kind in ("text", "actions"):
            expect(page.locator(".stText").first).to_be_visible(timeout=20_000)
        else:
            expect(page.locator(".js-plotly-plot")).to_have_count(1, timeout=20_000)
        expect(page.get_by_text(answered, exact=False)).to_be_visible(timeout=20_000)
        page.wait_for_timeout(1500)  # the chart settles (fonts, automargin)
        found = page.evaluate(MEASURE)
        page.screenshot(path=shots / f"projector-{kind}.png")
        assert found["texts"] > 10, kind
        assert found["small"] == [], f"{kind}: text under 24 px"
        assert found["overlaps"] == [], f"{kind}: text drawn over text"
        assert found["clipped"] == [], f"{kind}: text cut by the chart or the screen"
        assert found["contrast"] == [], f"{kind}: contrast under 4.5:1"
        assert found["height"] <= 1080, f"{kind}: the page scrolls"
        assert found["qr"] and all("http" in alt for alt in found["qr"]), found["qr"]


@pytest.mark.parametrize("kit_path, template, shown", CASES, ids=["bifrost-1", "bifrost-2", "mini", "mini-assignment"])
def test_projector_is_legible_from_the_back_row(server, browser, kit_path, template, shown, shots):
    engine = engine_for(server.database_url)
    meeting, items, people = _meeting(engine, kit_path, template)
    page = browser.new_context(**PROJECTOR).new_page()
    page.goto(f"{server.url}/?code={meeting['join_code']}&embed=true")
    expect(page.locator(".st-key-joinbox img")).to_have_count(1, timeout=20_000)
    assert page.locator(".st-key-joinbox img").get_attribute("alt").startswith("QR-kode: deltag på http")
    _assert_legible(engine, page, meeting, items, people, shown, shots)


def test_the_assignment_of_eleven_efforts_to_six_organisations_is_legible(server, browser, shots):
    """The hardest assignment in the kits: Umeå's decision, 11 efforts by 6 organisations, forty people, in Swedish."""
    engine = engine_for(server.database_url)
    decision = next(i for i in load_kit(KITS_DIR / "umea").meeting("m2").agenda if i.id == "decision")
    groups = tuple(g.id for g in decision.exercise.groups)  # everyone answers for one of the six organisations
    meeting, items, people = _meeting(engine, KITS_DIR / "umea", "m2", groups)
    page = browser.new_context(**PROJECTOR).new_page()
    page.goto(f"{server.url}/?code={meeting['join_code']}&embed=true&lang=sv")
    expect(page.locator(".st-key-joinbox img")).to_have_count(1, timeout=20_000)
    _assert_legible(engine, page, meeting, items, people, {"assignment": "decision"}, shots, lang="sv")


def test_matrix_split_by_group_and_a_later_page_of_text_cards_are_legible(server, browser, shots):
    """The moderator's choices: the matrix split by group, and the text answers turned to page 2 of 5."""
    engine = engine_for(server.database_url)
    meeting, items, people = _meeting(engine, BIFROST_KIT, "dm1")
    page = browser.new_context(**PROJECTOR).new_page()
    page.goto(f"{server.url}/?code={meeting['join_code']}&embed=true")
    expect(page.locator(".st-key-joinbox img")).to_have_count(1, timeout=20_000)

    matrix = items["principle-matrix"]
    _answer_all(engine, meeting, matrix, people, random.Random(16))
    write_tx(engine, runs.set_display, matrix["run"]["id"], by_group=True)
    expect(page.locator(".js-plotly-plot text.xtitle, .js-plotly-plot text.x2title")).to_have_count(
        2, timeout=20_000
    )  # one panel per group
    expect(page.locator(".js-plotly-plot .xtitle").first).to_have_text("Rådgiver")
    page.wait_for_timeout(1500)  # the chart settles (fonts, automargin)
    found = page.evaluate(MEASURE)
    page.screenshot(path=shots / "projector-matrix-by-group.png")
    assert found["small"] == [] and found["overlaps"] == [] and found["clipped"] == [] and found["contrast"] == [], found
    assert found["height"] <= 1080

    text = items["expectations"]
    write_tx(engine, agenda.go_to_item, meeting["id"], text["id"])
    write_tx(engine, runs.open_exercise, text["run"]["id"])
    for n, (person, _) in enumerate(people):
        write_tx(
            engine,
            responses.submit_response,
            person.token,
            text["run"]["id"],
            {"text": f"Forventning nummer {n + 1}: at lære af hinanden"},
        )
    write_tx(engine, runs.show_results, text["run"]["id"], True)
    write_tx(engine, runs.set_display, text["run"]["id"], page=1)
    expect(page.get_by_text("Svar 10–18 af 40 · side 2 af 5")).to_be_visible(timeout=20_000)
    assert page.locator(".stText").filter(has_text="Forventning nummer").count() == 9
    page.wait_for_timeout(500)
    found = page.evaluate(MEASURE)
    page.screenshot(path=shots / "projector-text-page-2.png")
    assert found["small"] == [] and found["clipped"] == [] and found["contrast"] == [], found
    assert found["height"] <= 1080
