"""The window lists the archive's articles."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from archive_gui.core.library import Library
from archive_gui.ui.display import missing_display_reason
from archive_gui.ui.main_window import MainWindow


def test_window_lists_every_article(qtbot: QtBot, bundled_archive: Path) -> None:
    window = MainWindow(Library.open(bundled_archive))
    qtbot.addWidget(window)
    rows = [window.article_list.item(i).text() for i in range(window.article_list.count())]
    assert len(rows) == 5
    assert rows[0].startswith("2001-04-04  Fluxus passe sous drapeau anglais")


def test_display_check() -> None:
    assert missing_display_reason({}) == "no display found (DISPLAY is not set)"
    assert missing_display_reason({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert "no X server" in (missing_display_reason({"DISPLAY": ":987"}) or "")
