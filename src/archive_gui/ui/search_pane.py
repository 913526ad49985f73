"""The search pane: a query box that searches as you type, facets, and the ranked results."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.search import SearchHit, SearchResults, Snippet

ModelIndex = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
ALL = "All"
FACET_ALL = {"publication": "All publications", "year": "All years", "company": "All companies"}
UNKNOWN = "Unknown"
DEBOUNCE_MS = 250
MARGIN = 5

QUERY_HELP = """<b>Search syntax</b>
<table cellspacing=4>
<tr><td><code>cloud souverain</code></td><td>both words</td></tr>
<tr><td><code>"salle blanche"</code></td><td>the phrase</td></tr>
<tr><td><code>cloudwatt OR numergy</code></td><td>either word (AND, OR, NOT in capitals)</td></tr>
<tr><td><code>numergy NOT thales</code></td><td>without a word</td></tr>
<tr><td><code>héberg*</code></td><td>words starting so</td></tr>
<tr><td><code>title:numergy</code></td><td>fields: title, author, publication</td></tr>
<tr><td><code>date:2015</code>, <code>date:[2014 TO 2016]</code></td><td>publication dates</td></tr>
<tr><td><code>acquirer:SFR</code>, <code>company:Orange</code></td>
<td>facts: company, person, acquirer, target, seller, kind</td></tr>
</table>
Accents, case, plurals and elisions (l', d', qu') do not matter.
Enter searches at once; Escape clears."""


def snippet_html(snippet: Snippet) -> str:
    """A snippet as rich text: the article's words escaped, its hits emphasised."""
    pieces: list[str] = []
    cursor = snippet.start
    for hit in snippet.hits:
        pieces.append(html.escape(snippet.text[cursor - snippet.start : hit.start - snippet.start]))
        word = snippet.text[hit.start - snippet.start : hit.end - snippet.start]
        pieces.append(f"<b style='background-color:#f7d774;color:#000'>{html.escape(word)}</b>")
        cursor = hit.end
    pieces.append(html.escape(snippet.text[cursor - snippet.start :]))
    return "… " + " ".join("".join(pieces).split()) + " …"


def result_html(hit: SearchHit) -> str:
    meta = " · ".join(
        x for x in (hit.published.isoformat() if hit.published else "", hit.publication or "") if x
    )
    snippets = "<br>".join(snippet_html(s) for s in hit.snippets)
    return (
        f"<b>{html.escape(hit.title)}</b><br>"
        f"<span style='color:gray'>{html.escape(meta)}</span><br>"
        f"<small>{snippets}</small>"
    )


class ResultsModel(QAbstractListModel):
    """The hits of the last search, best first."""

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[SearchHit] = []
        self._companies: Mapping[str, Sequence[str]] = {}
        # How many articles matched, listed or not.
        self.total = 0

    def set_companies(self, companies: Mapping[str, Sequence[str]]) -> None:
        """Article id → the companies it has passages of: the company facet."""
        self._companies = companies

    def set_results(self, results: SearchResults | None) -> None:
        self.beginResetModel()
        self._hits = list(results.hits) if results else []
        self.total = results.total if results else 0
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.id
        if role == HIT_ROLE:
            return hit
        if role == HTML_ROLE:
            return result_html(hit)
        return None

    def facet_values(self, hit: SearchHit) -> dict[str, set[str]]:
        return {
            "publication": {hit.publication or UNKNOWN},
            "year": {str(hit.published.year) if hit.published else UNKNOWN},
            "company": set(self._companies.get(hit.id, ())),
        }

    def hits(self) -> list[SearchHit]:
        return list(self._hits)


class ResultsFilterProxy(QSortFilterProxyModel):
    """Narrows the results to the chosen publication, year and company."""

    def __init__(self) -> None:
        super().__init__()
        self._wanted: dict[str, str] = {}

    def set_facet(self, name: str, value: str) -> None:
        if value == ALL:
            self._wanted.pop(name, None)
        else:
            self._wanted[name] = value
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: ModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ResultsModel)
        hit = model.data(model.index(row, 0, parent), HIT_ROLE)
        values = model.facet_values(hit)
        return all(wanted in values[name] for name, wanted in self._wanted.items())


class ResultDelegate(QStyledItemDelegate):
    """Paints a result as rich text: title, date and publication, snippets with hits."""

    def _document(self, option: QStyleOptionViewItem, index: ModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(str(index.data(HTML_ROLE)))
        document.setTextWidth(max(100, option.rect.width() - 2 * MARGIN))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(
                QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.HighlightedText)
            )
        painter.save()
        painter.translate(option.rect.left() + MARGIN, option.rect.top() + MARGIN)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        document = self._document(option, index)
        return QSize(
            int(document.idealWidth()) + 2 * MARGIN, int(document.size().height()) + 2 * MARGIN
        )


