"""Importing from the window as a user does: the menu, a drop, progress and Cancel, the
summary, a new archive, and correcting an imported article's metadata with undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from pytestqt.qtbot import QtBot

from archive_gui.ui.article_metadata import ArticleMetadataDialog
from archive_gui.ui.dialogs import Dialogs
from archive_gui.ui.main_window import MainWindow
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import menu_of

DISPATCH = """Horizon Capital prend 18 % de Nuagique
Publié le 14/03/2019

La start-up lyonnaise Nuagique a annoncé jeudi une levée de fonds de 12 millions d'euros. \
Horizon Capital rachète 18 % du capital de Nuagique auprès de ses fondateurs, a indiqué \
Marc Dubois, président de Nuagique.

L'entreprise emploie 85 salariés et prévoit d'ouvrir un centre de données à Villeurbanne.
"""
NEW_ID = "horizon-capital-prend-18-de-nuagique"


class ImportDialogs(Dialogs):
    """Answers the file choosers and fills the metadata dialog as the test says."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.folder: Path | None = None
        self.fill: Callable[[ArticleMetadataDialog], None] | None = None

    def open_files(self, parent: object, title: str, filters: str) -> list[Path]:
        return self.files

    def choose_folder(self, parent: object, title: str) -> Path | None:
        return self.folder

    def run(self, dialog: QDialog) -> bool:
        assert isinstance(dialog, ArticleMetadataDialog)
        assert self.fill is not None
        self.fill(dialog)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted


@pytest.fixture
def dialogs() -> ImportDialogs:
    return ImportDialogs()


@pytest.fixture
def importing_window(make_window: WindowFactory, dialogs: ImportDialogs) -> MainWindow:
    return make_window(dialogs)


def wait_for_summary(qtbot: QtBot, window: MainWindow, timeout: int = 60_000) -> str:
    qtbot.waitUntil(lambda: window.importer.summary_box is not None, timeout=timeout)
    box = window.importer.summary_box
    assert box is not None
    return box.text()


def library_titles(window: MainWindow) -> list[str]:
    model = window.library_list.table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_import_files_from_the_menu_lists_indexes_and_proposes(
    qtbot: QtBot, importing_window: MainWindow, dialogs: ImportDialogs, tmp_path: Path
) -> None:
    window = importing_window
    source = tmp_path / "depeche.txt"
    source.write_text(DISPATCH, encoding="utf-8")
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    dialogs.files = [source, empty]
    menu_texts = [a.text() for a in menu_of(window).actions()]
    assert "&Import Files…" in menu_texts
    window.importer.import_files_action.trigger()
    summary = wait_for_summary(qtbot, window)
    assert summary.startswith("1 imported, 1 skipped.")
    assert "candidate records to review" in summary
    box = window.importer.summary_box
    assert box is not None
    assert f"Skipped {empty}: empty file" in box.detailedText()
    assert "Horizon Capital prend 18 % de Nuagique" in library_titles(window)

    window.search_pane.set_query("villeurbanne")
    qtbot.waitUntil(lambda: window.search_pane.model.row_of(NEW_ID) is not None, timeout=10_000)
    assert window.undo_action.text().startswith("&Undo Import: ")
    review = window.left_tabs.tabText(window.left_tabs.indexOf(window.review_queue))
    assert review.startswith("Review (")
    names = {getattr(r, "name", None) for r in window.library.store}
    assert {"Nuagique", "Horizon Capital"} <= names


def test_files_dropped_on_the_window_are_imported(
    qtbot: QtBot, importing_window: MainWindow, tmp_path: Path
) -> None:
    window = importing_window
    folder = tmp_path / "dossier"
    folder.mkdir()
    (folder / "depeche.txt").write_text(DISPATCH, encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(folder))])
    where, copy, left = QPoint(50, 50), Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, copy, data, left, none)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(where), copy, data, left, none)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    assert wait_for_summary(qtbot, window).startswith("1 imported, 0 skipped.")
    assert NEW_ID in window.library.articles


