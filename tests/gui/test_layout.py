"""The window's layout and looks at a small size, in light and dark palettes: nothing a user
needs is cut, scrolled away or unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from archive_gui.ui.fact_models import SORT_ROLE
from archive_gui.ui.fact_panel import MAX_COLUMN_WIDTH, TABS, shared_widths
from archive_gui.ui.library_list import TITLE_LINES
from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.review_queue import CandidateDelegate
from archive_gui.ui.search_pane import HIT_ROLE, ResultDelegate, snippets_html
from archive_gui.ui.theme import dark_palette
from tests.conftest import PROJECT
from tests.gui.conftest import WindowFactory, contrast
from tests.gui.helpers import ScriptedDialogs, search

SMALL = (1024, 700)


def at_small_size(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() == SMALL[0], timeout=2_000)
    QApplication.processEvents()


def text_fits(box: QComboBox, text: str) -> bool:
    """Whether ``text`` fits whole in the part of the closed combo box that shows it."""
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    field = box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox,
        option,
        QStyle.SubControl.SC_ComboBoxEditField,
        box,
    )
    return box.fontMetrics().horizontalAdvance(text) <= field.width()


# -- item 15: the fact pane and the facets at 1024×700 --------------------------------------


def test_every_fact_kind_shows_whole_with_its_count_at_1024x700(
    qtbot: QtBot, window: MainWindow
) -> None:
    at_small_size(qtbot, window)
    panel = window.fact_panel
    strip = panel.kind_strip.rect()
    for index, (kind, title) in enumerate(TABS):
        button = panel.kind_buttons[kind]
        count = panel.model(kind).rowCount()
        assert button.isVisible()
        assert button.text() == f"{title} ({count})"
        geometry = button.geometry()
        assert strip.contains(geometry), (kind, geometry, strip)
        assert geometry.width() >= button.sizeHint().width(), kind
        # The buttons are the tabs: clicking one shows its kind, Ctrl+N checks its button.
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert panel.tabs.currentIndex() == index
    panel.show_tab(1)
    assert panel.kind_buttons["deal"].isChecked()
    assert not panel.kind_buttons["event"].isChecked()


def test_fact_columns_are_not_wider_than_a_narrow_pane_needs(
    qtbot: QtBot, window: MainWindow
) -> None:
    at_small_size(qtbot, window)
    view = window.fact_panel.tab("deal").view
    header = view.horizontalHeader()
    visible = [c for c in range(header.count()) if header.sectionViewportPosition(c) < 200]
    assert len(visible) >= 3
    assert all(header.sectionSize(c) <= MAX_COLUMN_WIDTH for c in range(header.count() - 1))
    # A value elided in its narrow column is whole in the cell's tooltip.
    model = window.fact_panel.model("deal")
    row = model.row_of("sfr-takes-over-numergy")
    assert row is not None
    sellers = model.index(row, 3)
    assert str(sellers.data(Qt.ItemDataRole.ToolTipRole)).startswith(str(sellers.data()))


def test_every_company_column_shows_at_1024x700(qtbot: QtBot, window: MainWindow) -> None:
    """The company table shows all its columns, narrowed, with no sideways scrolling."""
    at_small_size(qtbot, window)
    view = window.fact_panel.tab("company").view
    header = view.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert sum(widths) <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    narrowest = header.fontMetrics().horizontalAdvance("Abcde…")
    assert min(widths) >= narrowest
    # Wider again, the columns take back the width their contents want.
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: header.sectionSize(0) > widths[0] or widths[0] >= 120)
    assert all(header.sectionSize(c) >= w for c, w in enumerate(widths))


def test_columns_share_a_narrow_width_widest_first() -> None:
    assert shared_widths([50, 100, 200], 400, 40) == [50, 100, 200]
    # 300 px for three: the narrower ones keep theirs, the widest gets the 150 left.
    assert shared_widths([50, 100, 200], 300, 40) == [50, 100, 150]
    assert shared_widths([50, 200, 200], 300, 40) == [50, 125, 125]
    # Too many columns: none under the narrowest, the view scrolls.
    assert shared_widths([100] * 7, 250, 45) == [45] * 7


def test_the_facets_read_whole_at_1024x700(qtbot: QtBot, window: MainWindow) -> None:
    at_small_size(qtbot, window)
    search(qtbot, window, "cloud")
    for box in window.search_pane.facets.values():
        assert box.isVisible()
        assert text_fits(box, box.summary()), box.summary()
    assert window.search_pane.facets["publication"].summary() == "All publications"
    assert text_fits(window.search_pane.order_box, "Newest first")


# -- item 16: a selected result reads in light and dark palettes ----------------------------


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_selected_result_reads_in_the_palettes_colours(
    qtbot: QtBot, window: MainWindow, dark: bool
) -> None:
    search(qtbot, window, "cloud")
    results = window.search_pane.results
    if dark:
        results.setPalette(dark_palette())
    delegate = results.itemDelegate()
    assert isinstance(delegate, ResultDelegate)
    palette = results.palette()
    for selected in (True, False):
        option = QStyleOptionViewItem()
        option.initFrom(results)
        option.palette = palette
        if selected:
            option.state |= QStyle.StateFlag.State_Selected
        text, meta = delegate.text_colours(option)
        if selected:  # on the highlight, every line is in the highlighted text's colour
            assert text == meta == palette.color(QPalette.ColorRole.HighlightedText)
        else:  # the date and publication line is secondary, yet readable
            assert text == palette.color(QPalette.ColorRole.Text)
            background = palette.color(QPalette.ColorRole.Base)
            assert contrast(meta, background) >= 4.5, (meta.name(), background.name())
    assert "gray" not in snippets_html(window.search_pane.proxy.index(0, 0).data(HIT_ROLE))


# -- item 17: order, counts, several values, titles, review rows ----------------------------


def test_the_events_table_is_chronological(window: MainWindow) -> None:
    tab = window.fact_panel.tab("event")
    dates = [tab.proxy.index(row, 0).data(SORT_ROLE) for row in range(tab.proxy.rowCount())]
    assert len(dates) > 3
    dated = [d for d in dates if d]
    assert dated == sorted(dated)
    assert dates[: len(dated)] == dated  # undated events come last


def test_facets_show_counts_and_take_several_values(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "cloud")
    pane = window.search_pane
    box = pane.facets["publication"]
    # Three results, each of another publication.
    assert len(box.values()) == 3
    assert all(box.count_of(v) == 1 for v in box.values())
    assert box.count_of("Clubic") == 1
    first, second = box.values()[:2]
    # Clicking values in the open list ticks them and keeps the list open.
    box.showPopup()
    view = box.view()
    for value in (first, second):
        rect: QRect = view.visualRect(view.model().index(box.findText(value), 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.isVisible()
    box.hidePopup()
    assert box.chosen() == [first, second]
    assert box.summary() == "2 publications"
    assert pane.proxy.rowCount() == 2
    assert pane.status.text() == "3 results, 2 shown"
    # The other facets count within what the chosen publications keep.
    years = pane.facets["year"]
    assert sum(years.count_of(v) or 0 for v in years.values()) == 2
    assert pane.facet_choice() == {"publication": [first, second]}
    box.setCurrentIndex(0)
    assert box.chosen() == []
    assert pane.proxy.rowCount() == 3


def test_the_ordered_and_faceted_results_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow
) -> None:
    search(qtbot, window, "cloud")
    pane = window.search_pane
    pane.order_box.setCurrentText("Newest first")
    pane.facets["publication"].set_chosen(pane.facets["publication"].values()[:2])
    qtmodeltester.check(pane.proxy)
    qtmodeltester.check(window.fact_panel.tab("event").proxy)
    qtmodeltester.check(pane.facets["year"].model())


def test_results_can_be_ordered_by_date(qtbot: QtBot, window: MainWindow) -> None:
    search(qtbot, window, "cloud")
    pane = window.search_pane

    def dates() -> list[str]:
        return [
            pane.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).published.isoformat()
            for r in range(pane.proxy.rowCount())
        ]

    ranked = [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())]
    pane.order_box.setCurrentText("Newest first")
    assert dates() == sorted(dates(), reverse=True)
    pane.order_box.setCurrentText("Oldest first")
    assert dates() == sorted(dates())
    pane.order_box.setCurrentText("Best match")
    assert [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())] == ranked


def library_rows(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> list[bool]:
    """For each row of the library at this window size: whether its title needs at most
    TITLE_LINES lines of the title column; asserts that those rows show it whole and that
    every row's tooltip has it whole."""
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=2_000)
    window.left_tabs.setCurrentWidget(window.library_list)
    QApplication.processEvents()
    table = window.library_list.table
    width = table.columnWidth(0) - 8  # the cell's margins
    metrics = table.fontMetrics()
    fits = []
    for row in range(table.model().rowCount()):
        index = table.model().index(row, 0)
        title = str(index.data())
        needed = metrics.boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), title
        )
        fits.append(needed.height() <= TITLE_LINES * metrics.lineSpacing())
        if fits[-1]:
            assert needed.height() <= table.rowHeight(row), title
        assert str(index.data(Qt.ItemDataRole.ToolTipRole)).startswith(title)
    return fits


