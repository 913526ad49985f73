"""Reading and navigating: clicks that do not move the facts, highlights one can turn down,
keys that reach the results, F3's count, find in the article."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.reader import FIND_COLOUR, HIT_COLOUR, HITS_KEY, KIND_COLOURS
from tests.gui.helpers import highlighted, search

ARTICLE = "numergy-repris-par-sfr"
CTRL = Qt.KeyboardModifier.ControlModifier


def point_at(window: MainWindow, offset: int) -> QPoint:
    """The middle of character ``offset`` in the reader's viewport."""
    cursor = window.reader.body.textCursor()
    cursor.setPosition(offset)
    point = window.reader.body.cursorRect(cursor).center() + QPoint(2, 0)
    assert window.reader.offset_at(point) in (offset, offset + 1)
    return point


def drahi(window: MainWindow) -> QPoint:
    window.open_article(ARTICLE)
    text = window.reader.article.text  # type: ignore[union-attr]
    return point_at(window, text.index("Patrick Drahi") + 3)


def deal_selected(window: MainWindow) -> None:
    assert window.fact_panel.select_record("sfr-takes-over-numergy")
    assert window.fact_panel.tabs.currentIndex() == 1


# -- item 9: only a deliberate gesture selects the record under the mouse ---------------------


def test_a_plain_click_in_the_reader_leaves_the_facts_alone(
    qtbot: QtBot, window: MainWindow
) -> None:
    point = drahi(window)
    deal_selected(window)
    with qtbot.assertNotEmitted(window.reader.passage_clicked, wait=50):
        QTest.mouseClick(window.reader.body.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.fact_panel.tabs.currentIndex() == 1
    assert window.fact_panel.current_record().id == "sfr-takes-over-numergy"  # type: ignore[union-attr]


def test_dragging_to_select_text_leaves_the_facts_alone(qtbot: QtBot, window: MainWindow) -> None:
    start = drahi(window)
    text = window.reader.article.text  # type: ignore[union-attr]
    end = point_at(window, text.index("Patrick Drahi") + 10)
    deal_selected(window)
    viewport = window.reader.body.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert window.reader.selection() is not None
    assert window.fact_panel.tabs.currentIndex() == 1


def test_ctrl_click_on_a_passage_selects_its_record(qtbot: QtBot, window: MainWindow) -> None:
    point = drahi(window)
    assert window.fact_panel.select_record("fluxus")
    viewport = window.reader.body.viewport()
    with qtbot.waitSignal(window.reader.passage_clicked, timeout=2_000) as blocker:
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, CTRL, point)
    assert "patrick-drahi" in blocker.args[0]
    record = window.fact_panel.current_record()
    assert record is not None
    assert record.id in blocker.args[0]
    assert "Patrick Drahi" in window.fact_panel.records_here.text()  # several here: all offered


def test_the_context_menu_offers_the_records_of_the_passage(window: MainWindow) -> None:
    point = drahi(window)
    deal_selected(window)
    menu = window.reader.context_menu(point)
    texts = [a.text() for a in menu.actions()]
    show = next(a for a in menu.actions() if a.text().startswith("Show Person"))
    assert "Patrick Drahi" in show.text()
    # A deal there is named by its parties, as in the undo menu, not by its id.
    assert any(t.startswith("Show Deal “SFR → Numergy (") for t in texts), texts
    assert texts.index(show.text()) < next(i for i, t in enumerate(texts) if "Copy" in t)
    show.trigger()
    assert window.fact_panel.current_record().id == "patrick-drahi"  # type: ignore[union-attr]
    menu.deleteLater()


# -- item 10: what belonged to the article before is not kept ---------------------------------


def test_records_here_is_cleared_when_another_article_opens(window: MainWindow) -> None:
    window.open_article(ARTICLE)
    panel = window.fact_panel
    assert panel.select_records(["sfr-takes-over-numergy", "numergy"])
    assert not panel.records_here.isHidden()
    window.open_article("plan-social-chez-fluxus")
    assert panel.records_here.isHidden()
    assert panel.records_here.text() == ""


def test_the_results_selection_follows_navigation(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "numergy")
    pane = window.search_pane
    ids = [pane.proxy.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(3)]

    def selected() -> list[str]:
        rows = pane.results.selectionModel().selectedRows()
        return [r.data(Qt.ItemDataRole.ToolTipRole) for r in rows]

    pane.results.clicked.emit(pane.proxy.index(0, 0))
    assert window.reader.article.id == ids[0]  # type: ignore[union-attr]
    window.open_article(ids[1])  # e.g. following a passage into another result
    assert selected() == [ids[1]]
    window.go_back()
    assert selected() == [ids[0]]
    window.open_article("plan-social-chez-fluxus")  # not among the results
    assert selected() == []


# -- item 11: the reader need not be tinted everywhere ----------------------------------------


def test_the_legend_toggles_the_highlights_of_a_kind(window: MainWindow) -> None:
    window.open_article(ARTICLE)
    deal = KIND_COLOURS["deal"]
    assert highlighted(window, deal)
    assert "<s>" not in window.reader.legend.text()
    window.reader.legend.linkActivated.emit("deal")  # a click on "Deal" in the legend
    assert highlighted(window, deal) == []
    assert highlighted(window, KIND_COLOURS["company"])
    assert "<s>Deal</s>" in window.reader.legend.text()
    window.reader.legend.linkActivated.emit("deal")
    assert highlighted(window, deal)


