"""The window paints first and loads its archive after; one never painted loads it too."""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from archive_gui.core.library import Library
from archive_gui.ui.main_window import LOADING_FACTS, MainWindow


def unshown_window(qtbot: QtBot, archive: Path, settings_path: Path) -> MainWindow:
    """A window on the archive, made as the app makes it, not shown yet."""
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    window = MainWindow(Library.open(archive), settings)
    qtbot.addWidget(window)
    return window


def test_a_window_never_shown_still_loads_its_archive(
    qtbot: QtBot, archive: Path, settings_path: Path
) -> None:
    window = unshown_window(qtbot, archive, settings_path)
    assert window.index_status.text() == LOADING_FACTS
    qtbot.waitUntil(lambda: "indexed" in window.index_status.text(), timeout=30_000)
    assert window.fact_panel.isEnabled()
    window.close()


def test_a_search_asked_for_before_the_archive_is_loaded_is_answered(
    qtbot: QtBot, archive: Path, settings_path: Path
) -> None:
    window = unshown_window(qtbot, archive, settings_path)
    window.search_pane.set_query("Cloudwatt")
    window.search_pane.search_now()
    window.show()
    pane = window.search_pane
    qtbot.waitUntil(lambda: pane.status.text() == "3 results", timeout=30_000)
    window.close()


def test_while_a_window_is_open_garbage_is_collected_on_its_thread_only(
    qtbot: QtBot, archive: Path, settings_path: Path
) -> None:
    """Python's collector is off for the worker threads, and a timer of the GUI thread
    collects: garbage made while the window is open is still freed."""
    was_enabled = gc.isenabled()
    window = unshown_window(qtbot, archive, settings_path)
    window.show()
    assert not gc.isenabled()
    freed: list[bool] = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            freed.append(True)

    for _ in range(2000):  # enough allocations to pass the first generation's threshold
        Cycle()
    qtbot.waitUntil(lambda: len(freed) > 1000, timeout=5_000)
    window.close()
    assert gc.isenabled() == was_enabled
