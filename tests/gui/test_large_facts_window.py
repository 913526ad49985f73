"""While the facts load (seconds for a large file), the window already lists and shows articles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from archive_gui.core.library import Library
from archive_gui.ui.main_window import LOADING_FACTS, MainWindow


def test_the_articles_are_listed_while_the_facts_load(
    qtbot: QtBot, archive: Path, tmp_path: Path
) -> None:
    library = Library.open(archive)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    # Holding the facts' lock stands for a load that takes its time: the worker waits on it.
    with library._facts_lock:
        window = MainWindow(library, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.wait(200)  # the event loop runs: the window is not waiting for the facts
        assert not library.facts_loaded
        assert window.library_list.model.rowCount() == len(library.articles) == 5
        assert window.index_status.text() == LOADING_FACTS
        assert not window.fact_panel.isEnabled()
        assert window.search_pane.progress.isVisible()
        assert window.open_article("sfr-rachete-numergy")  # readable at once, passages later
        assert window.reader.body.extraSelections() == []
    qtbot.waitUntil(lambda: "indexed" in window.index_status.text(), timeout=60_000)
    assert window.fact_panel.isEnabled()
    assert window.fact_panel.select_record("numergy")
    # The article opened while the facts loaded now shows their passages.
    assert window.reader.body.extraSelections()
    window.close()
