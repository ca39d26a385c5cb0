"""The one error type of `game.files`: an `OSError` whose message names the file and the reason."""

from __future__ import annotations

import errno as _errno
from pathlib import Path


class FileError(OSError):
    """A file that cannot be read or written safely; `str()` is `"<path>: <reason>"`.

    It is an `OSError` (with `errno`, `strerror` = the reason, `filename` = the path) so that
    callers which already turn `OSError` into a one-line message keep working unchanged.
    """

    def __init__(self, path: str | Path, reason: str, code: int = _errno.EINVAL) -> None:
        super().__init__(code, reason, str(path))
        self.path = str(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason

    def __reduce__(self) -> tuple[type[FileError], tuple[str, str, int]]:
        return (type(self), (self.path, self.reason, self.errno or _errno.EINVAL))


class FileTooLargeError(FileError):
    """A file larger than the reader's size cap (checked before anything is read)."""

    def __init__(self, path: str | Path, size: int, limit: int) -> None:
        super().__init__(
            path, f"the file is too large ({size} bytes; the limit is {limit} bytes)", _errno.EFBIG
        )
        self.size = size
        self.limit = limit

    def __reduce__(self) -> tuple[type[FileError], tuple[str, int, int]]:  # type: ignore[override]
        return (type(self), (self.path, self.size, self.limit))


def describe_oserror(exc: OSError) -> str:
    """The reason of an `OSError` in words ("No such file or directory")."""
    if isinstance(exc, FileError):
        return exc.reason
    return exc.strerror or type(exc).__name__
