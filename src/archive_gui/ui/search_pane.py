"""The search pane: a query box that searches as you type, facets, and the ranked results."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
    QTextLayout,
)
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

from archive_gui.core.search.results import Highlights, SearchHit, SearchResults, Snippet, Span
from archive_gui.ui.facets import FacetBox
from archive_gui.ui.flow_layout import FlowLayout
from archive_gui.ui.rows_on_screen import RowsOnScreen
from archive_gui.ui.theme import error_colour

ModelIndex = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
# Whether a result's highlights (hits and snippets) are in.
HIGHLIGHTED_ROLE = Qt.ItemDataRole.UserRole + 2
FACET_ALL = {"publication": "All publications", "year": "All years", "company": "All companies"}
# How the results can be ordered: (label, newest first?), None keeping the search's ranking.
ORDERS: tuple[tuple[str, bool | None], ...] = (
    ("Best match", None),
    ("Newest first", True),
    ("Oldest first", False),
)
UNKNOWN = "Unknown"
DEBOUNCE_MS = 250
# How long a search runs before the status says "Searching…".
SEARCHING_SHOWN_MS = 200
MARGIN = 5
# A result's snippets: how many lines each row keeps for them, and their size to the text's.
# A title that needs a second line (TITLE_LINES at most) takes it from the snippets.
SNIPPET_LINES = 4
TITLE_LINES = 2
SNIPPET_SCALE = 0.86
# Space between the date line and the snippets, and the narrowest a row is laid out.
LINE_GAP = 2
MIN_ROW_WIDTH = 100
LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
# The bars standing for snippets not yet in: their widths, as fractions of the row's.
PLACEHOLDER_WIDTHS = (0.94, 0.62)
# The rows above and below those on screen whose snippets are asked for too, and how long
# scrolling or resizing must pause before they are.
SNIPPET_MARGIN_ROWS = 3
SNIPPET_SETTLE_MS = 60

QUERY_HELP = """<b>Search syntax</b>
<table cellspacing=4>
<tr><td><code>cloud souverain</code></td><td>both words</td></tr>
<tr><td><code>"salle blanche"</code></td><td>the phrase</td></tr>
<tr><td><code>cloudwatt OR numergy</code></td><td>either word (AND, OR, NOT in capitals)</td></tr>
<tr><td><code>numergy NOT thales</code></td><td>without a word</td></tr>
<tr><td><code>héberg*</code></td><td>words starting so</td></tr>
<tr><td><code>*</code></td><td>every article (<code>* date:2015</code>: of 2015)</td></tr>
<tr><td><code>title:numergy</code></td><td>fields: title, author, publication</td></tr>
<tr><td><code>date:2015</code>, <code>date:[2014 TO 2016]</code></td><td>publication dates</td></tr>
<tr><td><code>acquirer:SFR</code>, <code>company:Orange</code></td>
<td>facts: company, person, acquirer, target, seller, kind</td></tr>
<tr><td><code>tag:restructuration</code>, <code>note:bilan</code></td>
<td>the tags and notes of records and of articles</td></tr>
</table>
Accents, case, plurals and elisions (l', d', qu') do not matter.
Enter searches at once, and once the results are shown opens the first; Down goes to the
results (Up from the first comes back); Escape clears."""


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


def snippets_html(hit: SearchHit) -> str:
    """A result's snippets as rich text, one paragraph each."""
    return "".join(f"<p>{snippet_html(s)}</p>" for s in hit.snippets)


def meta_line(hit: SearchHit) -> str:
    """A result's date and publication, as its second line shows them."""
    date = hit.published.isoformat() if hit.published else ""
    return " · ".join(x for x in (date, hit.publication or "") if x)


class ResultsModel(QAbstractListModel):
    """The hits of the last search, best first.

    A search lists its hits without snippets; their highlights (hits and snippets) are asked
    for the rows on screen (``highlights_wanted``) and come in later (``add_highlights``),
    each row repainted alone.
    """

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[SearchHit] = []
        self._rows: dict[str, int] = {}
        # The articles whose highlights are in, and those asked for and not in yet.
        self._highlighted: set[str] = set()
        self._asked: set[str] = set()
        self._companies: Mapping[str, Sequence[str]] = {}
        # How many articles matched, listed or not.
        self.total = 0

    def set_companies(self, companies: Mapping[str, Sequence[str]]) -> None:
        """Article id → the companies it has passages of: the company facet."""
        self._companies = companies

    def set_results(self, results: SearchResults | None) -> None:
        self.beginResetModel()
        self._hits = list(results.hits) if results else []
        self._rows = {hit.id: row for row, hit in enumerate(self._hits)}
        self._highlighted, self._asked = set(), set()
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
        if role == HIGHLIGHTED_ROLE:
            return hit.id in self._highlighted
        return None

    def highlights_wanted(self, rows: Iterable[int]) -> list[str]:
        """The articles of these rows whose highlights are neither in nor asked for; they
        count as asked for from now on."""
        wanted = [
            hit.id
            for hit in (self._hits[row] for row in rows)
            if hit.id not in self._highlighted and hit.id not in self._asked
        ]
        self._asked.update(wanted)
        return wanted

    def add_highlights(self, hits: Iterable[SearchHit]) -> None:
        """Puts in these hits, highlighted, in place of the listed ones of the same articles
        (others are left out: the results changed since they were asked for)."""
        for hit in hits:
            row = self._rows.get(hit.id)
            if row is None:
                continue
            self._hits[row] = hit
            self._highlighted.add(hit.id)
            self._asked.discard(hit.id)
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [HIT_ROLE, HIGHLIGHTED_ROLE])

    def row_of(self, article_id: str) -> int | None:
        """The row of an article's hit; None if it is not listed."""
        return self._rows.get(article_id)

    def hit_at(self, row: int) -> SearchHit:
        return self._hits[row]

    def is_highlighted(self, article_id: str) -> bool:
        return article_id in self._highlighted

    def facet_values(self, hit: SearchHit) -> dict[str, set[str]]:
        return {
            "publication": {hit.publication or UNKNOWN},
            "year": {str(hit.published.year) if hit.published else UNKNOWN},
            "company": set(self._companies.get(hit.id, ())),
        }

    def hits(self) -> list[SearchHit]:
        return list(self._hits)


