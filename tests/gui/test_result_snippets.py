"""The results of a search are listed at once, and snippets are made for the rows on screen
only, as they come into view; an opened result shows its hits whether its row was painted or
not, and the snippets of an older search never land in the rows of a newer one."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from archive_gui.core.library import Library
from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.reader import HIT_COLOUR
from archive_gui.ui.search_pane import HIGHLIGHTED_ROLE, HIT_ROLE, SNIPPET_MARGIN_ROWS
from archive_gui.ui.workers import RESULT_LIMIT, FoundHighlights
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import highlighted, search, write_hosting_articles

# Typed without its accent (qtbot.keyClicks aborts on "é"); the articles print "hébergeur".
QUERY = "hebergeur"
PRINTED = "hébergeur"


@pytest.fixture
def crowded(archive: Path, make_window: WindowFactory) -> MainWindow:
    """A window on the bundled archive and many short articles that a search for QUERY lists
    by the hundred: far more rows than fit on screen."""
    write_hosting_articles(archive, RESULT_LIMIT + 30)
    window = make_window()
    window.resize(1000, 700)
    return window


def snippets_in(window: MainWindow) -> set[int]:
    """The rows (as listed) whose snippets are in."""
    proxy = window.search_pane.proxy
    return {r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(HIGHLIGHTED_ROLE)}


def on_screen(window: MainWindow) -> list[int]:
    return list(window.search_pane.on_screen.rows(margin=0))


def listed_id(window: MainWindow, row: int) -> str:
    return str(window.search_pane.proxy.index(row, 0).data(HIT_ROLE).id)


def engine_hits(window: MainWindow, article_id: str) -> list[tuple[int, int]]:
    """The body hits of QUERY in an article, as the highlighted search gives them."""
    found = window.library.index.search(QUERY, RESULT_LIMIT, highlight=True)
    hit = next(h for h in found.hits if h.id == article_id)
    return [(s.start, s.end) for s in hit.hits if s.field == "body"]


def test_only_the_rows_on_screen_get_snippets(qtbot: QtBot, crowded: MainWindow) -> None:
    search(qtbot, crowded, QUERY)
    pane = crowded.search_pane
    assert pane.proxy.rowCount() == RESULT_LIMIT
    shown = on_screen(crowded)
    assert shown[0] == 0
    assert 3 <= len(shown) < 20
    # The rows on screen have their snippets, the query's words emphasised, and so have a
    # few rows below them; none of the others' were made.
    made = snippets_in(crowded)
    assert set(shown) <= made <= set(range(shown[-1] + SNIPPET_MARGIN_ROWS + 1))
    last_shown = pane.proxy.index(shown[-1], 0).data(HIT_ROLE)
    assert any(h.text.casefold().startswith(PRINTED) for h in last_shown.snippets[0].hits)
    assert not pane.proxy.index(RESULT_LIMIT - 1, 0).data(HIT_ROLE).snippets


def test_scrolling_brings_the_snippets_of_the_rows_that_come_into_view(
    qtbot: QtBot, crowded: MainWindow
) -> None:
    search(qtbot, crowded, QUERY)
    pane = crowded.search_pane
    asked: list[list[str]] = []
    pane.highlights_wanted.connect(asked.append)
    bar = pane.results.verticalScrollBar()
    for step in range(1, 9):  # a burst of scrolling down to the bottom
        bar.setValue(bar.maximum() * step // 8)
        QApplication.processEvents()
    qtbot.waitUntil(lambda: not pane.rows_awaiting_snippets(), timeout=10_000)
    shown = on_screen(crowded)
    assert shown[-1] == RESULT_LIMIT - 1
    assert set(shown) <= snippets_in(crowded)
    assert pane.proxy.index(RESULT_LIMIT - 1, 0).data(HIT_ROLE).snippets
    # Asked once, for where the scrolling stopped, not for the rows it went past.
    assert len(asked) == 1
    assert set(asked[0]) == {listed_id(crowded, r) for r in pane.on_screen.rows()}
    assert not pane.proxy.index(RESULT_LIMIT // 2, 0).data(HIGHLIGHTED_ROLE)


def test_a_reordered_or_narrowed_list_gets_the_snippets_of_its_rows(
    qtbot: QtBot, crowded: MainWindow
) -> None:
    search(qtbot, crowded, QUERY)
    pane = crowded.search_pane
    before = {listed_id(crowded, r) for r in snippets_in(crowded)}
    pane.order_box.setCurrentText("Newest first")
    qtbot.waitUntil(lambda: not pane.rows_awaiting_snippets(), timeout=10_000)
    dates = [pane.proxy.index(r, 0).data(HIT_ROLE).published for r in range(RESULT_LIMIT)]
    assert dates[0] == max(dates)
    assert set(on_screen(crowded)) <= snippets_in(crowded)
    assert {listed_id(crowded, r) for r in on_screen(crowded)} - before  # new rows came in
    pane.facets["year"].setCurrentText("2009")
    qtbot.waitUntil(lambda: not pane.rows_awaiting_snippets(), timeout=10_000)
    assert pane.proxy.index(0, 0).data(HIT_ROLE).published.year == 2009
    assert set(on_screen(crowded)) <= snippets_in(crowded)


def test_opening_a_result_shows_its_hits_at_the_first(qtbot: QtBot, crowded: MainWindow) -> None:
    search(qtbot, crowded, QUERY)
    pane = crowded.search_pane
    pane.results.activated.emit(pane.proxy.index(1, 0))
    article = crowded.reader.article
    assert article is not None
    assert article.id == listed_id(crowded, 1)
    spans = highlighted(crowded, HIT_COLOUR)
    assert spans == engine_hits(crowded, article.id)
    assert {article.text[s:e].casefold() for s, e in spans} <= {"hébergeur", "hébergeurs"}
    assert crowded.reader.current_place() == spans[0]


def test_an_article_whose_row_was_never_painted_opens_with_its_hits(
    qtbot: QtBot, crowded: MainWindow
) -> None:
    search(qtbot, crowded, QUERY)
    pane = crowded.search_pane
    article_id = listed_id(crowded, RESULT_LIMIT - 1)
    assert not pane.proxy.index(RESULT_LIMIT - 1, 0).data(HIGHLIGHTED_ROLE)
    crowded.left_tabs.setCurrentWidget(crowded.library_list)
    crowded.open_article(article_id)  # from the library list, say, or the history
    qtbot.waitUntil(lambda: bool(highlighted(crowded, HIT_COLOUR)), timeout=10_000)
    article = crowded.reader.article
    assert article is not None
    assert article.id == article_id
    spans = highlighted(crowded, HIT_COLOUR)
    assert spans == engine_hits(crowded, article_id)
    assert len(spans) == 2
    assert crowded.reader.current_place() == spans[0]  # at the first hit, once it came
    QTest.keyClick(crowded, Qt.Key.Key_F3)
    assert crowded.reader.current_place() == spans[1]
    # Its row has the snippets made with the hits.
    assert pane.proxy.index(RESULT_LIMIT - 1, 0).data(HIT_ROLE).snippets


def test_the_snippets_of_an_older_search_are_not_shown(qtbot: QtBot, crowded: MainWindow) -> None:
    search(qtbot, crowded, "clients")
    older = crowded._shown_search
    search(qtbot, crowded, "directeur")
    pane = crowded.search_pane
    row = on_screen(crowded)[-1] + SNIPPET_MARGIN_ROWS + 2  # a row whose snippets are not in
    article_id = listed_id(crowded, row)
    assert not pane.proxy.index(row, 0).data(HIGHLIGHTED_ROLE)
    # The older search's answer, for an article both searches list, arriving late.
    stale = FoundHighlights(crowded.library.index.highlights("clients", [article_id]), ())
    assert stale.highlights[article_id].snippets
    assert crowded.worker is not None
    crowded.worker.worker.highlights_ready.emit(older, stale)
    assert not pane.proxy.index(row, 0).data(HIGHLIGHTED_ROLE)
    assert not pane.proxy.index(row, 0).data(HIT_ROLE).snippets
    # Given as this search's, the same answer is shown: the row above would have shown it.
    crowded.worker.worker.highlights_ready.emit(crowded._shown_search, stale)
    assert pane.proxy.index(row, 0).data(HIT_ROLE).snippets


def test_rows_keep_their_height_when_snippets_come_in(qtbot: QtBot, crowded: MainWindow) -> None:
    search(qtbot, crowded, QUERY)
    view = crowded.search_pane.results
    model = view.model()
    with_snippets, without = model.index(0, 0), model.index(RESULT_LIMIT - 1, 0)
    assert with_snippets.data(HIGHLIGHTED_ROLE)
    assert not without.data(HIGHLIGHTED_ROLE)
    assert view.visualRect(with_snippets).height() == view.visualRect(without).height()
    assert view.visualRect(with_snippets).height() >= 5 * view.fontMetrics().height()


def test_a_window_with_results_on_screen_is_deleted_cleanly(
    qtbot: QtBot, archive: Path, settings_path: Path
) -> None:
    """Deleting the window (a second window closed, or the app quitting) delivers events to
    the list's watcher while the list is half destroyed: it must not touch the list then
    (it did, and the process died)."""
    write_hosting_articles(archive, 40)
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    window = MainWindow(Library.open(archive), settings)
    window.show()
    qtbot.waitUntil(lambda: "indexed" in window.index_status.text(), timeout=30_000)
    search(qtbot, window, QUERY)
    view = window.search_pane.results
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(view)
