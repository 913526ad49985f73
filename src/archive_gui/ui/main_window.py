"""The main window: builds the panes, wires their signals, keeps the window's state.

It holds no logic of its own: searching and indexing run in the worker, the panes show and
emit, and the handlers here only pass what one pane says to the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from archive_gui.core.archive.folder import NotAnArchiveError
from archive_gui.core.archive.importing import ImportReport
from archive_gui.core.facts.editing import RecordChange, candidates
from archive_gui.core.facts.records import FactStore, Record, article_note_id
from archive_gui.core.facts.tags import tag_query
from archive_gui.core.kinds import TAB_KINDS
from archive_gui.core.library import Library, import_search_engine
from archive_gui.core.search.fact_documents import companies_by_article
from archive_gui.core.search.results import SearchHit, SearchResults, SyncReport
from archive_gui.core.titles import record_title
from archive_gui.ui.annotation import Annotator
from archive_gui.ui.capture_view import OriginalCapture
from archive_gui.ui.dialogs import Dialogs, open_message
from archive_gui.ui.editor import FactEditor
from archive_gui.ui.exchange import ExchangeController
from archive_gui.ui.fact_panel import FactPanel
from archive_gui.ui.history import NavigationHistory, Place
from archive_gui.ui.importing import ImportController
from archive_gui.ui.library_list import LibraryList
from archive_gui.ui.opening import OpeningFailed, open_library
from archive_gui.ui.pictures import PicturesDock
from archive_gui.ui.printing import ArticlePrinter
from archive_gui.ui.problem_line import ProblemLine
from archive_gui.ui.reader import ReaderView
from archive_gui.ui.reading_state import ReadingState
from archive_gui.ui.rebuild import IndexRebuilder
from archive_gui.ui.recent import RecentArchives
from archive_gui.ui.review_queue import ReviewQueue
from archive_gui.ui.search_pane import QUERY_HELP, SearchPane
from archive_gui.ui.tag_browser import TagBrowser
from archive_gui.ui.theme import ThemeChooser
from archive_gui.ui.workers import FoundHighlights, GuiThreadCollector, WorkerThread
from archive_gui.ui.zoom import ReaderZoom

# What the index status says until the worker has loaded the facts.
LOADING_FACTS = "Loading facts…"
# How long the status bar shows a notice that needs no answer.
NOTICE_MS = 15_000
# How long a window that is not painted waits before loading its archive all the same.
UNPAINTED_OPEN_MS = 1000


class MainWindow(QMainWindow):
    """Search on the left, the article in the middle, the facts on the right."""

    def __init__(
        self,
        library: Library,
        settings: QSettings,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.history = NavigationHistory()
        self.search_pane = SearchPane()
        self.library_list = LibraryList()
        self.reader = ReaderView()
        self.fact_panel = FactPanel()
        self.review_queue = ReviewQueue(FactStore())  # its store comes with the facts
        self.undo_group = QUndoGroup(self)
        self.editor: FactEditor | None = None
        self.dialogs = dialogs or Dialogs()
        self.annotator = Annotator(self, self.reader, self.fact_panel, self.dialogs)
        self.recent = RecentArchives(settings, self)
        self.zoom = ReaderZoom(self.reader.body, settings, self)
        self.theme = ThemeChooser(settings, self)
        self.printer = ArticlePrinter(self.reader, self.dialogs, self)
        self.importer = ImportController(self, self.dialogs)
        self.exchange = ExchangeController(self, self.dialogs, self.search_pane)
        self.rebuilder = IndexRebuilder(self)
        self.pictures = PicturesDock(self.dialogs, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.pictures)
        self.pictures.hide()
        self.capture = OriginalCapture(self.reader, self)
        self.tag_browser = TagBrowser(self)
        self.reading_state = ReadingState(
            settings, self.reader, self.fact_panel, self.search_pane, self.open_article, self
        )
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.search_pane, "Search")
        self.left_tabs.addTab(self.library_list, "Library")
        self.left_tabs.addTab(self.review_queue, "Review")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in (self.left_tabs, self.reader, self.fact_panel):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.setCentralWidget(self.splitter)
        self.index_status = QLabel()
        self.problem_line = ProblemLine()
        self.statusBar().addWidget(self.problem_line, 1)
        self.statusBar().addPermanentWidget(self.rebuilder.progress)
        self.statusBar().addPermanentWidget(self.index_status)
        self.error_box: QMessageBox | None = None
        self.worker: WorkerThread | None = None
        self.library = library
        # The search asked for last, and the one whose results are listed (their ids).
        self._pending_search = 0
        self._shown_search = 0
        # An article opened before its hits were in: it goes to the first when they come.
        self._first_hit_pending: str | None = None
        self._restore_pending = False
        # The worker starts loading the archive once the window is first painted: its imports
        # (the search engine, NumPy) and the facts would otherwise hold the interpreter while
        # the window tries to paint, and the window would appear a fifth of a second later.
        self._painted = False
        self._open_pending = False
        # Python's garbage collector runs on this thread while the window is open.
        self.collector: GuiThreadCollector | None = GuiThreadCollector.of_application()
        self.collector.hold()
        self._build_actions()
        self._build_menus()
        self._connect_signals()
        self.set_library(library)
        self._restore_settings()

    # -- building --------------------------------------------------------------------------

    def _action(self, text: str, *shortcuts: str | QKeySequence.StandardKey) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action("&Open Archive…", QKeySequence.StandardKey.Open)
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit)
        self.find_action = self._action("&Search the Archive", "Ctrl+K", "Ctrl+L")
        self.find_in_article_action = self._action("&Find in Article", "Ctrl+F")
        self.clear_action = QAction("&Clear Search", self.search_pane.query_edit)
        self.clear_action.setShortcut(QKeySequence("Escape"))
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.search_pane.query_edit.addAction(self.clear_action)
        self.back_action = self._action("&Back", "Alt+Left")
        self.forward_action = self._action("&Forward", "Alt+Right")
        self.next_hit_action = self._action("&Next Hit", "F3")
        self.previous_hit_action = self._action("&Previous Hit", "Shift+F3")
        self.next_passage_action = self._action("Next &Passage", "F4")
        self.previous_passage_action = self._action("Previous P&assage", "Shift+F4")
        self.fact_tab_actions = [
            self._action(f"&{kind.plural_title}", f"Ctrl+{kind.tab}") for kind in TAB_KINDS
        ]
        self.help_action = self._action("&Search Syntax", QKeySequence.StandardKey.HelpContents)
        self.tags_action = self._action("&Tags…", "Ctrl+T")
        self.timeline_action = self._action("T&imeline", "Ctrl+Alt+T")
        self.graph_action = self._action("Ownership &Graph", "Ctrl+Alt+G")
        self.addActions([*self.printer.actions, self.capture.action, *self.zoom.actions])
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo_action, self.redo_action])
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addActions([self.importer.new_archive_action, self.open_action])
        file_menu.addMenu(self.recent.menu)
        file_menu.addSeparator()
        file_menu.addActions(
            [self.importer.import_files_action, self.importer.import_folder_action]
        )
        file_menu.addSeparator()
        file_menu.addActions(
            [
                self.exchange.export_action,
                self.exchange.export_results_action,
                self.exchange.import_annotations_action,
            ]
        )
        file_menu.addSeparator()
        file_menu.addActions([self.rebuilder.rebuild_action, self.rebuilder.cancel_action])
        file_menu.addSeparator()
        file_menu.addActions(self.printer.actions)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        view_menu = menus.addMenu("&View")
        view_menu.addActions(self.zoom.actions)
        view_menu.addMenu(self.theme.menu)
        view_menu.addSeparator()
        view_menu.addActions([self.capture.action, self.tags_action])
        view_menu.addSeparator()
        view_menu.addActions([self.timeline_action, self.graph_action])
        annotate_menu = menus.addMenu("&Annotate")
        annotate_menu.addActions(self.annotator.selection_actions)
        annotate_menu.addSeparator()
        annotate_menu.addActions(self.annotator.record_actions)
        annotate_menu.addSeparator()
        annotate_menu.addActions([self.annotator.notes_action, self.annotator.metadata_action])
        go_menu = menus.addMenu("&Go")
        go_menu.addActions([self.find_action, self.clear_action, self.find_in_article_action])
        go_menu.addSeparator()
        go_menu.addActions([self.back_action, self.forward_action])
        go_menu.addSeparator()
        go_menu.addActions([self.next_hit_action, self.previous_hit_action])
        go_menu.addActions([self.next_passage_action, self.previous_passage_action])
        go_menu.addAction(self.reader.reading_mode_action)
        facts_menu = menus.addMenu("Fa&cts")
        facts_menu.addActions(self.fact_tab_actions)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.help_action)

    def _connect_signals(self) -> None:
        self.open_action.triggered.connect(self._on_open_archive)
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self.focus_search)
        self.find_in_article_action.triggered.connect(self.reader.show_find_bar)
        self.addAction(self.reader.reading_mode_action)
        self.reader.step_reported.connect(self._on_step_reported)
        self.clear_action.triggered.connect(self.search_pane.clear)
        self.back_action.triggered.connect(self.go_back)
        self.forward_action.triggered.connect(self.go_forward)
        self.next_hit_action.triggered.connect(self.reader.next_hit)
        self.previous_hit_action.triggered.connect(self.reader.previous_hit)
        self.next_passage_action.triggered.connect(self.reader.next_passage)
        self.previous_passage_action.triggered.connect(self.reader.previous_passage)
        for i, action in enumerate(self.fact_tab_actions):
            action.triggered.connect(lambda _=False, tab=i: self.fact_panel.show_tab(tab))
        self.help_action.triggered.connect(self._on_help)
        self.recent.archive_chosen.connect(self.open_archive)
        self.printer.failed.connect(self._show_error)
        self.printer.done.connect(self._on_notice)
        self.capture.failed.connect(self._show_error)
        self.tags_action.triggered.connect(self._on_show_tags)
        self.tag_browser.tag_chosen.connect(self._on_tag_chosen)
        self.search_pane.search_requested.connect(self._on_search_requested)
        self.search_pane.result_activated.connect(self._on_result_activated)
        self.search_pane.highlights_wanted.connect(self._on_highlights_wanted)
        self.library_list.article_activated.connect(self.open_article)
        self.reader.passage_clicked.connect(self.fact_panel.select_records)
        self.fact_panel.record_selected.connect(self.reader.set_selected_record)
        self.fact_panel.passage_activated.connect(self._on_passage_activated)
        self.review_queue.commit_requested.connect(self._on_commit_requested)
        self.review_queue.record_selected.connect(self._on_candidate_selected)
        self.importer.imported.connect(self._on_imported)
        self.importer.archive_created.connect(self._on_archive_created)
        self.importer.failed.connect(self._show_error)
        self.exchange.failed.connect(self._show_error)
        self.exchange.done.connect(self._on_notice)
        self.rebuilder.rebuilt.connect(self._on_index_rebuilt)
        self.rebuilder.stopped.connect(self._on_notice)
        self.rebuilder.failed.connect(self._show_error)
        self.timeline_action.triggered.connect(lambda: self.show_picture("timeline"))
        self.graph_action.triggered.connect(lambda: self.show_picture("graph"))
        self.pictures.record_clicked.connect(self._on_picture_clicked)
        self.pictures.follow_box.toggled.connect(self._on_follow_search)
        self.search_pane.results_shown.connect(self._on_results_shown)
        self.pictures.failed.connect(self._show_error)
        self.fact_panel.record_selected.connect(
            lambda record_id: self.pictures.set_selected({record_id} if record_id else set())
        )

    # -- the archive -----------------------------------------------------------------------

    def set_library(self, library: Library) -> None:
        """Shows another archive: its articles, its facts, and an index built in the worker."""
        self.rebuilder.set_library(library)
        if self.worker is not None:
            self.worker.stop()
        old = self.library
        self.library = library
        if old is not library:
            old.close()
        self.worker = WorkerThread(library, self)
        self.worker.worker.index_progress.connect(self.search_pane.show_progress)
        self.worker.worker.index_ready.connect(self._on_index_ready)
        self.worker.worker.index_failed.connect(self._on_index_failed)
        self.worker.worker.facts_ready.connect(self._on_facts_ready)
        self.worker.worker.facts_failed.connect(self._on_index_failed)
        self.worker.worker.results_ready.connect(self._on_results_ready)
        self.worker.worker.search_failed.connect(self._on_search_failed)
        self.worker.worker.articles_found.connect(self._on_articles_found)
        self.worker.worker.highlights_ready.connect(self._on_highlights_ready)
        self.worker.worker.all_found_wanted = self.pictures.follow_box.isChecked()
        self.history = NavigationHistory()
        self._update_history_actions()
        self._shown_search = 0
        self.reader.clear()
        self.library_list.set_articles(list(library.articles.values()))
        self.importer.set_library(library, facts_writable=False)
        self.exchange.set_library(library, None)
        self.recent.add(library.paths.root)
        self.capture.set_articles_dir(library.paths.articles_dir)
        # Qt adds the application's display name ("— Archive Browser") itself.
        self.setWindowTitle(library.paths.root.name)
        # The articles are shown at once; the facts follow from the worker (a large facts
        # file takes seconds), and nothing edits them until they are there.
        self._release_editor()
        self.review_queue.set_store(FactStore())
        self.fact_panel.setEnabled(False)
        self.index_status.setText(LOADING_FACTS)
        self.search_pane.show_busy()
        if self._painted:
            self.worker.open_archive()
        else:
            self._open_pending = True
            # A window that is never painted (started minimised, say) opens it all the same.
            QTimer.singleShot(UNPAINTED_OPEN_MS, self._open_pending_archive)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._open_pending_archive)  # once this paint is on screen

    def _open_pending_archive(self) -> None:
        if self._open_pending and self.worker is not None:
            self._open_pending = False
            import_search_engine()
            self.worker.open_archive()

    def _on_facts_ready(self) -> None:
        library = self.library
        self.fact_panel.set_library(library)
        self.fact_panel.setEnabled(True)
        self.reader.title_of = lambda record: record_title(record, self.library.store)
        self.search_pane.set_companies(companies_by_article(library.store))
        self._set_editor(library)
        self.printer.set_store(library.store)
        self.tag_browser.set_store(library.store)
        self.pictures.set_facts(library.store, library.articles)
        self.importer.set_library(library, facts_writable=not library.read_only)
        self._show_problems()
        if library.paths.sample_copy is not None and not library.problems:
            self.statusBar().showMessage(library.paths.sample_copy.notice(), NOTICE_MS)
        self.index_status.setText("Indexing…")
        article = self.reader.article
        if article is not None:  # opened while the facts were loading: now with its passages
            self.open_article(article.id, place=self.reader.current_place(), remember=False)
        if self._restore_pending:
            self._restore_pending = False
            self.reading_state.restore(library.paths.root)

    def _release_editor(self) -> None:
        """Drops the undo history and file watch of the archive shown until now."""
        if self.editor is not None:
            self.undo_group.removeStack(self.editor.undo_stack)
            self.editor.deleteLater()
            self.editor = None
        self.annotator.set_editor(None, self.library)

    def _set_editor(self, library: Library) -> None:
        """A fresh undo history and file watch for the archive's facts."""
        self._release_editor()
        self.editor = FactEditor(library, self)
        self.undo_group.addStack(self.editor.undo_stack)
        self.undo_group.setActiveStack(self.editor.undo_stack)
        self.editor.facts_changed.connect(self._on_facts_changed)
        self.editor.edit_failed.connect(self._on_edit_failed)
        self.editor.reloaded.connect(self._on_facts_reloaded)
        self.editor.article_changed.connect(self._on_articles_changed)
        self.annotator.set_editor(self.editor, library)
        self.exchange.set_library(library, self.editor)
        self.review_queue.set_store(library.store)
        self.review_queue.set_articles(library.articles)
        self.review_queue.set_read_only(library.read_only)
        self._update_review_title()

    def _on_commit_requested(self, edit: Sequence[RecordChange], text: str) -> None:
        if self.editor is not None:
            self.editor.apply(edit, text)

    def _on_facts_changed(self, _articles: set[str]) -> None:
        """After an edit, an undo or a reload: what the models that follow the store do not
        show (the article's passages, counts, problems) is brought up to date."""
        store = self.library.store
        self.review_queue.set_read_only(self.library.read_only)
        self._update_review_title()
        self.search_pane.set_companies(companies_by_article(store))
        article = self.reader.article
        if article is not None:
            self.reader.set_passages(store.passages_in(article.id))
            self.reader.set_note(store.get(article_note_id(article.id)))
        self.annotator.update_enabled()
        self.exchange.update_enabled()
        self.pictures.refresh()
        self._show_problems()
        if self.worker is not None:
            self.worker.index(store)

    def _on_imported(self, report: ImportReport, candidates: Sequence[Record]) -> None:
        """New articles: listed, then indexed with their candidate records (one undoable edit)."""
        self.library.add_articles(report.articles)
        self._on_articles_changed()
        if candidates and self.editor is not None:
            edit = [RecordChange(record.id, None, record) for record in candidates]
            if self.editor.apply(edit, f"Import: {len(candidates)} Candidate Records"):
                return  # the edit's facts_changed brings the index in step
        if self.worker is not None:
            self.worker.index(self.library.store)

    def _on_articles_changed(self, article_id: str = "") -> None:
        """Articles added or their metadata corrected: every list, the reader, the index."""
        articles = self.library.articles
        self.library_list.set_articles(list(articles.values()))
        self.review_queue.set_articles(articles)
        shown = self.reader.article
        if shown is not None and shown.id == article_id:
            self.open_article(article_id, place=self.reader.current_place(), remember=False)
        if article_id and self.worker is not None:
            self.worker.index(self.library.store)

    def _on_archive_created(self, library: Library) -> None:
        self.set_library(library)
        self.settings.setValue("archive/last", str(library.paths.root))
        self.statusBar().showMessage(
            f"Made an empty archive in {library.paths.root}: File > Import Files… or drop "
            "saved pages and text files on the window to fill it.",
            NOTICE_MS,
        )

    def _on_edit_failed(self, message: str) -> None:
        self._show_error("Edit not saved", message)
        self.statusBar().showMessage(message, 10_000)

    def _on_facts_reloaded(self) -> None:
        name = self.library.paths.facts_path.name
        self.statusBar().showMessage(f"{name} changed on disk and was reloaded.", 10_000)

    def show_picture(self, view: str) -> None:
        """Shows a picture; a docked picture gets at least 40 % of the window's height."""
        self.pictures.show_view(view)
        QTimer.singleShot(0, self._give_pictures_room)  # once the dock is laid out

    def _give_pictures_room(self) -> None:
        wanted = int(self.height() * 0.4)
        if not self.pictures.isFloating() and self.pictures.height() < wanted:
            self.resizeDocks([self.pictures], [wanted], Qt.Orientation.Vertical)

    def _on_picture_clicked(self, record_id: str) -> None:
        """A picture's item: its record selected and its first passage shown, or its article."""
        if record_id in self.library.store:
            self._on_candidate_selected(record_id)
        elif record_id in self.library.articles:
            self.open_article(record_id)

    def _on_candidate_selected(self, record_id: str) -> None:
        record = self.library.store.get(record_id)
        if record is None:
            return
        self.fact_panel.select_record(record_id)
        if record.evidence:
            anchor = record.evidence[0].anchor
            self.open_article(anchor.article, place=(anchor.start, anchor.end))

    def _update_review_title(self) -> None:
        count = len(candidates(self.library.store))
        index = self.left_tabs.indexOf(self.review_queue)
        self.left_tabs.setTabText(index, f"Review ({count})" if count else "Review")

    def open_archive(self, folder: Path) -> bool:
        """Opens the archive in ``folder``; for any other folder, says so and changes nothing."""
        try:
            library = open_library(folder, self)
        except NotAnArchiveError as exc:
            self._show_error("Not an archive", str(exc))
            return False
        except OpeningFailed as exc:
            self._show_error("Open Archive", str(exc))
            return False
        if library is None:  # cancelled: the archive open stays
            return False
        self.set_library(library)
        self.settings.setValue("archive/last", str(library.paths.root))
        return True

    def _on_open_archive(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Open Archive", str(self.library.paths.root)
        )
        if folder:
            self.open_archive(Path(folder))

    def _show_problems(self) -> None:
        details = "\n".join(str(p) for p in self.library.problems)
        self.problem_line.set_line(self.library.problems_summary(), details)

    def _show_error(self, title: str, text: str) -> None:
        self.error_box = open_message(self, QMessageBox.Icon.Warning, title, text)

    # -- searching -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.left_tabs.setCurrentWidget(self.search_pane)
        self.search_pane.query_edit.setFocus()
        self.search_pane.query_edit.selectAll()

    def _on_search_requested(self, query: str) -> None:
        assert self.worker is not None
        self._pending_search = self.worker.search(query)
        self.settings.setValue("search/last_query", query)

    def _on_results_ready(self, request_id: int, results: SearchResults) -> None:
        if request_id != self._pending_search:
            return  # a newer search is on its way: these results are stale
        self._shown_search = request_id
        self.search_pane.show_results(results)
        article = self.reader.article
        if article is not None:  # its hits are now this search's, once they are in
            self.reader.set_hits(self.search_pane.hits_in(article.id) or ())
            self.search_pane.show_current(article.id)

    def _on_highlights_wanted(self, article_ids: list[str]) -> None:
        if self.worker is not None and self._shown_search:
            query = self.search_pane.shown_query
            self.worker.highlight(self._shown_search, query, article_ids)

    def _on_highlights_ready(self, request_id: int, found: FoundHighlights) -> None:
        """Highlights of listed results: in their rows, and in the reader if one is open."""
        if request_id != self._shown_search:
            return  # asked for results that another search's have replaced
        tie = self.library.tied_to_records
        self.search_pane.add_highlights(found.highlights, lambda hit: tie(hit, found.records))
        article = self.reader.article
        if article is not None and article.id in found.highlights:
            self.reader.set_hits(self.search_pane.hits_in(article.id) or ())
            if self._first_hit_pending == article.id and self.reader.current_place() is None:
                self.reader.next_hit()
            self._first_hit_pending = None

    def _on_articles_found(self, request_id: int, article_ids: list[str]) -> None:
        """Every article the search found, for a picture that follows the search."""
        if request_id == self._pending_search:
            self.pictures.set_search(article_ids)

    def _on_results_shown(self, query: str, _found: int) -> None:
        if not query:  # no search (cleared, or one that failed): the pictures show all
            self.pictures.set_search(None)

    def _on_follow_search(self, on: bool) -> None:
        """A picture now follows the search (or no longer): the search is run again, so that
        the worker gives every article it finds."""
        if self.worker is not None:
            self.worker.worker.all_found_wanted = on
        if on and self.search_pane.shown_query:
            self.search_pane.search_now()

    def _on_search_failed(self, request_id: int, message: str) -> None:
        if request_id == self._pending_search:
            self.search_pane.show_error(message)

    def _on_index_ready(self, report: SyncReport) -> None:
        self.search_pane.show_progress(1, 1)
        self.rebuilder.set_ready(True)
        count = len(self.library.articles)
        self.index_status.setText(
            f"{count:,} articles indexed" + (" (rebuilt)" if report.rebuilt else "")
        )

    def _on_index_rebuilt(self, notice: str) -> None:
        """The new index is in use: a sync brings in what was edited while it was built."""
        self._on_notice(notice)
        if self.worker is not None:
            self.worker.index(self.library.store)

    def _on_index_failed(self, message: str) -> None:
        self.search_pane.show_progress(1, 1)
        self.index_status.setText("No index")
        self._show_error("Index", message)

    def _on_result_activated(self, hit: SearchHit) -> None:
        self.open_article(hit.id)

    # -- reading ---------------------------------------------------------------------------

    def open_article(
        self,
        article_id: str,
        place: tuple[int, int] | None = None,
        remember: bool = True,
    ) -> bool:
        """Shows an article with the listed search's hits and its passages, at ``place`` or
        at its first hit (when its hits come in, if they are not in yet)."""
        article = self.library.articles.get(article_id)
        if article is None:
            self.statusBar().showMessage(f"No article '{article_id}' in this archive.", 5000)
            return False
        hits = self.search_pane.hits_in(article_id)
        self._first_hit_pending = article_id if hits is None and place is None else None
        if self.reader.article is None or self.reader.article.id != article_id:
            self.fact_panel.clear_records_here()
        self.search_pane.show_current(article_id)
        store = self.library.store if self.library.facts_loaded else FactStore()
        self.reader.set_note(store.get(article_note_id(article_id)))
        self.reader.set_article(article, hits or (), store.passages_in(article_id))
        self.annotator.update_enabled()
        record = self.fact_panel.current_record()
        self.reader.set_selected_record(record.id if record else None)
        if place is not None:
            self.reader.scroll_to(*place)
        elif hits:
            self.reader.next_hit()
        if remember:
            current = self.reader.current_place()
            start, end = current if current else (None, None)
            self.history.visit(Place(article_id, start, end))
            self._update_history_actions()
        return True

    def _on_step_reported(self, message: str) -> None:
        self.statusBar().showMessage(message, 5000)

    def _on_passage_activated(self, article_id: str, start: int, end: int) -> None:
        self.open_article(article_id, place=(start, end))

    def go_back(self) -> None:
        self._go(self.history.back())

    def go_forward(self) -> None:
        self._go(self.history.forward())

    def _go(self, place: Place | None) -> None:
        if place is not None:
            spot = (
                (place.start, place.end)
                if place.start is not None and place.end is not None
                else None
            )
            self.open_article(place.article, place=spot, remember=False)
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())

    def _on_show_tags(self) -> None:
        self.tag_browser.show()
        self.tag_browser.raise_()
        self.tag_browser.activateWindow()

    def _on_tag_chosen(self, tag: str) -> None:
        self.left_tabs.setCurrentWidget(self.search_pane)
        self.search_pane.set_query(tag_query(tag))

    def _on_notice(self, message: str) -> None:
        self.statusBar().showMessage(message, NOTICE_MS)

    def _on_help(self) -> None:
        info, rich = QMessageBox.Icon.Information, Qt.TextFormat.RichText
        self.error_box = open_message(self, info, "Search syntax", QUERY_HELP, text_format=rich)

    # -- window state ----------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 850)
        docks = self.settings.value("window/state")
        if isinstance(docks, QByteArray) and not docks.isEmpty():
            self.restoreState(docks)
        state = self.settings.value("window/splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([420, 560, 420])
        query = self.settings.value("search/last_query", "")
        if isinstance(query, str) and query:
            self.search_pane.set_query(query)
        # The article, the fact tab and the record come back once the facts are loaded.
        self._restore_pending = True

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("archive/last", str(self.library.paths.root))
        self.settings.setValue("search/last_query", self.search_pane.query_edit.text())
        self.reading_state.save(self.library.paths.root)
        self.settings.sync()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.importer.accept_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.importer.drop(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.importer.shutdown()
        self.exchange.shutdown()
        self.rebuilder.shutdown()
        self.pictures.shutdown()
        self.save_settings()
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self.library.close()
        if self.collector is not None:
            self.collector.release()
            self.collector = None
        super().closeEvent(event)