class ResultsFilterProxy(QSortFilterProxyModel):
    """Narrows the results to the chosen publications, years and companies, and orders them.

    A result is kept when, for each facet with values chosen, it has one of them. The order
    is the search's ranking, or by date (undated results last either way).
    """

    def __init__(self) -> None:
        super().__init__()
        self._wanted: dict[str, frozenset[str]] = {}
        self._newest_first: bool | None = None

    def set_facet(self, name: str, values: Iterable[str]) -> None:
        """Keeps the results with one of ``values`` for facet ``name``; none keeps all."""
        wanted = frozenset(values)
        if wanted == self._wanted.get(name, frozenset()):
            return
        self.beginFilterChange()
        if wanted:
            self._wanted[name] = wanted
        else:
            self._wanted.pop(name, None)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_order(self, newest_first: bool | None) -> None:
        """Orders by date, newest or oldest first, or (None) as the search ranked them."""
        self._newest_first = newest_first
        self.sort(-1)  # back to the search's order, which also makes the next sort() happen
        if newest_first is not None:
            # Ascending on a key that puts the wanted end first, and undated results last.
            self.sort(0, Qt.SortOrder.AscendingOrder)

    def accepts(self, hit: SearchHit, values: Mapping[str, set[str]], but: str = "") -> bool:
        """Whether the chosen facets, except ``but``, keep a hit with these facet values."""
        return all(wanted & values[name] for name, wanted in self._wanted.items() if name != but)

    def filterAcceptsRow(self, row: int, parent: ModelIndex) -> bool:
        if not self._wanted:  # no facet chosen: every row, without looking (results come fast)
            return True
        model = self.sourceModel()
        assert isinstance(model, ResultsModel)
        hit = model.data(model.index(row, 0, parent), HIT_ROLE)
        return self.accepts(hit, model.facet_values(hit))

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        return self._date_key(left) < self._date_key(right)

    def _date_key(self, index: ModelIndex) -> tuple[bool, int, int]:
        hit = index.data(HIT_ROLE)
        published = hit.published if hit is not None else None
        if published is None:
            return (True, 0, index.row())
        day = published.toordinal()
        return (False, -day if self._newest_first else day, index.row())


