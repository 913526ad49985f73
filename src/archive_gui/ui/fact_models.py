"""Qt models over the fact store: one table model per record kind, and a filter/sort proxy.

The models adapt, they do not own: the records live in the core's ``FactStore``, and what a
column shows is decided in ``record_format``. These classes only translate that into Qt's
roles and change notifications.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from archive_gui.core.facts.records import CANDIDATE, FactStore, Record
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


class RecordTableModel(QAbstractTableModel):
    """The records of one kind as rows, in the store's order.

    The model keeps its own list of the kind's records, so that it always describes what the
    view was last told. Whoever changes the store tells the model afterwards:

    - ``record_inserted(id)`` after ``store.add``: the row goes where the store put the record;
    - ``record_removed(id)`` before or after ``store.remove``: the row is found in the model's
      own list, so either order is correct;
    - ``record_changed(id)`` after a record was edited or ``store.replace``-d;
    - ``refresh()`` after anything else (a reload, several changes at once).

    Rows of other kinds that show this record's name (a deal showing its acquirer's name) are
    not told of a rename by ``record_changed``; ``refresh()`` them too.
    """

    def __init__(self, store: FactStore, kind: str, parent: QObject | None = None) -> None:
        if kind not in COLUMNS:
            raise ValueError(f"unknown record kind '{kind}' (one of {', '.join(COLUMNS)})")
        super().__init__(parent)
        self._store = store
        self._kind = kind
        self._columns = COLUMNS[kind]
        self._records: list[Record] = store.of_kind(kind)

    @property
    def kind(self) -> str:
        return self._kind

    @property
    def store(self) -> FactStore:
        return self._store

    # --- Qt's model interface -------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

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

    # --- Records ------------------------------------------------------------------------

    def record_at(self, row: int) -> Record:
        return self._records[row]

    def row_of(self, record_id: str) -> int | None:
        return next((row for row, r in enumerate(self._records) if r.id == record_id), None)

    def refresh(self) -> None:
        """Re-reads every record of the kind from the store."""
        self.beginResetModel()
        self._records = self._store.of_kind(self._kind)
        self.endResetModel()

    def record_changed(self, record_id: str) -> None:
        """Shows the record's new values (also when the store holds a new object for it)."""
        row = self.row_of(record_id)
        record = self._store.get(record_id)
        if row is None or record is None:
            return
        self._records[row] = record
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def record_inserted(self, record_id: str) -> None:
        """Adds the row of a record the store has just added; ignores records of other kinds."""
        record = self._store.get(record_id)
        if record is None or self._kind != record.KIND or self.row_of(record_id) is not None:
            return
        in_store = [r.id for r in self._store.of_kind(self._kind)]
        row = min(in_store.index(record_id), len(self._records))
        self.beginInsertRows(QModelIndex(), row, row)
        self._records.insert(row, record)
        self.endInsertRows()

    def record_removed(self, record_id: str) -> None:
        """Takes out the row of a record the store removes (before or after it does)."""
        row = self.row_of(record_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._records[row]
        self.endRemoveRows()


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