def test_library_titles_take_two_lines_when_narrow(qtbot: QtBot, window: MainWindow) -> None:
    fits = library_rows(qtbot, window, SMALL)
    assert any(fits)
    table = window.library_list.table
    assert len({table.rowHeight(row) for row in range(len(fits))}) == 1  # no row measured


def test_library_titles_are_shown_whole_in_a_large_window(qtbot: QtBot, window: MainWindow) -> None:
    assert all(library_rows(qtbot, window, (1600, 1000)))


def test_review_rows_show_their_quote_and_article(
    qtbot: QtBot, archive: Path, make_window: WindowFactory
) -> None:
    facts = archive / "facts.yaml"
    facts.write_text(
        facts.read_text("utf-8").replace(
            "- id: fluxus\n", "- id: fluxus\n  review: candidate\n", 1
        ),
        "utf-8",
    )
    window = make_window()
    queue = window.review_queue
    assert queue.model.rowCount() == 1
    delegate = queue.view.itemDelegate()
    assert isinstance(delegate, CandidateDelegate)
    index = queue.model.index(0, 0)
    record = queue.model.record_at(0)
    quote, where = delegate.source_text(index)
    anchor = record.evidence[0].anchor
    assert " ".join(anchor.quote.split()) in quote
    assert window.library.articles[anchor.article].title in where
    option = QStyleOptionViewItem()
    option.initFrom(queue.view)
    assert delegate.sizeHint(option, index).height() >= 3 * queue.view.fontMetrics().height()


