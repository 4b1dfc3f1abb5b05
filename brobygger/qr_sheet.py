"""A printable sheet of personal links: one QR code per registered participant, to hand out or mail."""

from __future__ import annotations

import html

import segno

from brobygger.i18n import t


def qr_sheet_html(people: list[dict], base_url: str, programme: str, lang: str = "da") -> str:
    """A self-contained HTML page (print it, or save as PDF from the browser). Every text is escaped."""
    cards = []
    for person in people:
        url = f"{base_url}/p/{person['token']}"
        svg = segno.make(url, error="m").svg_inline(scale=4, border=1)
        details = " · ".join(filter(None, [person.get("organisation") or "", person.get("group_label") or ""]))
        cards.append(
            f'<div class="card">{svg}<div><p class="name">{html.escape(person.get("name") or person["pseudonym"])}</p>'
            f'<p>{html.escape(details)}</p><p class="small">{html.escape(person["pseudonym"])} · {html.escape(url)}</p></div></div>'
        )
    return f"""<!doctype html>
<html lang="{html.escape(lang)}"><head><meta charset="utf-8"><title>{html.escape(programme)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 12mm; }}
h1 {{ font-size: 18pt; }}
.grid {{ display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }}
.card {{ display: flex; gap: 4mm; align-items: center; border: 1px solid #999; border-radius: 3mm; padding: 4mm; break-inside: avoid; }}
.name {{ font-size: 14pt; font-weight: bold; margin: 0 0 2mm; }}
.small {{ font-size: 8pt; color: #555; word-break: break-all; }}
p {{ margin: 0 0 1mm; }}
</style></head><body>
<h1>{html.escape(programme)}</h1>
<p>{html.escape(t("register.sheet_help", lang))}</p>
<div class="grid">{"".join(cards)}</div>
</body></html>
"""
