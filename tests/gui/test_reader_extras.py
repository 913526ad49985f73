"""What a desktop reader is expected to have: the place restored at restart, recent archives,
zoom, printing and PDF, the capture an article was made from, and a tag browser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from archive_gui.core.facts.editing import edit_field
from archive_gui.core.library import Library
from archive_gui.core.text import fold
from archive_gui.ui.dialogs import Dialogs
from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.printing import on_paper
from archive_gui.ui.reader import HIT_COLOUR, KIND_COLOURS
from archive_gui.ui.reading_state import top_offset
from tests.conftest import article_file
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import menu_of, search

LONG_ARTICLE = "sfr-rachete-numergy"


# -- restart ---------------------------------------------------------------------------------


def test_restart_restores_the_article_its_place_the_fact_tab_and_the_facets(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    first = make_window()
    first.resize(700, 460)
    search(qtbot, first, "numergy")
    first.search_pane.facets["publication"].setCurrentText("LeMagIT")
    assert first.search_pane.proxy.rowCount() == 1
    first.open_article(LONG_ARTICLE)
    bar = first.reader.body.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    place = top_offset(first.reader.body)
    assert place > 0
    first.fact_panel.select_record("sfr-takes-over-numergy")
    first.fact_panel.show_tab(3)
    first.close()

    second = make_window()
    pane = second.search_pane
    assert second.reader.article is not None
    assert second.reader.article.id == LONG_ARTICLE
    assert second.fact_panel.tabs.currentIndex() == 3
    assert second.fact_panel.tab("deal").selected_id() == "sfr-takes-over-numergy"
    qtbot.waitUntil(lambda: pane.status.text() == "3 results, 1 shown", timeout=10_000)
    assert pane.facets["publication"].currentText() == "LeMagIT"
    # Once its results are in, the article is shown with its hits, at the place left.
    qtbot.waitUntil(lambda: second.reader.hit_spans() != [], timeout=5_000)
    qtbot.waitUntil(lambda: top_offset(second.reader.body) == place, timeout=5_000)


def test_an_article_read_in_another_archive_is_not_restored(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    (other / "articles").mkdir(parents=True)
    (other / "articles" / f"{LONG_ARTICLE}.md").write_text(
        article_file(LONG_ARTICLE, "Un autre texte."), "utf-8"
    )
    first = make_window()
    assert first.open_archive(other)
    assert first.open_article(LONG_ARTICLE)
    first.close()
    second = make_window()  # on the fixture's archive, which has an article of that id too
    assert second.reader.article is None


# -- File > Open Recent ----------------------------------------------------------------------


def small_archive(folder: Path) -> Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "seul.md").write_text(article_file("seul", "Ikoula."), "utf-8")
    return folder


def recent_entries(window: MainWindow) -> list[tuple[str, bool]]:
    window.recent.refresh()  # as when the menu opens
    return [(a.data(), a.isEnabled()) for a in window.recent.archive_actions()]


def test_open_recent_lists_the_archives_opened_and_reopens_them(
    qtbot: QtBot, make_window: WindowFactory, archive: Path, tmp_path: Path
) -> None:
    other = small_archive(tmp_path / "other")
    first = make_window()
    assert first.open_archive(other)
    assert recent_entries(first) == [(str(other.resolve()), True), (str(archive.resolve()), True)]
    first.close()

    second = make_window()  # opens the fixture's archive: it comes first again
    entries = recent_entries(second)
    assert entries == [(str(archive.resolve()), True), (str(other.resolve()), True)]
    menu_texts = [a.text() for a in second.recent.archive_actions()]
    assert menu_texts[1].startswith("&2 other")
    second.recent.archive_actions()[1].trigger()
    assert second.library.paths.root == other.resolve()
    qtbot.waitUntil(lambda: "indexed" in second.index_status.text(), timeout=10_000)
    assert second.library_list.table.model().rowCount() == 1


def test_an_archive_that_is_gone_is_greyed_and_can_be_removed(
    make_window: WindowFactory, archive: Path, tmp_path: Path
) -> None:
    other = small_archive(tmp_path / "other")
    window = make_window()
    assert window.open_archive(other)
    assert window.open_archive(archive)
    shutil.rmtree(other)
    entries = recent_entries(window)
    assert entries == [(str(archive.resolve()), True), (str(other.resolve()), False)]
    assert window.recent.archive_actions()[1].text().endswith("(missing)")
    assert window.recent.remove_missing_action.isEnabled()
    window.recent.remove_missing_action.trigger()
    assert recent_entries(window) == [(str(archive.resolve()), True)]
    window.recent.clear_action.trigger()
    assert recent_entries(window) == []


def test_the_file_menu_has_open_recent(window: MainWindow) -> None:
    file_menu = menu_of(window)
    assert "Open &Recent" in [a.text() for a in file_menu.actions()]


# -- zoom ------------------------------------------------------------------------------------


def test_zoom_changes_the_text_size_and_is_remembered(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    first = make_window()
    body = first.reader.body
    size = body.font().pointSizeF()
    first.activateWindow()
    QTest.keyClick(first, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(first, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    bigger = body.font().pointSizeF()
    assert bigger == pytest.approx(size * 1.25)
    QTest.keyClick(first, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert body.font().pointSizeF() == pytest.approx(size * 1.1)
    first.close()

    second = make_window()
    assert second.reader.body.font().pointSizeF() == pytest.approx(size * 1.1)
    second.activateWindow()
    QTest.keyClick(second, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert second.reader.body.font().pointSizeF() == pytest.approx(size)
    second.close()
    assert make_window().reader.body.font().pointSizeF() == pytest.approx(size)


def test_the_view_menu_shows_the_zoom_shortcuts(window: MainWindow) -> None:
    view_menu = menu_of(window, "&View")
    shown = {a.text().replace("&", ""): a.shortcut().toString() for a in view_menu.actions()}
    assert shown["Zoom In"] == "Ctrl++"
    assert shown["Zoom Out"] == "Ctrl+-"
    assert shown["Actual Size"] == "Ctrl+0"


# -- printing and PDF ------------------------------------------------------------------------


class PaperDialogs(Dialogs):
    """Answers the file and printer dialogs: a PDF file in the test's folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save_file(self, parent: QWidget, title: str, suggested: Path, filters: str) -> Path:
        assert suggested.name.endswith(".pdf")
        return self.folder / "saved"  # no suffix: ".pdf" is added

    def print_setup(self, parent: QWidget, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.folder / "printed.pdf"))
        return True


