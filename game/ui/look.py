"""Fonts, colours and the pygame_gui theme, built from the settings.

One font family (Noto Sans JP, shipped in `assets/fonts` with its OFL licence) covers Latin,
Japanese and Cyrillic names. Every size and style the game uses is preloaded, so pygame_gui never
loads a font on the fly.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pygame

from game.ui.settings import Settings

FONT = "noto_jp"
# pygame_gui's theme has no default font: every element type we use names ours.
_ELEMENTS = (
    "button",
    "label",
    "text_box",
    "text_entry_line",
    "selection_list",
    "drop_down_menu",
    "window",
    "panel",
    "image",
    "scrolling_container",
)
Colour = tuple[int, int, int]


def font_paths() -> tuple[str, str]:
    """Paths of the regular and bold font files."""
    base = Path(str(resources.files("assets"))) / "fonts"
    return str(base / "NotoSansJP-Regular.otf"), str(base / "NotoSansJP-Bold.otf")


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours of the game's own drawings (the map, meters, charts)."""

    background: Colour
    panel: Colour
    text: Colour
    dim: Colour
    sea: Colour
    land: Colour
    border: Colour
    good: Colour
    bad: Colour
    accent: Colour
    sides: tuple[Colour, Colour]
    statuses: tuple[Colour, ...]


# Okabe & Ito's eight colours stay distinct under the common colour-vision deficiencies.
_OKABE_ITO: tuple[Colour, ...] = (
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (240, 228, 66),
    (0, 114, 178),
    (213, 94, 0),
    (204, 121, 167),
    (200, 200, 200),
)
_STANDARD: tuple[Colour, ...] = (
    (200, 70, 60),
    (240, 170, 50),
    (90, 170, 230),
    (80, 190, 110),
    (170, 110, 200),
    (230, 110, 160),
    (150, 150, 150),
    (220, 220, 120),
)


def palette(settings: Settings) -> Palette:
    """The palette the settings ask for."""
    safe = settings.palette != "standard"
    return Palette(
        background=(22, 27, 36),
        panel=(32, 38, 50),
        text=(230, 232, 236),
        dim=(150, 158, 170),
        sea=(26, 46, 70),
        land=(70, 78, 70),
        border=(200, 205, 215),
        good=(0, 158, 115) if safe else (90, 190, 110),
        bad=(213, 94, 0) if safe else (220, 80, 70),
        accent=(240, 228, 66) if safe else (240, 190, 60),
        sides=((0, 114, 178), (230, 159, 0)) if safe else ((200, 60, 70), (70, 120, 210)),
        statuses=_OKABE_ITO if safe else _STANDARD,
    )


def hexc(c: Colour) -> str:
    """`#rrggbb`."""
    return "#{:02x}{:02x}{:02x}".format(*c)


def sizes(settings: Settings) -> dict[str, int]:
    """Font sizes by role."""
    base = settings.font_size
    return {"body": base, "small": base - 2, "title": base + 12, "heading": base + 3}


def theme(settings: Settings) -> dict[str, Any]:
    """The pygame_gui theme as a dict."""
    regular, bold = font_paths()
    pal = palette(settings)
    sz = sizes(settings)

    def font(size: int, bold_: bool = False) -> dict[str, str]:
        out = {"name": FONT, "size": str(size), "regular_path": regular, "bold_path": bold}
        if bold_:
            out["style"] = "bold"
        return out

    colours = {
        "normal_bg": "#2a3242",
        "hovered_bg": "#3b4760",
        "disabled_bg": "#1e232d",
        "selected_bg": hexc(pal.sides[0]),
        "active_bg": "#4a5a78",
        "dark_bg": hexc(pal.background),
        "normal_text": hexc(pal.text),
        "hovered_text": "#ffffff",
        "selected_text": "#ffffff",
        "disabled_text": "#7a828f",
        "normal_border": "#566178",
        "hovered_border": hexc(pal.accent),
        "selected_border": hexc(pal.accent),
        "disabled_border": "#3a4150",
        "active_border": hexc(pal.accent),
        "link_text": hexc(pal.accent),
        "link_hover": "#ffffff",
        "text_cursor": hexc(pal.accent),
        "filled_bar": hexc(pal.good),
        "unfilled_bar": "#3a4150",
    }
    body = {"font": font(sz["body"])}
    return {
        "defaults": {"colours": colours},
        **dict.fromkeys(_ELEMENTS, body),
        "#title": {"font": font(sz["title"], True), "colours": {"normal_text": hexc(pal.accent)}},
        "#heading": {"font": font(sz["heading"], True)},
        "#small": {"font": font(sz["small"]), "colours": {"normal_text": hexc(pal.dim)}},
        "#modal": {"colours": {"dark_bg": "#0c1018ee", "normal_border": "#0c1018ee"}},
        "#focus": {"colours": {"normal_border": hexc(pal.accent), "normal_bg": "#3b4760"}},
        "#option": {"font": font(sz["small"])},
        "#unavailable": {"colours": {"normal_text": hexc(pal.dim)}},
        "#thinking": {"font": font(sz["body"], True), "colours": {"normal_text": hexc(pal.accent)}},
        "tool_tip": {"font": font(sz["small"])},
    }


def preload(manager: Any, settings: Settings) -> None:
    """Load every size and style the game uses that the theme has not loaded yet.

    The theme loads its own fonts; the HTML text boxes also use bold at each size.
    """
    fonts = manager.get_theme().get_font_dictionary()
    wanted: list[dict[str, str | int | float]] = []
    for size in sorted(set(sizes(settings).values())):
        for style in ("regular", "bold"):
            font_id = fonts.create_font_id(size, FONT, style == "bold", False)
            if not fonts.check_font_preloaded(font_id):
                wanted.append({"name": FONT, "point_size": size, "style": style})
    if wanted:
        manager.preload_fonts(wanted)


class Fonts:
    """pygame fonts for the game's own drawings, by role (loaded once per text size)."""

    def __init__(self, settings: Settings) -> None:
        regular, bold = font_paths()
        sz = sizes(settings)
        self.body = pygame.font.Font(regular, sz["body"])
        self.small = pygame.font.Font(regular, sz["small"])
        self.bold = pygame.font.Font(bold, sz["body"])
        self.heading = pygame.font.Font(bold, sz["heading"])
        self.title = pygame.font.Font(bold, sz["title"])
