"""The game's own drawings: wrapped text, sparklines, the map and the charts.

Each returns a new `pygame.Surface` (shown through a `UIImage`) and is called only when what it
shows changes, never every frame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pygame

from game.engine import Rules
from game.ui.look import Colour, Fonts, Palette
from game.view import DealSpace, MeterView, TerritoryView

Line = tuple[tuple[int, int], tuple[int, int]]
"""A leader line on the map: from the name to its island."""
Para = tuple[str, str]
"""(style, text): style is 'body', 'bold', 'small', 'heading' or 'dim'."""


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Break `text` into lines no wider than `width`; a word wider than that (a file path,
    Japanese without spaces) is broken between characters."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if font.size(trial)[0] <= width:
                line = trial
                continue
            if line:
                out.append(line)
            line = word
            while len(line) > 1 and font.size(line)[0] > width:
                cut = _fits(font, line, width)
                out.append(line[:cut])
                line = line[cut:]
        out.append(line)
    return out


def _fits(font: pygame.font.Font, text: str, width: int) -> int:
    """How many leading characters of `text` fit in `width` (at least one)."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.size(text[:mid])[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _style(style: str, fonts: Fonts, pal: Palette) -> tuple[pygame.font.Font, Colour]:
    """The font and colour of a paragraph style."""
    font = {
        "bold": fonts.bold,
        "small": fonts.small,
        "heading": fonts.heading,
        "dim": fonts.small,
    }.get(style, fonts.body)
    colour = pal.dim if style in ("dim", "small") else pal.text
    if style == "heading":
        colour = pal.accent
    return font, colour


def text_height(width: int, paras: Sequence[Para], fonts: Fonts, pal: Palette, pad: int = 8) -> int:
    """The height `text_block` needs to show all of `paras` at `width`."""
    y = pad
    for style, text in paras:
        font, _ = _style(style, fonts, pal)
        y += font.get_linesize() * len(wrap(font, text, max(1, width) - 2 * pad)) + 4
    return y + pad


def text_block(
    size: tuple[int, int], paras: Sequence[Para], fonts: Fonts, pal: Palette, pad: int = 8
) -> pygame.Surface:
    """Paragraphs of wrapped text on the panel colour; what does not fit is cut at the bottom
    (`TextPanel` scrolls instead)."""
    w, h = max(1, size[0]), max(1, size[1])
    surf = pygame.Surface((w, h))
    surf.fill(pal.panel)
    y = pad
    for style, text in paras:
        font, colour = _style(style, fonts, pal)
        for line in wrap(font, text, w - 2 * pad):
            if y + font.get_linesize() > h:
                return surf
            surf.blit(font.render(line, True, colour), (pad, y))
            y += font.get_linesize()
        y += 4
    return surf


def sparkline(
    surf: pygame.Surface, rect: pygame.Rect, values: Sequence[int], lo: int, hi: int, c: Colour
) -> None:
    """A small line chart of `values` in `rect`."""
    if len(values) < 2 or hi <= lo:
        pygame.draw.line(surf, c, (rect.left, rect.centery), (rect.right, rect.centery), 1)
        return
    n = len(values)
    pts = [
        (
            rect.left + i * (rect.width - 1) / (n - 1),
            rect.bottom - 1 - (v - lo) * (rect.height - 2) / (hi - lo),
        )
        for i, v in enumerate(values)
    ]
    pygame.draw.lines(surf, c, False, pts, 2)


def meters_row_height(fonts: Fonts) -> int:
    """Height of one row of the meters panel."""
    return fonts.small.get_linesize() + 8


def fit(font: pygame.font.Font, text: str, width: int) -> str:
    """`text`, cut with an ellipsis to fit `width` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"


SIGN_MARKS = {1: "+", -1: "−", 0: ""}
"""After the star of a scored meter: which way the viewer's score goes with it now."""


