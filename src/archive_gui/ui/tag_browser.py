"""The tag browser: the tags of records and article notes, with counts; choosing one searches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.facts.records import FactStore, StoreChange
from archive_gui.core.facts.tags import TagCount, tag_counts
from archive_gui.core.text import fold

ModelIndex = QModelIndex | QPersistentModelIndex
TAG_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Tag", "Records", "Articles")
NO_TAGS = (
    "No tags yet. Tag a record with Annotate > Edit Record…, "
    "an article with Annotate > Article Notes and Tags…."
)


class TagModel(QAbstractTableModel):
    """The tags in use: name, how many records carry it, over how many articles."""

    def __init__(self) -> None:
        super().__init__()
        self._tags: list[TagCount] = []

    def set_tags(self, tags: list[TagCount]) -> None:
        self.beginResetModel()
        self._tags = list(tags)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tags)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tags):
            return None
        tag = self._tags[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (tag.tag, tag.records, tag.articles)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            records = f"{tag.records} record{'s' if tag.records != 1 else ''}"
            articles = f"{tag.articles} article{'s' if tag.articles != 1 else ''}"
            return f"#{tag.tag}: {records}, in {articles}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == TAG_ROLE:
            return tag.tag
        return None


class TagFilterProxy(QSortFilterProxyModel):
    """Keeps the tags that contain the filter text, case and accents ignored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted = ""

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._wanted = fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: ModelIndex) -> bool:
        tag = self.sourceModel().index(row, 0, parent).data(TAG_ROLE)
        return not self._wanted or self._wanted in fold(str(tag))


class TagBrowser(QDialog):
    """A window listing the tags; activating one emits it (the window searches ``tag:``)."""

    tag_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self._store: FactStore | None = None
        self._stale = True
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter tags")
        self.filter_edit.setClearButtonEnabled(True)
        self.model = TagModel()
        self.proxy = TagFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel(NO_TAGS)
        self.empty_label.setWordWrap(True)
        self.hint = QLabel("Double-click or press Enter on a tag to search its articles.")
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        # Enter on a tag searches it: it must not press Close as well.
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.resize(360, 420)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.table.activated.connect(self._on_activated)

    def set_store(self, store: FactStore) -> None:
        """Counts the tags of this store, and again whenever it changes."""
        if self._store is not None:
            self._store.unsubscribe(self._on_store_changed)
        self._store = store
        store.subscribe(self._on_store_changed)
        self._on_store_changed(StoreChange(reset=True))

    def _on_store_changed(self, _change: StoreChange) -> None:
        """Counts the tags again, now if shown, else when shown."""
        self._stale = True
        if self.isVisible():
            self._count()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._count()
        super().showEvent(event)

    def _count(self) -> None:
        self._stale = False
        tags = tag_counts(self._store) if self._store is not None else []
        self.model.set_tags(tags)
        self.empty_label.setVisible(not tags)

    def tags(self) -> list[tuple[Any, ...]]:
        """The rows as shown: tag, records, articles."""
        return [
            tuple(self.proxy.index(row, c).data() for c in range(len(COLUMNS)))
            for row in range(self.proxy.rowCount())
        ]

    def choose(self, tag: str) -> None:
        self.tag_chosen.emit(tag)

    def _on_activated(self, index: QModelIndex) -> None:
        tag = index.siblingAtColumn(0).data(TAG_ROLE)
        if isinstance(tag, str):
            self.choose(tag)
