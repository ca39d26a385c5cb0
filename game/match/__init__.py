"""The imperative shell around one game: the runner, sessions, records, replays, scripts, checks.

from game.match import Runner, Session, make_record, save_game, load_session, replay
"""

from game.match.checks import determinism_check, random_sim_check
from game.match.record import (
    FORMAT_VERSION,
    MatchRecord,
    RecordError,
    ReplayResult,
    SaveFile,
    load_session,
    make_record,
    read_save,
    replay,
    save_game,
    session_from_record,
    state_to_dict,
)
from game.match.runner import (
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
    WORLD,
    IllegalActionError,
    Session,
    UnknownBotError,
    WhyEntry,
    describe_change,
    make_bot,
    sample_chance,
    state_digest,
)

__all__ = [
    "FORMAT_VERSION",
    "WORLD",
    "Asked",
    "Draws",
    "DrawsFactory",
    "IllegalActionError",
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
    "describe_change",
    "determinism_check",
    "load_script",
    "load_session",
    "make_bot",
    "make_record",
    "parse_moves",
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
]
