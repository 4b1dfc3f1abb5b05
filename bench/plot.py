"""Draw bench/phones.py results as an SVG bar chart (p50 and p95 vote-to-projector latency per room size).

.venv/bin/python bench/plot.py results.json docs/phones-latency.svg
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def svg(rows: list[dict], title: str) -> str:
    width, height, left, bottom, top = 720, 360, 70, 50, 50
    plot_w, plot_h = width - left - 30, height - bottom - top
    peak = max(1.2, max(r["latency_p95"] for r in rows) * 1.15)
    group_w = plot_w / len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="13">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="24" font-size="16" font-weight="bold">{title}</text>',
    ]
    for tick in [i * 0.25 for i in range(int(peak / 0.25) + 1)]:
        y = top + plot_h - tick / peak * plot_h
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{tick:.2f} s</text>')
    target = top + plot_h - 1.0 / peak * plot_h
    parts.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{target:.1f}" y2="{target:.1f}" stroke="#b42318" stroke-dasharray="6 4"/>'
    )
    parts.append(f'<text x="{left + plot_w}" y="{target - 6:.1f}" text-anchor="end" fill="#b42318">target p95 1 s</text>')
    for i, row in enumerate(rows):
        x0 = left + i * group_w + group_w * 0.2
        for j, (key, colour) in enumerate((("latency_p50", "#0b5cad"), ("latency_p95", "#c2410c"))):
            h = row[key] / peak * plot_h
            x = x0 + j * group_w * 0.3
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{group_w * 0.28:.1f}" height="{h:.1f}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{x + group_w * 0.14:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle">{row[key]:.2f}</text>'
            )
        parts.append(
            f'<text x="{x0 + group_w * 0.29:.1f}" y="{top + plot_h + 20}" text-anchor="middle">{row["phones"]} phones</text>'
        )
    parts.append(
        f'<rect x="{left + 10}" y="{height - 18}" width="12" height="12" fill="#0b5cad"/><text x="{left + 28}" y="{height - 8}">p50</text>'
    )
    parts.append(
        f'<rect x="{left + 70}" y="{height - 18}" width="12" height="12" fill="#c2410c"/><text x="{left + 88}" y="{height - 8}">p95</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    rows = sorted(json.loads(source.read_text()), key=lambda r: r["phones"])
    target.write_text(svg(rows, "Vote to projector, one server (2 cores, SQLite)"))
    print(f"wrote {target}")
