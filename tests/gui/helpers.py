"""What several GUI test modules do: search as a user types, read highlights, answer
the window's dialogs, press a shortcut, read the facts file back."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMenu, QWidget
from pytestqt.qtbot import QtBot

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.file import load_facts
from archive_gui.core.facts.records import FactStore
from archive_gui.ui.dialogs import Dialogs
from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.record_editor import RecordEditDialog
from tests.conftest import article_file


def search(qtbot: QtBot, window: MainWindow, query: str) -> None:
    """Types the query as a user would and waits for its results to be shown, with the
    snippets of the rows on screen (they come in after the rows)."""
    pane = window.search_pane
    pane.query_edit.clear()
    qtbot.keyClicks(pane.query_edit, query)
    qtbot.keyClick(pane.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            (
                pane.shown_query == query.strip()
                and pane.status.text().endswith(("result", "results", "shown"))
            )
            or pane.status.styleSheet() != ""
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: not pane.rows_awaiting_snippets(), timeout=10_000)


def write_hosting_articles(archive: Path, count: int) -> None:
    """Adds ``count`` short articles that all name a hosting company ("hébergeur" twice),
    dated from 2001 to 2015: a search lists many more of them than fit on screen."""
    for i in range(count):
        article_id = f"extra-{i:03d}"
        text = (
            f"Le numéro {i} des hébergeurs de Roubaix ouvre une salle. Un hébergeur de plus, "
            f"dit son directeur, qui compte {i + 3} clients dans la région lilloise."
        )
        title, published = f"L'hébergeur numéro {i}", f"{2001 + i % 15}-06-01"
        (archive / "articles" / f"{article_id}.md").write_text(
            article_file(article_id, text, title=title, published=published), "utf-8"
        )


def highlighted(window: MainWindow, colour: QColor) -> list[tuple[int, int]]:
    spans = []
    for selection in window.reader.body.extraSelections():
        if selection.format.background().color() == colour:
            spans.append((selection.cursor.selectionStart(), selection.cursor.selectionEnd()))
    return spans


class ScriptedDialogs(Dialogs):
    """Answers the window's questions as a user would, from a script the test sets."""

    def __init__(self) -> None:
        self.picks: list[str | None] = []
        self.choices: list[int | None] = []
        self.confirms: list[bool] = []
        self.answers: list[int | None] = []
        self.fill: Callable[[RecordEditDialog], None] | None = None
        self.cancel = False  # Cancel every edit dialog instead of filling it
        self.asked: list[str] = []
        self.preselected: list[str | None] = []
        # Each edit dialog run, with the title and the error it showed when OK was pressed.
        self.edited: list[tuple[str, str]] = []

    def run(self, dialog: QDialog) -> bool:
        assert isinstance(dialog, RecordEditDialog)
        if self.cancel:
            self.edited.append((dialog.windowTitle(), "cancelled"))
            return False
        assert self.fill is not None
        self.fill(dialog)
        dialog.accept()
        error = "" if dialog.error_label.isHidden() else dialog.error_label.text()
        self.edited.append((dialog.windowTitle(), error))
        return dialog.result() == QDialog.DialogCode.Accepted

    def pick_record(
        self, parent: QWidget, store: FactStore, title: str, kinds: Sequence[str] = (),
        exclude: Collection[str] = (), preselect: str | None = None,
    ) -> str | None:  # fmt: skip
        self.asked.append(title)
        self.preselected.append(preselect)
        return self.picks.pop(0)

    def ask(self, parent: QWidget, title: str, text: str, answers: Sequence[str]) -> int | None:
        self.asked.append(f"{text} {answers}")
        return self.answers.pop(0)

    def choose(self, parent: QWidget, title: str, label: str, items: Sequence[str]) -> int | None:
        self.asked.append(label)
        return self.choices.pop(0)

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        self.asked.append(text)
        return self.confirms.pop(0)


def on_disk(archive: Path) -> FactStore:
    loaded = load_facts(archive / "facts.yaml", load_articles(archive / "articles").articles)
    assert loaded.errors == []
    return loaded.store


def press(window: MainWindow, key: str) -> None:
    QTest.keySequence(window, key)


def menu_of(window: MainWindow, title: str = "&File") -> QMenu:
    """One of the window's menus, by its title, as a user opens it."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    assert isinstance(menu, QMenu)
    return menu
