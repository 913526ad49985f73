"""The reader: an article's header and text, with search hits and fact passages highlighted."""

from __future__ import annotations

import bisect
import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QHelpEvent,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QLabel, QTextEdit, QToolTip, QVBoxLayout, QWidget

from archive_gui.core.articles import Article
from archive_gui.core.facts import Evidence, Record
from archive_gui.core.search import Span

# One colour per record kind, translucent so that they read on light and dark palettes alike.
KIND_COLOURS = {
    "company": QColor(66, 133, 244, 45),
    "person": QColor(52, 168, 83, 50),
    "deal": QColor(251, 140, 0, 55),
    "figure": QColor(156, 39, 176, 40),
    "event": QColor(0, 150, 136, 45),
}
# The passages of the selected record stand out: stronger, and underlined.
SELECTED_ALPHA = 150
KIND_NAMES = {"company": "Company", "person": "Person", "deal": "Deal", "figure": "Figure",
              "event": "Event"}  # fmt: skip
HIT_COLOUR = QColor(255, 214, 0, 200)
CURRENT_HIT_COLOUR = QColor(255, 120, 0, 230)

Passage = tuple[Record, Evidence]


def header_html(article: Article, note: Record | None = None) -> str:
    """The article's title and metadata, escaped; inferred values are marked as such."""

    def value(name: str, text: str | None) -> str:
        shown = html.escape(text or "unknown")
        if article.is_inferred(name):
            evidence = html.escape(article.inferred[name])
            shown = f"<i title='{evidence}'>{shown} (inferred)</i>"
        if name in article.printed:
            shown += f" <i>(printed: {html.escape(article.printed[name])})</i>"
        return shown

    meta = " · ".join(
        [
            value("publication", article.publication),
            value("author", article.author),
            value("published", article.published.isoformat()),
        ]
    )
    notes = ""
    if note is not None and (note.notes or note.tags):
        tags = " ".join(f"#{html.escape(t)}" for t in note.tags)
        text = html.escape(note.notes or "")
        notes = f"<div style='color:gray'>Notes: {text} {tags}</div>"
    return f"<h2 style='margin:0'>{html.escape(article.title)}</h2><div>{meta}</div>{notes}"


def inferred_tooltip(article: Article) -> str:
    return "\n\n".join(f"{name} inferred: {why}" for name, why in article.inferred.items())


def legend_html() -> str:
    """The colour key: one swatch per kind of highlight, on a line that wraps when narrow."""

    def swatch(text: str, colour: QColor) -> str:
        rgba = f"rgba({colour.red()},{colour.green()},{colour.blue()},{colour.alpha()})"
        return f"<span style='background:{rgba}'>&nbsp;{text}&nbsp;</span>"

    items = [swatch("Search hit", HIT_COLOUR)]
    items += [swatch(KIND_NAMES[kind], colour) for kind, colour in KIND_COLOURS.items()]
    return "&nbsp; ".join(items)


