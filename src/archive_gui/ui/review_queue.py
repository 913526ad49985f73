"""The queue of records extraction proposed, for a user to accept, reject, correct or merge.

The queue never changes the store: each button builds the edit with the core's functions and
emits it (``commit_requested``) for the window to apply as an undoable command; the window then
calls ``refresh()``. The dialogs the buttons open go through two overridable methods
(``_edit_dialog``, ``_pick_target``) so that tests can answer them without a modal loop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.editing import (
    Edit,
    EditError,
    RecordChange,
    candidates,
    merge_records,
    reject_candidate,
    set_review,
)
from archive_gui.core.facts.records import CONFIRMED, FactStore, Record
from archive_gui.core.kinds import FACT_KINDS, KIND
from archive_gui.core.titles import name_of, record_title
from archive_gui.ui.fact_models import RECORD_ID_ROLE
from archive_gui.ui.record_editor import RecordEditDialog
from archive_gui.ui.record_picker import RecordListModel, RecordPicker
from archive_gui.ui.theme import ErrorLabel

EditBuilder = Callable[[], Edit]


def _count(n: int, kind: str) -> str:
    known = KIND.get(kind)
    if known is None:
        return f"{n} {kind}"
    return f"{n} {known.title.lower() if n == 1 else known.plural}"


def candidates_summary(records: list[Record]) -> str:
    """ "12 candidates to review: 5 companies, 2 people, 1 deal, 4 figures"."""
    if not records:
        return "No candidates to review"
    by_kind = Counter(r.KIND for r in records)
    kinds = [*FACT_KINDS, *sorted(k for k in by_kind if k not in FACT_KINDS)]
    parts = [_count(by_kind[kind], kind) for kind in kinds if by_kind[kind]]
    verb = "candidate to review" if len(records) == 1 else "candidates to review"
    return f"{len(records)} {verb}: {', '.join(parts)}"


def candidate_source(record: Record, articles: Mapping[str, Article]) -> tuple[str, str]:
    """Where extraction found a candidate: its first passage quoted, and the article's title
    and date (both "" for a candidate without passages)."""
    if not record.evidence:
        return "", ""
    anchor = record.evidence[0].anchor
    quote = " ".join(anchor.quote.split())
    article = articles.get(anchor.article)
    where = anchor.article
    if article is not None:
        where = f"{article.title}, {article.date_text or 'undated'}"
    more = len(record.evidence) - 1
    also = f" (+{more} more)" if more else ""
    return f"“{quote}”", f"{where}{also}"


def candidate_reading(record: Record) -> str:
    """How extraction read a candidate: its note (the pattern, where the date came from),
    then the words each field came from, one field a line."""
    lines = [record.notes] if record.notes else []
    for evidence in record.evidence:
        if len(evidence.fields) == 1:
            words = " ".join(evidence.anchor.quote.split())
            lines.append(f"{evidence.fields[0].replace('_', ' ')}: «{words}»")
    return "\n".join(lines)


class CandidateDelegate(QStyledItemDelegate):
    """Draws a candidate on three lines: what it is, then its quote and its article, greyed."""

    MARGIN = 3

    def __init__(self, queue: ReviewQueue) -> None:
        super().__init__(queue.view)
        self._queue = queue

    def source_text(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, str]:
        """The candidate's quote and the article it is in."""
        model = self._queue.model
        if not (index.isValid() and 0 <= index.row() < model.rowCount()):
            return "", ""
        return candidate_source(model.record_at(index.row()), self._queue.articles)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        title = item.text
        item.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = option.palette.color(role)
        rect = option.rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        line = item.fontMetrics.height()
        painter.save()
        painter.setFont(item.font)
        painter.setPen(colour)
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        painter.drawText(
            top,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            item.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        if not selected:
            colour.setAlphaF(0.7)
            painter.setPen(colour)
        for number, text in enumerate(self.source_text(index), 1):
            painter.drawText(
                top.translated(0, number * line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                item.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()),
            )
        painter.restore()

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Hovering a candidate shows how extraction read it, field by field."""
        model = self._queue.model
        if event.type() == QEvent.Type.ToolTip and 0 <= index.row() < model.rowCount():
            reading = candidate_reading(model.record_at(index.row()))
            if reading:
                QToolTip.showText(event.globalPos(), reading, view)
                return True
        return bool(super().helpEvent(event, view, option, index))

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), 3 * option.fontMetrics.height() + 2 * self.MARGIN)


class ReviewQueue(QWidget):
    """Lists the candidates; its buttons ask the window to apply a review edit."""

    # The id of the candidate the user selected, for the window to show with its passages.
    record_selected = Signal(str)
    # (edit: a tuple of RecordChange, description for the undo menu).
    commit_requested = Signal(object, str)

    def __init__(self, store: FactStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._read_only = False
        # Where the user was before the model's rows changed, to keep their place.
        self._row_before: int | None = None
        self._selected_before: str | None = None
        # The articles' titles, for each candidate's line saying where it was found.
        self.articles: Mapping[str, Article] = {}

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.error_label.hide()

        self.model = RecordListModel(store, candidates, self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.setItemDelegate(CandidateDelegate(self))

        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Confirm the candidate as extraction proposed it")
        self.reject_button = QPushButton("Reject")
        self.reject_button.setToolTip(
            "Delete the candidate; extraction remembers it and does not propose it again"
        )
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Correct the candidate's fields, then confirm it")
        self.merge_button = QPushButton("Merge into…")
        self.merge_button.setToolTip("The candidate is a record the facts already hold: merge it")

        buttons = QHBoxLayout()
        for button in self.action_buttons():
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self._connect_signals()
        self._update_summary()
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        # The model follows the store; the queue keeps the user's place in it.
        self.model.rowsAboutToBeRemoved.connect(self._on_rows_about_to_be_removed)
        self.model.rowsRemoved.connect(self._on_rows_removed)
        self.model.rowsInserted.connect(self._update_summary)
        self.model.dataChanged.connect(self._update_summary)
        self.model.modelAboutToBeReset.connect(self._on_about_to_reset)
        self.model.modelReset.connect(self._on_reset)
        self.accept_button.clicked.connect(self._on_accept)
        self.reject_button.clicked.connect(self._on_reject)
        self.edit_button.clicked.connect(self._on_edit)
        self.merge_button.clicked.connect(self._on_merge)

    # --- What the window calls ------------------------------------------------------------

    @property
    def store(self) -> FactStore:
        return self._store

    def action_buttons(self) -> tuple[QPushButton, ...]:
        return (self.accept_button, self.reject_button, self.edit_button, self.merge_button)

    def set_store(self, store: FactStore) -> None:
        """Shows the candidates of another store (another archive)."""
        self._store = store
        self.model.set_store(store)

    def set_articles(self, articles: Mapping[str, Article]) -> None:
        """The archive's articles, whose titles say where each candidate was found."""
        self.articles = articles
        self.view.viewport().update()

    def set_read_only(self, read_only: bool) -> None:
        """Disables the buttons when the facts cannot be saved."""
        self._read_only = read_only
        self._update_buttons()

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return str(rows[0].data(RECORD_ID_ROLE)) if rows else None

    def selected_record(self) -> Record | None:
        record_id = self.selected_id()
        return self._store.get(record_id) if record_id is not None else None

    def select_record(self, record_id: str) -> bool:
        """Selects a candidate; returns False when the queue does not hold it."""
        row = self.model.row_of(record_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    # --- Dialogs, overridden by tests ----------------------------------------------------

    def _edit_dialog(self, record: Record) -> RecordEditDialog:
        """Runs the edit dialog on a candidate and returns it, closed (its ``change`` is set)."""
        dialog = RecordEditDialog(self._store, record, self)
        dialog.exec()
        dialog.deleteLater()
        return dialog

    def _pick_target(self, record: Record) -> str | None:
        """Asks which existing record of the same kind the candidate is."""
        return RecordPicker.pick(
            self._store,
            kinds=(record.KIND,),
            title=f"Merge “{record_title(record, self._store)}” into another {record.KIND}",
            exclude=(record.id,),
            parent=self,
        )

    # --- Handlers -------------------------------------------------------------------------

    def _on_selection_changed(self) -> None:
        self.error_label.hide()
        self._update_buttons()
        record_id = self.selected_id()
        if record_id is not None:
            self.record_selected.emit(record_id)

    def _on_accept(self) -> None:
        record = self.selected_record()
        if record is not None:
            self._request(
                lambda: (set_review(self._store, record.id, CONFIRMED),),
                f"Accept candidate {self._title(record)}",
            )

    def _on_reject(self) -> None:
        record = self.selected_record()
        if record is not None:
            self._request(
                lambda: reject_candidate(self._store, record.id),
                f"Reject candidate {self._title(record)}",
            )

    def _on_edit(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        change = self._edit_dialog(record).change
        if change is None or change.new is None:
            return
        # Correcting a candidate is reviewing it: one undo step edits and confirms.
        confirmed = change.new.copy()
        confirmed.review = CONFIRMED
        edit = (RecordChange(change.record_id, change.old, confirmed, change.position),)
        self.commit_requested.emit(
            edit, f"Edit and accept candidate {record_title(confirmed, self._store)}"
        )

    def _on_merge(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        target = self._pick_target(record)
        if target is None:
            return
        self._request(
            lambda: merge_records(self._store, target, record.id),
            f"Merge candidate {self._title(record)} into {name_of(self._store, target)}",
        )

    # --- Helpers --------------------------------------------------------------------------

    def _request(self, build: EditBuilder, description: str) -> None:
        """Builds an edit and asks for it; a refusal of the core is shown, not raised."""
        try:
            edit = build()
        except EditError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.error_label.hide()
        self.commit_requested.emit(edit, description)

    def _title(self, record: Record) -> str:
        return record_title(record, self._store)

    def _selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _select_row(self, row: int) -> None:
        index: QModelIndex = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Current
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def _on_rows_about_to_be_removed(self) -> None:
        self._row_before = self._selected_row()

    def _on_rows_removed(self) -> None:
        """The selected candidate is gone (accepted, rejected, merged): the one that took its
        row is selected, so the user goes on down the queue."""
        self._update_summary()
        count = self.model.rowCount()
        if self.selected_id() is None and self._row_before is not None and count:
            self._select_row(min(self._row_before, count - 1))
        self._update_buttons()

    def _on_about_to_reset(self) -> None:
        self._selected_before = self.selected_id()
        self._row_before = self._selected_row()

    def _on_reset(self) -> None:
        """After a reload: the same candidate if it still is one, else the one in its row."""
        self._update_summary()
        count = self.model.rowCount()
        kept = self.model.row_of(self._selected_before) if self._selected_before else None
        if kept is not None:
            self._select_row(kept)
        elif self._row_before is not None and count:
            self._select_row(min(self._row_before, count - 1))
        self._update_buttons()

    def _update_summary(self) -> None:
        self.summary_label.setText(candidates_summary(self.model.records()))

    def _update_buttons(self) -> None:
        enabled = self.selected_id() is not None and not self._read_only
        for button in self.action_buttons():
            button.setEnabled(enabled)