def test_the_legend_toggles_the_search_hits(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "numergy")
    window.search_pane.results.activated.emit(window.search_pane.proxy.index(0, 0))
    assert highlighted(window, HIT_COLOUR)
    window.reader.legend.linkActivated.emit(HITS_KEY)
    assert highlighted(window, HIT_COLOUR) == []


def test_reading_mode_shows_only_hits_and_the_selected_records_passages(
    qtbot: QtBot, window: MainWindow
) -> None:
    search(qtbot, window, "numergy")
    pane = window.search_pane
    row = next(
        r for r in range(pane.proxy.rowCount())
        if pane.proxy.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) == ARTICLE
    )  # fmt: skip
    pane.results.activated.emit(pane.proxy.index(row, 0))
    hits = highlighted(window, HIT_COLOUR)
    assert window.fact_panel.select_record("patrick-drahi")
    assert len(window.reader.body.extraSelections()) > len(hits) + 5
    QTest.keyClick(window, Qt.Key.Key_H, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.reader.reading_mode()
    shown = {
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in window.reader.body.extraSelections()
    }
    drahi = window.library.store["patrick-drahi"]
    passages = {
        (e.anchor.start, e.anchor.end) for e in drahi.evidence if e.anchor.article == ARTICLE
    }
    assert passages
    assert shown == set(hits) | passages
    window.reader.reading_mode_action.trigger()
    assert len(window.reader.body.extraSelections()) > len(shown)


# -- item 12: keys ----------------------------------------------------------------------------


def test_down_in_the_search_box_reaches_the_results(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    search(qtbot, window, "numergy")
    pane = window.search_pane
    pane.query_edit.setFocus()
    QTest.keyClick(pane.query_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is pane.results
    assert pane.results.currentIndex().row() == 0
    QTest.keyClick(pane.results, Qt.Key.Key_Down)
    assert pane.results.currentIndex().row() == 1
    QTest.keyClick(pane.results, Qt.Key.Key_Up)
    QTest.keyClick(pane.results, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is pane.query_edit


def test_enter_on_listed_results_opens_the_first(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    search(qtbot, window, "numergy")  # typed, then Enter: searches at once
    pane = window.search_pane
    assert window.reader.article is None
    QTest.keyClick(pane.query_edit, Qt.Key.Key_Return)  # Enter again: to the results
    first = pane.proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert window.reader.article is not None
    assert window.reader.article.id == first
    assert QApplication.focusWidget() is pane.results


def test_f3_says_which_hit_and_when_it_wrapped(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "Lovera")
    window.search_pane.results.activated.emit(window.search_pane.proxy.index(0, 0))
    count = len(window.reader.hit_spans())
    assert count >= 2
    status = window.statusBar()
    assert status.currentMessage() == f"Hit 1 of {count}"
    QTest.keyClick(window, Qt.Key.Key_F3)
    assert status.currentMessage() == f"Hit 2 of {count}"
    for _ in range(count - 1):
        QTest.keyClick(window, Qt.Key.Key_F3)
    assert status.currentMessage() == f"Hit 1 of {count}, wrapped to the first"
    QTest.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert status.currentMessage() == f"Hit {count} of {count}, wrapped to the last"


def test_ctrl_f_finds_in_the_article_and_ctrl_k_searches_the_archive(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    window.open_article(ARTICLE)
    reader = window.reader
    assert reader.find_bar.isHidden()
    QTest.keyClick(window, Qt.Key.Key_F, CTRL)
    assert reader.find_bar.isVisible()
    assert QApplication.focusWidget() is reader.find_bar.edit
    qtbot.keyClicks(reader.find_bar.edit, "numergy")
    text = reader.article.text  # type: ignore[union-attr]
    expected = text.lower().count("numergy")
    assert expected >= 3
    assert len(highlighted(window, FIND_COLOUR)) == expected
    assert reader.find_bar.count.text() == f"1 of {expected}"
    QTest.keyClick(reader.find_bar.edit, Qt.Key.Key_Return)
    assert reader.find_bar.count.text() == f"2 of {expected}"
    start, end = reader.current_place()  # type: ignore[misc]
    assert text[start:end].lower() == "numergy"
    QTest.keyClick(window, Qt.Key.Key_F3)
    assert window.statusBar().currentMessage() == f"Match 3 of {expected}"
    QTest.keyClick(reader.find_bar.edit, Qt.Key.Key_Escape)
    assert reader.find_bar.isHidden()
    assert highlighted(window, FIND_COLOUR) == []
    QTest.keyClick(window, Qt.Key.Key_K, CTRL)
    assert QApplication.focusWidget() is window.search_pane.query_edit


def test_find_ignores_case_and_accents(window: MainWindow) -> None:
    from archive_gui.ui.reader import find_spans

    assert find_spans("L'État et l'etat, ÉTAT.", "etat") == [(2, 6), (12, 16), (18, 22)]
    assert find_spans("Thalès", "thales") == [(0, 6)]
    assert find_spans("abc", "  ") == []
