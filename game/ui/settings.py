"""Player settings kept in the per-user config folder (platformdirs), and the per-user data folder.

Tests point both folders at a temporary directory (`Folders(config=..., data=...)`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs

from game.files import loads, read_text, write_atomic

APP = "four-islands"
TEXT_SIZES = {"small": 13, "medium": 15, "large": 18}
PALETTES = ("standard", "colour-blind safe")
_MAX_SETTINGS_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Folders:
    """Where settings and saves live."""

    config: Path
    data: Path

    @classmethod
    def default(cls) -> Folders:
        """The platform's per-user folders."""
        return cls(Path(platformdirs.user_config_dir(APP)), Path(platformdirs.user_data_dir(APP)))

    @property
    def settings_file(self) -> Path:
        """The settings file."""
        return self.config / "settings.json"

    @property
    def autosave(self) -> Path:
        """The autosave, rewritten atomically every turn."""
        return self.data / "autosave.json"

    def saves(self) -> list[Path]:
        """Save files in the data folder, newest first."""
        if not self.data.is_dir():
            return []
        files = [p for p in self.data.glob("*.json") if p.is_file()]
        return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


@dataclass(frozen=True, slots=True)
class Settings:
    """What a player can set; sound is off by default."""

    names: str = "auto"
    text_size: str = "medium"
    palette: str = "standard"
    sound: bool = False
    fullscreen: bool = False

    @property
    def font_size(self) -> int:
        """Base font size in pixels."""
        return TEXT_SIZES.get(self.text_size, TEXT_SIZES["medium"])

    @classmethod
    def load(cls, folders: Folders) -> Settings:
        """The saved settings, or the defaults when there are none or they are unreadable."""
        try:
            data = loads(read_text(folders.settings_file, max_bytes=_MAX_SETTINGS_BYTES))
        except (OSError, ValueError):  # missing, unreadable, not a file, not JSON: defaults
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {f.name: f.type for f in fields(cls)}
        kept = {k: v for k, v in data.items() if k in known}
        default = cls()
        try:
            out = cls(**kept)
        except TypeError:
            return default
        if out.text_size not in TEXT_SIZES or out.palette not in PALETTES:
            return default
        if not isinstance(out.sound, bool) or not isinstance(out.fullscreen, bool):
            return default
        if not isinstance(out.names, str):
            return default
        return out

    def save(self, folders: Folders) -> None:
        """Write the settings atomically through the safe file helpers (the game goes on if the
        folder is read-only)."""
        try:
            folders.config.mkdir(parents=True, exist_ok=True)
            write_atomic(folders.settings_file, json.dumps(asdict(self), indent=1) + "\n")
        except OSError:
            pass
