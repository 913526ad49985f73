"""A main window on a copy of the bundled archive, with its own settings file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from archive_gui.core.library import Library
from archive_gui.ui.dialogs import Dialogs
from archive_gui.ui.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot: QtBot, archive: Path, settings_path: Path) -> Iterator[WindowFactory]:
    """Opens a window as the app would, and waits until its index is ready.

    ``dialogs`` answers the window's questions; ``settings`` names another settings file, for
    a second window that is another instance rather than the same one restarted.
    """
    windows: list[MainWindow] = []

    def make(dialogs: Dialogs | None = None, settings_file: Path | None = None) -> MainWindow:
        settings = QSettings(str(settings_file or settings_path), QSettings.Format.IniFormat)
        window = MainWindow(Library.open(archive), settings, dialogs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: "indexed" in window.index_status.text(), timeout=30_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
