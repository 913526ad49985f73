"""Where the reader was at close, back at the next start: the article and the place in it, the
fact tab and its selected records, and the search's facets (the query itself is the window's)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QSettings, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextEdit

from archive_gui.core.kinds import FACT_KINDS
from archive_gui.ui.fact_panel import FactPanel
from archive_gui.ui.reader import ReaderView
from archive_gui.ui.search_pane import SearchPane

ARCHIVE_KEY = "reading/archive"
ARTICLE_KEY = "reading/article"
TOP_KEY = "reading/top"
TAB_KEY = "facts/tab"
SELECTED_KEY = "facts/selected"
FACETS_KEY = "search/facets"


def top_offset(body: QTextEdit) -> int:
    """The character at the top left of the text's view: where the reader is."""
    return body.cursorForPosition(QPoint(0, 0)).position()


def scroll_to_top_offset(body: QTextEdit, offset: int) -> None:
    """Scrolls the text so that the line of character ``offset`` is the first one shown."""
    bar = body.verticalScrollBar()
    if offset <= 0:
        bar.setValue(0)
        return
    cursor = QTextCursor(body.document())
    cursor.setPosition(min(offset, body.document().characterCount() - 1))
    bar.setValue(bar.value() + body.cursorRect(cursor).top())


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def _int(value: object, default: int = 0) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


class ReadingState(QObject):
    """Saves the reading state to the settings at close and puts it back at start.

    The restored query's results arrive later, from the worker, and show the article again with
    its hits: the place in it and the facets are put back once more when they have come.
    """

    def __init__(
        self,
        settings: QSettings,
        reader: ReaderView,
        fact_panel: FactPanel,
        search_pane: SearchPane,
        open_article: Callable[[str], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._reader = reader
        self._fact_panel = fact_panel
        self._search_pane = search_pane
        self._open_article = open_article
        self._article: str | None = None
        self._top = 0
        self._facets: dict[str, list[str]] = {}

    def save(self, archive: Path) -> None:
        settings = self._settings
        article = self._reader.article
        settings.setValue(ARCHIVE_KEY, str(archive))
        settings.setValue(ARTICLE_KEY, article.id if article is not None else "")
        settings.setValue(TOP_KEY, top_offset(self._reader.body) if article is not None else 0)
        settings.setValue(TAB_KEY, self._fact_panel.tabs.currentIndex())
        selected = [self._fact_panel.tab(kind).selected_id() for kind in FACT_KINDS]
        settings.setValue(SELECTED_KEY, [s for s in selected if s])
        facets = self._search_pane.facet_choice()
        settings.setValue(
            FACETS_KEY, [f"{name}={value}" for name, values in facets.items() for value in values]
        )

    def restore(self, archive: Path) -> None:
        """Puts back the fact tab and records, and, in the same archive, the article.

        Call it after the query was restored, so that its results put back the facets.
        """
        settings = self._settings
        for record_id in _strings(settings.value(SELECTED_KEY, [], list)):
            self._fact_panel.select_record(record_id)
        self._fact_panel.show_tab(_int(settings.value(TAB_KEY, 0)))
        facets = _strings(settings.value(FACETS_KEY, [], list))
        self._facets = {}
        for name, _, value in (f.partition("=") for f in facets if "=" in f):
            self._facets.setdefault(name, []).append(value)
        if settings.value(ARCHIVE_KEY, "") == str(archive):
            self._article = str(settings.value(ARTICLE_KEY, "") or "") or None
            self._top = _int(settings.value(TOP_KEY, 0))
        if self._article is not None and self._open_article(self._article):
            scroll_to_top_offset(self._reader.body, self._top)
        else:
            self._article = None
        if self._search_pane.query_edit.text().strip():
            self._search_pane.model.modelReset.connect(self._on_first_results)

    def _on_first_results(self) -> None:
        self._search_pane.model.modelReset.disconnect(self._on_first_results)
        # The window shows the results, and the article again, after the model is reset.
        QTimer.singleShot(0, self, self._after_first_results)

    def _after_first_results(self) -> None:
        if self._facets:
            self._search_pane.choose_facets(self._facets)
        article = self._reader.article
        if self._article is not None and article is not None and article.id == self._article:
            scroll_to_top_offset(self._reader.body, self._top)
        self._facets, self._article = {}, None