@dataclass(frozen=True)
class RowFonts:
    """The fonts of a result's lines, and the height of a line of each as painted (and as a
    QTextDocument lays out the snippets)."""

    title: QFont
    meta: QFont
    small: QFont
    title_height: int
    meta_height: int
    small_height: int

    @classmethod
    def of(cls, font: QFont) -> RowFonts:
        title = QFont(font)
        title.setBold(True)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * SNIPPET_SCALE)
        meta = QFont(font)
        return cls(title, meta, small, *(_line_height(f) for f in (title, meta, small)))


class ResultDelegate(QStyledItemDelegate):
    """Paints a result in rows of one height: its title (on two lines if it needs them,
    cut short with "…" after), its date and publication, then its snippets with the hits
    emphasised, on the lines left (SNIPPET_LINES when the title takes one); until they are
    in, two faint bars where they will be.

    Every row is as high whatever it holds, so the list never moves when snippets come in
    (nor when a row scrolled past gets its own) and the view lays out hundreds of rows
    without measuring them (``setUniformItemSizes``).

    Its colours come from the palette: the highlighted text's on a selected row (for every
    line: the highlight leaves no room for a fainter one), else the text's, with the date and
    publication line a third of the way to the background, so that it reads as secondary on
    light and dark palettes alike.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, RowFonts] = {}

    def text_colours(self, option: QStyleOptionViewItem) -> tuple[QColor, QColor]:
        """The colours of the text and of the date and publication line for this row."""
        palette = option.palette
        if option.state & QStyle.StateFlag.State_Selected:
            text = palette.color(QPalette.ColorRole.HighlightedText)
            return text, text
        text = palette.color(QPalette.ColorRole.Text)
        return text, _between(text, palette.color(QPalette.ColorRole.Base), 1 / 3)

    def placeholder_colour(self, option: QStyleOptionViewItem) -> QColor:
        """The bars that stand for snippets not yet in: faint on the row's background."""
        palette = option.palette
        selected = option.state & QStyle.StateFlag.State_Selected
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        background = palette.color(
            QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base
        )
        return _between(text, background, 0.85)

    def fonts(self, option: QStyleOptionViewItem) -> RowFonts:
        """The title's font, the date line's and the snippets', with their line heights:
        made once for the view's font."""
        key = option.font.key()
        found = self._fonts.get(key)
        if found is None:
            found = self._fonts[key] = RowFonts.of(option.font)
        return found

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        fonts = self.fonts(option)
        lines = fonts.title_height + fonts.meta_height + LINE_GAP
        return QSize(MIN_ROW_WIDTH, lines + SNIPPET_LINES * fonts.small_height + 2 * MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return
        text_colour, meta_colour = self.text_colours(option)
        fonts = self.fonts(option)
        area = option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        painter.save()
        painter.setClipRect(option.rect)
        top = area.top()
        lines = [
            (line, fonts.title, fonts.title_height, text_colour)
            for line in title_lines(hit.title, fonts.title, area.width())
        ]
        meta = _elided(meta_line(hit), fonts.meta, area.width())
        lines.append((meta, fonts.meta, fonts.meta_height, meta_colour))
        for text, font, height, colour in lines:
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QRect(area.left(), top, area.width(), height), LEFT_MIDDLE, text)
            top += height
        snippets = QRect(
            area.left(), top + LINE_GAP, area.width(), area.bottom() + 1 - top - LINE_GAP
        )
        if index.data(HIGHLIGHTED_ROLE):
            self._paint_snippets(painter, snippets, hit, fonts.small, text_colour)
        else:
            colour = self.placeholder_colour(option)
            self._paint_placeholder(painter, snippets, fonts.small_height, colour)
        painter.restore()

    def _paint_snippets(
        self, painter: QPainter, area: QRect, hit: SearchHit, font: QFont, colour: QColor
    ) -> None:
        """The snippets, laid out to the row's width, up to the last whole line that fits."""
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(font)
        document.setDefaultStyleSheet("p { margin: 0 }")
        document.setHtml(snippets_html(hit))
        document.setTextWidth(max(MIN_ROW_WIDTH, area.width()))
        bottom = _last_line_bottom(document, SNIPPET_LINES, area.height())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, colour)
        context.clip = QRectF(0, 0, area.width(), bottom)
        painter.translate(area.topLeft())
        painter.setClipRect(QRectF(0, 0, area.width(), bottom), Qt.ClipOperation.IntersectClip)
        document.documentLayout().draw(painter, context)

    @staticmethod
    def _paint_placeholder(painter: QPainter, area: QRect, line: int, colour: QColor) -> None:
        """Two rounded bars, a full line and a shorter one, where the snippets will be."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        bar = max(4, line // 2)
        for row, width in enumerate(PLACEHOLDER_WIDTHS):
            y = area.top() + row * line + (line - bar) // 2
            painter.drawRoundedRect(QRectF(area.left(), y, area.width() * width, bar), 3, 3)


def _between(a: QColor, b: QColor, fraction: float) -> QColor:
    """The colour ``fraction`` of the way from ``a`` to ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * fraction),
        round(a.green() + (b.green() - a.green()) * fraction),
        round(a.blue() + (b.blue() - a.blue()) * fraction),
    )


