"""The reader: an article's header and text, with search hits and fact passages highlighted."""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.records import Evidence, Record
from archive_gui.core.kinds import KINDS, kind_title
from archive_gui.core.search.results import Span
from archive_gui.core.text import fold_in_place

# One colour per record kind, translucent so that they read on light and dark palettes alike.
KIND_COLOURS = {kind.name: QColor(*kind.colour) for kind in KINDS if kind.colour}
# The passages of the selected record stand out: stronger, and underlined.
SELECTED_ALPHA = 150
HIT_COLOUR = QColor(255, 214, 0, 200)
CURRENT_HIT_COLOUR = QColor(255, 120, 0, 230)
# Matches of the find bar (Ctrl+F), apart from the archive search's hits.
FIND_COLOUR = QColor(0, 188, 212, 120)
# The legend's key for the search hits; the kinds' keys are their names.
HITS_KEY = "hits"

Passage = tuple[Record, Evidence]


def header_html(article: Article, note: Record | None = None) -> str:
    """The article's title and metadata, escaped; inferred values are marked as such."""

    def value(name: str, text: str | None) -> str:
        if name in article.missing and not text:
            what = "date" if name == "published" else name
            return f"<i>{what} to fill in (Annotate > Article Metadata)</i>"
        shown = html.escape(text or "unknown")
        if article.is_inferred(name):
            evidence = html.escape(article.inferred[name])
            shown = f"<i title='{evidence}'>{shown} (inferred)</i>"
        if name in article.printed:
            shown += f" <i>(printed: {html.escape(article.printed[name])})</i>"
        if name in article.flagged:
            problem = html.escape(article.flagged[name].message)
            shown += f" <i>({problem})</i>"
        return shown

    meta = " · ".join(
        [
            value("publication", article.publication),
            value("author", article.author),
            value("published", article.date_text),
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


def legend_html(hidden: frozenset[str] = frozenset(), text_colour: str = "") -> str:
    """The colour key, on a line that wraps when narrow: one link per kind of highlight.

    Clicking a kind toggles its highlights; a hidden kind is shown struck out, with no swatch.
    """

    def swatch(key: str, text: str, colour: QColor) -> str:
        rgba = f"rgba({colour.red()},{colour.green()},{colour.blue()},{colour.alpha()})"
        style = "text-decoration:none" + (f";color:{text_colour}" if text_colour else "")
        label = f"<s>{text}</s>" if key in hidden else text
        background = "" if key in hidden else f" style='background:{rgba}'"
        return f"<a href='{key}' style='{style}'><span{background}>&nbsp;{label}&nbsp;</span></a>"

    items = [swatch(HITS_KEY, "Search hit", HIT_COLOUR)]
    items += [swatch(kind, kind_title(kind), colour) for kind, colour in KIND_COLOURS.items()]
    return "&nbsp; ".join(items)


def find_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Every place of ``needle`` in ``text``, ignoring case and accents."""
    folded, wanted = fold_in_place(text), fold_in_place(needle.strip())
    spans: list[tuple[int, int]] = []
    if not wanted:
        return spans
    at = folded.find(wanted)
    while at >= 0:
        spans.append((at, at + len(wanted)))
        at = folded.find(wanted, at + 1)
    return spans


class FindBar(QWidget):
    """Find in the open article (Ctrl+F): a box, the count of matches, next, previous, close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in the article")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel()
        self.previous_button = QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.setToolTip("Previous match (Shift+Enter, Shift+F3)")
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setToolTip("Next match (Enter, F3)")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close (Escape)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setAutoRaise(True)
            layout.addWidget(button)


class ReaderView(QWidget):
    """Shows one article as plain text, never as HTML, with its passages highlighted.

    Hovering a passage names its records; Ctrl+click on it, or its context menu, emits their
    ids (a plain click or a drag only moves the cursor and selects text). ``step_reported``
    says where F3 or F4 went: "Hit 3 of 8", and whether it wrapped around.
    """

    passage_clicked = Signal(list)
    step_reported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # How a record is named in tooltips and menus; the window, which has the facts,
        # gives its title with names in place of ids.
        self.title_of: Callable[[Record], str] = lambda record: record.label
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
        # QTextEdit paints its placeholder on one line, cut at the viewport's edge: a wrapped
        # label on the viewport instead, shown while no article is open.
        self.placeholder = "Open an article from the search results or the library."
        self.empty_label = QLabel(self.placeholder)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        empty_layout = QVBoxLayout(self.body.viewport())
        margin = int(self.body.document().documentMargin())
        empty_layout.setContentsMargins(margin, margin, margin, margin)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addStretch()
        self.body.textChanged.connect(
            lambda: self.empty_label.setVisible(self.body.document().isEmpty())
        )
        self.body.viewport().installEventFilter(self)
        self.body.viewport().setMouseTracking(True)
        self._hidden_kinds: frozenset[str] = frozenset()
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.legend.setToolTip(
            "Highlights: search hits, and the passages of each kind of record.\n"
            "Click a kind to hide or show its highlights."
        )
        self.legend.linkActivated.connect(self.toggle_kind)
        self.reading_mode_action = QAction("&Reading Mode", self)
        self.reading_mode_action.setCheckable(True)
        self.reading_mode_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.reading_mode_action.setToolTip(
            "Reading mode: only the search hits and the selected record's passages (Ctrl+Shift+H)"
        )
        self.reading_mode_action.toggled.connect(lambda _: self._paint())
        self.reading_mode_button = QToolButton()
        self.reading_mode_button.setDefaultAction(self.reading_mode_action)
        self.reading_mode_button.setText("Reading mode")
        self.reading_mode_button.setAutoRaise(True)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self._find_matches: list[tuple[int, int]] = []
        legend_row = QHBoxLayout()
        legend_row.addWidget(self.legend, 1)
        legend_row.addWidget(self.reading_mode_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.header)
        layout.addLayout(legend_row)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.body, 1)
        self._show_legend()
        self.find_bar.edit.textChanged.connect(self._on_find_text_changed)
        self.find_bar.edit.installEventFilter(self)
        self.find_bar.next_button.clicked.connect(self.next_hit)
        self.find_bar.previous_button.clicked.connect(self.previous_hit)
        self.find_bar.close_button.clicked.connect(self.close_find_bar)
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
        self._find_matches = self._matches_of(self.find_bar.edit.text())
        self._paint()

    def set_hits(self, hits: Sequence[Span]) -> None:
        """Shows these search hits in the article shown, which stays where it is: they came
        in after it was opened, or are another search's."""
        self._hits = sorted((h for h in hits if h.field == "body"), key=lambda h: h.start)
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
        self._find_matches = []

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

    def context_menu(self, point: QPoint) -> QMenu:
        """The text's context menu at ``point``: the records of the passage there, Copy, and
        the annotation actions."""
        menu = self.body.createStandardContextMenu(point)
        first = menu.actions()[0]  # the standard menu always has Copy and Select All
        records = self.records_at(self.offset_at(point))
        for record in records:
            action = QAction(
                f"Show {kind_title(record.KIND)} “{self.title_of(record)}” in the Facts", menu
            )
            action.triggered.connect(
                lambda _=False, ids=[record.id]: self.passage_clicked.emit(ids)
            )
            menu.insertAction(first, action)
        if records:
            menu.insertSeparator(first)
        menu.addSeparator()
        menu.addActions(self._context_actions)
        return menu

    def _on_context_menu(self, point: QPoint) -> None:
        menu = self.context_menu(point)
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

    # -- which highlights are shown ---------------------------------------------------------

    def toggle_kind(self, kind: str) -> None:
        """Hides the highlights of a record kind (or of the hits, ``HITS_KEY``), or shows them."""
        self.set_kind_shown(kind, kind in self._hidden_kinds)

    def set_kind_shown(self, kind: str, shown: bool) -> None:
        hidden = set(self._hidden_kinds)
        if shown:
            hidden.discard(kind)
        else:
            hidden.add(kind)
        self._hidden_kinds = frozenset(hidden)
        self._show_legend()
        self._paint()

    def hidden_kinds(self) -> frozenset[str]:
        return self._hidden_kinds

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._show_legend()  # the legend's words follow the palette's text colour
        super().changeEvent(event)

    def _show_legend(self) -> None:
        text = self.palette().color(QPalette.ColorRole.WindowText).name()
        self.legend.setText(legend_html(self._hidden_kinds, text))

    def reading_mode(self) -> bool:
        return self.reading_mode_action.isChecked()

    def _shown_passages(self) -> list[Passage]:
        """The passages tinted: of the kinds shown; in reading mode, the selected record's only."""
        reading = self.reading_mode()
        return [
            (record, evidence)
            for record, evidence in self._passages
            if record.KIND not in self._hidden_kinds
            and (not reading or record.id == self._selected_record)
        ]

    def _paint(self) -> None:
        """Lays the highlights over the text: passages by kind, then hits, then the current one."""
        selections = []
        for record, evidence in self._shown_passages():
            fmt = QTextCharFormat()
            fmt.setBackground(KIND_COLOURS.get(record.KIND, QColor(128, 128, 128, 60)))
            if record.id == self._selected_record:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                strong = QColor(KIND_COLOURS[record.KIND])
                strong.setAlpha(SELECTED_ALPHA)
                fmt.setBackground(strong)
            anchor = evidence.anchor
            selections.append(self._selection(anchor.start, anchor.end, fmt))
        if HITS_KEY not in self._hidden_kinds:
            for hit in self._hits:
                fmt = QTextCharFormat()
                fmt.setBackground(HIT_COLOUR)
                fmt.setForeground(QColor("black"))
                selections.append(self._selection(hit.start, hit.end, fmt))
        for start, end in self._find_matches:
            fmt = QTextCharFormat()
            fmt.setBackground(FIND_COLOUR)
            selections.append(self._selection(start, end, fmt))
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
        self._show_find_count()
        rect = self.body.cursorRect(cursor)
        bar = self.body.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.body.viewport().height() // 2)

    def current_place(self) -> tuple[int, int] | None:
        return self._current

    def _step(self, spans: list[tuple[int, int]], forward: bool, noun: str = "Hit") -> bool:
        """Moves to the next (or previous) span after the current place, wrapping around.

        Reports where it went ("Hit 3 of 8"), and when it wrapped past the end or the start.
        """
        if not spans:
            if self.article is not None:
                self.step_reported.emit(f"No {noun.lower()}s in this article")
            return False
        step = 1 if forward else -1
        if self._current in spans:  # spans may share a start: step through the list itself
            at = spans.index(self._current)
            index = (at + step) % len(spans)
            wrapped = index != at + step
        else:
            here = self._current[0] if self._current is not None else -1
            starts = [s for s, _ in spans]
            if forward:
                after = bisect.bisect_right(starts, here)
                index, wrapped = after % len(spans), after == len(spans) and here >= 0
            else:
                at = bisect.bisect_left(starts, here) if self._current is not None else 0
                index, wrapped = (at - 1) % len(spans), at == 0
        self.scroll_to(*spans[index])
        message = f"{noun} {index + 1} of {len(spans)}"
        if wrapped and len(spans) > 1:
            message += ", wrapped to the " + ("first" if forward else "last")
        self.step_reported.emit(message)
        return True

    def next_hit(self) -> bool:
        """The next match of the find bar when it is open, else the next search hit (F3)."""
        if self._finding():
            return self._step(self._find_matches, forward=True, noun="Match")
        return self._step(self.hit_spans(), forward=True)

    def previous_hit(self) -> bool:
        if self._finding():
            return self._step(self._find_matches, forward=False, noun="Match")
        return self._step(self.hit_spans(), forward=False)

    def passage_spans(self) -> list[tuple[int, int]]:
        """The passages shown (of the kinds shown; in reading mode, the selected record's)."""
        return sorted({(e.anchor.start, e.anchor.end) for _, e in self._shown_passages()})

    def next_passage(self) -> bool:
        return self._step(self.passage_spans(), forward=True, noun="Passage")

    def previous_passage(self) -> bool:
        return self._step(self.passage_spans(), forward=False, noun="Passage")

    # -- finding in the article ------------------------------------------------------------

    def show_find_bar(self) -> None:
        """Opens the find bar (Ctrl+F) with its text selected, to type over."""
        self.find_bar.show()
        self.find_bar.edit.setFocus()
        self.find_bar.edit.selectAll()
        self._on_find_text_changed(self.find_bar.edit.text())

    def close_find_bar(self) -> None:
        self.find_bar.hide()
        self._find_matches = []
        self.find_bar.count.clear()
        self._paint()
        self.body.setFocus()

    def find_matches(self) -> list[tuple[int, int]]:
        return list(self._find_matches)

    def _finding(self) -> bool:
        return self.find_bar.isVisible() and bool(self.find_bar.edit.text().strip())

    def _matches_of(self, needle: str) -> list[tuple[int, int]]:
        if self.article is None or not self.find_bar.isVisible():
            return []
        return find_spans(self.article.text, needle)

    def _on_find_text_changed(self, text: str) -> None:
        """Finds as one types, from the top of the current place, like a browser."""
        self._find_matches = self._matches_of(text)
        if not text.strip():
            self.find_bar.count.clear()
        elif not self._find_matches:
            self.find_bar.count.setText("not found")
        if self._find_matches:
            here = self._current[0] if self._current is not None else 0
            starts = [s for s, _ in self._find_matches]
            index = bisect.bisect_left(starts, here) % len(starts)
            self._current = None
            self.scroll_to(*self._find_matches[index])
        else:
            self._paint()

    def _show_find_count(self) -> None:
        """Shows "3 of 8" when the current place is a match, else how many there are."""
        matches = self._find_matches
        if self._current in matches:
            at = matches.index(self._current) + 1
            self.find_bar.count.setText(f"{at} of {len(matches)}")
        elif matches:
            self.find_bar.count.setText(f"{len(matches)} match{'es' if len(matches) > 1 else ''}")

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
        if watched is self.find_bar.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous_hit()
                else:
                    self.next_hit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_find_bar()
                return True
        if watched is self.body.viewport():
            if event.type() == QEvent.Type.ToolTip:
                assert isinstance(event, QHelpEvent)
                records = self.records_at(self.offset_at(event.pos()))
                if records:
                    lines = [f"{kind_title(r.KIND)}: {self.title_of(r)}" for r in records]
                    lines.append("(Ctrl+click to show in the Facts)")
                    QToolTip.showText(event.globalPos(), "\n".join(lines), self.body)
                else:
                    QToolTip.hideText()
                return True
            if event.type() == QEvent.Type.MouseButtonRelease:
                assert isinstance(event, QMouseEvent)
                # Only Ctrl+click picks the record: a click places the cursor, a drag selects.
                if (
                    event.button() == Qt.MouseButton.LeftButton
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                    and not self.body.textCursor().hasSelection()
                ):
                    records = self.records_at(self.offset_at(event.position().toPoint()))
                    if records:
                        self.passage_clicked.emit([r.id for r in records])
        return super().eventFilter(watched, event)
