"""Writing a file so that neither a crash nor a hostile path can destroy anything."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

from game.files.errors import FileError, describe_oserror
from game.files.reading import kind_of

TEMP_SUFFIX = ".fi-tmp"
STALE_AFTER_S = 10.0
"""A temp file whose writer is gone is removed once it is at least this old (a save takes
milliseconds; the age guards against a pid seen from another machine sharing the folder)."""
ABANDONED_AFTER_S = 24 * 3600.0
"""A temp file this old is removed even if its pid is in use (by then, by another process)."""

_TEMP = re.compile(r"\A\..+\.(?P<pid>[0-9]+)-[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + r"\Z")


def _target(path: str | os.PathLike[str]) -> Path:
    """Where the bytes really go: the path, or the regular file a symlink points to."""
    name = os.fspath(path)
    if not name or not name.strip():
        raise FileError(name, "no file name given", errno.ENOENT)
    if "\x00" in name:
        raise FileError(name, "the file name is not valid", errno.EINVAL)
    try:
        lst = os.lstat(name)
    except FileNotFoundError:
        return Path(name)  # a new file
    except OSError as exc:
        raise FileError(name, describe_oserror(exc), exc.errno or errno.EIO) from None
    if stat.S_ISLNK(lst.st_mode):
        try:
            st = os.stat(name)
        except OSError:
            raise FileError(
                name, "is a symbolic link to a missing file; give the real path", errno.ENOENT
            ) from None
        if not stat.S_ISREG(st.st_mode):
            raise FileError(
                name, f"is a symbolic link to {kind_of(st.st_mode)}, not a regular file"
            )
        return Path(os.path.realpath(name))
    if not stat.S_ISREG(lst.st_mode):
        code = errno.EISDIR if stat.S_ISDIR(lst.st_mode) else errno.EINVAL
        raise FileError(name, f"not a regular file (it is {kind_of(lst.st_mode)})", code)
    return Path(name)


def check_writable(path: str | os.PathLike[str]) -> Path:
    """The file `write_atomic(path, ...)` would write, or the `FileError` it would raise.

    Touches nothing: lets a command refuse a FIFO, device, directory or dangling symlink before
    hours of work whose result it would then fail to save.
    """
    return _target(path)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill(pid, 0) would end it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: alive
    return True


def clean_stale_temps(folder: str | os.PathLike[str], now: float | None = None) -> list[str]:
    """Remove temp files left in `folder` by writers that were killed; returns their names.

    Only names this module makes are considered (`.<name>.<pid>-<8 hex>.fi-tmp`), only regular
    files owned by the current user, and only when their writer's pid is gone and they are older
    than `STALE_AFTER_S`, or older than `ABANDONED_AFTER_S` whatever the pid: a save in
    progress (its writer alive) is never touched.
    """
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    uid = getattr(os, "getuid", lambda: None)()
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
            continue
        age = now - st.st_mtime
        stale = age >= STALE_AFTER_S and not _pid_alive(int(match["pid"]))
        if stale or age >= ABANDONED_AFTER_S:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(entry.name)
    return removed


def write_atomic(
    path: str | os.PathLike[str], data: bytes | str, *, durable: bool = True, sweep: bool = True
) -> Path:
    """Write `data` (text is UTF-8) to `path` atomically; returns the file really written.

    Only a new file or an existing regular file is written; a symlink to a regular file writes
    that file (atomically, in its folder). A directory, FIFO, device, socket, a dangling symlink
    or an empty name is a `FileError` and nothing is touched. The bytes go to a temp file in the
    same folder (named after the writer's pid), are fsynced, then renamed over the target, so a
    crash or kill leaves either the old file or the new one; the temp files of killed writers are
    removed on the next write to that folder. An existing file keeps its permission bits (and,
    when the writer may, its owner); a new one gets 0644 (less the umask).

    For many files written in a row into one folder (a batch's records), `sweep=False` skips the
    stale-temp sweep (the caller runs `clean_stale_temps` on the folder once: a sweep per file
    costs a folder scan each, quadratic in the batch) and `durable=False` skips the fsyncs: the
    rename is still atomic (a kill leaves the old file or the new one, never half of one); only a
    power cut may lose the newest files, so use it only for output that can be made again.
    """
    target = _target(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent
    keep: int | None = None
    owner: tuple[int, int] | None = None
    with contextlib.suppress(OSError):
        old = os.stat(target)
        keep, owner = stat.S_IMODE(old.st_mode), (old.st_uid, old.st_gid)
    if sweep:
        clean_stale_temps(folder)
    tmp = folder / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o644 if keep is None else keep)
    except OSError as exc:
        raise FileError(os.fspath(path), describe_oserror(exc), exc.errno or errno.EIO) from None
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if owner is not None and hasattr(os, "fchown"):  # root saving a user's file
                with contextlib.suppress(OSError):
                    os.fchown(fd, *owner)
            if keep is not None:  # the old file's exact bits, whatever the umask did
                with contextlib.suppress(OSError):
                    os.fchmod(fd, keep)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, FileError):
            raise FileError(
                os.fspath(path), describe_oserror(exc), exc.errno or errno.EIO
            ) from None
        raise
    if durable:
        _fsync_folder(folder)
    return target


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); folders cannot be opened on some systems."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
