"""Work that can grow (loading the facts, indexing, searching) runs here, off the GUI thread."""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from archive_gui.core.facts.records import FactStore
from archive_gui.core.library import Library
from archive_gui.core.search.fact_documents import fact_fields
from archive_gui.core.search.results import NO_HIGHLIGHTS, Extra, Highlights, QueryError

# The best results a search lists; the count says how many matched in all.
RESULT_LIMIT = 200


class GuiThreadCollector(QObject):
    """Runs Python's cyclic garbage collector on the GUI thread only, while a window is open.

    Left to itself, the collector runs in whichever thread allocates when its thresholds are
    reached: in the worker, during an index build, it destroyed Qt objects of the GUI thread
    there, and Qt aborted the process (seen once in a full test run). Automatic collection is
    turned off while a window holds this, and a timer collects as the thresholds say.
    """

    INTERVAL_MS = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.holders = 0
        self.was_enabled = gc.isenabled()
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.collect)

    @classmethod
    def of_application(cls) -> GuiThreadCollector:
        """The application's collector (made at first use, a child of the application)."""
        app = QCoreApplication.instance()
        found = app.findChild(cls) if app is not None else None
        return found if isinstance(found, cls) else cls(app)

    def hold(self) -> None:
        if self.holders == 0:
            self.was_enabled = gc.isenabled()
            gc.disable()
            self.timer.start()
        self.holders += 1

    def release(self) -> None:
        self.holders = max(0, self.holders - 1)
        if self.holders == 0:
            self.timer.stop()
            if self.was_enabled:
                gc.enable()

    def collect(self) -> None:
        """Collects each generation whose count passed its threshold, as Python would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


def thread_for(worker: QObject, name: str, run: Callable[[], None] | None = None) -> QThread:
    """A new thread named ``name`` that ``worker`` lives in, which calls ``run`` (a slot of
    the worker) once started; it is started by the caller, once the worker's signals are
    connected."""
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    if run is not None:
        thread.started.connect(run)
    return thread


def end_thread(thread: QThread) -> None:
    """Lets a thread finish the request in hand, stops it and lets Qt delete it."""
    thread.quit()
    thread.wait()
    thread.deleteLater()


class Job(QObject):
    """Runs one function in a thread of its own; says what it gave back or why it failed."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.work = work

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # said in the window, never a dead thread
            self.failed.emit(str(exc))
            return
        self.finished.emit(result)


@dataclass(frozen=True)
class FoundHighlights:
    """The worker's answer to a request for highlights: each article's (those still indexed),
    and the fact records the query's fact terms match, whose passages such a hit leads with."""

    highlights: Mapping[str, Highlights]
    records: tuple[str, ...]


