"""Simplify the GSHHG coastlines into the map outlines of `scenarios/base_world.yaml`.

Standard library only. Reads the GeoJSON (by default
`../shared/geo/hokkaido_southern_kurils.geojson`), simplifies every polygon with Douglas–Peucker
(a fine tolerance for the disputed islands, a coarser one for the neighbouring land), drops
islets under ~1 km² (except the Habomai islets), rounds to 0.001° and prints YAML fragments: the
`outline` and `label_at` of each territory, of the named islets (Tanfilyev / Suisho, the Habomai
ring nearest 43.43 N, 145.92 E) and the `map.context` shapes.

    python tools/make_outlines.py                      # print the fragments
    python tools/make_outlines.py --write scenarios/base_world.yaml

With `--write`, the script replaces the text between marker comments in the scenario file::

    # BEGIN make_outlines etorofu
    ...
    # END make_outlines etorofu

at the indentation of the BEGIN line. Keys are the territory ids and `context`.

The coastline data is GSHHG (Wessel and Smith), distributed under the LGPL-3.0: see
THIRD_PARTY_NOTICES.md.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GEOJSON = ROOT.parent / "shared" / "geo" / "hokkaido_southern_kurils.geojson"

DISPUTED = ("etorofu", "kunashiri", "shikotan", "habomai")
TOL_DISPUTED = 0.006
"""Douglas–Peucker tolerance in degrees for the four disputed islands."""
TOL_CONTEXT = 0.03
"""Tolerance for Hokkaido, Urup and the other context land."""
TOL_LARGE = 0.06
"""Tolerance for the big, far context shapes (Honshu, Sakhalin)."""
MIN_ISLET_KM2 = 1.0
DECIMALS = 3

CONTEXT_NAMES = {
    "hokkaido": {"japan": "Hokkaido", "russia": "Hokkaido", "en": "Hokkaido"},
    "urup": {"japan": "Uruppu", "russia": "Urup", "en": "Urup"},
    "sakhalin": {"japan": "Sakhalin", "russia": "Sakhalin", "en": "Sakhalin"},
    "honshu": {"japan": "Honshu", "russia": "Honshu", "en": "Honshu"},
}
CONTEXT_NATIVE = {
    "hokkaido": {"japan": "北海道", "russia": "Хоккайдо"},
    "urup": {"japan": "得撫島", "russia": "Уруп"},
    "sakhalin": {"japan": "サハリン", "russia": "Сахалин"},
    "honshu": {"japan": "本州", "russia": "Хонсю"},
}
"""Names in each side's own script (`native_names`)."""
CONTEXT_ORDER = ("hokkaido", "urup", "sakhalin", "honshu")
ISLETS = {"tanfilyev": ("habomai", (145.92, 43.43))}
"""Named islets: key -> (territory, approximate (lon, lat)); the ring whose centroid is nearest."""

Point = tuple[float, float]


def _perp_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to segment ab, in degrees, longitude scaled by cos(latitude)."""
    k = math.cos(math.radians((a[1] + b[1]) / 2))
    px, py, ax, ay, bx, by = p[0] * k, p[1], a[0] * k, a[1], b[0] * k, b[1]
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(points: list[Point], tol: float) -> list[Point]:
    """Simplify an open polyline; the end points are kept (iterative, no recursion limit)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = -1.0, -1
        for k in range(i + 1, j):
            d = _perp_distance(points[k], points[i], points[j])
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list[Point], tol: float) -> list[Point]:
    """Simplify a closed ring (closed or open); return it open, with at least 4 points if it had."""
    pts = list(ring)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    if len(pts) <= 4:
        return pts
    # Split at the point farthest from the first, simplify both halves.
    far = max(range(len(pts)), key=lambda k: math.dist(pts[0], pts[k]))
    first = douglas_peucker(pts[: far + 1], tol)
    second = douglas_peucker([*pts[far:], pts[0]], tol)
    out = first[:-1] + second[:-1]
    if len(out) < 4:
        # Too coarse for this small shape: keep the original ring.
        return pts
    return out


def ring_area_centroid(ring: list[Point]) -> tuple[float, float, float]:
    """Signed planar area (deg², lon scaled) and centroid of an open ring."""
    a = cx = cy = 0.0
    n = len(ring)
    for k in range(n):
        x0, y0 = ring[k]
        x1, y1 = ring[(k + 1) % n]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return a, cx / (6 * a), cy / (6 * a)


def _round(p: Point) -> Point:
    return (round(p[0], DECIMALS), round(p[1], DECIMALS))


