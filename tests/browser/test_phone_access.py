"""Phones for every hand: every phone screen at 360x740, at normal and at 200% text, measured in the browser.

Large text is emulated the way a phone's large-text setting works: the root font size is set to 200% (32 px),
and the page's sizes, all in rem, follow it. On every screen (code entry, about you,
waiting, each exercise type, closed, ended, the process log) the test asserts: no sideways scrolling, no text
outside its button or box, no text under 14 px, every tap target at least 44x44 px, and axe-core (wcag2a,
wcag2aa, wcag21aa, wcag22aa; injected from node_modules, no download) with no violations. On the matrix,
evaluation and actions screens it tabs through every control and asserts that each focused control is fully
above the fixed save bar. axe-core also checks the moderator's console and Organise.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from brobygger.kits import load_kit
from brobygger.services import agenda, participants, programmes, responses, runs
from brobygger.store import engine_for
from tests.browser.conftest import SECRET, consent
from tests.conftest import BIFROST_KIT, MINI_KIT, ROOT, read_tx, write_tx

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
UMEA_KIT = ROOT / "workshop_kits" / "umea"
SMALL_PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
    "locale": "da-DK",
}
TEXT_SIZES = {"normal": 17, "large": 32}  # the root font size in px: the page's own, and 200 % of 16

MEASURE = """
() => {
  const W = document.documentElement.clientWidth;
  const shown = el => { for (let e = el; e && e.nodeType === 1; e = e.parentElement) { const s = getComputedStyle(e); if (s.display === 'none' || s.visibility === 'hidden') return false; } const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
  const name = el => (el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 40);
  const out = {root: parseFloat(getComputedStyle(document.documentElement).fontSize), width: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), viewport: W,
               texts: 0, minFont: 99, small: [], spill: [], targets: [], minTarget: [999, 999]};
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
    if (!own.length || !shown(el) || el.closest('.sr, noscript, option, select')) continue;
    out.texts++;
    const fs = parseFloat(getComputedStyle(el).fontSize);
    out.minFont = Math.min(out.minFont, fs);
    if (fs < 14) out.small.push([name(el), fs]);
    // the text's own boxes stay inside its element (a button, a region of the plane, a card) and the screen
    const box = el.getBoundingClientRect();
    for (const node of own) {
      const range = document.createRange(); range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width < 1) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < -1 || r.right > W + 1)
          out.spill.push([name(el), Math.round(r.left), Math.round(r.right), Math.round(box.left), Math.round(box.right)]);
      }
    }
  }
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    if (!shown(el) || el.type === 'hidden') continue;
    const target = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label') ? el.closest('label') : el;
    const r = target.getBoundingClientRect();
    out.minTarget = [Math.min(out.minTarget[0], Math.round(r.width)), Math.min(out.minTarget[1], Math.round(r.height))];
    if (r.width < 44 - 0.5 || r.height < 44 - 0.5) out.targets.push([name(el), Math.round(r.width), Math.round(r.height)]);
  }
  return out;
}
"""

FOCUSED = """
() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const r = a.getBoundingClientRect();
  const bar = document.querySelector('.savebar');
  return {id: a.id, name: (a.getAttribute('aria-label') || a.textContent || a.tagName).trim().slice(0, 40), inBar: !!(bar && bar.contains(a)),
          top: r.top, bottom: r.bottom, barTop: bar ? bar.getBoundingClientRect().top : innerHeight};
}
"""


def _axe(page) -> list:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate("(() => {\n" + AXE.read_text(encoding="utf-8") + "\n})()")
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations
             .map(v => [v.id, v.nodes.slice(0, 3).map(n => n.target.join(' '))])""",
        AXE_TAGS,
    )