class LibraryWorker(QObject):
    """Builds the index and answers searches in its own thread, one request at a time.

    Requests carry increasing ids; a search request older than the newest one asked for is
    skipped without running, so typing fast never queues up stale searches. A search lists
    its results without snippets; the window then asks for the highlights of the rows it
    shows, with the search's id: asked for after a newer search, they are skipped too. The
    worker loads the facts once, when an archive opens, and hands them to the GUI thread;
    from then on it never reads them, as the GUI thread edits them: it is handed what the
    index needs of them, and the GUI thread ties search hits to records.
    """

    facts_ready = Signal()
    facts_failed = Signal(str)
    index_progress = Signal(int, int)
    index_ready = Signal(object)
    index_failed = Signal(str)
    results_ready = Signal(int, object)
    search_failed = Signal(int, str)
    # After results_ready, when ``all_found_wanted``: every article the search found, best
    # first (the results list only the best RESULT_LIMIT).
    articles_found = Signal(int, object)
    # The search's id and a FoundHighlights.
    highlights_ready = Signal(int, object)

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.latest_request = 0
        # Set from the GUI thread: a picture follows the search and needs all it finds.
        self.all_found_wanted = False
        # The last query's fact records (``fact_records``), asked again for each highlight.
        self._records: tuple[str, tuple[str, ...]] = ("", ())

    @Slot()
    def open_archive(self) -> None:
        """Loads the facts, hands them over, then brings the index in step with them.

        What the index needs of the facts is taken before ``facts_ready``: from then on the
        GUI thread may edit them.
        """
        try:
            extra = fact_fields(self.library.store)
        except Exception as exc:
            self.facts_failed.emit(f"Could not load the facts: {exc}")
            return
        self.facts_ready.emit()
        self.build_index(extra)

    @Slot(object)
    def build_index(self, fact_fields: Extra) -> None:
        try:
            report = self.library.ensure_index(self.index_progress.emit, extra=fact_fields)
        except Exception as exc:
            self.index_failed.emit(f"Could not build the index: {exc}")
            return
        self.index_ready.emit(report)

    @Slot(int, str)
    def search(self, request_id: int, query: str) -> None:
        if request_id < self.latest_request:
            return
        try:
            results = self.library.index.search(query, limit=RESULT_LIMIT, highlight=False)
        except QueryError as exc:
            self.search_failed.emit(request_id, str(exc))
            return
        except Exception as exc:
            self.search_failed.emit(request_id, f"Search failed: {exc}")
            return
        self.results_ready.emit(request_id, results)
        if self.all_found_wanted:
            if results.total > len(results.hits):
                everything = self.library.index.search(query, results.total, highlight=False)
                results = everything
            self.articles_found.emit(request_id, [hit.id for hit in results.hits])

    @Slot(int, str, object)
    def highlight(self, request_id: int, query: str, article_ids: Sequence[str]) -> None:
        """The highlights of these articles for the search ``request_id`` (of ``query``)."""
        if request_id < self.latest_request:
            return
        index = self.library.index
        try:
            found = index.highlights(query, article_ids)
            if self._records[0] != query:
                self._records = (query, tuple(index.fact_records(query)))
        except Exception as exc:
            self.search_failed.emit(request_id, f"Search failed: {exc}")
            return
        # An article no longer indexed has none: its row shows no snippet.
        every = {article_id: found.get(article_id, NO_HIGHLIGHTS) for article_id in article_ids}
        self.highlights_ready.emit(request_id, FoundHighlights(every, self._records[1]))


class WorkerThread(QObject):
    """Owns a LibraryWorker and the thread it lives in; stops the thread when asked."""

    request_open = Signal()
    request_index = Signal(object)
    request_search = Signal(int, str)
    request_highlights = Signal(int, str, object)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = LibraryWorker(library)
        self._thread = thread_for(self.worker, "library-worker")
        self.request_open.connect(self.worker.open_archive)
        self.request_index.connect(self.worker.build_index)
        self.request_search.connect(self.worker.search)
        self.request_highlights.connect(self.worker.highlight)
        self._thread.start()
        self._next_id = 0
        self._opened = False
        # A search asked for before the archive is opened waits for it (the last one only).
        self._held_search: tuple[int, str] | None = None

    def search(self, query: str) -> int:
        """Asks for a search; returns its request id (results with another id are stale)."""
        self._next_id += 1
        self.worker.latest_request = self._next_id
        if self._opened:
            self.request_search.emit(self._next_id, query)
        else:
            self._held_search = (self._next_id, query)
        return self._next_id

    def highlight(self, request_id: int, query: str, article_ids: Sequence[str]) -> None:
        """Asks for the highlights of these articles, for the search ``request_id`` whose
        results they are (``highlights_ready`` answers, unless a newer search was asked)."""
        self.request_highlights.emit(request_id, query, list(article_ids))

    def open_archive(self) -> None:
        """Asks for the archive's facts to be loaded (``facts_ready`` says when), then for its
        index to be brought in step (``index_ready``); then for a search asked for before."""
        self._opened = True
        self.request_open.emit()
        if self._held_search is not None:
            self.request_search.emit(*self._held_search)
            self._held_search = None

    def index(self, store: FactStore) -> None:
        """Asks for the index to be brought in step with the articles and these facts."""
        self.request_index.emit(fact_fields(store))

    def stop(self) -> None:
        """Stops the thread once its request in hand is done, and lets Qt delete the worker,
        the thread and this object: opening another archive leaves nothing of this one."""
        end_thread(self._thread)
        self.worker.deleteLater()
        self.deleteLater()
