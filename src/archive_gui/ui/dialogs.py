"""The window's modal questions in one place, so tests can answer them for the user."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from archive_gui.core.facts.records import FactStore
from archive_gui.core.kinds import FACT_KINDS
from archive_gui.ui.record_picker import RecordPicker

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


def open_message(
    parent: QWidget,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str = "",
    text_format: Qt.TextFormat = Qt.TextFormat.PlainText,
) -> QMessageBox:
    """A message box opened without waiting for it (the window goes on meanwhile); the caller
    keeps it, so that a test can read what it says. Plain text unless told otherwise: a
    file's or a user's words are never read as HTML."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(text_format)
    if details:
        box.setDetailedText(details)
    box.open()
    return box


class Dialogs:
    """Asks the user, modally; a test passes a subclass that answers instead."""

    def run(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def pick_record(
        self,
        parent: QWidget,
        store: FactStore,
        title: str,
        kinds: Sequence[str] = FACT_KINDS,
        exclude: Collection[str] = (),
        preselect: str | None = None,
    ) -> str | None:
        """The id of the record the user picked (``preselect`` selected at first), or None."""
        return RecordPicker.pick(store, kinds, title, exclude, parent, preselect)

    def choose(self, parent: QWidget, title: str, label: str, items: Sequence[str]) -> int | None:
        """The index of the item the user chose, None if cancelled."""
        item, ok = QInputDialog.getItem(parent, title, label, list(items), 0, False)
        return list(items).index(item) if ok and item in items else None

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def ask(self, parent: QWidget, title: str, text: str, answers: Sequence[str]) -> int | None:
        """The index of the answer (a button, the first the default) chosen; None: Cancel."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        buttons = [box.addButton(a, QMessageBox.ButtonRole.AcceptRole) for a in answers]
        box.addButton(QMessageBox.StandardButton.Cancel)
        if buttons:
            box.setDefaultButton(buttons[0])
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        return next((i for i, b in enumerate(buttons) if b is clicked), None)

    def open_files(self, parent: QWidget, title: str, filters: str) -> list[Path]:
        """The files the user chose to read, none if cancelled."""
        names, _ = QFileDialog.getOpenFileNames(parent, title, "", filters)
        return [Path(name) for name in names]

    def choose_folder(self, parent: QWidget, title: str) -> Path | None:
        """The folder the user chose (a dialog that can make one), None if cancelled."""
        name = QFileDialog.getExistingDirectory(parent, title)
        return Path(name) if name else None

    def save_file(self, parent: QWidget, title: str, suggested: Path, filters: str) -> Path | None:
        """The file the user chose to write, None if cancelled."""
        name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return Path(name) if name else None

    def print_setup(self, parent: QWidget, printer: QPrinter) -> bool:
        """Lets the user choose the printer and its settings; False if cancelled."""
        from PySide6.QtPrintSupport import QPrintDialog  # loaded on first use, not at start

        return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted
