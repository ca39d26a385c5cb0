"""Reading a file without hanging or exploding: regular files only, size capped before reading."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from game.files.errors import FileError, FileTooLargeError, describe_oserror

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the stat must not block the open
    | getattr(os, "O_NOCTTY", 0)  # nor a terminal become ours
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 1 << 16


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a directory", "a FIFO (named pipe)", ...)."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(path: str, mode: int) -> FileError:
    code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
    return FileError(path, f"not a regular file (it is {kind_of(mode)})", code)


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes` bytes; `FileError` otherwise.

    The path is `stat`-ed first: a directory, FIFO, device or socket is refused without being
    opened (opening some devices has effects; opening a FIFO for reading blocks). The file is
    then opened with `O_NONBLOCK` and checked again with `fstat` (it may have been swapped since),
    its size is checked against the cap, and at most `max_bytes + 1` bytes are ever read (a file
    that grows while being read is refused too). Symlinks are followed to what they point at.
    """
    name = os.fspath(path)
    if not name:
        raise FileError("", "no file name given", errno.ENOENT)
    try:
        st = os.stat(name)
    except OSError as exc:
        raise FileError(name, describe_oserror(exc), exc.errno or errno.EIO) from None
    except ValueError:  # a NUL in the path
        raise FileError(name, "the file name is not valid", errno.EINVAL) from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(name, st.st_mode)
    if st.st_size > max_bytes:
        raise FileTooLargeError(name, st.st_size, max_bytes)
    try:
        fd = os.open(name, _OPEN_FLAGS)
    except OSError as exc:
        raise FileError(name, describe_oserror(exc), exc.errno or errno.EIO) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(name, st.st_mode)
        if st.st_size > max_bytes:
            raise FileTooLargeError(name, st.st_size, max_bytes)
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise FileTooLargeError(name, total, max_bytes)
        return b"".join(chunks)
    except OSError as exc:
        if isinstance(exc, FileError):
            raise
        raise FileError(name, describe_oserror(exc), exc.errno or errno.EIO) from None
    finally:
        os.close(fd)


def read_text(path: str | os.PathLike[str], *, max_bytes: int) -> str:
    """`read_bytes` decoded as strict UTF-8 (a leading BOM dropped); `FileError` otherwise."""
    data = read_bytes(path, max_bytes=max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(
            os.fspath(path),
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            errno.EILSEQ,
        ) from None


def is_regular_file(path: str | Path) -> bool:
    """True when `path` (symlinks followed) is an existing regular file; never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