class SearchPane(QWidget):
    """Query box, status, facets and results; asks for searches, shows what comes back."""

    search_requested = Signal(str)
    result_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText("Search (Ctrl+F): e.g. cloud souverain date:2015")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setToolTip(QUERY_HELP)
        self.help_button = QToolButton()
        self.help_button.setText("?")
        self.help_button.setToolTip(QUERY_HELP)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("Building the index… %p%")
        self.progress.hide()
        self.facets = {name: QComboBox() for name in ("publication", "year", "company")}
        for name, box in self.facets.items():
            box.setToolTip(f"Only results of this {name}")
            box.setMinimumContentsLength(6)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.model = ResultsModel()
        self.proxy = ResultsFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.results = QListView()
        self.results.setModel(self.proxy)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setUniformItemSizes(False)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._layout()
        self._connect_signals()
        self._reset_facets()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.query_edit, 1)
        top.addWidget(self.help_button)
        facets = QHBoxLayout()
        for box in self.facets.values():
            facets.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(facets)
        layout.addWidget(self.results, 1)

    def _connect_signals(self) -> None:
        self.query_edit.textEdited.connect(self._on_text_edited)
        self.query_edit.returnPressed.connect(self.search_now)
        self._debounce.timeout.connect(self.search_now)
        self.help_button.clicked.connect(self._on_help_clicked)
        self.results.activated.connect(self._on_result_activated)
        self.results.clicked.connect(self._on_result_activated)
        for name, box in self.facets.items():
            box.currentIndexChanged.connect(lambda _, n=name: self._on_facet_changed(n))

    # -- asking ----------------------------------------------------------------------------

    def _on_text_edited(self, _: str) -> None:
        self._debounce.start()

    def search_now(self) -> None:
        self._debounce.stop()
        query = self.query_edit.text().strip()
        if not query:
            self.clear()
            return
        self.status.setText("Searching…")
        self.search_requested.emit(query)

    def set_query(self, query: str, search: bool = True) -> None:
        self.query_edit.setText(query)
        if search:
            self.search_now()

    def clear(self) -> None:
        self._debounce.stop()
        self.query_edit.clear()
        self.model.set_results(None)
        self._reset_facets()
        self.status.setText("")

    def _on_help_clicked(self) -> None:
        from PySide6.QtWidgets import QToolTip

        QToolTip.showText(
            self.help_button.mapToGlobal(self.help_button.rect().bottomLeft()), QUERY_HELP
        )

    # -- showing ---------------------------------------------------------------------------

    def show_results(self, results: SearchResults) -> None:
        self.model.set_results(results)
        self._fill_facets()
        self._show_count()

    def _show_count(self) -> None:
        listed = self.model.rowCount()
        total = self.model.total
        shown = self.proxy.rowCount()
        noun = "result" if total == 1 else "results"
        text = f"{total:,} {noun}"
        if listed < total:
            text = f"best {listed:,} of {text}"
        if shown != listed:
            text += f", {shown:,} shown"
        self.status.setStyleSheet("")
        self.status.setText(text)

    def show_error(self, message: str) -> None:
        self.model.set_results(None)
        self._reset_facets()
        self.status.setStyleSheet("color: #c0392b")
        self.status.setText(message)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setVisible(done < total)

    def set_companies(self, companies: Mapping[str, Sequence[str]]) -> None:
        self.model.set_companies(companies)

    def _facet_value(self, name: str) -> str:
        box = self.facets[name]
        return ALL if box.currentIndex() <= 0 else box.currentText()

    def _reset_facets(self) -> None:
        for name, box in self.facets.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(FACET_ALL[name])
            box.blockSignals(False)
        for name in self.facets:
            self.proxy.set_facet(name, ALL)

    def _fill_facets(self) -> None:
        values: dict[str, set[str]] = {name: set() for name in self.facets}
        for hit in self.model.hits():
            for name, found in self.model.facet_values(hit).items():
                values[name] |= found
        for name, box in self.facets.items():
            current = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems([FACET_ALL[name], *sorted(values[name])])
            keep = box.findText(current)
            box.setCurrentIndex(keep if keep >= 0 else 0)
            box.blockSignals(False)
            self.proxy.set_facet(name, self._facet_value(name))

    def _on_facet_changed(self, name: str) -> None:
        self.proxy.set_facet(name, self._facet_value(name))
        self._show_count()

    def _on_result_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self.result_activated.emit(hit)
