"""The per-user scenario folder: where `four-islands new` writes and where one's own scenarios live.

It is `<user data dir>/scenarios`, the user data dir found with platformdirs
(`~/.local/share/four-islands` on Linux, `~/Library/Application Support/four-islands` on macOS,
`%LOCALAPPDATA%\\four-islands` on Windows), unless the environment variable
`FOUR_ISLANDS_SCENARIOS` names another folder. The folder need not exist: nothing is created
until a scenario is written into it.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "four-islands"
ENV_VAR = "FOUR_ISLANDS_SCENARIOS"


def user_scenarios_dir() -> Path:
    """The user's scenario folder (it may not exist yet)."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "scenarios"