def _dedupe(ring: list[Point]) -> list[Point]:
    out: list[Point] = []
    for p in ring:
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def load(path: Path) -> tuple[dict[str, list[list[Point]]], list[list[Point]], str, dict]:
    """Outer rings grouped by territory id, the unnamed islets, the attribution and areas."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    named: dict[str, list[list[Point]]] = {}
    areas: dict[str, float] = {}
    islets: list[list[Point]] = []
    for feat in doc["features"]:
        props = feat["properties"]
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [[(float(x), float(y)) for x, y in poly[0]] for poly in polys]
        terr = props.get("territory")
        area = float(props.get("area_km2", 0.0))
        if terr:
            named.setdefault(terr, []).extend(rings)
            areas[terr] = areas.get(terr, 0.0) + area
        elif area >= MIN_ISLET_KM2:
            islets.extend(rings)
    return named, islets, doc.get("attribution", ""), areas


def simplify_all(path: Path) -> dict[str, dict]:
    """Simplified shapes: key -> {'outline': [...], 'label_at': (lon, lat)}."""
    named, islets, _, _ = load(path)
    out: dict[str, dict] = {}
    for key, rings in named.items():
        if key in DISPUTED:
            tol = TOL_DISPUTED
        elif key in ("honshu", "sakhalin"):
            tol = TOL_LARGE
        else:
            tol = TOL_CONTEXT
        polys = [_dedupe([_round(p) for p in simplify_ring(r, tol)]) for r in rings]
        polys = [p for p in polys if len(p) >= 3]
        # Label at the area-weighted centroid of the group.
        tot = sx = sy = 0.0
        for r in polys:
            a, cx, cy = ring_area_centroid(r)
            tot += abs(a)
            sx += abs(a) * cx
            sy += abs(a) * cy
        label = _round((sx / tot, sy / tot)) if tot else polys[0][0]
        out[key] = {"outline": polys, "label_at": label}
    for key, (terr, near) in ISLETS.items():
        rings = named.get(terr, [])
        if not rings:
            continue
        ring = min(rings, key=lambda r: math.dist(near, ring_area_centroid(r[:-1])[1:]))
        poly = _dedupe([_round(p) for p in simplify_ring(ring, TOL_DISPUTED)])
        _, cx, cy = ring_area_centroid(poly)
        out[key] = {"outline": [poly], "label_at": _round((cx, cy))}
    small = [_dedupe([_round(p) for p in simplify_ring(r, TOL_CONTEXT)]) for r in islets]
    out["islets"] = {"outline": [p for p in small if len(p) >= 3], "label_at": None}
    return out


def _fmt_point(p: Point) -> str:
    return f"[{p[0]:.{DECIMALS}f}, {p[1]:.{DECIMALS}f}]"


def _fmt_outline(polys: list[list[Point]], indent: str, per_line: int = 5) -> list[str]:
    """`outline:` as a block list of flow-style polygons, `per_line` points a line."""
    lines = [f"{indent}outline:"]
    for poly in polys:
        pts = [_fmt_point(p) for p in poly]
        chunks = [", ".join(pts[k : k + per_line]) for k in range(0, len(pts), per_line)]
        if len(chunks) == 1:
            lines.append(f"{indent}  - [{chunks[0]}]")
            continue
        lines.append(f"{indent}  - [{chunks[0]},")
        lines.extend(f"{indent}     {c}," for c in chunks[1:-1])
        lines.append(f"{indent}     {chunks[-1]}]")
    return lines


def territory_fragment(shape: dict, indent: str) -> list[str]:
    """The generated keys of one territory: `label_at` and `outline`."""
    lines = [f"{indent}label_at: {_fmt_point(shape['label_at'])}"]
    return lines + _fmt_outline(shape["outline"], indent)


def context_fragment(shapes: dict[str, dict], indent: str) -> list[str]:
    """The `map.context` list (without the `context:` key itself)."""
    lines: list[str] = []
    for key in CONTEXT_ORDER:
        if key not in shapes:
            continue
        lines.append(f"{indent}- id: {key}")
        names = CONTEXT_NAMES[key]
        lines.append(
            f"{indent}  names: {{" + ", ".join(f"{k}: {v}" for k, v in names.items()) + "}"
        )
        native = CONTEXT_NATIVE[key]
        lines.append(
            f"{indent}  native_names: {{" + ", ".join(f"{k}: {v}" for k, v in native.items()) + "}"
        )
        lines += _fmt_outline(shapes[key]["outline"], indent + "  ")
    if shapes.get("islets", {}).get("outline"):
        lines.append(f"{indent}- id: other_islets")
        lines.append(f"{indent}  names: {{en: Smaller islands}}")
        lines += _fmt_outline(shapes["islets"]["outline"], indent + "  ")
    return lines


def fragment(key: str, shapes: dict[str, dict], indent: str) -> list[str]:
    if key == "context":
        return context_fragment(shapes, indent)
    if key not in shapes:
        raise SystemExit(f"make_outlines: no shape for {key!r} in the GeoJSON")
    return territory_fragment(shapes[key], indent)


MARK = re.compile(r"^(?P<indent>\s*)# BEGIN make_outlines (?P<key>\w+)\s*$")


def rewrite(path: Path, shapes: dict[str, dict]) -> int:
    """Replace every marked block in `path`; returns the number of blocks written."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    k = n = 0
    while k < len(lines):
        line = lines[k]
        out.append(line)
        m = MARK.match(line)
        k += 1
        if not m:
            continue
        key, indent = m["key"], m["indent"]
        end = f"# END make_outlines {key}"
        while k < len(lines) and lines[k].strip() != end:
            k += 1
        if k == len(lines):
            raise SystemExit(f"make_outlines: no '{end}' after the BEGIN line")
        out += fragment(key, shapes, indent)
        out.append(lines[k])
        k += 1
        n += 1
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--geojson", type=Path, default=DEFAULT_GEOJSON)
    ap.add_argument("--write", type=Path, help="scenario file whose marked blocks to rewrite")
    args = ap.parse_args(argv)
    shapes = simplify_all(args.geojson)
    if args.write:
        n = rewrite(args.write, shapes)
        print(f"make_outlines: wrote {n} blocks into {args.write}", file=sys.stderr)
        return 0
    _, _, attribution, _ = load(args.geojson)
    print(f"# attribution: {attribution}")
    for key in (*DISPUTED, *ISLETS):
        print(f"# --- {key}")
        print("\n".join(territory_fragment(shapes[key], "    ")))
    print("# --- map.context")
    print("\n".join(context_fragment(shapes, "    ")))
    total = sum(len(p) for s in shapes.values() for p in s["outline"])
    print(f"# {total} points in all", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
