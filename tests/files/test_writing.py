"""`game.files.write_atomic`: only regular files are written, and nothing is left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.files import FileError, check_writable, clean_stale_temps, write_atomic
from game.files.writing import STALE_AFTER_S, TEMP_SUFFIX


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_writes_a_new_file_and_replaces_an_old_one(tmp_path: Path) -> None:
    path = tmp_path / "save.json"
    assert write_atomic(path, "one") == path
    assert path.read_text() == "one"
    path.chmod(0o600)
    write_atomic(path, b"two")
    assert path.read_bytes() == b"two"
    assert path.stat().st_mode & 0o777 == 0o600  # keeps its permissions
    assert _temps(tmp_path) == []


def test_a_symlink_to_dev_null_is_refused_and_untouched(tmp_path: Path) -> None:
    link = tmp_path / "save.json"
    link.symlink_to("/dev/null")
    before = os.stat("/dev/null")
    with pytest.raises(FileError, match="symbolic link to a character device"):
        write_atomic(link, "x")
    after = os.stat("/dev/null")
    assert (before.st_ino, before.st_rdev, before.st_mode) == (
        after.st_ino,
        after.st_rdev,
        after.st_mode,
    )
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert _temps(tmp_path) == []


def test_a_fifo_a_directory_and_a_dangling_link_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileError, match="FIFO"):
        write_atomic(fifo, "x")
    assert fifo.is_fifo()
    with pytest.raises(FileError, match="a directory"):
        write_atomic(tmp_path, "x")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "missing")
    with pytest.raises(FileError, match="missing file"):
        write_atomic(dangling, "x")
    assert not (tmp_path / "missing").exists()
    assert _temps(tmp_path) == []


def test_empty_name_is_refused() -> None:
    with pytest.raises(FileError, match="no file name"):
        write_atomic("", "x")
    with pytest.raises(FileError, match="no file name"):
        write_atomic("  ", "x")


def test_a_symlink_to_a_regular_file_writes_that_file(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "save.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert write_atomic(link, "new") == real.resolve()
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert _temps(real_dir) == [] and _temps(tmp_path) == []


def test_a_missing_folder_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="No such file"):
        write_atomic(tmp_path / "no" / "save.json", "x")


def test_an_interrupted_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "save.json"
    path.write_text("old")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert _temps(tmp_path) == []


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(proc.stdout)


def test_stale_temps_of_dead_writers_are_cleaned_on_the_next_write(tmp_path: Path) -> None:
    dead = _dead_pid()
    old = time.time() - 2 * STALE_AFTER_S
    stale = tmp_path / f".save.json.{dead}-0123abcd{TEMP_SUFFIX}"
    young = tmp_path / f".other.json.{dead}-0123abce{TEMP_SUFFIX}"
    alive = tmp_path / f".save.json.{os.getpid()}-0123abcf{TEMP_SUFFIX}"
    foreign = tmp_path / f".save.json.{dead}.tmp"  # not our name: never touched
    for p in (stale, young, alive, foreign):
        p.write_text("partial")
    for p in (stale, alive, foreign):
        os.utime(p, (old, old))
    write_atomic(tmp_path / "save.json", "data")
    assert not stale.exists()
    assert young.exists() and alive.exists() and foreign.exists()
    assert clean_stale_temps(tmp_path, now=time.time() + 2 * STALE_AFTER_S) == [young.name]


def test_a_killed_writer_leaves_the_old_file_and_its_temp_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "save.json"
    path.write_text("old")
    code = (
        "import os, sys\n"
        "from game.files import write_atomic\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), 9)  # killed after writing, before rename\n"
        f"write_atomic({str(path)!r}, 'new')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=False)
    assert proc.returncode == -9
    assert path.read_text() == "old"
    (left,) = _temps(tmp_path)
    later = time.time() + 2 * STALE_AFTER_S
    assert clean_stale_temps(tmp_path, now=later) == [left]


def test_the_owner_of_an_existing_file_is_kept_when_the_writer_may(tmp_path: Path) -> None:
    path = tmp_path / "save.json"
    path.write_text("old")
    other = 54321
    try:
        os.chown(path, other, other)
    except PermissionError:  # not root: the file stays ours
        other = os.getuid()
    write_atomic(path, "new")
    assert (path.stat().st_uid, path.read_text()) == (other, "new")


def test_check_writable_names_the_target_and_touches_nothing(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert check_writable(tmp_path / "new.csv") == tmp_path / "new.csv"
    assert check_writable(link) == real.resolve()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileError, match="FIFO"):
        check_writable(fifo)
    assert real.read_text() == "old" and not (tmp_path / "new.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "pipe", "real.csv"]


def test_a_batch_write_skips_the_sweep_but_stays_atomic(tmp_path: Path) -> None:
    stale = tmp_path / f".a.json.{_dead_pid()}-0123abcd{TEMP_SUFFIX}"
    stale.write_text("partial")
    old = time.time() - 2 * STALE_AFTER_S
    os.utime(stale, (old, old))
    path = tmp_path / "a.json"
    path.write_text("old")
    assert write_atomic(path, "new", durable=False, sweep=False) == path
    assert path.read_text() == "new"
    assert stale.exists()  # left for the caller's one sweep of the folder
    fifo = tmp_path / "b.json"
    os.mkfifo(fifo)
    with pytest.raises(FileError, match="FIFO"):
        write_atomic(fifo, "x", durable=False, sweep=False)
    assert _temps(tmp_path) == [stale.name]
