"""SVG drawings for the site, made here from the data (no JavaScript library, no fonts shipped).

* :func:`structure_chart` — 总召集人 → 副召集人 → 成员单位, with the office and the unit that
  seals for it (代章);
* :func:`seat_timeline` — every seat's holders on a time axis, a term with an unknown start
  drawn from the left edge and marked 未载明.

Every text is escaped (``markupsafe.escape``); the result is ``Markup`` to put in a page as it is.
Widths come from :func:`lianxi.textcn.display_width`, so Chinese labels fit their boxes.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from markupsafe import Markup, escape

from ..textcn import display_width

FONT = 14  # px; a CJK character is about FONT wide, an ASCII one about half
WIDTH = 960


def _w(text: str, size: int = FONT) -> float:
    return display_width(text, cjk_font=True) * size / 2


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x: float, y: float, text: str, *, cls: str = "", anchor: str = "middle", size: Optional[int] = None) -> str:
    attrs = f' class="{cls}"' if cls else ""
    if size:
        attrs += f' font-size="{size}"'
    return f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}"{attrs}>{escape(text)}</text>'


def _box(x: float, y: float, w: float, h: float, lines: list[str], cls: str) -> str:
    parts = [f'<g class="{cls}"><rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" rx="6"/>']
    step = 18
    top = y + h / 2 - (len(lines) - 1) * step / 2 + 5
    for i, line in enumerate(lines):
        parts.append(_text(x + w / 2, top + i * step, line, cls="strong" if i == 0 else "", size=None if i == 0 else 12))
    parts.append("</g>")
    return "".join(parts)


def _line(x1: float, y1: float, x2: float, y2: float, cls: str = "link") -> str:
    return f'<path class="{cls}" d="M{_num(x1)} {_num(y1)}V{_num((y1 + y2) / 2)}H{_num(x2)}V{_num(y2)}"/>'


def _svg(width: float, height: float, title: str, body: list[str], cls: str) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" viewBox="-4 -4 {_num(width + 8)} {_num(height + 8)}" '
            f'font-size="{FONT}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>')
    return Markup(head + "".join(body) + "</svg>")


def _fit(lines: list[str], minimum: float) -> float:
    return max([minimum] + [_w(line) + 24 for line in lines])


def structure_chart(chart: dict) -> Markup:
    """``chart``: {"title", "top": [lines], "deputies": [[lines]], "members": [name],
    "office": [lines] | None, "seal": text | None} (see :func:`lianxi.site.pages.structure`)."""
    body: list[str] = []
    y = 10
    tops = chart["top"]
    top_w = max([_fit(lines, 220) for lines in tops] or [220])
    office = chart.get("office")
    left = WIDTH - ((max(_fit(office, 200), 200) + 20) if office else 0)  # the office sits to the right
    tops_x = []
    gap = 30
    total = len(tops) * top_w + (len(tops) - 1) * gap
    for i, lines in enumerate(tops):
        x = (left - total) / 2 + i * (top_w + gap)
        tops_x.append(x + top_w / 2)
        body.append(_box(x, y, top_w, 58, lines, "box top"))
    y_dep = y + 58 + 40
    deputies = chart["deputies"]
    dep_w = max([_fit(lines, 200) for lines in deputies] or [200])
    total = len(deputies) * dep_w + (len(deputies) - 1) * gap
    dep_x = []
    for i, lines in enumerate(deputies):
        x = (left - total) / 2 + i * (dep_w + gap)
        dep_x.append(x + dep_w / 2)
        body.append(_box(x, y_dep, dep_w, 58, lines, "box deputy"))
        for tx in tops_x:
            body.append(_line(tx, y + 58, x + dep_w / 2, y_dep))
    members = chart["members"]
    cell = max([_fit([m], 130) for m in members] or [130])
    per_row = max(1, int((WIDTH + 12) // (cell + 12)))
    y_mem = (y_dep + 58 + 50) if deputies else (y + 58 + 50)
    bus = y_mem - 22
    sources = dep_x or tops_x
    source_y = (y_dep if deputies else y) + 58
    for sx in sources:
        body.append(f'<path class="link" d="M{_num(sx)} {_num(source_y)}V{_num(bus)}"/>')
    if members:
        body.append(_text(WIDTH - cell / 2 - 6, bus - 6, f"成员单位（{len(members)}个）", cls="caption", anchor="end"))
        body.append(f'<path class="link" d="M{_num(cell / 2)} {_num(bus)}H{_num(WIDTH - cell / 2)}"/>')
    rows = 0
    for i, name in enumerate(members):
        row, col = divmod(i, per_row)
        rows = row + 1
        count = min(per_row, len(members) - row * per_row)
        span = count * cell + (count - 1) * 12
        x = (WIDTH - span) / 2 + col * (cell + 12)
        yy = y_mem + row * (40 + 12)
        if row == 0:
            body.append(f'<path class="link" d="M{_num(x + cell / 2)} {_num(bus)}V{_num(yy)}"/>')
        body.append(_box(x, yy, cell, 40, [name], "box member"))
    if office:  # to the right of the top row, linked to the convener; the sealing unit under it
        ow = max(_fit(office, 200), 200)
        ox = WIDTH - ow
        oh = 18 * len(office) + 22
        body.append(_box(ox, y, ow, oh, office, "box office"))
        link_x = (tops_x[-1] + top_w / 2) if tops_x else WIDTH / 2
        body.append(f'<path class="link dashed" d="M{_num(link_x)} {_num(y + 29)}H{_num(ox)}"/>')
        if chart.get("seal"):
            body.append(_text(ox + ow / 2, y + oh + 18, chart["seal"], cls="seal", size=12))
    height = y_mem + rows * 52 + 10 if members else y_dep + 120
    return _svg(WIDTH, height, chart["title"], body, "chart")


def seat_timeline(rows: list[dict], day: dt.date, title: str) -> Markup:
    """``rows``: [{"label", "holders": [{"name", "start": date|None, "end": date|None}]}]; ``day``
    marks “今天” (the build's as-of date) and bounds the axis with the known dates."""
    known = [h[k] for r in rows for h in r["holders"] for k in ("start", "end") if h[k] is not None] + [day]
    lo, hi = min(known), max(known)
    if (hi - lo).days < 365:
        lo = hi - dt.timedelta(days=365)
    lo -= dt.timedelta(days=30)
    hi += dt.timedelta(days=60)
    label_w = max([_w(r["label"], 12) for r in rows] + [120]) + 16
    plot_x, plot_w = label_w, WIDTH - label_w - 10
    span = (hi - lo).days

    def x(day_: dt.date) -> float:
        return plot_x + plot_w * (day_ - lo).days / span

    row_h, top = 26, 30
    body = []
    for year in range(lo.year, hi.year + 2):
        tick = dt.date(year, 1, 1)
        if lo <= tick <= hi:
            body.append(f'<path class="grid" d="M{_num(x(tick))} {top - 6}V{top + row_h * len(rows)}"/>')
            body.append(_text(x(tick), top - 10, f"{year}年", size=12))
    for i, row in enumerate(rows):
        y = top + i * row_h
        if i % 2:
            body.append(f'<rect class="band" x="0" y="{y}" width="{WIDTH}" height="{row_h}"/>')
        body.append(_text(label_w - 8, y + 17, row["label"], anchor="end", size=12))
        for holder in row["holders"]:
            start = holder["start"] or lo
            end = holder["end"] or hi
            if end < lo or start > hi:
                continue
            x0, x1 = x(max(start, lo)), x(min(end, hi))
            cls = "term" + (" open-start" if holder["start"] is None else "") + (" current" if holder["end"] is None else "")
            body.append(f'<rect class="{cls}" x="{_num(x0)}" y="{y + 4}" width="{_num(max(x1 - x0, 2))}" height="{row_h - 8}" rx="3"/>')
            body.append(_text(x0 + 6, y + 17, holder["name"], anchor="start", size=12, cls="term-label"))
    body.append(f'<path class="today" d="M{_num(x(day))} {top - 4}V{top + row_h * len(rows)}"/>')
    body.append(_text(x(day), top + row_h * len(rows) + 14, f"{day.isoformat()}（截至）", size=11))
    return _svg(WIDTH, top + row_h * len(rows) + 22, title, body, "timeline")