def _check(page, screen: str, size: str, report: dict) -> None:
    page.wait_for_timeout(300)  # fonts and the save bar's size settle
    found = page.evaluate(MEASURE)
    found["axe"] = _axe(page)
    report[(screen, size)] = found
    page.screenshot(path=ROOT / "test-output" / f"phone-{screen}-{size}.png", full_page=True)
    where = f"{screen} at {size} text"
    assert found["texts"] > 2, where
    assert found["root"] == TEXT_SIZES[size], f"{where}: root font size {found['root']} px"
    assert found["width"] <= found["viewport"], f"{where}: the page is {found['width']} px wide"
    assert found["spill"] == [], f"{where}: text outside its box"
    assert found["small"] == [], f"{where}: text under 14 px"
    assert found["targets"] == [], f"{where}: tap targets under 44x44 px"
    assert found["axe"] == [], f"{where}: axe-core violations"


def _tab_through(page, screen: str, size: str, report: dict) -> None:
    """Tab from the top through every control to the save button; each focused control is fully above the bar."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.locator("header.bar").click(position={"x": 2, "y": 2})
    stops, hidden = 0, []
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        if focus is None:
            continue
        stops += 1
        if focus["inBar"]:
            if focus["id"] == "save":
                break
            continue
        if focus["bottom"] > focus["barTop"] + 0.5 or focus["top"] < -0.5:
            hidden.append((focus["name"], round(focus["top"]), round(focus["bottom"]), round(focus["barTop"])))
    report[(screen + " tab", size)] = {"stops": stops, "hidden": hidden}
    assert focus and focus["id"] == "save", f"{screen} at {size} text: never reached the save button"
    assert stops > 5, screen
    assert hidden == [], f"{screen} at {size} text: {len(hidden)} of {stops} focus stops under the save bar"


def _phone(browser, size: str):
    context = browser.new_context(**SMALL_PHONE)
    page = context.new_page()
    if size == "large":
        # a phone's large-text setting: the root font size at 200 %, which the page's rem sizes follow
        page.add_init_script(
            "(() => { const big = () => document.documentElement && document.documentElement.style.setProperty('font-size', '200%');"
            " big(); document.addEventListener('DOMContentLoaded', big); })()"
        )
    return context, page


def _started(engine, kit_path, template: str) -> tuple[dict, dict]:
    programme = write_tx(engine, programmes.create_programme, load_kit(kit_path), f"Telefon {kit_path.name} {template}")
    meeting = next(m for m in read_tx(engine, programmes.list_meetings, programme) if m["template_id"] == template)
    write_tx(engine, agenda.start_meeting, meeting["id"])
    return meeting, {i["template_item_id"]: i for i in read_tx(engine, agenda.agenda, meeting["id"])}


def _join(page, server, code: str, size: str | None = None, report: dict | None = None) -> None:
    """Join; the first time in a programme the phone asks about research use (measured when asked), then "about you"."""
    page.goto(f"{server.url}/j/{code}")
    expect(page.locator("#consent-yes")).to_be_visible(timeout=20_000)
    if report is not None:
        _check(page, "consent", size, report)
    consent(page)
    expect(page.locator("form.card h2")).to_be_visible(timeout=20_000)  # "About you", in the programme's language


def _open(engine, page, meeting: dict, item: dict) -> None:
    write_tx(engine, agenda.go_to_item, meeting["id"], item["id"])
    write_tx(engine, runs.open_exercise, item["run"]["id"])
    title = re.compile("^(" + "|".join(re.escape(t) for t in item["title"].values()) + ")$")
    expect(page.locator("section.card h2")).to_have_text(title, timeout=20_000)
    expect(page.locator("#save")).to_be_visible()


@pytest.fixture(scope="module")
def report():
    found: dict = {}
    yield found
    lines = []
    for (screen, size), data in found.items():
        if "stops" in data:
            lines.append(f"{screen:24} {size:6} focus stops {data['stops']:3}, hidden {len(data['hidden'])}")
        else:
            lines.append(
                f"{screen:24} {size:6} root {data['root']:.0f} width {data['width']:4}/{data['viewport']} min font {data['minFont']:.1f} "
                f"min target {data['minTarget'][0]}x{data['minTarget'][1]} axe {len(data['axe'])}"
            )
    (ROOT / "test-output").mkdir(exist_ok=True)
    (ROOT / "test-output" / "phone-access.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("size", list(TEXT_SIZES))
def test_every_phone_screen_fits_reads_and_taps(server, browser, size, report):
    assert AXE.exists(), "axe-core is missing: `make test` installs it with npm ci (package-lock.json)"
    engine = engine_for(server.database_url)
    context, page = _phone(browser, size)

    page.goto(f"{server.url}/j/")
    expect(page.get_by_role("heading", name="Skriv koden fra skærmen")).to_be_visible(timeout=20_000)
    _check(page, "code-entry", size, report)

    meeting, items = _started(engine, BIFROST_KIT, "dm1")
    _join(page, server, meeting["join_code"], size, report)
    expect(page.get_by_role("heading", name="Om dig (valgfrit)")).to_be_visible()
    _check(page, "about-you", size, report)
    page.get_by_role("button", name="Rådgiver").click()
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_text("Vent på, at moderatoren åbner en øvelse.")).to_be_visible()
    _check(page, "waiting", size, report)

    for kind, item_id in [
        ("text", "expectations"),
        ("matrix", "principle-matrix"),
        ("placement", "role-placement"),
        ("ranking", "theme-ranking"),
        ("actions", "actions"),
        ("evaluation", "evaluation"),
    ]:
        item = items[item_id]
        _open(engine, page, meeting, item)
        if kind == "placement":
            page.locator("svg.plane").click(position={"x": 200, "y": 60})
        _check(page, kind, size, report)
        if kind in ("matrix", "evaluation", "actions"):
            _tab_through(page, kind, size, report)
        write_tx(engine, runs.close_exercise, item["run"]["id"])
    expect(page.get_by_text("Øvelsen er lukket", exact=False)).to_be_visible(timeout=20_000)
    _check(page, "closed", size, report)

    write_tx(engine, agenda.end_meeting, meeting["id"])
    expect(page.get_by_text("Mødet er slut", exact=False)).to_be_visible(timeout=20_000)
    _check(page, "ended", size, report)

    token = page.evaluate("() => new URLSearchParams(location.hash.slice(1)).get('t')")
    page.goto(f"{server.url}/log#t={token}")
    expect(page.locator("form.card h1")).to_be_visible(timeout=20_000)
    _check(page, "log", size, report)

    for kit_path, template, shown in [
        (MINI_KIT, "m1", [("scale", "scale"), ("choice", "choice")]),
        (UMEA_KIT, "m1", [("assignment", None)]),
    ]:
        meeting, items = _started(engine, kit_path, template)
        _join(page, server, meeting["join_code"])
        page.locator("form.card button.wide").click()  # skip "about you"
        for kind, item_id in shown:
            item = items[item_id] if item_id else next(i for i in items.values() if (i.get("exercise") or {}).get("type") == kind)
            _open(engine, page, meeting, item)
            _check(page, kind, size, report)
            write_tx(engine, runs.close_exercise, item["run"]["id"])
    context.close()


CONTRAST = """
(selector) => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const mix = (c, bg) => c.length === 4 ? c.slice(0, 3).map((v, i) => v * c[3] + bg[i] * (1 - c[3])) : c;
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratios = [];
  for (const el of document.querySelectorAll(selector)) {
    let bg = [255, 255, 255];
    for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0.5) { bg = c.slice(0, 3); break; } }
    const s = getComputedStyle(el);
    const fg = mix(rgb(s.color), bg).map(v => v * parseFloat(s.opacity) + 0);
    const [x, y] = [lum(fg), lum(bg)].sort((p, q) => q - p);
    ratios.push([el.textContent.trim().slice(0, 40), (x + 0.05) / (y + 0.05)]);
  }
  return ratios;
}
"""


def test_console_keeps_focus_on_open_close_and_passes_axe(server, browser):
    engine = engine_for(server.database_url)
    meeting, items = _started(engine, BIFROST_KIT, "dm1")
    write_tx(engine, agenda.go_to_item, meeting["id"], items["expectations"]["id"])
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server.url}/moderate?meeting={meeting['id']}")
    page.get_by_role("textbox", name="Adgangskode").fill(SECRET)
    page.get_by_role("button", name="Log ind").click()
    toggle = page.locator(".st-key-open_close button")
    expect(toggle).to_have_text("Åbn øvelsen", timeout=20_000)

    # the status line under the title reads at AA contrast (4.5:1)
    line = page.locator(".st-key-status_line")
    expect(line).to_be_visible()
    ratios = page.evaluate(
        CONTRAST, ".st-key-status_line p, .st-key-status_line strong, .st-key-status_line code, .st-key-status_line a"
    )
    assert ratios and min(r for _, r in ratios) >= 4.5, ratios

    # opened and closed from the keyboard: focus stays on the button through each rerun
    for expected in ("Luk øvelsen", "Genåbn øvelsen", "Luk øvelsen"):
        toggle.focus()
        page.keyboard.press("Enter")
        expect(toggle).to_have_text(expected, timeout=20_000)
        page.wait_for_timeout(500)  # the rerun settles
        focused = page.evaluate("() => document.activeElement && document.activeElement.textContent.trim()")
        assert focused == expected, f"focus went to {focused!r} after the button became {expected!r}"
    assert _axe(page) == [], "the console: axe-core violations"

    # the moderator turns the projector's pages of text answers, and splits the matrix by group
    for n in range(12):
        _, person = write_tx(engine, participants.join_meeting, meeting["join_code"])
        write_tx(
            engine, responses.submit_response, person.token, items["expectations"]["run"]["id"], {"text": f"Svar nummer {n}"}
        )
    expect(page.get_by_text("Projektoren viser side 1 af 2 med svar")).to_be_visible(timeout=20_000)
    page.locator(".st-key-cards_next button").click()
    expect(page.get_by_text("Projektoren viser side 2 af 2 med svar")).to_be_visible(timeout=20_000)
    expect(page.locator(".st-key-cards_next button")).to_be_disabled()
    assert read_tx(engine, runs.results, items["expectations"]["run"]["id"])["display"]["page"] == 1
    matrix_name = next(
        item.title.get("da") for item in load_kit(BIFROST_KIT).meeting("dm1").agenda if item.id == "principle-matrix"
    )
    matrix_title = re.compile(r"^\d+\. " + re.escape(matrix_name) + "$")
    for _ in range(len(items)):  # the moderator moves on with "next" to the principle matrix
        if page.get_by_role("heading", name=matrix_title).count():
            break
        before = page.locator("h3").first.inner_text()
        page.locator(".st-key-next button").click()
        expect(page.locator("h3").first).not_to_have_text(before, timeout=20_000)
    split = page.locator(".st-key-split_groups button")
    expect(split).to_have_text("Vis opdelt på grupper", timeout=20_000)
    split.click()
    expect(split).to_have_text("Vis alle samlet", timeout=20_000)
    assert read_tx(engine, runs.results, items["principle-matrix"]["run"]["id"])["display"]["by_group"] is True

    page.goto(f"{server.url}/organise")
    password = page.get_by_role("textbox", name="Adgangskode")
    expect(password.or_(page.get_by_text("Nyt forløb"))).to_be_visible(timeout=20_000)
    if password.is_visible():
        password.fill(SECRET)
        page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_text("Nyt forløb")).to_be_visible(timeout=20_000)
    page.wait_for_timeout(1000)
    assert _axe(page) == [], "Organise: axe-core violations"