def title_lines(title: str, font: QFont, width: int) -> list[str]:
    """A title wrapped to ``width``, on TITLE_LINES lines at most, the last cut short with
    "…" if it does not fit: a long title takes a line of its row's snippets."""
    layout = QTextLayout(title, font)
    layout.beginLayout()
    starts: list[int] = []
    while len(starts) <= TITLE_LINES:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    ends = [*starts[1:], len(title)]
    lines = [title[a:b].strip() for a, b in zip(starts, ends, strict=True)]
    if len(lines) > TITLE_LINES:
        last = title[starts[TITLE_LINES - 1] :].strip()
        lines = [*lines[: TITLE_LINES - 1], _elided(last, font, width)]
    return lines or [""]


def _elided(text: str, font: QFont, width: int) -> str:
    return QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)


def _line_height(font: QFont) -> int:
    """The height of a line of ``font`` as painted and as a QTextDocument lays it out."""
    return math.ceil(QFontMetricsF(font).lineSpacing())


def _last_line_bottom(document: QTextDocument, most: int, height: float) -> float:
    """The bottom of the last of a document's first ``most`` lines that ends within
    ``height``: a row shows whole lines only."""
    bottom = 0.0
    lines = 0
    block = document.begin()
    layout = document.documentLayout()
    while block.isValid() and lines < most:
        top = layout.blockBoundingRect(block).top()
        text_layout = block.layout()
        for i in range(text_layout.lineCount()):
            line_bottom = top + text_layout.lineAt(i).rect().bottom()
            if lines >= most or line_bottom > height + 0.5:
                return bottom
            bottom, lines = line_bottom, lines + 1
        block = block.next()
    return bottom


