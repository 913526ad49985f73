"""File > Rebuild Index as a user works it: searchable meanwhile, and cancellable."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from archive_gui.ui.main_window import MainWindow
from tests.conftest import article_file, mixed_articles
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import menu_of, search


def index_files(archive: Path) -> dict[str, bytes]:
    folder = archive / "index"
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def add_articles(archive: Path, count: int) -> None:
    for article in mixed_articles(count).values():
        path = archive / "articles" / f"{article.id}.md"
        path.write_text(article_file(article.id, article.text), "utf-8")


def notice(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_rebuild_index_from_the_file_menu(qtbot: QtBot, window: MainWindow) -> None:
    action = window.rebuilder.rebuild_action
    assert action in menu_of(window).actions()
    assert action.isEnabled()
    assert not window.rebuilder.cancel_action.isEnabled()
    search(qtbot, window, "Cloudwatt")
    before = window.search_pane.status.text()
    action.trigger()
    assert window.rebuilder.progress.isVisibleTo(window)
    assert not action.isEnabled()
    assert window.rebuilder.cancel_action.isEnabled()
    qtbot.waitUntil(lambda: notice(window).startswith("Index rebuilt: 5 articles"), timeout=30_000)
    assert not window.rebuilder.progress.isVisibleTo(window)
    assert action.isEnabled()
    search(qtbot, window, "Cloudwatt")
    assert window.search_pane.status.text() == before


def test_a_cancelled_rebuild_keeps_the_index_in_use(
    qtbot: QtBot, archive: Path, make_window: WindowFactory
) -> None:
    add_articles(archive, 450)  # a build of a few seconds
    window = make_window()
    search(qtbot, window, "Fluxus")
    before = window.search_pane.status.text()
    files = index_files(archive)
    rebuilder = window.rebuilder

    # Cancel as soon as the bar first moves: the build is under way.
    def cancel_once_under_way(value: int) -> None:
        if value > 0:
            rebuilder.progress.cancel_button.click()

    rebuilder.progress.bar.valueChanged.connect(cancel_once_under_way)
    rebuilder.rebuild_action.trigger()
    qtbot.waitUntil(lambda: notice(window).startswith("Index rebuild cancelled"), timeout=60_000)
    assert not rebuilder.progress.isVisibleTo(window)
    assert rebuilder.rebuild_action.isEnabled()
    assert index_files(archive) == files
    search(qtbot, window, "Fluxus")
    assert window.search_pane.status.text() == before


def test_closing_the_window_stops_a_rebuild(
    qtbot: QtBot, archive: Path, make_window: WindowFactory
) -> None:
    add_articles(archive, 450)  # a build of a few seconds
    window = make_window()
    files = index_files(archive)
    window.rebuilder.rebuild_action.trigger()
    window.close()
    assert not window.rebuilder.running
    assert index_files(archive) == files
    assert sorted(p.name for p in (archive / "index").iterdir()) == ["manifest.json", "whoosh"]
