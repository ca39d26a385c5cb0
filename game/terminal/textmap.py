"""The map as text: the scenario's coastlines rasterised into characters.

`TextMap(rules)` fills a grid once per game with scanlines over the lon/lat outlines of the
territories and the context land (the map is data, so any scenario's islands draw).
`render(statuses, side_id)` draws each territory with a letter of its name as the viewing side
says it (names are diplomacy) and adds the legend: letter, name and current status.
"""

from __future__ import annotations

import math

from game.engine import Rules

_LAND = "."
_SEA = " "
_LAND_CELL = -1
_SEA_CELL = -2
_MARGIN_DEG = 0.6


class TextMap:
    """A character raster of a scenario's map, around its territories."""

    def __init__(self, rules: Rules, width: int = 64) -> None:
        self.rules = rules
        points = [p for t in rules.territories for poly in t.outline for p in poly]
        if not points:
            self.grid: list[list[int]] = []
            return
        lon0 = min(p[0] for p in points) - _MARGIN_DEG
        lon1 = max(p[0] for p in points) + _MARGIN_DEG
        lat0 = min(p[1] for p in points) - _MARGIN_DEG
        lat1 = max(p[1] for p in points) + _MARGIN_DEG
        # A character is about twice as tall as wide; a degree of longitude is cos(lat) as long.
        squash = math.cos(math.radians((lat0 + lat1) / 2))
        height = max(4, round(width * (lat1 - lat0) / ((lon1 - lon0) * squash) / 2))
        self.frame = (lon0, lat0, lon1, lat1)
        self.size = (width, height)
        self.grid = [[_SEA_CELL] * width for _ in range(height)]
        if rules.map is not None:
            for shape in rules.map.context:
                self._fill(shape.outline, _LAND_CELL)
        for index, territory in enumerate(rules.territories):
            self._fill(territory.outline, index)
            anchor = territory.label_at or _centroid(territory.outline)
            if anchor is not None:  # small islands must not vanish between cells
                col, row = self._cell(anchor)
                if 0 <= row < height and 0 <= col < width:
                    self.grid[row][col] = index

    def _cell(self, point: tuple[float, float]) -> tuple[int, int]:
        lon0, lat0, lon1, lat1 = self.frame
        width, height = self.size
        col = int((point[0] - lon0) / (lon1 - lon0) * width)
        row = int((lat1 - point[1]) / (lat1 - lat0) * height)
        return col, row

    def _fill(self, outline: tuple[tuple[tuple[float, float], ...], ...], cell: int) -> None:
        lon0, lat0, lon1, lat1 = self.frame
        width, height = self.size
        for row in range(height):
            lat = lat1 - (row + 0.5) * (lat1 - lat0) / height
            for polygon in outline:
                crossings = sorted(_crossings(polygon, lat))
                for a, b in zip(crossings[::2], crossings[1::2], strict=False):
                    first = math.ceil((a - lon0) / (lon1 - lon0) * width - 0.5)
                    last = math.floor((b - lon0) / (lon1 - lon0) * width - 0.5)
                    for col in range(max(first, 0), min(last, width - 1) + 1):
                        self.grid[row][col] = cell

    def render(self, statuses: tuple[int, ...], side_id: str) -> list[str]:
        """The map lines and a legend line per territory (names as `side_id` says them)."""
        if not self.grid:
            return []
        r = self.rules
        names = [t.name(side_id) for t in r.territories]
        letters = _letters(names)
        chars = {_SEA_CELL: _SEA, _LAND_CELL: _LAND, **dict(enumerate(letters))}
        lines = ["  " + "".join(chars[c] for c in row).rstrip() for row in self.grid]
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        for territory, name, letter, status in zip(
            r.territories, names, letters, statuses, strict=True
        ):
            other = territory.name("en")
            alias = f" ({other})" if other != name else ""
            lines.append(f"  {letter}  {name}{alias}: {r.statuses[status].label}")
        return lines


def _crossings(polygon: tuple[tuple[float, float], ...], lat: float) -> list[float]:
    """Longitudes where the polygon's edges cross the parallel `lat`."""
    out = []
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 <= lat < y2) or (y2 <= lat < y1):
            out.append(x1 + (lat - y1) * (x2 - x1) / (y2 - y1))
    return out


def _centroid(
    outline: tuple[tuple[tuple[float, float], ...], ...],
) -> tuple[float, float] | None:
    points = [p for poly in outline for p in poly]
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _letters(names: list[str]) -> list[str]:
    """A distinct capital letter per name: its initial, or the next free letter of it."""
    used: set[str] = set()
    out = []
    for name in names:
        letter = next(
            (c for c in name.upper() if c.isalpha() and c not in used and c != _LAND.upper()),
            next((c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in used), "?"),
        )
        used.add(letter)
        out.append(letter)
    return out