class SearchPane(QWidget):
    """Query box, status, facets and results; asks for searches, shows what comes back."""

    search_requested = Signal(str)
    result_activated = Signal(object)
    # The query whose results are listed now and how many articles it found ("", 0: none).
    results_shown = Signal(str, int)
    # The ids of listed articles whose highlights are wanted: rows on screen, or one opened.
    highlights_wanted = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText("Search (Ctrl+K): e.g. cloud souverain date:2015")
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
        self.facets = {name: FacetBox(FACET_ALL[name], name) for name in FACET_ALL}
        self.order_box = QComboBox()
        self.order_box.addItems([label for label, _ in ORDERS])
        self.order_box.setToolTip("Order of the results: by relevance or by date")
        self.order_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model = ResultsModel()
        self.proxy = ResultsFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.results = QListView()
        self.results.setModel(self.proxy)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setUniformItemSizes(True)  # ResultDelegate's rows are of one height
        self.on_screen = RowsOnScreen(self.results, SNIPPET_MARGIN_ROWS, SNIPPET_SETTLE_MS)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        # "Searching…" is said of a search that takes a while only: changing the status lays
        # the pane out again, which slowed every search down (the worker shares Python's lock).
        self._searching = QTimer(self)
        self._searching.setSingleShot(True)
        self._searching.setInterval(SEARCHING_SHOWN_MS)
        # The query whose results are listed: Enter on it goes to the results.
        self._shown_query = ""
        self._layout()
        self._connect_signals()
        self._reset_facets()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.query_edit, 1)
        top.addWidget(self.help_button)
        # The facets wrap onto a second row when the pane is narrow: each reads whole.
        self.facet_row = QWidget()
        facets = FlowLayout(self.facet_row)
        for box in self.facets.values():
            facets.addWidget(box)
        count_row = QHBoxLayout()
        count_row.addWidget(self.status, 1)
        count_row.addWidget(self.order_box, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addLayout(count_row)
        layout.addWidget(self.facet_row)
        layout.addWidget(self.results, 1)

    def _connect_signals(self) -> None:
        self.query_edit.textEdited.connect(self._on_text_edited)
        self.query_edit.returnPressed.connect(self._on_return_pressed)
        self.query_edit.installEventFilter(self)
        self.results.installEventFilter(self)
        self._debounce.timeout.connect(self.search_now)
        self._searching.timeout.connect(self._on_searching_long)
        self.help_button.clicked.connect(self._on_help_clicked)
        self.results.activated.connect(self._on_result_activated)
        self.results.clicked.connect(self._on_result_activated)
        for box in self.facets.values():
            box.choice_changed.connect(self._on_facet_changed)
        self.order_box.currentIndexChanged.connect(self._on_order_changed)
        self.on_screen.settled.connect(self._on_rows_settled)

    # -- asking ----------------------------------------------------------------------------

    def _on_text_edited(self, _: str) -> None:
        self._debounce.start()

    def _on_searching_long(self) -> None:
        self.status.setStyleSheet("")
        self.status.setText("Searching…")

    def search_now(self) -> None:
        self._debounce.stop()
        query = self.query_edit.text().strip()
        if not query:
            self.clear()
            return
        self._searching.start()
        self.search_requested.emit(query)

    @property
    def shown_query(self) -> str:
        """The query whose results are listed ("" for none)."""
        return self._shown_query

    def _on_return_pressed(self) -> None:
        """Searches at once; when this query's results are already listed, opens the first."""
        if self._debounce.isActive() or self.query_edit.text().strip() != self._shown_query:
            self.search_now()
        else:
            self.focus_results(open_current=True)

    def focus_results(self, open_current: bool = False) -> bool:
        """Moves the focus to the results, on the current one or the first; False if none."""
        if self.proxy.rowCount() == 0:
            return False
        index = self.results.currentIndex()
        if not index.isValid():
            index = self.proxy.index(0, 0)
            self.results.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self.results.scrollTo(index)
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)
        if open_current:
            self._on_result_activated(index)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the query box goes to the results; Up on the first result comes back."""
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if watched is self.query_edit and event.key() == Qt.Key.Key_Down:
                return self.focus_results()
            if (
                watched is self.results
                and event.key() == Qt.Key.Key_Up
                and self.results.currentIndex().row() <= 0
            ):
                self.query_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def show_current(self, article_id: str) -> None:
        """Selects the result of the article being read, or none when it is not listed."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            hit = index.data(HIT_ROLE)
            if hit is not None and hit.id == article_id:
                self.results.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.results.scrollTo(index)
                return
        self.results.selectionModel().clear()

    def set_query(self, query: str, search: bool = True) -> None:
        self.query_edit.setText(query)
        if search:
            self.search_now()

    def clear(self) -> None:
        self._debounce.stop()
        self._searching.stop()
        self.query_edit.clear()
        self._shown_query = ""
        self.model.set_results(None)
        self._reset_facets()
        self.status.setText("")
        self.results_shown.emit("", 0)

    def _on_help_clicked(self) -> None:
        from PySide6.QtWidgets import QToolTip

        QToolTip.showText(
            self.help_button.mapToGlobal(self.help_button.rect().bottomLeft()), QUERY_HELP
        )

    # -- showing ---------------------------------------------------------------------------

    def show_results(self, results: SearchResults) -> None:
        self._searching.stop()
        self._shown_query = results.query.strip()
        self.model.set_results(results)
        self._fill_facets()
        self._show_count()
        self.results_shown.emit(self._shown_query, results.total)

    def add_highlights(
        self, highlights: Mapping[str, Highlights], tie: Callable[[SearchHit], SearchHit]
    ) -> None:
        """Shows the highlights of listed articles in their rows, each highlighted hit passed
        through ``tie`` (which ties its hits to the records whose passages they fall in)."""
        hits = []
        for article_id, found in highlights.items():
            row = self.model.row_of(article_id)
            if row is not None:
                hits.append(tie(self.model.hit_at(row).highlighted(found)))
        self.model.add_highlights(hits)

    def hits_in(self, article_id: str) -> tuple[Span, ...] | None:
        """The listed search's hits in an article: none if it is not listed, None if they
        are not in yet (they are asked for now, and come with ``add_highlights``)."""
        row = self.model.row_of(article_id)
        if row is None:
            return ()
        if self.model.is_highlighted(article_id):
            return self.model.hit_at(row).hits
        self._ask_highlights([row])
        return None

    def rows_awaiting_snippets(self) -> list[int]:
        """The rows on screen (of the list as shown) whose snippets are not in yet."""
        return [
            row
            for row in self.on_screen.rows(margin=0)
            if not self.proxy.index(row, 0).data(HIGHLIGHTED_ROLE)
        ]

    def _on_rows_settled(self) -> None:
        source = (self.proxy.mapToSource(self.proxy.index(r, 0)) for r in self.on_screen.rows())
        self._ask_highlights([index.row() for index in source])

    def _ask_highlights(self, rows: Sequence[int]) -> None:
        """Asks for the highlights of these rows of the model, those not asked for yet."""
        wanted = self.model.highlights_wanted(rows)
        if wanted:
            self.highlights_wanted.emit(wanted)

    def listed_hits(self) -> list[SearchHit]:
        """The results as listed: narrowed by the facets, in the order chosen."""
        return [self.proxy.index(row, 0).data(HIT_ROLE) for row in range(self.proxy.rowCount())]

    def add_result_actions(self, actions: Sequence[QAction]) -> None:
        """Actions on the listed results, in the list's context menu."""
        self.results.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.results.addActions(list(actions))

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
        self._searching.stop()
        self._shown_query = ""
        self.model.set_results(None)
        self.results_shown.emit("", 0)
        self._reset_facets()
        self.status.setStyleSheet(f"color: {error_colour(self.status.palette()).name()}")
        self.status.setText(message)

    def show_busy(self) -> None:
        """A moving bar for work whose length is not known (loading the facts)."""
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setVisible(done < total)

    def set_companies(self, companies: Mapping[str, Sequence[str]]) -> None:
        self.model.set_companies(companies)

    def facet_choice(self) -> dict[str, list[str]]:
        """The facets narrowing the results: name → the values chosen (facets with none are
        left out). What the window saves at close."""
        choice = {name: box.chosen() for name, box in self.facets.items()}
        return {name: values for name, values in choice.items() if values}

    def choose_facets(self, choice: Mapping[str, Sequence[str]]) -> None:
        """Narrows the shown results by these facet values; values not offered are ignored."""
        for name, values in choice.items():
            box = self.facets.get(name)
            if box is not None:
                box.set_chosen(values)

    def _reset_facets(self) -> None:
        for box in self.facets.values():
            box.blockSignals(True)
            box.set_values({})
            box.blockSignals(False)
        for name in self.facets:
            self.proxy.set_facet(name, ())

    def _fill_facets(self) -> None:
        """Offers the values of the listed results, keeping those chosen that are still there."""
        listed = self._facet_rows()
        values: dict[str, set[str]] = {name: set() for name in self.facets}
        for _, found in listed:
            for name, names in found.items():
                values[name] |= names
        for name, box in self.facets.items():
            box.blockSignals(True)
            box.set_values(dict.fromkeys(sorted(values[name]), 0))
            box.blockSignals(False)
            self.proxy.set_facet(name, box.chosen())
        self._count_facets(listed)

    def _facet_rows(self) -> list[tuple[SearchHit, dict[str, set[str]]]]:
        """Each listed hit with its facets' values."""
        return [(hit, self.model.facet_values(hit)) for hit in self.model.hits()]

    def _count_facets(self, listed: Sequence[tuple[SearchHit, dict[str, set[str]]]] = ()) -> None:
        """Counts, for each value, the results that have it among those the other facets keep:
        what choosing it (alone) would show. ``listed``: the hits with their facet values, if
        they are at hand."""
        if not listed:
            listed = self._facet_rows()
        counts: dict[str, dict[str, int]] = {name: {} for name in self.facets}
        for hit, values in listed:
            for name in self.facets:
                if self.proxy.accepts(hit, values, but=name):
                    for value in values[name]:
                        counts[name][value] = counts[name].get(value, 0) + 1
        for name, box in self.facets.items():
            box.set_counts(counts[name])

    def _on_facet_changed(self) -> None:
        for name, box in self.facets.items():
            self.proxy.set_facet(name, box.chosen())
        self._count_facets()
        self._show_count()

    def _on_order_changed(self, index: int) -> None:
        self.proxy.set_order(ORDERS[index][1] if 0 <= index < len(ORDERS) else None)

    def _on_result_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self.result_activated.emit(hit)
