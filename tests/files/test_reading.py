"""`game.files.read_bytes`: regular files only, never blocking, size capped before reading."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.files import (
    FileError,
    FileTooLargeError,
    has_control,
    is_regular_file,
    printable,
    read_bytes,
    read_text,
)


def test_reads_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello\n")
    assert read_bytes(path, max_bytes=100) == b"hello\n"
    assert read_text(path, max_bytes=100) == "hello\n"
    assert is_regular_file(path)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileError, match=r"pipe: not a regular file \(it is a FIFO"):
        read_bytes(fifo, max_bytes=100)
    assert not is_regular_file(fifo)


def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "save.json"
    link.symlink_to(fifo)
    with pytest.raises(FileError, match="FIFO"):
        read_bytes(link, max_bytes=100)


def test_dev_zero_is_refused_before_reading() -> None:
    with pytest.raises(FileError, match="character device"):
        read_bytes("/dev/zero", max_bytes=100)


def test_a_directory_and_a_socket_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="a directory"):
        read_bytes(tmp_path, max_bytes=100)
    sock_path = tmp_path / "s"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        with pytest.raises(FileError, match="a socket"):
            read_bytes(sock_path, max_bytes=100)
    finally:
        sock.close()


def test_missing_empty_name_and_nul(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="No such file"):
        read_bytes(tmp_path / "nope", max_bytes=10)
    with pytest.raises(FileError, match="no file name"):
        read_bytes("", max_bytes=10)
    with pytest.raises(FileError, match="not valid"):
        read_bytes(str(tmp_path / "a\x00b"), max_bytes=10)


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big"
    with path.open("wb") as fh:
        fh.truncate(10**9)  # sparse: 1 GB that must never be read
    with pytest.raises(FileTooLargeError) as info:
        read_bytes(path, max_bytes=1000)
    assert (info.value.size, info.value.limit) == (10**9, 1000)
    assert "too large" in str(info.value)


def test_not_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "latin1"
    path.write_bytes(b"caf\xe9")
    with pytest.raises(FileError, match=r"not UTF-8 text \(byte 0xe9 at offset 3\)"):
        read_text(path, max_bytes=10)


def test_file_error_is_an_oserror_with_the_reason() -> None:
    exc = FileError("x.json", "not a regular file (it is a directory)")
    assert isinstance(exc, OSError)
    assert exc.strerror == exc.reason
    assert str(exc) == "x.json: not a regular file (it is a directory)"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), cap=st.integers(min_value=0, max_value=300))
def test_read_bytes_returns_the_file_or_refuses_it_as_too_large(
    tmp_path: Path, data: bytes, cap: int
) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    if len(data) <= cap:
        assert read_bytes(path, max_bytes=cap) == data
    else:
        with pytest.raises(FileTooLargeError):
            read_bytes(path, max_bytes=cap)


@given(st.text())
def test_printable_never_lets_a_control_character_through(text: str) -> None:
    shown = printable(text)
    assert has_control(shown) == -1
    assert len(shown.encode("utf-8")) >= len(shown)  # no lone surrogate left: encodable
    if has_control(text) == -1:
        assert shown == text
