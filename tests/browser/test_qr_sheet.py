"""The printed sheet of personal QR codes scans: rendered as Chromium prints it on A4, every code decodes."""

from __future__ import annotations

import io

import pytest

from brobygger.kits import KITS_DIR, load_kit
from brobygger.qr_sheet import qr_sheet_html
from brobygger.services import identity, participants, programmes
from tests.conftest import write_tx

pytestmark = pytest.mark.browser

A4_WIDTH_PX = 794  # 210 mm at the 96 px per inch of CSS


def test_every_code_on_the_printed_sheet_decodes(engine, browser, shots):
    import zxingcpp
    from PIL import Image

    programme = write_tx(engine, programmes.create_programme, load_kit(KITS_DIR / "bifrost"), "Ark")
    lines = "\n".join(f"Deltager med et ret langt navn {n}; Organisationen med det lange navn {n}" for n in range(8))
    people = write_tx(engine, participants.register_participants, programme, lines)
    rows = [
        {
            "token": p.token,
            "pseudonym": p.pseudonym,
            "name": p.name,
            "organisation": p.organisation,
            "personal_code": identity.personal_code(p.token),
        }
        for p in people
    ]
    base = "https://workshop.example.org"
    context = browser.new_context(viewport={"width": A4_WIDTH_PX, "height": 1123}, device_scale_factor=2)
    page = context.new_page()
    page.set_content(qr_sheet_html(rows, base, "Bifrost 2027"))
    page.emulate_media(media="print")
    (shots / "qr-sheet.pdf").write_bytes(page.pdf(format="A4"))
    png = page.screenshot(full_page=True)
    (shots / "qr-sheet.png").write_bytes(png)
    decoded = sorted(r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png))))
    assert decoded == sorted(f"{base}/p/{p.token}" for p in people)
    boxes = page.locator("svg.qr").evaluate_all("qs => qs.map(q => q.getBoundingClientRect().toJSON())")
    assert len(boxes) == 8 and all(b["right"] <= A4_WIDTH_PX and b["width"] >= 130 for b in boxes)  # whole, ~38 mm