def test_progress_then_cancel_keeps_what_is_done(
    qtbot: QtBot, importing_window: MainWindow, dialogs: ImportDialogs, tmp_path: Path
) -> None:
    window = importing_window
    folder = tmp_path / "beaucoup"
    many_pages(folder, 400)
    dialogs.folder = folder
    window.importer.import_folder_action.trigger()
    dialog = window.importer.progress_dialog
    assert dialog is not None
    # The progress reaches the dialog through the GUI thread's event loop: it is not blocked.
    qtbot.waitUntil(lambda: dialog.value() >= 5, timeout=30_000)
    assert not window.importer.import_files_action.isEnabled()  # one import at a time
    (cancel,) = dialog.findChildren(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    summary = wait_for_summary(qtbot, window)
    assert "(cancelled)" in summary
    imported = len([a for a in window.library.articles if a.startswith("page-")])
    assert 0 < imported < 400
    on_disk = len(list((window.library.paths.articles_dir).glob("page-*.md")))
    assert on_disk == imported
    assert window.importer.import_files_action.isEnabled()


def test_a_new_archive_is_made_shown_and_filled(
    qtbot: QtBot, importing_window: MainWindow, dialogs: ImportDialogs, tmp_path: Path
) -> None:
    window = importing_window
    dialogs.folder = tmp_path / "ma-presse"
    window.importer.new_archive_action.trigger()
    qtbot.waitUntil(lambda: "indexed" in window.index_status.text(), timeout=30_000)
    assert window.library.paths.root == (tmp_path / "ma-presse").resolve()
    assert library_titles(window) == []
    source = tmp_path / "depeche.txt"
    source.write_text(DISPATCH, encoding="utf-8")
    dialogs.files = [source]
    window.importer.import_files_action.trigger()
    wait_for_summary(qtbot, window)
    assert library_titles(window) == ["Horizon Capital prend 18 % de Nuagique"]


def test_metadata_corrected_in_the_window_is_saved_shown_and_undone(
    qtbot: QtBot, importing_window: MainWindow, dialogs: ImportDialogs, tmp_path: Path
) -> None:
    window = importing_window
    source = tmp_path / "depeche.txt"
    source.write_text(DISPATCH, encoding="utf-8")
    dialogs.files = [source]
    window.importer.import_files_action.trigger()
    wait_for_summary(qtbot, window)
    window.open_article(NEW_ID)
    assert "author to fill in" in window.reader.header.text()
    path = window.library.articles[NEW_ID].path
    assert path is not None
    before = path.read_text("utf-8")

    def bad_then_good(dialog: ArticleMetadataDialog) -> None:
        dialog.edits["published"].setText("14/03/2019")
        dialog.accept()
        assert "write it YYYY-MM-DD" in dialog.error.text()
        dialog.edits["published"].setText("2019-03-14")
        dialog.edits["author"].setText("Jeanne Martin")
        dialog.confirms["published"].setChecked(True)

    dialogs.fill = bad_then_good
    window.annotator.metadata_action.trigger()
    article = window.library.articles[NEW_ID]
    assert article.author == "Jeanne Martin"
    assert article.published == dt.date(2019, 3, 14)
    assert "published" not in article.inferred
    assert "Jeanne Martin" in window.reader.header.text()
    assert "(inferred)" not in window.reader.header.text()
    assert "author: Jeanne Martin" in path.read_text("utf-8")

    window.undo_action.trigger()
    restored = window.library.articles[NEW_ID]
    assert restored.author is None
    assert "published" in restored.inferred
    assert "author to fill in" in window.reader.header.text()
    assert path.read_text("utf-8") == before


def many_pages(folder: Path, count: int) -> None:
    """Saved pages, slower to read than text files: a test can act while they import."""
    folder.mkdir()
    for number in range(count):
        words = " ".join(f"mot{number}x{i}" for i in range(120))
        paragraphs = "".join(f"<p>{words} phrase {p}.</p>" for p in range(4))
        page = f"<html><head><title>Page {number}</title></head><body><article>"
        (folder / f"{number:03d}.html").write_text(f"{page}{paragraphs}</article></body></html>")


def start_a_long_import(
    qtbot: QtBot, window: MainWindow, dialogs: ImportDialogs, tmp_path: Path
) -> None:
    """Imports a folder of 400 pages and waits until a few are done: an import under way."""
    many_pages(tmp_path / "pages", 400)
    dialogs.folder = tmp_path / "pages"
    window.importer.import_folder_action.trigger()
    dialog = window.importer.progress_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.value() >= 3, timeout=30_000)


def test_another_archive_opened_during_an_import_gets_nothing_of_it(
    qtbot: QtBot, importing_window: MainWindow, dialogs: ImportDialogs, tmp_path: Path
) -> None:
    window = importing_window
    first = window.library
    start_a_long_import(qtbot, window, dialogs, tmp_path)
    other = tmp_path / "other"
    (other / "articles").mkdir(parents=True)
    assert window.open_archive(other)
    qtbot.waitUntil(lambda: not window.importer.running, timeout=30_000)
    assert window.library.articles == {}
    assert library_titles(window) == []
    written = list(first.paths.articles_dir.glob("page-*.md"))
    assert 0 < len(written) < 400  # stopped, and what it wrote stays where it wrote it


def test_closing_the_window_during_an_import_stops_it_cleanly(
    qtbot: QtBot, importing_window: MainWindow, dialogs: ImportDialogs, tmp_path: Path
) -> None:
    window = importing_window
    start_a_long_import(qtbot, window, dialogs, tmp_path)
    window.close()
    assert not window.importer.running
    qtbot.wait(100)  # the thread's last signal, if any, finds nothing to do
    assert window.importer.summary_box is None