class ReaderView(QWidget):
    """Shows one article as plain text, never as HTML, with its passages highlighted.

    Hovering a passage names its records; clicking it emits their ids.
    """

    passage_clicked = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QTextEdit()
        self.body.setReadOnly(True)
        self.body.setAcceptRichText(False)
        self.body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.body.document().setDocumentMargin(14)
        font = self.body.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.body.setFont(font)
        self.body.viewport().installEventFilter(self)
        self.body.viewport().setMouseTracking(True)
        self.placeholder = "Open an article from the search results or the library."
        self.body.setPlaceholderText(self.placeholder)
        self.legend = QLabel(legend_html())
        self.legend.setWordWrap(True)
        self.legend.setToolTip("Highlights: search hits, and the passages of each kind of record")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.legend)
        layout.addWidget(self.body, 1)
        self.body.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.body.customContextMenuRequested.connect(self._on_context_menu)
        self._context_actions: list[QAction] = []
        self._note: Record | None = None
        self.article: Article | None = None
        self._hits: list[Span] = []
        self._passages: list[Passage] = []
        self._selected_record: str | None = None
        self._current: tuple[int, int] | None = None

    # -- what is shown ---------------------------------------------------------------------

    def set_article(
        self, article: Article, hits: Sequence[Span] = (), passages: Sequence[Passage] = ()
    ) -> None:
        self.article = article
        self.header.setText(header_html(article, self._note))
        self.header.setToolTip(inferred_tooltip(article))
        self.body.setPlainText(article.text)
        self._hits = sorted((h for h in hits if h.field == "body"), key=lambda h: h.start)
        self._passages = [p for p in passages if not p[1].anchor.orphaned]
        self._current = None
        self._paint()

    def set_passages(self, passages: Sequence[Passage]) -> None:
        self._passages = [p for p in passages if not p[1].anchor.orphaned]
        self._paint()

    def set_selected_record(self, record_id: str | None) -> None:
        self._selected_record = record_id or None
        self._paint()

    def clear(self) -> None:
        self.article = None
        self.header.clear()
        self.body.clear()
        self._hits, self._passages, self._current = [], [], None

    def selection(self) -> tuple[int, int] | None:
        """The selected characters of the text, if any: what an annotation is made from."""
        cursor = self.body.textCursor()
        if self.article is None or not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    def select(self, start: int, end: int) -> None:
        cursor = self.body.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(cursor)

    def set_context_actions(self, actions: Sequence[QAction]) -> None:
        """Actions offered, after Copy, in the text's context menu."""
        self._context_actions = list(actions)

    def _on_context_menu(self, point: QPoint) -> None:
        menu = self.body.createStandardContextMenu(point)
        menu.addSeparator()
        menu.addActions(self._context_actions)
        menu.exec(self.body.viewport().mapToGlobal(point))
        menu.deleteLater()

    def set_note(self, note: Record | None) -> None:
        """Shows the reader's notes and tags on the article under its header."""
        self._note = note
        if self.article is not None:
            self.header.setText(header_html(self.article, note))

    def hit_spans(self) -> list[tuple[int, int]]:
        return [(h.start, h.end) for h in self._hits]

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self.body.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _paint(self) -> None:
        """Lays the highlights over the text: passages by kind, then hits, then the current one."""
        selections = []
        for record, evidence in self._passages:
            fmt = QTextCharFormat()
            fmt.setBackground(KIND_COLOURS.get(record.KIND, QColor(128, 128, 128, 60)))
            if record.id == self._selected_record:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                strong = QColor(KIND_COLOURS[record.KIND])
                strong.setAlpha(SELECTED_ALPHA)
                fmt.setBackground(strong)
            anchor = evidence.anchor
            selections.append(self._selection(anchor.start, anchor.end, fmt))
        for hit in self._hits:
            fmt = QTextCharFormat()
            fmt.setBackground(HIT_COLOUR)
            fmt.setForeground(QColor("black"))
            selections.append(self._selection(hit.start, hit.end, fmt))
        if self._current is not None:
            fmt = QTextCharFormat()
            fmt.setBackground(CURRENT_HIT_COLOUR)
            fmt.setForeground(QColor("black"))
            selections.append(self._selection(*self._current, fmt))
        self.body.setExtraSelections(selections)

    # -- moving through the text -----------------------------------------------------------

    def scroll_to(self, start: int, end: int) -> None:
        """Marks ``start``..``end`` as the current place and brings it to the middle of the view."""
        if self.article is None:
            return
        end = min(end, len(self.article.text))
        self._current = (start, end)
        cursor = self.body.textCursor()
        cursor.setPosition(start)
        self.body.setTextCursor(cursor)
        self._paint()
        rect = self.body.cursorRect(cursor)
        bar = self.body.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.body.viewport().height() // 2)

    def current_place(self) -> tuple[int, int] | None:
        return self._current

    def _step(self, spans: list[tuple[int, int]], forward: bool) -> bool:
        """Moves to the next (or previous) span after the current place, wrapping around."""
        if not spans:
            return False
        step = 1 if forward else -1
        if self._current in spans:  # spans may share a start: step through the list itself
            target = spans[(spans.index(self._current) + step) % len(spans)]
        else:
            here = self._current[0] if self._current is not None else -1
            starts = [s for s, _ in spans]
            if forward:
                target = spans[bisect.bisect_right(starts, here) % len(spans)]
            else:
                at = bisect.bisect_left(starts, here) if self._current is not None else 0
                target = spans[(at - 1) % len(spans)]
        self.scroll_to(*target)
        return True

    def next_hit(self) -> bool:
        return self._step(self.hit_spans(), forward=True)

    def previous_hit(self) -> bool:
        return self._step(self.hit_spans(), forward=False)

    def passage_spans(self) -> list[tuple[int, int]]:
        return sorted({(e.anchor.start, e.anchor.end) for _, e in self._passages})

    def next_passage(self) -> bool:
        return self._step(self.passage_spans(), forward=True)

    def previous_passage(self) -> bool:
        return self._step(self.passage_spans(), forward=False)

    # -- pointing at passages --------------------------------------------------------------

    def offset_at(self, point: QPoint) -> int:
        """The character under a point of the viewport, or -1 outside the text."""
        scroll = QPointF(
            self.body.horizontalScrollBar().value(), self.body.verticalScrollBar().value()
        )
        layout = self.body.document().documentLayout()
        return int(layout.hitTest(QPointF(point) + scroll, Qt.HitTestAccuracy.ExactHit))

    def records_at(self, offset: int) -> list[Record]:
        seen: dict[str, Record] = {}
        for record, evidence in self._passages:
            if evidence.anchor.contains(offset):
                seen.setdefault(record.id, record)
        return list(seen.values())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body.viewport():
            if event.type() == QEvent.Type.ToolTip:
                assert isinstance(event, QHelpEvent)
                records = self.records_at(self.offset_at(event.pos()))
                if records:
                    lines = [f"{KIND_NAMES[r.KIND]}: {r.label}" for r in records]
                    QToolTip.showText(event.globalPos(), "\n".join(lines), self.body)
                else:
                    QToolTip.hideText()
                return True
            if event.type() == QEvent.Type.MouseButtonRelease:
                assert isinstance(event, QMouseEvent)
                if (
                    event.button() == Qt.MouseButton.LeftButton
                    and not self.body.textCursor().hasSelection()
                ):
                    records = self.records_at(self.offset_at(event.position().toPoint()))
                    if records:
                        self.passage_clicked.emit([r.id for r in records])
        return super().eventFilter(watched, event)
