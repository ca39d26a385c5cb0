"""Files that cannot hurt: the one way the program reads and writes files (below every layer but
beside the engine, which does no I/O and must not import this).

Reading (`game.files.reading`):

- `read_bytes(path, *, max_bytes) -> bytes`: a regular file only (a directory, FIFO, device or
  socket is refused after a `stat`, without being opened), opened with `O_NONBLOCK`, checked
  again with `fstat`, its size checked against the cap before reading, never more than
  `max_bytes + 1` bytes read;
- `read_text(path, *, max_bytes) -> str`: the same, decoded as strict UTF-8;
- `is_regular_file(path) -> bool`: a check that never opens the file.

Writing (`game.files.writing`):

- `write_atomic(path, data) -> Path`: to a new or existing regular file only (a symlink to a
  regular file writes that file; a directory, FIFO, device, socket, dangling symlink or empty
  name is refused and untouched); temp file in the same folder, fsync, rename, fsync the folder;
  the temp files of killed writers are removed on the next write to that folder
  (`clean_stale_temps`), never one whose writer is alive;
- `check_writable(path) -> Path`: what `write_atomic` would write, or the `FileError` it would
  raise, touching nothing (to refuse a bad output path before the work that fills it);
- binary output (a chart) is rendered into memory (`io.BytesIO`) and then `write_atomic`-ed.

JSON (`game.files.jsonlimits`):

- `loads(text, *, max_depth=64, max_int_digits=40)`: `json.loads` with the nesting depth and
  number sizes limited; NaN/Infinity and floats that overflow refused; errors are
  `JsonLimitError` with `line` and `col`.

Text for terminals (`game.files.text`):

- `printable(text)`: control characters (ESC, CSI, BEL...), bidi overrides and undecodable
  bytes of file names shown as `\\xNN` instead of sent raw; `PrintableStream` applies it to a
  whole stream; `has_control(text)` finds the first such character.

Errors: every failure is a `FileError` (an `OSError` whose `str()` is `"<path>: <reason>"`,
`reason` the words alone); `FileTooLargeError` adds `size` and `limit`. Callers turn it into
their own one-line message or `file:line:col` diagnostic.

Size caps used by the program: `MAX_SCENARIO_BYTES` (scenarios, their bases, scenario tests),
`MAX_SAVE_BYTES` (saves and records), `MAX_SCRIPT_BYTES` (scripts of moves).
"""

from __future__ import annotations

from game.files.errors import FileError, FileTooLargeError, describe_oserror
from game.files.jsonlimits import MAX_INT_DIGITS, MAX_JSON_DEPTH, JsonLimitError, loads
from game.files.reading import is_regular_file, kind_of, read_bytes, read_text
from game.files.text import PrintableStream, has_control, printable
from game.files.writing import check_writable, clean_stale_temps, write_atomic

MAX_SCENARIO_BYTES = 1024 * 1024
MAX_SAVE_BYTES = 64 * 1024 * 1024
"""A save holds a digest per step: 64 MiB is ~500,000 steps, far beyond any game's bound."""
MAX_SCRIPT_BYTES = 4 * 1024 * 1024

__all__ = [
    "MAX_INT_DIGITS",
    "MAX_JSON_DEPTH",
    "MAX_SAVE_BYTES",
    "MAX_SCENARIO_BYTES",
    "MAX_SCRIPT_BYTES",
    "FileError",
    "FileTooLargeError",
    "JsonLimitError",
    "PrintableStream",
    "check_writable",
    "clean_stale_temps",
    "describe_oserror",
    "has_control",
    "is_regular_file",
    "kind_of",
    "loads",
    "printable",
    "read_bytes",
    "read_text",
    "write_atomic",
]
