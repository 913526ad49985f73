"""Saving a file keeps what other users of a shared archive rely on: its mode and group."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from archive_gui.core.archive.fileio import atomic_write_text


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("original", [0o664, 0o640, 0o600, 0o444])
def test_a_save_keeps_the_files_mode(tmp_path: Path, original: int) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(original)
    atomic_write_text(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert mode(path) == original


def test_a_new_file_gets_the_umasks_mode(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    previous = os.umask(0o027)
    try:
        atomic_write_text(path, "new\n")
    finally:
        os.umask(previous)
    assert mode(path) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file another group")
def test_a_save_keeps_the_files_group(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("old\n", encoding="utf-8")
    os.chown(path, -1, 4242)
    atomic_write_text(path, "new\n")
    assert path.stat().st_gid == 4242


def test_a_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    atomic_write_text(path, "one\n")
    atomic_write_text(path, "two\n")
    assert [p.name for p in tmp_path.iterdir()] == ["facts.yaml"]