def meters_panel(
    size: tuple[int, int],
    meters: Sequence[MeterView],
    fonts: Fonts,
    pal: Palette,
    hover: int = -1,
    focus: int = -1,
    viewer: str = "",
    start: int = 0,
) -> tuple[pygame.Surface, list[tuple[int, pygame.Rect]]]:
    """The meters from `start`: label, value, last change (green when it helps `viewer`), a bar
    and a sparkline; returns (meter position, row rect) of the rows drawn."""
    w, h = max(1, size[0]), max(1, size[1])
    surf = pygame.Surface((w, h))
    surf.fill(pal.panel)
    rows: list[tuple[int, pygame.Rect]] = []
    if not meters:
        return surf, rows
    row_h = max(meters_row_height(fonts), min(34, h // max(1, len(meters))))
    spark_w = max(36, w // 6)
    value_w = fonts.bold.size("100 %")[0] + fonts.small.size("+10")[0] + 10
    vx = w - spark_w - 10 - value_w
    for k, m in enumerate(meters[start:], start):
        y = (k - start) * row_h
        if y + row_h > h:
            more = fonts.small.render(f"▼ {len(meters) - k} more (scroll)", True, pal.accent)
            surf.blit(more, (w - more.get_width() - 6, h - more.get_height()))
            break
        rect = pygame.Rect(0, y, w, row_h)
        rows.append((k, rect))
        if k in (hover, focus):
            pygame.draw.rect(surf, (50, 60, 80), rect)
        if k == focus:
            pygame.draw.rect(surf, pal.accent, rect, 1)
        # the meters the viewer is scored on: starred, in the accent colour (they come first)
        text = f"★{SIGN_MARKS[m.score_sign]} {m.label}" if m.scored else m.label
        label = fonts.small.render(
            fit(fonts.small, text, vx - 12), True, pal.accent if m.scored else pal.text
        )
        surf.blit(label, (6, y + 1))
        value = f"{m.value}{m.unit and ' ' + m.unit}"
        vs = fonts.bold.render(value, True, pal.text)
        surf.blit(vs, (vx, y + (row_h - vs.get_height()) // 2))
        if m.last_change:
            rise_helps = m.helps == viewer if m.helps else None
            if rise_helps is None:
                colour = pal.dim
            else:
                colour = pal.good if (m.last_change > 0) == rise_helps else pal.bad
            ds = fonts.small.render(f"{m.last_change:+d}", True, colour)
            surf.blit(ds, (vx + vs.get_width() + 4, y + (row_h - ds.get_height()) // 2))
        bar = pygame.Rect(6, y + row_h - 5, max(1, vx - 16), 3)
        pygame.draw.rect(surf, (60, 68, 84), bar)
        if m.hi > m.lo:
            frac = (m.value - m.lo) / (m.hi - m.lo)
            pygame.draw.rect(surf, pal.sides[0], (bar.x, bar.y, int(bar.width * frac), 3))
        sparkline(
            surf,
            pygame.Rect(w - spark_w - 6, y + 4, spark_w, row_h - 8),
            m.history,
            m.lo,
            m.hi,
            pal.accent,
        )
    return surf, rows


class MapProjection:
    """lon/lat to pixels inside a rectangle, keeping the aspect ratio at the map's latitude."""

    def __init__(self, bounds: tuple[float, float, float, float], size: tuple[int, int]) -> None:
        lon0, lat0, lon1, lat1 = bounds
        self.lon0, self.lat1 = lon0, lat1
        k = math.cos(math.radians((lat0 + lat1) / 2))
        span_x, span_y = (lon1 - lon0) * k, lat1 - lat0
        self.k = k
        self.scale = min(size[0] / span_x, size[1] / span_y)
        self.ox = (size[0] - span_x * self.scale) / 2
        self.oy = (size[1] - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.ox + (lon - self.lon0) * self.k * self.scale,
            self.oy + (self.lat1 - lat) * self.scale,
        )


def inside(pt: tuple[float, float], poly: Sequence[tuple[float, float]]) -> bool:
    """Point in polygon (even-odd rule)."""
    x, y = pt
    hit = False
    n = len(poly)
    for i in range(n):
        x1, y1 = poly[i]
        x2, y2 = poly[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def island_map(
    size: tuple[int, int],
    rules: Rules,
    territories: Sequence[TerritoryView],
    fonts: Fonts,
    pal: Palette,
    hover: int = -1,
) -> tuple[pygame.Surface, list[list[list[tuple[float, float]]]]]:
    """The map: sea, context land, the territories coloured by status, their names off the land
    (with a leader line) and the coastline credit; returns the territories' polygons."""
    w, h = max(1, size[0]), max(1, size[1])
    surf = pygame.Surface((w, h))
    surf.fill(pal.sea)
    polys: list[list[list[tuple[float, float]]]] = []
    m = rules.map
    if m is None:
        return surf, [[] for _ in territories]
    proj = MapProjection(m.bounds, (w, h))
    context = [[proj(*p) for p in ring] for shape in m.context for ring in shape.outline]
    for pts in context:
        if len(pts) >= 3:
            pygame.draw.polygon(surf, pal.land, pts)
    for t in territories:
        rings = [[proj(*p) for p in ring] for ring in t.outline if len(ring) >= 3]
        polys.append(rings)
        colour = pal.statuses[t.status_index % len(pal.statuses)]
        for pts in rings:
            pygame.draw.polygon(surf, colour, pts)
            border = pal.accent if t.index == hover else pal.border
            pygame.draw.polygon(surf, border, pts, 3 if t.index == hover else 1)
    # The credit in at most two lines, never cut at the edge (the full text is in the notices).
    lines = wrap(fonts.small, m.attribution, w - 8) if m.attribution else []
    credit = lines[:2]
    if len(lines) > 2:
        credit[1] = fit(fonts.small, f"{credit[1]} {lines[2]}", w - 8)
    credit_h = len(credit) * fonts.small.get_linesize()
    lands = [p for p in context if len(p) >= 3] + [r for rings in polys for r in rings]
    anchors = [proj(*t.label_at) if t.label_at is not None else None for t in territories]
    spots = label_spots((w, h - credit_h), lands, polys, territories, anchors, fonts)
    for t, rect, line in spots:
        if line is not None:
            pygame.draw.line(surf, pal.border, *line, 1)
        img = fonts.small.render(t.name, True, pal.text)
        shadow = fonts.small.render(t.name, True, (0, 0, 0))
        surf.blit(shadow, (rect.x + 1, rect.y + 1))
        surf.blit(img, rect.topleft)
    if credit:
        y = h - credit_h - 2
        strip = pygame.Surface((w, credit_h + 2), pygame.SRCALPHA)
        strip.fill((*pal.sea, 190))
        surf.blit(strip, (0, y))
        for k, text in enumerate(credit):
            surf.blit(
                fonts.small.render(text, True, pal.dim), (4, y + k * fonts.small.get_linesize())
            )
    return surf, polys


def label_spots(
    size: tuple[int, int],
    lands: Sequence[Sequence[tuple[float, float]]],
    polys: Sequence[Sequence[Sequence[tuple[float, float]]]],
    territories: Sequence[TerritoryView],
    anchors: Sequence[tuple[float, float] | None],
    fonts: Fonts,
) -> list[tuple[TerritoryView, pygame.Rect, Line | None]]:
    """Where each territory's name goes: the spot nearest its island that covers no land and no
    other name, inside `size` (around the island, or its anchor in `anchors` when it has no
    outline; None: no name); with the leader line from the name to its island (None when the
    name sits beside the island)."""
    w, h = size
    land = pygame.Surface((max(1, w), max(1, h)))
    land.fill((0, 0, 0))
    land.set_colorkey((0, 0, 0))
    for pts in lands:
        pygame.draw.polygon(land, (255, 255, 255), pts)
    mask = pygame.mask.from_surface(land)
    frame = pygame.Rect(0, 0, w, h)
    placed: list[pygame.Rect] = []
    out: list[tuple[TerritoryView, pygame.Rect, Line | None]] = []
    # The smallest islands first: they have the least room around them.
    order = sorted(
        (k for k, a in enumerate(anchors) if a is not None),
        key=lambda k: _extent(polys[k]) if k < len(polys) else 0.0,
    )
    for k in order:
        t = territories[k]
        rings = list(polys[k]) if k < len(polys) else []
        lw, lh = fonts.small.size(t.name)
        solid = pygame.Mask((lw, lh), fill=True)
        if rings:
            xs = [p[0] for r in rings for p in r]
            ys = [p[1] for r in rings for p in r]
            cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
            reach = max(max(xs) - min(xs), max(ys) - min(ys)) / 2
        else:
            a = anchors[k]
            assert a is not None
            cx, cy, reach = a[0], a[1], 0.0
        best: tuple[float, pygame.Rect] | None = None
        steps = int(reach + lw / 2 + 40) // 4 + 1
        for step in range(steps):
            r = step * 4
            for turn in range(16 if r else 1):
                ang = turn * math.pi / 8
                x = int(cx + r * math.cos(ang) - lw / 2)
                y = int(cy + r * math.sin(ang) - lh / 2)
                rect = pygame.Rect(x, y, lw, lh)
                if not frame.contains(rect):
                    continue
                cover = mask.overlap_area(solid, (x, y))
                crowd = sum(
                    c.clip(rect.inflate(6, 4)).width * c.clip(rect.inflate(6, 4)).height
                    for c in placed
                )
                score = 20 * cover + 20 * crowd + r
                if best is not None and score >= best[0]:
                    continue
                line = _leader(rect, rings)
                if line is not None:  # a leader line that crosses other land misleads
                    score += 20 * _crossing(mask, *line)
                if best is None or score < best[0]:
                    best = (score, rect)
            if best is not None and best[0] <= r:
                break  # nothing nearer can score better
        if best is None:
            continue
        rect = best[1]
        placed.append(rect)
        line = _leader(rect, rings)
        out.append((t, rect, line))
    return out


def _leader(rect: pygame.Rect, rings: Sequence[Sequence[tuple[float, float]]]) -> Line | None:
    """The leader line from a name at `rect` to the nearest point of its island (None when the
    name sits right beside it)."""
    if not rings:
        return None
    near = min(
        (p for r in rings for p in r),
        key=lambda p: (p[0] - rect.centerx) ** 2 + (p[1] - rect.centery) ** 2,
    )
    end = (int(near[0]), int(near[1]))
    if rect.inflate(8, 8).collidepoint(end):
        return None
    start = (
        min(max(end[0], rect.left), rect.right - 1),
        min(max(end[1], rect.top), rect.bottom - 1),
    )
    return start, end


def _crossing(mask: pygame.Mask, start: tuple[int, int], end: tuple[int, int]) -> int:
    """Land pixels on the line from `start` to `end`, its last 4 pixels (the island) left out."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    n = int(math.hypot(dx, dy))
    w, h = mask.get_size()
    hits = 0
    for i in range(max(0, n - 4)):
        x, y = start[0] + dx * i // max(1, n), start[1] + dy * i // max(1, n)
        if 0 <= x < w and 0 <= y < h and mask.get_at((x, y)):
            hits += 1
    return hits


def _extent(rings: Sequence[Sequence[tuple[float, float]]]) -> float:
    """The larger side of the rings' bounding box (0 without rings)."""
    pts = [p for r in rings for p in r]
    if not pts:
        return 0.0
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def legend(
    size: tuple[int, int], items: Sequence[tuple[str, Colour]], fonts: Fonts, pal: Palette
) -> pygame.Surface:
    """Coloured squares with labels, in rows."""
    w, h = max(1, size[0]), max(1, size[1])
    surf = pygame.Surface((w, h))
    surf.fill(pal.panel)
    x, y = 6, 4
    for text, colour in items:
        img = fonts.small.render(text, True, pal.text)
        if x + img.get_width() + 20 > w:
            x, y = 6, y + fonts.small.get_linesize()
        pygame.draw.rect(surf, colour, (x, y + 4, 10, 10))
        surf.blit(img, (x + 14, y))
        x += img.get_width() + 26
    return surf


def line_chart(
    size: tuple[int, int],
    series: Sequence[tuple[str, Sequence[int], int, int]],
    fonts: Fonts,
    pal: Palette,
) -> pygame.Surface:
    """Meters over the game, each scaled to its own bounds, with a legend."""
    w, h = max(1, size[0]), max(1, size[1])
    surf = pygame.Surface((w, h))
    surf.fill(pal.panel)
    colours = pal.statuses
    plot = pygame.Rect(36, 8, w - 46, h - 8 - fonts.small.get_linesize() * 3 - 12)
    pygame.draw.rect(surf, (60, 68, 84), plot, 1)
    for frac, text in ((0.0, "min"), (1.0, "max")):
        y = plot.bottom - frac * plot.height
        surf.blit(fonts.small.render(text, True, pal.dim), (2, int(y) - 8))
    items = []
    for k, (label, values, lo, hi) in enumerate(series):
        c = colours[k % len(colours)]
        sparkline(surf, plot, values, lo, hi, c)
        items.append((label, c))
    surf.blit(legend((w, h - plot.bottom - 6), items, fonts, pal), (0, plot.bottom + 6))
    return surf


def deal_chart(
    size: tuple[int, int], ds: DealSpace, names: tuple[str, str], fonts: Fonts, pal: Palette
) -> pygame.Surface:
    """Every package by both sides' utilities: the frontier, the Nash point, the tabled ones."""
    w, h = max(1, size[0]), max(1, size[1])
    surf = pygame.Surface((w, h))
    surf.fill(pal.panel)
    if not ds.points:
        return surf
    xs = [p.u[0] for p in ds.points] + [ds.disagreement[0]]
    ys = [p.u[1] for p in ds.points] + [ds.disagreement[1]]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    x1 = x1 if x1 > x0 else x0 + 1
    y1 = y1 if y1 > y0 else y0 + 1
    leg_h = fonts.small.get_linesize() * 2 + 8
    plot = pygame.Rect(44, 10, w - 56, h - 30 - leg_h)

    def at(u: tuple[float, float]) -> tuple[int, int]:
        return (
            int(plot.left + (u[0] - x0) / (x1 - x0) * plot.width),
            int(plot.bottom - (u[1] - y0) / (y1 - y0) * plot.height),
        )

    pygame.draw.rect(surf, (60, 68, 84), plot, 1)
    dx, dy = at(ds.disagreement)
    pygame.draw.line(surf, pal.dim, (dx, plot.top), (dx, plot.bottom), 1)
    pygame.draw.line(surf, pal.dim, (plot.left, dy), (plot.right, dy), 1)
    for p in ds.points:
        surf.fill((120, 128, 140), (*at(p.u), 2, 2))
    frontier = [at(ds.points[i].u) for i in ds.frontier]
    if len(frontier) >= 2:
        pygame.draw.lines(surf, pal.good, False, frontier, 2)
    for i in ds.tabled:
        p = ds.points[i]
        c = pal.sides[p.tabled_by] if 0 <= p.tabled_by < 2 else pal.text
        pygame.draw.circle(surf, c, at(p.u), 6, 2)
    if ds.nash >= 0:
        x, y = at(ds.points[ds.nash].u)
        pygame.draw.polygon(surf, pal.accent, [(x, y - 8), (x + 7, y + 5), (x - 7, y + 5)])
    surf.blit(
        fonts.small.render(f"{names[0]} utility →", True, pal.dim), (plot.left, plot.bottom + 2)
    )
    side = fonts.small.render(f"{names[1]} utility →", True, pal.dim)
    surf.blit(pygame.transform.rotate(side, 90), (4, plot.top))
    items = [
        ("Pareto frontier", pal.good),
        ("Nash point", pal.accent),
        (f"tabled by {names[0]}", pal.sides[0]),
        (f"tabled by {names[1]}", pal.sides[1]),
        ("no deal (lines)", pal.dim),
    ]
    surf.blit(legend((w, leg_h), items, fonts, pal), (0, h - leg_h))
    return surf
