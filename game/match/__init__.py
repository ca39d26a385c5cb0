"""The imperative shell around one game: the runner, sessions, records, replays, scripts, checks.

from game.match import Runner, Session, make_record, save_game, load_session, replay
"""

from game.match.checks import determinism_check, random_sim_check
from game.match.draws import DRAW_SCHEME, ChanceKey, KeyedDraws, sample_chance
from game.match.record import (
    FORMAT_VERSION,
    MatchRecord,
    RecordError,
    SaveFile,
    make_record,
    read_save,
    save_game,
    state_to_dict,
)
from game.match.runner import (
    WORLD,
    Asked,
    Draws,
    DrawsFactory,
    NeedsInputError,
    Runner,
    SeededStreams,
    play_game,
)
from game.match.script import ScriptError, ScriptStep, load_script, parse_moves, run_script
from game.match.session import (
    IllegalActionError,
    Session,
    UnknownBotError,
    WhyEntry,
    describe_change,
    make_bot,
    state_digest,
)
from game.match.verify import (
    ReplayResult,
    load_session,
    pinned_summary,
    replay,
    session_from_record,
    verify,
)
from game.match.visibility import chance_visible, step_visible, viewers_for

__all__ = [
    "DRAW_SCHEME",
    "FORMAT_VERSION",
    "WORLD",
    "Asked",
    "ChanceKey",
    "Draws",
    "DrawsFactory",
    "IllegalActionError",
    "KeyedDraws",
    "MatchRecord",
    "NeedsInputError",
    "RecordError",
    "ReplayResult",
    "Runner",
    "SaveFile",
    "ScriptError",
    "ScriptStep",
    "SeededStreams",
    "Session",
    "UnknownBotError",
    "WhyEntry",
    "chance_visible",
    "describe_change",
    "determinism_check",
    "load_script",
    "load_session",
    "make_bot",
    "make_record",
    "parse_moves",
    "pinned_summary",
    "play_game",
    "random_sim_check",
    "read_save",
    "replay",
    "run_script",
    "sample_chance",
    "save_game",
    "session_from_record",
    "state_digest",
    "state_to_dict",
    "step_visible",
    "verify",
    "viewers_for",
]