# -- item 20: help, the delete dialog, the README's commands --------------------------------


def test_f1_help_lists_the_tag_and_note_fields(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.help_action.trigger()
    box = window.error_box
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=2_000)
    assert "<code>tag:" in box.text()
    assert "<code>note:" in box.text()
    box.close()


def test_the_delete_question_is_a_whole_sentence(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(dialogs, tmp_path / "delete.ini")
    window.fact_panel.select_record("atos")
    dialogs.confirms.append(False)
    window.annotator.delete_action.trigger()
    question = dialogs.asked[-1]
    first, _, rest = question.partition("\n\n")
    assert first.startswith("Delete the company “Atos” and its ")
    assert first.endswith(("passage?", "passages?"))
    assert "1 passages" not in first
    assert rest.startswith("These records refer to it; those references will be removed:\n")
    assert "• deal: SFR → Numergy" in rest
    assert "atos" in window.library.store  # answered No


def test_the_readme_says_how_to_run_its_commands() -> None:
    readme = (PROJECT / "README.md").read_text("utf-8")
    assert "./dev run search" in readme
    assert ". .venv/bin/activate" in readme
    guide = (PROJECT / "docs" / "user-guide.md").read_text("utf-8")
    assert "`article_note`" in guide
    dev = (PROJECT / "dev").read_text("utf-8")
    assert 'run) shift; setup; exec "$VENV/bin/archive-gui" "$@"' in dev


@pytest.mark.parametrize("size", [SMALL, (1600, 1000)])
def test_empty_reader_placeholder_is_not_cut(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int]
) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=2_000)
    QApplication.processEvents()
    body = window.reader.body
    label = window.reader.empty_label
    assert not body.toPlainText()
    assert label.isVisible()
    assert label.text() == window.reader.placeholder
    assert label.geometry().right() < body.viewport().width()
    assert label.heightForWidth(label.width()) <= label.height()
    body.setPlainText("An article.")
    assert not label.isVisible()


def test_the_facts_menu_names_the_tab_each_shortcut_opens(window: MainWindow) -> None:
    """Ctrl+1…5 and the tabs come from one declaration: the menu's names match the tabs."""
    panel = window.fact_panel
    for index, action in enumerate(window.fact_tab_actions):
        assert action.shortcut().toString() == f"Ctrl+{index + 1}"
        action.trigger()
        assert panel.tabs.currentIndex() == index
        title = panel.tabs.tabText(index)
        assert title.startswith(action.text().replace("&", "") + " (")
