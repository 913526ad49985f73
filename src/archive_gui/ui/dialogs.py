"""The window's modal questions in one place, so tests can answer them for the user."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from archive_gui.core.facts import FACT_KINDS, FactStore
from archive_gui.ui.record_picker import RecordPicker


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
    ) -> str | None:
        return RecordPicker.pick(store, kinds, title, exclude, parent)

    def choose(self, parent: QWidget, title: str, label: str, items: Sequence[str]) -> int | None:
        """The index of the item the user chose, None if cancelled."""
        item, ok = QInputDialog.getItem(parent, title, label, list(items), 0, False)
        return list(items).index(item) if ok and item in items else None

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes
