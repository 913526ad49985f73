"""The window as a person uses it: search, read, follow passages, come back."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from archive_gui.core.facts.editing import edit_field
from archive_gui.core.facts.records import Deal
from archive_gui.core.kinds import FACT_KINDS
from archive_gui.core.text import fold
from archive_gui.ui.library_list import ARTICLE_ID_ROLE
from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.reader import HIT_COLOUR
from archive_gui.ui.search_pane import HIT_ROLE, snippets_html
from archive_gui.ui.workers import RESULT_LIMIT, WorkerThread
from tests.conftest import article_file
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import highlighted, search


def test_typing_a_query_shows_ranked_results(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "cloud souverain")
    pane = window.search_pane
    assert pane.status.text() == "3 results"
    titles = [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())]
    assert "SFR rachète la totalité de Numergy" in titles


def test_a_count_beyond_the_listed_results_says_so(
    qtbot: QtBot, archive: Path, make_window: WindowFactory
) -> None:
    for i in range(RESULT_LIMIT + 5):
        article_id = f"extra-{i:03d}"
        (archive / "articles" / f"{article_id}.md").write_text(
            article_file(article_id, f"Un hébergeur de plus, le numéro {i}."), "utf-8"
        )
    window = make_window()
    search(qtbot, window, "hebergeur")
    total = window.library.search("hebergeur").total
    assert total > RESULT_LIMIT + 5
    assert window.search_pane.status.text() == f"best {RESULT_LIMIT} of {total} results"


def test_search_as_you_type_waits_for_a_pause(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.search_pane
    with qtbot.waitSignal(pane.search_requested, timeout=5_000) as blocker:
        qtbot.keyClicks(pane.query_edit, "fluxus")
    assert blocker.args == ["fluxus"]
    qtbot.waitUntil(lambda: pane.status.text() == "2 results", timeout=10_000)
    with qtbot.assertNotEmitted(pane.search_requested, wait=100):
        pass


def test_a_bad_query_is_a_message_not_a_crash(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, '"salle blanche')
    assert "unbalanced quotes" in window.search_pane.status.text()
    assert window.search_pane.model.rowCount() == 0


def test_facets_narrow_the_results(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "cloud")
    pane = window.search_pane
    box = pane.facets["publication"]
    box.setCurrentText("Clubic")
    assert pane.proxy.rowCount() == 1
    assert pane.status.text() == "3 results, 1 shown"
    box.setCurrentIndex(0)
    assert box.currentText() == "All publications"
    company = pane.facets["company"]
    assert company.findText("Orange") > 0
    assert company.findText("Fluxus") == -1  # only the companies of these results are offered
    company.setCurrentText("Atos")
    assert 0 < pane.proxy.rowCount() < 3


def test_opening_a_result_highlights_its_hits_at_the_right_characters(
    qtbot: QtBot, window: MainWindow
) -> None:
    search(qtbot, window, "Lovera")
    pane = window.search_pane
    first = pane.proxy.index(0, 0)
    pane.results.activated.emit(first)
    article = window.reader.article
    assert article is not None
    spans = highlighted(window, HIT_COLOUR)
    assert spans
    assert {article.text[s:e] for s, e in spans} == {"Lovera"}
    assert len(spans) == article.text.count("Lovera")


def test_hits_navigation_with_f3(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "Lovera")
    window.search_pane.results.activated.emit(window.search_pane.proxy.index(0, 0))
    reader = window.reader
    first = reader.current_place()
    QTest.keyClick(window, Qt.Key.Key_F3)
    second = reader.current_place()
    assert first is not None
    assert second is not None
    assert second[0] > first[0]
    QTest.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert reader.current_place() == first


def test_passages_are_highlighted_by_kind_with_a_legend(window: MainWindow) -> None:
    window.open_article("numergy-repris-par-sfr")
    selections = window.reader.body.extraSelections()
    colours = {s.format.background().color().name() for s in selections}
    assert len(selections) == len(window.library.store.passages_in("numergy-repris-par-sfr"))
    assert len(colours) >= 4


def test_ctrl_clicking_a_passage_selects_its_record(qtbot: QtBot, window: MainWindow) -> None:
    window.open_article("numergy-repris-par-sfr")
    text = window.reader.article.text  # type: ignore[union-attr]
    offset = text.index("Patrick Drahi") + 3
    cursor = window.reader.body.textCursor()
    cursor.setPosition(offset)
    window.reader.body.setTextCursor(cursor)
    point = window.reader.body.cursorRect(cursor).center()
    point.setX(point.x() + 2)
    assert window.reader.offset_at(point) in (offset, offset + 1)
    with qtbot.waitSignal(window.reader.passage_clicked) as blocker:
        QTest.mouseClick(
            window.reader.body.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            point,
        )
    assert "patrick-drahi" in blocker.args[0]
    record = window.fact_panel.current_record()
    assert record is not None
    assert record.id in blocker.args[0]


def test_selecting_a_record_marks_its_passages(window: MainWindow) -> None:
    window.open_article("numergy-repris-par-sfr")
    assert window.fact_panel.select_record("sfr-takes-over-numergy")
    underlined = [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in window.reader.body.extraSelections()
        if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    ]
    deal = window.library.store["sfr-takes-over-numergy"]
    expected = {
        (e.anchor.start, e.anchor.end)
        for e in deal.evidence
        if e.anchor.article == "numergy-repris-par-sfr"
    }
    assert set(underlined) == expected


def test_following_a_passage_into_another_article_and_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.open_article("numergy-repris-par-sfr")
    deal = window.library.store["sfr-takes-over-numergy"]
    assert isinstance(deal, Deal)
    other = next(e.anchor for e in deal.evidence if e.anchor.article == "sfr-rachete-numergy")
    window.fact_panel.passage_activated.emit(other.article, other.start, other.end)
    assert window.reader.article is not None
    assert window.reader.article.id == "sfr-rachete-numergy"
    assert window.reader.current_place() == (other.start, other.end)
    QTest.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.reader.article.id == "numergy-repris-par-sfr"
    QTest.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.reader.article.id == "sfr-rachete-numergy"
    assert window.reader.current_place() == (other.start, other.end)


def test_the_library_lists_every_article_sortably(window: MainWindow) -> None:
    table = window.library_list.table
    model = table.model()
    assert model.rowCount() == 5
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 1).data() == "2015-12-03"
    window.library_list.table.activated.emit(model.index(4, 0))
    assert window.reader.article is not None
    assert window.reader.article.id == "fluxus-passe-sous-drapeau-anglais"


def test_the_library_sorts_by_each_column_and_keeps_the_selection(window: MainWindow) -> None:
    table = window.library_list.table
    model = table.model()

    def column(c: int) -> list[str]:
        return [str(model.index(r, c).data()) for r in range(model.rowCount())]

    table.selectRow(2)
    chosen = model.index(2, 0).data(ARTICLE_ID_ROLE)
    for c, key in ((0, fold), (1, str), (2, fold)):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            table.sortByColumn(c, order)
            descending = order == Qt.SortOrder.DescendingOrder
            assert column(c) == sorted(column(c), key=key, reverse=descending)
            rows = table.selectionModel().selectedRows()
            assert [i.data(ARTICLE_ID_ROLE) for i in rows] == [chosen]
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    window.library_list.set_articles(list(window.library.articles.values())[::-1])
    assert column(1) == sorted(column(1))  # new articles come in the order asked for


def test_keyboard_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.left_tabs.setCurrentWidget(window.library_list)
    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.left_tabs.currentWidget() is window.search_pane
    assert QApplication.focusWidget() is window.search_pane.query_edit
    window.reader.body.setFocus()
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_pane.query_edit
    qtbot.keyClicks(window.search_pane.query_edit, "orange")
    QTest.keyClick(window.search_pane.query_edit, Qt.Key.Key_Escape)
    assert window.search_pane.query_edit.text() == ""
    for number in range(1, 6):
        QTest.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.fact_panel.tabs.currentIndex() == number - 1


def test_menus_show_the_shortcuts(window: MainWindow) -> None:
    shown = {
        action.text().replace("&", ""): action.shortcut().toString()
        for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
        for action in menu.actions()
    }
    assert shown["Search the Archive"] == "Ctrl+K"
    assert shown["Find in Article"] == "Ctrl+F"
    assert shown["Reading Mode"] == "Ctrl+Shift+H"
    assert shown["Back"] == "Alt+Left"
    assert shown["Next Hit"] == "F3"
    assert shown["Clear Search"] == "Esc"
    assert shown["Deals"] == "Ctrl+2"


def test_settings_are_restored_at_the_next_start(
    qtbot: QtBot, make_window: WindowFactory, settings_path: Path
) -> None:
    first = make_window()
    first.resize(701, 502)  # within the offscreen platform's 800x600 screen
    first.splitter.setSizes([300, 500, 300])
    sizes = first.splitter.sizes()
    search(qtbot, first, "numergy")
    first.close()
    assert (
        QSettings(str(settings_path), QSettings.Format.IniFormat).value("search/last_query")
        == "numergy"
    )
    second = make_window()
    assert (second.width(), second.height()) == (701, 502)
    assert second.splitter.sizes() == sizes
    assert second.search_pane.query_edit.text() == "numergy"
    qtbot.waitUntil(lambda: second.search_pane.status.text() == "3 results", timeout=10_000)


def test_article_text_is_shown_as_text_never_as_html(
    qtbot: QtBot, make_window: WindowFactory, archive: Path
) -> None:
    (archive / "articles" / "html.md").write_text(
        "---\nid: html\ntitle: <i>Titre</i> & <script>x()</script>\npublished: 2020-01-01\n"
        "language: fr\n---\nDu <b>gras</b> et <script>alert('x')</script> &amp; rien.\n",
        "utf-8",
    )
    window = make_window()
    window.open_article("html")
    assert (
        window.reader.body.toPlainText()
        == "Du <b>gras</b> et <script>alert('x')</script> &amp; rien.\n"
    )
    assert "&lt;script&gt;" in window.reader.header.text()
    search(qtbot, window, "gras")
    hit = window.search_pane.proxy.index(0, 0).data(HIT_ROLE)
    assert "&lt;b&gt;" in snippets_html(hit)  # the snippets' rich text escapes the article's
    assert hit.title == "<i>Titre</i> & <script>x()</script>"  # painted as plain text


def test_a_folder_that_is_not_an_archive(window: MainWindow, tmp_path: Path) -> None:
    before = window.library
    assert not window.open_archive(tmp_path / "nothing-here")
    assert window.error_box is not None
    assert "no such folder" in window.error_box.text()
    (tmp_path / "plain").mkdir()
    assert not window.open_archive(tmp_path / "plain")
    assert "not an archive" in window.error_box.text()
    assert window.library is before
    window.open_article("plan-social-chez-fluxus")
    assert window.reader.article is not None


def test_opening_another_archive(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "articles").mkdir(parents=True)
    (other / "articles" / "seul.md").write_text(
        "---\nid: seul\ntitle: Un seul\npublished: 2020-01-01\nlanguage: fr\n---\nIkoula.\n",
        "utf-8",
    )
    assert window.open_archive(other)
    qtbot.waitUntil(lambda: "indexed" in window.index_status.text(), timeout=10_000)
    assert window.library_list.table.model().rowCount() == 1
    search(qtbot, window, "ikoula")
    assert window.search_pane.status.text() == "1 result"


def test_searching_runs_off_the_gui_thread_and_stale_searches_never_run(
    qtbot: QtBot, window: MainWindow
) -> None:
    worker = window.worker
    assert worker is not None
    assert worker.worker.thread() is not QApplication.instance().thread()  # type: ignore[union-attr]
    # Hold the worker busy, as a long search would, while three searches are typed.
    gate = threading.Event()
    QTimer.singleShot(0, worker.worker, lambda: gate.wait(10))
    answered: list[int] = []
    worker.worker.results_ready.connect(lambda request, _results: answered.append(request))
    requests = [worker.search(query) for query in ("fluxus", "cloudwatt", "numergy")]
    gate.set()
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    qtbot.wait(200)  # time for any stale search that did run to answer too
    assert answered == [requests[-1]]  # the worker skipped the two it had not started


def test_results_older_than_the_last_search_asked_are_not_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.worker is not None
    search(qtbot, window, "fluxus")
    shown = window.search_pane.model.rowCount()
    stale = window._pending_search - 1
    window.worker.worker.results_ready.emit(stale, None)
    assert window.search_pane.model.rowCount() == shown


def test_opening_another_archive_leaves_no_thread_of_the_first(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    old = window.worker
    assert old is not None
    old_thread = old.worker.thread()
    other = tmp_path / "other"
    (other / "articles").mkdir(parents=True)
    assert window.open_archive(other)
    qtbot.waitUntil(lambda: "indexed" in window.index_status.text(), timeout=10_000)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(old_thread)
    assert not shiboken6.isValid(old)
    assert len(window.findChildren(WorkerThread)) == 1


def test_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, window: MainWindow
) -> None:
    search(qtbot, window, "cloud")
    for model in (window.search_pane.model, window.search_pane.proxy, window.library_list.model):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


@pytest.mark.parametrize("record_id", ["sfr-takes-over-numergy", "fluxus"])
def test_select_record_from_the_reader_side(window: MainWindow, record_id: str) -> None:
    assert window.fact_panel.select_record(record_id)
    record = window.fact_panel.current_record()
    assert record is not None
    assert record.id == record_id


def test_hovering_a_passage_names_its_records(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    window.open_article("numergy-repris-par-sfr")
    body = window.reader.body
    offset = window.reader.article.text.index("Patrick Drahi") + 3  # type: ignore[union-attr]
    cursor = body.textCursor()
    cursor.setPosition(offset)
    point = body.cursorRect(cursor).center() + QPoint(2, 0)
    event = QHelpEvent(QEvent.Type.ToolTip, point, body.viewport().mapToGlobal(point))
    QApplication.sendEvent(body.viewport(), event)
    qtbot.waitUntil(lambda: "Person: Patrick Drahi" in QToolTip.text(), timeout=3_000)


def test_next_and_previous_passage_with_f4(window: MainWindow) -> None:
    window.open_article("plan-social-chez-fluxus")
    spans = window.reader.passage_spans()
    QTest.keyClick(window, Qt.Key.Key_F4)
    assert window.reader.current_place() == spans[0]
    QTest.keyClick(window, Qt.Key.Key_F4)
    assert window.reader.current_place() == spans[1]
    QTest.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    assert window.reader.current_place() == spans[0]


def test_the_window_follows_a_dark_palette(qtbot: QtBot, make_window: WindowFactory) -> None:
    from PySide6.QtGui import QPalette

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    dark = QPalette(original)
    roles = QPalette.ColorRole
    colours = {roles.Window: "#202124", roles.Base: "#17181a", roles.Text: "#e8eaed",
               roles.WindowText: "#e8eaed"}  # fmt: skip
    for role, colour in colours.items():
        dark.setColor(role, QColor(colour))
    app.setPalette(dark)
    try:
        window = make_window()
        window.open_article("plan-social-chez-fluxus")
        body = window.reader.body
        assert body.palette().color(QPalette.ColorRole.Base).name() == "#17181a"
        assert body.palette().color(QPalette.ColorRole.Text).name() == "#e8eaed"
        image = body.viewport().grab().toImage()
        corner = image.pixelColor(image.width() - 3, image.height() - 3)
        assert corner.lightness() < 60  # the page itself is dark, not a hard-coded white
    finally:
        app.setPalette(original)


def test_an_edit_resets_no_view_and_keeps_the_selection(window: MainWindow) -> None:
    panel = window.fact_panel
    assert panel.select_record("sfr-takes-over-numergy")
    resets: list[str] = []
    models = [panel.model(kind) for kind in FACT_KINDS] + [window.review_queue.model]
    for model in models:
        model.modelReset.connect(lambda m=model: resets.append(type(m).__name__))
    assert window.editor is not None
    edit = edit_field(window.library.store, "sfr", "name", "SFR Group")
    assert window.editor.apply([edit], "Rename SFR")
    deals = panel.model("deal")
    row = deals.row_of("sfr-takes-over-numergy")
    assert row is not None
    assert "SFR Group" in [deals.index(row, c).data() for c in range(deals.columnCount())]
    current = panel.current_record()
    assert current is not None
    assert current.id == "sfr-takes-over-numergy"
    window.undo_action.trigger()
    assert "SFR Group" not in [deals.index(row, c).data() for c in range(deals.columnCount())]
    assert resets == []
