"""``--screenshot`` at another size and in a dark palette, to look at the window as users on
small screens and dark desktops see it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from archive_gui.cli import window_size
from tests.e2e.helpers import cli


def test_the_size_option_reads_width_by_height() -> None:
    assert window_size("1024x700") == (1024, 700)
    assert window_size("1600X1000") == (1600, 1000)
    for bad in ("1024", "wide", "50x50"):
        with pytest.raises(argparse.ArgumentTypeError):
            window_size(bad)


def test_a_screenshot_at_1024x700_in_a_dark_palette(bundled_archive: Path, tmp_path: Path) -> None:
    shot = tmp_path / "dark.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    run = cli(
        "--archive", str(bundled_archive), "--screenshot", str(shot), "--query", "cloud",
        "--size", "1024x700", "--dark", env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 700)
    # Mostly dark: the mean lightness of a grid of its pixels.
    grid = [
        QColor(image.pixel(x, y)).lightness() for x in range(0, 1024, 16) for y in range(0, 700, 16)
    ]
    assert sum(grid) / len(grid) < 110
    bad = cli("--screenshot", str(shot), "--size", "big", env=env)
    assert bad.returncode == 2
    assert "WIDTHxHEIGHT" in bad.stderr


def test_a_screenshot_of_each_picture(archive: Path, tmp_path: Path) -> None:
    """``--view`` opens the pictures' dock on that picture: the window's lower part is drawn."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    plain = tmp_path / "plain.png"
    assert cli("--archive", str(archive), "--screenshot", str(plain), env=env).returncode == 0
    for view in ("timeline", "graph", "figures"):
        shot = tmp_path / f"{view}.png"
        run = cli(
            "--archive", str(archive), "--screenshot", str(shot), "--view", view,
            "--record", "fluxus", env=env,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert QImage(str(shot)) != QImage(str(plain))
    bad = cli("--screenshot", str(plain), "--view", "map", env=env)
    assert bad.returncode == 2
    assert "invalid choice: 'map'" in bad.stderr
