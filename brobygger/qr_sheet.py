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
        # The quiet zone is the standard four modules, and the code is drawn at a fixed printed size (never
        # shrunk by the layout), so a phone's camera finds all three finder squares on paper.
        svg = segno.make(url, error="m").svg_inline(scale=4, border=4, svgclass="qr", omitsize=True)
        details = " · ".join(filter(None, [person.get("organisation") or "", person.get("group_label") or ""]))
        code = person.get("personal_code") or ""
        code_line = f'<p class="code">{html.escape(t("register.sheet_code", lang, code=code))}</p>' if code else ""
        cards.append(
            f'<div class="card">{svg}<div class="text"><p class="name">{html.escape(person.get("name") or person["pseudonym"])}</p>'
            f"<p>{html.escape(details)}</p>{code_line}"
            f'<p class="small">{html.escape(person["pseudonym"])} · {html.escape(url)}</p></div></div>'
        )
    return f"""<!doctype html>
<html lang="{html.escape(lang)}"><head><meta charset="utf-8"><title>{html.escape(programme)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 12mm; }}
h1 {{ font-size: 18pt; }}
.grid {{ display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 6mm; }}
.card {{ display: flex; gap: 4mm; align-items: center; border: 1px solid #999; border-radius: 3mm; padding: 4mm; break-inside: avoid; }}
.qr {{ flex: none; width: 38mm; height: 38mm; }}
.text {{ min-width: 0; }}
.code {{ font-size: 12pt; font-family: ui-monospace, monospace; margin: 1mm 0 2mm; }}
.name {{ font-size: 14pt; font-weight: bold; margin: 0 0 2mm; }}
.small {{ font-size: 8pt; color: #555; word-break: break-all; }}
p {{ margin: 0 0 1mm; }}
</style></head><body>
<h1>{html.escape(programme)}</h1>
<p>{html.escape(t("register.sheet_help", lang))}</p>
<div class="grid">{"".join(cards)}</div>
</body></html>
"""
