"""The window on the bundled sample: it works on the user's copy, and says so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from archive_gui.core.archive.folder import APPLICATION, ORGANISATION, user_data_dir
from archive_gui.core.library import Library
from archive_gui.ui.main_window import MainWindow
from tests.conftest import PROJECT


def test_the_data_folder_is_the_one_qt_names(qapp: QApplication) -> None:
    qapp.setOrganizationName(ORGANISATION)
    qapp.setApplicationName(APPLICATION)
    location = QStandardPaths.StandardLocation.AppDataLocation
    assert Path(QStandardPaths.writableLocation(location)) == user_data_dir()


def test_the_window_on_the_sample_says_where_edits_go(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Library.open(PROJECT), settings)
    qtbot.addWidget(window)
    window.show()
    copy = window.library.paths.sample_copy
    assert copy is not None
    assert window.windowTitle() == copy.root.name
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == copy.notice(), timeout=30_000)
    qtbot.waitUntil(lambda: "indexed" in window.index_status.text(), timeout=30_000)
    window.close()
