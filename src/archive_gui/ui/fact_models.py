"""Qt models over the fact store: one table model per record kind, and a filter/sort proxy.

The models adapt, they do not own: the records live in the core's ``FactStore``, and what a
column shows is decided in ``record_format``. These classes only translate that into Qt's
roles and change notifications.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from archive_gui.core.facts.records import CANDIDATE, FactStore, Record, StoreChange
from archive_gui.core.text import fold
from archive_gui.ui.record_format import (
    COLUMNS,
    ISSUE_MARKER,
    SortValue,
    record_issues,
    record_notes,
)

ModelIndex = QModelIndex | QPersistentModelIndex

# The id of the record a row shows, whatever the column.
RECORD_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# A raw value to sort by: a number for values and amounts, ISO text for dates, None when empty.
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 2

RECORD_KINDS = tuple(COLUMNS)


class StoreRowsModel(QAbstractTableModel):
    """Some records of a store as rows, which follow the store's changes.

    ``select`` says which records, in which order. The model keeps its own list of them, so
    it always describes what the view was last told; when the store says it changed, the
    model compares that list with a fresh ``select`` and tells the views the rows removed and
    inserted, and that the rows' data changed (a record's rename shows in the rows of others
    that name it). Only a reset of the store (a reload) resets the model; selections and
    scroll positions survive every edit.
    """

    def __init__(self, store: FactStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._records: list[Record] = self.select(store)
        self._listener = self._follower()
        store.subscribe(self._listener)

    def select(self, store: FactStore) -> list[Record]:
        raise NotImplementedError

    def _follower(self) -> Callable[[StoreChange], None]:
        """The store's listener: it holds the model weakly and lets go of the store once the
        model is gone, so a closed dialog's model is neither kept alive nor called."""
        model = weakref.ref(self)

        def follow(change: StoreChange) -> None:
            alive = model()
            if alive is None or not shiboken6.isValid(alive):
                store.unsubscribe(follow)
                return
            alive.follow(change)

        store = self._store
        return follow

    @property
    def store(self) -> FactStore:
        return self._store

    def set_store(self, store: FactStore) -> None:
        """Shows the records of another store (another archive)."""
        self._store.unsubscribe(self._listener)
        self._store = store
        self._listener = self._follower()
        store.subscribe(self._listener)
        self.beginResetModel()
        self._records = self.select(store)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def record_at(self, row: int) -> Record:
        return self._records[row]

    def row_of(self, record_id: str) -> int | None:
        return next((row for row, r in enumerate(self._records) if r.id == record_id), None)

    def follow(self, change: StoreChange) -> None:
        """Tells the views what a change of the store did to the rows."""
        fresh = self.select(self._store)
        if change.reset:
            self.beginResetModel()
            self._records = fresh
            self.endResetModel()
            return
        new_ids = {r.id for r in fresh}
        old_ids = {r.id for r in self._records}
        staying = [r.id for r in self._records if r.id in new_ids]
        if staying != [r.id for r in fresh if r.id in old_ids]:  # reordered: start again
            self.beginResetModel()
            self._records = fresh
            self.endResetModel()
            return
        for first, last in reversed(_runs([i for i, r in enumerate(self._records)
                                           if r.id not in new_ids])):  # fmt: skip
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._records[first : last + 1]
            self.endRemoveRows()
        for first, last in _runs([i for i, r in enumerate(fresh) if r.id not in old_ids]):
            self.beginInsertRows(QModelIndex(), first, last)
            self._records[first:first] = fresh[first : last + 1]
            self.endInsertRows()
        self._records = fresh
        if change.changed and self._records:
            last_column = max(self.columnCount() - 1, 0)
            self.dataChanged.emit(self.index(0, 0), self.index(len(fresh) - 1, last_column))


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (first, last) runs: [1, 2, 3, 7] gives [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class RecordTableModel(StoreRowsModel):
    """The records of one kind as rows, in the store's order, with the kind's columns."""

    def __init__(self, store: FactStore, kind: str, parent: QObject | None = None) -> None:
        if kind not in COLUMNS:
            raise ValueError(f"unknown record kind '{kind}' (one of {', '.join(COLUMNS)})")
        self._kind = kind
        self._columns = COLUMNS[kind]
        super().__init__(store, parent)

    def select(self, store: FactStore) -> list[Record]:
        return store.of_kind(self._kind)

    @property
    def kind(self) -> str:
        return self._kind

    # --- Qt's model interface -------------------------------------------------------------

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].title
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Not checkIndex(): it logs a warning for the invalid index views legitimately ask about.
        if not (
            index.isValid()
            and 0 <= index.row() < len(self._records)
            and 0 <= index.column() < len(self._columns)
        ):
            return None
        record = self._records[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.text(record, self._store)
            if index.column() == 0 and record_issues(record):
                return f"{ISSUE_MARKER} {text}"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            # The cell's text whole (a narrow column elides it), then what to know of the record.
            lines = [column.text(record, self._store), *record_notes(record)]
            return "\n".join(line for line in lines if line) or None
        if role == Qt.ItemDataRole.FontRole:
            return _ITALIC if record.review == CANDIDATE else None
        if role == RECORD_ID_ROLE:
            return record.id
        if role == SORT_ROLE:
            return column.sort_value(record, self._store)
        return None


def _italic() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font


_ITALIC = _italic()


class WordFilterProxy(QSortFilterProxyModel):
    """Keeps the rows that hold every typed word, ignoring case and accents.

    Every word must occur somewhere in the row's text (``row_text``): "fluxus revenue" finds
    Fluxus's revenues, not its other figures nor other companies' revenues.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_filter_text(self, text: str) -> None:
        words = fold(text).split()
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._words:
            return True
        row_text = fold(self.row_text(source_row, source_parent))
        return all(word in row_text for word in self._words)

    def row_text(self, source_row: int, source_parent: ModelIndex) -> str:
        """What the words are looked for in: every column's text."""
        model = self.sourceModel()
        return " ".join(
            str(model.data(model.index(source_row, column, source_parent)) or "")
            for column in range(model.columnCount(source_parent))
        )


class RecordFilterProxy(WordFilterProxy):
    """Filters a record table by the words typed; sorts by raw values, empty values last."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, source_left: ModelIndex, source_right: ModelIndex) -> bool:
        return _sort_key(source_left.data(self.sortRole())) < _sort_key(
            source_right.data(self.sortRole())
        )


def _sort_key(value: SortValue) -> tuple[bool, bool, float | str]:
    """Orders empty values last and numbers before text, so unlike values never meet."""
    if value is None:
        return (True, False, "")
    if isinstance(value, str):
        return (False, True, value)
    return (False, False, value)