def pdf_text(path: Path) -> str | None:
    """The PDF's text, when poppler's pdftotext is there to read it."""
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(done.stdout.decode("utf-8").split())


def backgrounds(document: QTextDocument) -> set[str]:
    found = set()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.background().style() != Qt.BrushStyle.NoBrush:
                found.add(fmt.background().color().name())
            it += 1
        block = block.next()
    return found


def test_an_article_is_saved_as_pdf_with_its_highlights_and_passages(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(PaperDialogs(tmp_path))
    search(qtbot, window, "numergy")
    window.open_article(LONG_ARTICLE)
    assert window.reader.hit_spans()
    document = window.printer.document()
    assert document is not None
    colours = backgrounds(document)
    assert on_paper(HIT_COLOUR).name() in colours
    assert on_paper(KIND_COLOURS["deal"]).name() in colours
    # The hits are painted on the very characters of the text.
    article = window.reader.article
    assert article is not None
    base = document.toRawText().replace("\u2029", "\n").index(article.text)
    cursor = QTextCursor(document)
    for start, end in window.reader.hit_spans():
        cursor.setPosition(base + end)
        assert cursor.charFormat().background().color() == on_paper(HIT_COLOUR)
        assert fold(article.text[start:end]) == "numergy"

    window.printer.pdf_action.trigger()
    saved = tmp_path / "saved.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert "saved.pdf" in window.statusBar().currentMessage()
    text = pdf_text(saved)
    if text is None:
        assert saved.stat().st_size > 5_000
    else:
        assert "SFR rachète la totalité de Numergy" in text
        assert "Records and their passages" in text
        assert "Highlights: Search hit" in text


def test_printing_goes_to_the_printer_chosen(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(PaperDialogs(tmp_path))
    assert not window.printer.print_action.isEnabled()  # nothing to print yet
    window.open_article("plan-social-chez-fluxus")
    assert window.printer.print_action.isEnabled()
    window.printer.print_action.trigger()
    printed = tmp_path / "printed.pdf"
    assert printed.read_bytes().startswith(b"%PDF")
    text = pdf_text(printed)
    if text is not None:
        assert window.reader.article is not None
        assert " ".join(window.reader.article.title.split()) in text


# -- the original capture --------------------------------------------------------------------


def test_the_original_capture_is_shown_as_plain_text(
    qtbot: QtBot, make_window: WindowFactory, archive: Path
) -> None:
    raw = "<html><b>Gras</b> &amp; <script>alert('x')</script>\nL'hébergeur.\n"
    (archive / "articles" / "raw" / "capture.html").write_text(raw, "utf-8")
    (archive / "articles" / "capture.md").write_text(
        article_file("capture", "L'hébergeur.", source_file="capture.html"), "utf-8"
    )
    window = make_window()
    assert not window.capture.action.isEnabled()
    window.open_article("capture")
    assert window.capture.action.isEnabled()
    window.capture.action.trigger()
    view = window.capture.view
    assert view is not None
    assert view.isVisible()
    assert view.text.toPlainText() == raw.rstrip("\n") or view.text.toPlainText() == raw
    assert view.text.isReadOnly()
    assert "capture.html" in view.source.text()
    view.close()


def test_a_bundled_article_shows_its_capture(window: MainWindow) -> None:
    window.open_article("fluxus-passe-sous-drapeau-anglais")
    assert window.capture.show_capture()
    assert window.capture.view is not None
    assert window.capture.view.text.toPlainText().startswith("Journal du Net > Solutions")
    window.capture.view.close()


def test_a_capture_outside_the_archive_is_refused(
    make_window: WindowFactory, archive: Path
) -> None:
    (archive / "articles" / "sly.md").write_text(
        article_file("sly", "Texte.", source_file="../../facts.yaml"), "utf-8"
    )
    window = make_window()
    window.open_article("sly")
    window.capture.action.trigger()
    assert window.capture.view is None
    assert window.error_box is not None
    assert "not inside" in window.error_box.text()


# -- the tag browser -------------------------------------------------------------------------


def test_the_tag_browser_lists_tags_with_counts_and_searches_one(
    qtbot: QtBot, make_window: WindowFactory, archive: Path
) -> None:
    library = Library.open(archive)
    library.commit([edit_field(library.store, "fluxus", "tags", "à suivre\nrachat-2001")])
    library.commit([edit_field(library.store, "sfr", "tags", "à suivre")])
    library.close()
    window = make_window()
    window.tags_action.trigger()
    browser = window.tag_browser
    assert browser.isVisible()
    assert browser.tags() == [("à suivre", 2, 5), ("rachat-2001", 1, 2)]
    browser.filter_edit.setText("RACHAT")
    assert browser.tags() == [("rachat-2001", 1, 2)]
    browser.filter_edit.clear()
    window.left_tabs.setCurrentWidget(window.library_list)
    index = browser.proxy.index(0, 0)
    browser.table.setCurrentIndex(index)
    QTest.keyClick(browser.table, Qt.Key.Key_Return)
    pane = window.search_pane
    assert window.left_tabs.currentWidget() is pane
    assert pane.query_edit.text() == 'tag:"à suivre"'
    qtbot.waitUntil(lambda: pane.status.text() == "5 results", timeout=10_000)
    # An edit counts again.
    assert window.editor is not None
    assert browser.isVisible()  # it stays open, to choose another tag
    window.editor.apply([edit_field(window.library.store, "fluxus", "tags", "")], "Untag")
    assert browser.tags() == [("à suivre", 1, 3)]
    browser.close()


def test_with_no_tags_the_browser_says_how_to_add_them(window: MainWindow) -> None:
    window.tags_action.trigger()
    assert window.tag_browser.tags() == []
    assert window.tag_browser.empty_label.isVisible()
    assert "Article Notes and Tags" in window.tag_browser.empty_label.text()
    window.tag_browser.close()


def test_highlight_colours_on_paper_are_opaque() -> None:
    paper = on_paper(QColor(0, 0, 0, 128))
    assert paper.alpha() == 255
    assert paper.red() == paper.green() == paper.blue() == 127
