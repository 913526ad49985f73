"""A dialog to choose one record by typing words of its name (a merge target, a link).

``RecordListModel`` lists records as one line each ("Company: Numergy"); the review queue
uses it too. The picker lists confirmed records first and the candidates nobody has reviewed
after them, marked so ("Company: OVH (candidate)", in italics). ``RecordNameFilter`` keeps
the records holding every typed word, ignoring case and accents, so the list narrows as the
user types.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.facts.records import CANDIDATE, Company, FactStore, Person, Record
from archive_gui.core.kinds import FACT_KINDS, kind_title
from archive_gui.core.text import fold
from archive_gui.core.titles import record_title
from archive_gui.ui.fact_models import RECORD_ID_ROLE, StoreRowsModel, WordFilterProxy
from archive_gui.ui.record_format import record_notes

ModelIndex = QModelIndex | QPersistentModelIndex
RecordSource = Callable[[FactStore], Iterable[Record]]

# What the filter looks in: the shown line, the record's id and every name of a company.
MATCH_TEXT_ROLE = int(Qt.ItemDataRole.UserRole) + 3

CANDIDATE_MARK = " (candidate)"

# Keys typed in the filter that move through the list instead, so hands stay on the keyboard.
_NAVIGATION_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


def record_line(record: Record, store: FactStore) -> str:
    """A record on one line with its kind, so that records of several kinds can share a list."""
    kind = kind_title(record.KIND)
    return f"{kind}: {record_title(record, store)}"


class RecordListModel(StoreRowsModel):
    """Some records of a store, one row each; ``source`` says which, in which order."""

    def __init__(
        self,
        store: FactStore,
        source: RecordSource,
        parent: QObject | None = None,
        mark_candidates: bool = False,
    ) -> None:
        self._source = source
        # Among confirmed records, a candidate says so (a list of candidates alone need not).
        self._mark_candidates = mark_candidates
        super().__init__(store, parent)

    def select(self, store: FactStore) -> list[Record]:
        return list(self._source(store))

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not (index.isValid() and 0 <= index.row() < len(self._records)):
            return None
        record = self._records[index.row()]
        marked = self._mark_candidates and record.review == CANDIDATE
        if role == Qt.ItemDataRole.DisplayRole:
            return record_line(record, self._store) + (CANDIDATE_MARK if marked else "")
        if role == Qt.ItemDataRole.FontRole and marked:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([record.id, *record_notes(record)])
        if role == RECORD_ID_ROLE:
            return record.id
        if role == MATCH_TEXT_ROLE:
            names = record.names() if isinstance(record, Company | Person) else []
            mark = [CANDIDATE_MARK.strip(" ()")] if marked else []
            return " ".join([record_line(record, self._store), record.id, *names, *mark])
        return None

    def records(self) -> list[Record]:
        return list(self._records)


class RecordNameFilter(WordFilterProxy):
    """Keeps the records holding every typed word, ignoring case and accents.

    The words are looked for in the line shown, the record's id ("caisse-des-depots-stake-in-
    numergy" says more than the figure's title) and a company's aliases ("CloudWatt").
    """

    def row_text(self, source_row: int, source_parent: ModelIndex) -> str:
        index = self.sourceModel().index(source_row, 0, source_parent)
        return str(index.data(MATCH_TEXT_ROLE) or index.data() or "")


def _records_by_title(kinds: Sequence[str], exclude: Collection[str]) -> RecordSource:
    """The confirmed records of ``kinds``, then the candidates: each group kind after kind,
    each kind in alphabetical order of title."""

    def source(store: FactStore) -> list[Record]:
        found: list[Record] = []
        for candidates in (False, True):
            for kind in kinds:
                of_kind = [
                    r
                    for r in store.of_kind(kind)
                    if r.id not in exclude and (r.review == CANDIDATE) == candidates
                ]
                found += sorted(of_kind, key=lambda r: fold(record_title(r, store)))
        return found

    return source


class RecordPicker(QDialog):
    """Chooses one record of some kinds: type words to narrow the list, Enter to pick."""

    def __init__(
        self,
        store: FactStore,
        kinds: Sequence[str] = FACT_KINDS,
        title: str = "Choose a record",
        exclude: Collection[str] = (),
        parent: QWidget | None = None,
        preselect: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 420)

        source = _records_by_title(tuple(kinds), set(exclude))
        self.model = RecordListModel(store, source, self, mark_candidates=True)
        self.proxy = RecordNameFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Type words of the name to filter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.installEventFilter(self)

        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)
        layout.addWidget(self.buttons)

        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        if preselect is None or not self.select_record(preselect):
            self._select_first_if_none()
        self._update_ok()
        self.filter_edit.setFocus()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def selected_id(self) -> str | None:
        """The id of the record selected in the list, None when nothing is."""
        rows = self.view.selectionModel().selectedRows()
        return str(rows[0].data(RECORD_ID_ROLE)) if rows else None

    def select_record(self, record_id: str) -> bool:
        """Selects a record if the list shows it; returns whether it does."""
        row = self.model.row_of(record_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self._select(index)
        return True

    def accept(self) -> None:
        # Enter with nothing left in the list must not close the dialog as if it had picked.
        if self.selected_id() is not None:
            super().accept()

    @staticmethod
    def pick(
        store: FactStore,
        kinds: Sequence[str] = FACT_KINDS,
        title: str = "Choose a record",
        exclude: Collection[str] = (),
        parent: QWidget | None = None,
        preselect: str | None = None,
    ) -> str | None:
        """Runs a picker modally; the chosen record's id, None when the user cancels."""
        dialog = RecordPicker(store, kinds, title, exclude, parent, preselect)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.selected_id() if accepted else None
        finally:
            dialog.deleteLater()

    # --- Events -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _NAVIGATION_KEYS
        ):
            QApplication.sendEvent(self.view, event)
            return True
        return super().eventFilter(watched, event)

    def _on_filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._select_first_if_none()
        self._update_ok()

    def _on_selection_changed(self) -> None:
        self._update_ok()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._select(index)
            self.accept()

    # --- Helpers ------------------------------------------------------------------------

    def _select(self, index: QModelIndex) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Current
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def _select_first_if_none(self) -> None:
        """Keeps a selection while rows remain, so Enter always picks what is shown first."""
        if not self.view.selectionModel().selectedRows() and self.proxy.rowCount() > 0:
            self._select(self.proxy.index(0, 0))

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.selected_id() is not None)
