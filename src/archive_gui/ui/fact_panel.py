"""The fact panel: one tab per kind of record, each a filterable table above the record's detail.

The panel shows; it does not think. Columns and the detail come from ``record_format``, rows
from ``fact_models``; the panel wires them and says, through its signals, which record the user
picked and which passage they want to read.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QMargins,
    QModelIndex,
    QObject,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.records import FactStore, Record
from archive_gui.core.kinds import TAB_KINDS
from archive_gui.core.library import Library
from archive_gui.core.titles import record_title
from archive_gui.ui.fact_models import RECORD_ID_ROLE, RecordFilterProxy, RecordTableModel
from archive_gui.ui.flow_layout import FlowLayout
from archive_gui.ui.record_format import (
    PassageLink,
    RecordLink,
    parse_link,
    record_detail_html,
    record_href,
)

# (kind, tab title), in tab order.
TABS = tuple((kind.name, kind.plural_title) for kind in TAB_KINDS)
# A column is never made wider than this by fitting its contents; longer texts are elided
# (their tooltip has them whole), so that a narrow pane shows several columns.
MAX_COLUMN_WIDTH = 180
NO_SELECTION_HTML = "<p><i>Select a record to see its fields and the passages behind them.</i></p>"


def shared_widths(wanted: Sequence[int], available: int, narrowest: int) -> list[int]:
    """Column widths that fit ``available``: the columns narrower than a fair share keep
    their width, the wider ones share the rest equally (elided). None goes below
    ``narrowest`` (a few letters), so with many columns in a narrow pane the view scrolls."""
    if sum(wanted) <= available:
        return list(wanted)
    cap, remaining = float(max(wanted)), float(available)
    for done, width in enumerate(sorted(wanted)):
        fair = remaining / (len(wanted) - done)
        if width > fair:
            cap = fair
            break
        remaining -= width
    return [max(min(width, narrowest), min(width, int(cap))) for width in wanted]


def _mark_current(button: QToolButton, current: bool) -> None:
    """The current kind's button takes the highlight's colours: a pressed look alone is faint
    in some palettes. (Not bold: a wider button would widen the pane's minimum.)"""
    inherited = button.palette()
    palette = QPalette()  # sets no colour: the button follows its parent's palette
    if current:
        palette.setColor(QPalette.ColorRole.Button, inherited.color(QPalette.ColorRole.Highlight))
        palette.setColor(
            QPalette.ColorRole.ButtonText, inherited.color(QPalette.ColorRole.HighlightedText)
        )
    button.setPalette(palette)


class RecordTab(QWidget):
    """One kind's filter box, table and detail view; reports what is selected and clicked."""

    selection_changed = Signal(str)
    link_clicked = Signal(str)

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._articles: Mapping[str, Article] = {}
        self._shown_id = ""
        self.model = RecordTableModel(FactStore(), kind, self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter…")
        self.filter_edit.setClearButtonEnabled(True)
        self._wanted_widths: list[int] = []
        self.view = self._make_view()
        self.view.viewport().installEventFilter(self)
        self.detail = QTextBrowser()
        self.detail.setReadOnly(True)
        self.detail.setOpenLinks(False)
        self.detail.setOpenExternalLinks(False)
        self.detail.setHtml(NO_SELECTION_HTML)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(splitter)

        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.detail.anchorClicked.connect(self._on_anchor_clicked)

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.proxy)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = view.verticalHeader()
        rows.hide()
        # One line of text a row: the style's default row is half as tall again.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        # Headings read like their cells: from the left, cut with an ellipsis when narrow.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Events read in time order; the other kinds keep the store's (curated) order until a
        # header is clicked.
        if self.kind == "event":
            header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        return view

    def set_source(self, model: RecordTableModel, articles: Mapping[str, Article]) -> None:
        """Shows ``model``'s records (this tab takes ownership of it) with ``articles``' titles."""
        old = self.model
        self.model = model
        self._articles = articles
        model.setParent(self)
        self.filter_edit.clear()
        self.proxy.setSourceModel(model)
        model.dataChanged.connect(self._on_data_changed)
        model.rowsRemoved.connect(self._on_rows_removed)
        model.modelReset.connect(self._on_model_reset)
        old.deleteLater()
        self.fit_columns()
        self.sync(redraw=True)

    def fit_columns(self) -> None:
        """Sizes each column to its contents, up to ``MAX_COLUMN_WIDTH``, then to the view."""
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        self._wanted_widths = [
            min(header.sectionSize(column), MAX_COLUMN_WIDTH) for column in range(header.count())
        ]
        self._fit_to_view()

    def _fit_to_view(self) -> None:
        """Narrows the widest columns when all are wider together than the view, so that
        every column shows (its cells elided) rather than some scrolled out of sight."""
        header = self.view.horizontalHeader()
        wanted = self._wanted_widths
        if len(wanted) != header.count() or not wanted:
            return
        available = self.view.viewport().width()
        narrowest = header.fontMetrics().horizontalAdvance("Abcde…")
        widths = shared_widths(wanted, available, narrowest)
        widths[-1] = max(widths[-1], available - sum(widths[:-1]))  # the last takes the rest
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_to_view()
        return super().eventFilter(watched, event)

    def selected_id(self) -> str:
        rows = self.view.selectionModel().selectedRows()
        return str(rows[0].data(RECORD_ID_ROLE)) if rows else ""

    def selected_record(self) -> Record | None:
        record_id = self.selected_id()
        return self.model.store.get(record_id) if record_id else None

    def select(self, record_id: str) -> bool:
        """Selects the record's row and scrolls to it, clearing a filter that hides it."""
        row = self.model.row_of(record_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        self.view.horizontalScrollBar().setValue(0)  # the row from its first column, its name
        return True

    def sync(self, redraw: bool = False) -> None:
        """Brings the detail and listeners in step with the selection.

        Qt clears a selection silently on a model reset, and a filter may hide the selected
        row, so this runs after those as well as on every selection change. The detail is
        redrawn only for another record (or when asked), so typing a filter keeps its scroll.
        """
        record = self.selected_record()
        record_id = record.id if record is not None else ""
        if record_id != self._shown_id or redraw:
            self._show_detail(record)
        if record_id != self._shown_id:
            self._shown_id = record_id
            self.selection_changed.emit(record_id)

    def _show_detail(self, record: Record | None) -> None:
        if record is None:
            self.detail.setHtml(NO_SELECTION_HTML)
        else:
            self.detail.setHtml(record_detail_html(record, self.model.store, self._articles))

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self.sync()

    def _on_selection_changed(self) -> None:
        self.sync()

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        self._show_detail(self.selected_record())

    def _on_rows_removed(self) -> None:
        # Qt usually moves the selection to a neighbour row; when none is left, it says nothing.
        self.sync()

    def _on_model_reset(self) -> None:
        """Selects again the record shown before the reset (Qt drops the selection silently)."""
        if self._shown_id:
            self.select(self._shown_id)
        self.sync(redraw=True)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        self.link_clicked.emit(url.toString())


class FactPanel(QWidget):
    """The archive's records in tabs, with a detail of the selected one and its passages.

    ``record_selected`` carries the id of the record now shown ("" for none): it is emitted when
    the selection of the current tab changes, by a click or by ``select_record``, and when
    switching tabs changes which record is current.
    """

    record_selected = Signal(str)
    passage_activated = Signal(str, int, int)

    def __init__(self, library: Library | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = FactStore()
        self._current_id = ""
        # The pages are a QTabWidget's, but its tab bar is replaced by buttons that wrap onto
        # a second row in a narrow pane: a tab bar scrolls, hiding kinds and cutting counts.
        self.tabs = QTabWidget()
        self.tabs.tabBar().hide()
        self.tabs.setDocumentMode(True)
        self.kind_strip = QWidget()
        strip_layout = FlowLayout(self.kind_strip, spacing=2)
        strip_layout.setContentsMargins(QMargins(4, 4, 4, 0))
        self._kind_group = QButtonGroup(self)
        self._kind_group.setExclusive(True)
        self.kind_buttons: dict[str, QToolButton] = {}
        self._tabs_by_kind: dict[str, RecordTab] = {}
        for index, (kind, title) in enumerate(TABS):
            tab = RecordTab(kind)
            self._tabs_by_kind[kind] = tab
            self.tabs.addTab(tab, title)
            tab.selection_changed.connect(self._on_tab_selection_changed)
            tab.link_clicked.connect(self._on_link)
            button = QToolButton()
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.toggled.connect(lambda on, b=button: _mark_current(b, on))
            button.setText(title)
            button.setToolTip(f"{title} (Ctrl+{index + 1})")
            self._kind_group.addButton(button, index)
            strip_layout.addWidget(button)
            self.kind_buttons[kind] = button
        self.kind_buttons[TABS[0][0]].setChecked(True)
        self.records_here = QLabel()
        self.records_here.setTextFormat(Qt.TextFormat.RichText)
        self.records_here.setWordWrap(True)
        self.records_here.setContentsMargins(6, 4, 6, 0)
        self.records_here.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.records_here.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.kind_strip)
        layout.addWidget(self.records_here)
        layout.addWidget(self.tabs, 1)

        self.tabs.currentChanged.connect(self._on_current_tab_changed)
        self._kind_group.idClicked.connect(self.tabs.setCurrentIndex)
        self.records_here.linkActivated.connect(self._on_link)
        if library is not None:
            self.set_library(library)
        else:
            self._update_titles()

    # --- Public API -------------------------------------------------------------------------

    def set_library(self, library: Library) -> None:
        """Shows the records of another archive (new models; filters and selection cleared)."""
        self._store = library.store
        self.records_here.hide()
        for kind, tab in self._tabs_by_kind.items():
            model = RecordTableModel(library.store, kind)
            model.modelReset.connect(self._update_titles)
            model.rowsInserted.connect(self._update_titles)
            model.rowsRemoved.connect(self._update_titles)
            tab.set_source(model, library.articles)
        self._update_titles()

    def model(self, kind: str) -> RecordTableModel:
        """The table model of one kind, to tell it of changes made to the store."""
        return self._tabs_by_kind[kind].model

    def tab(self, kind: str) -> RecordTab:
        return self._tabs_by_kind[kind]

    def select_record(self, record_id: str) -> bool:
        """Shows the record's tab with its row selected; False when no record has that id."""
        record = self._store.get(record_id)
        tab = self._tabs_by_kind.get(record.KIND) if record is not None else None
        # Select before switching tab, so the switch announces the new record, not the old one.
        if tab is None or not tab.select(record_id):
            return False
        self.tabs.setCurrentWidget(tab)
        return True

    def select_records(self, record_ids: list[str]) -> bool:
        """Selects the first known record; when there are several, lists them all to pick from."""
        unique_ids = dict.fromkeys(record_ids)
        records = [r for r in map(self._store.get, unique_ids) if r is not None]
        if len(records) > 1:
            links = " · ".join(
                f'<a href="{html.escape(record_href(r.id))}">'
                f"{html.escape(record_title(r, self._store))}</a>"
                for r in records
            )
            self.records_here.setText(f"Records here: {links}")
            self.records_here.show()
        else:
            self.records_here.hide()
        return bool(records) and self.select_record(records[0].id)

    def clear_records_here(self) -> None:
        """Forgets the "Records here:" list, which belongs to the passage it was made from."""
        self.records_here.clear()
        self.records_here.hide()

    def show_tab(self, index: int) -> None:
        """Shows tab ``index`` (0 Companies … 4 Events); other numbers are ignored."""
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def current_record(self) -> Record | None:
        return self._current_tab().selected_record()

    # --- Handlers ---------------------------------------------------------------------------

    def _current_tab(self) -> RecordTab:
        tab = self.tabs.currentWidget()
        assert isinstance(tab, RecordTab)
        return tab

    def _set_current(self, record_id: str) -> None:
        if record_id != self._current_id:
            self._current_id = record_id
            self.record_selected.emit(record_id)

    def _on_tab_selection_changed(self) -> None:
        # Only the current tab's selection is the current record; other tabs change silently.
        self._set_current(self._current_tab().selected_id())

    def _on_current_tab_changed(self, index: int) -> None:
        button = self._kind_group.button(index)
        if button is not None:
            button.setChecked(True)
        self._set_current(self._current_tab().selected_id())

    def _on_link(self, link: str) -> None:
        target = parse_link(link)
        if isinstance(target, RecordLink):
            self.select_record(target.record_id)
        elif isinstance(target, PassageLink):
            self.passage_activated.emit(target.article, target.start, target.end)

    def _update_titles(self) -> None:
        for index, (kind, title) in enumerate(TABS):
            count = self._tabs_by_kind[kind].model.rowCount()
            self.tabs.setTabText(index, f"{title} ({count})")
            self.kind_buttons[kind].setText(f"{title} ({count})")
