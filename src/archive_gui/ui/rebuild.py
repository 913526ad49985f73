"""File > Rebuild Index: the archive's index built afresh in a thread, and cancellable.

The index in use keeps answering searches while the new one is built beside it (see
``WhooshIndex.rebuild``); the new one takes its place only when it is whole. Cancelling
stops the build and removes it: the index in use stays as it was.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from archive_gui.core.library import Library
from archive_gui.core.search.fact_documents import fact_fields
from archive_gui.core.search.results import BuildCancelled
from archive_gui.ui.workers import Job, end_thread, thread_for


class RebuildProgress(QWidget):
    """The status bar's "Rebuilding the index" bar, with its Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("Rebuilding the index")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setMaximumHeight(16)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the rebuild; the index in use stays as it is")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)

    def show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        if total and done >= total and self.cancel_button.isEnabled():
            # Every article is written; the new index is being listed, checked and swapped in.
            self.label.setText("Finishing the index")


class IndexRebuilder(QObject):
    """The Rebuild Index and Cancel Index Rebuild actions, and the thread they run."""

    # Progress of the build, from its thread: (documents done, documents in all).
    progressed = Signal(int, int)
    # The new index is in use: a line for the status bar.
    rebuilt = Signal(str)
    # The rebuild was cancelled or failed: a line for the status bar (failures also go
    # through ``failed``).
    stopped = Signal(str)
    failed = Signal(str, str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.library: Library | None = None
        self.progress = RebuildProgress(window)
        self.progress.hide()
        self.rebuild_action = QAction("Re&build Index", self)
        self.rebuild_action.setStatusTip(
            "Build the search index afresh; searches use the current one until it is done"
        )
        self.cancel_action = QAction("Cancel Index Rebuild", self)
        self.rebuild_action.triggered.connect(self.rebuild)
        self.cancel_action.triggered.connect(self.cancel)
        self.progress.cancel_button.clicked.connect(self.cancel)
        self.progressed.connect(self.progress.show_progress)
        self._cancel = threading.Event()
        self._thread: QThread | None = None
        self._job: Job | None = None
        self._ready = False
        self._update_actions()

    @property
    def running(self) -> bool:
        return self._job is not None

    def set_library(self, library: Library) -> None:
        """The archive whose index is rebuilt; one rebuilding for another archive stops."""
        self.shutdown()
        self.library = library
        self.set_ready(False)

    def set_ready(self, ready: bool) -> None:
        """Whether the archive's facts are loaded and its first sync is over (until then the
        worker may be building the index, and there is nothing to rebuild from)."""
        self._ready = ready
        self._update_actions()

    def rebuild(self) -> None:
        """Starts a rebuild from the articles and facts as they are now."""
        library = self.library
        if library is None or self.running or not self._ready:
            return
        articles = dict(library.articles)
        extra = fact_fields(library.store)
        cancel = self._cancel
        cancel.clear()
        started = time.perf_counter()

        def work() -> tuple[int, float] | None:
            try:
                library.index.rebuild(articles, self.progressed.emit, extra, cancel.is_set)
            except BuildCancelled:
                return None
            return len(articles), time.perf_counter() - started

        self._job = Job(work)
        self._thread = thread_for(self._job, "index-rebuild", self._job.run)
        self._job.finished.connect(self._on_finished)
        self._job.failed.connect(self._on_failed)
        self.progress.show_progress(0, 0)
        self.progress.show()
        self._update_actions()
        self._thread.start()

    def cancel(self) -> None:
        """Asks the build to stop; it does within a moment, and ``stopped`` says so."""
        if self.running:
            self._cancel.set()
            self.progress.label.setText("Cancelling")
            self.progress.cancel_button.setEnabled(False)

    def shutdown(self) -> None:
        """Cancels a rebuild in hand and waits for it to stop (the window closes, or shows
        another archive)."""
        self.cancel()
        self._end()

    def _on_finished(self, built: tuple[int, float] | None) -> None:
        if not self._end():
            return  # stopped by shutdown, which waited for it
        if built is None:
            self.stopped.emit("Index rebuild cancelled: the index in use is unchanged")
        else:
            articles, seconds = built
            self.rebuilt.emit(f"Index rebuilt: {articles} articles in {seconds:.1f} s")

    def _on_failed(self, message: str) -> None:
        if not self._end():
            return
        self.stopped.emit("Index rebuild failed: the index in use is unchanged")
        self.failed.emit("Rebuild Index", f"Could not rebuild the index: {message}")

    def _end(self) -> bool:
        """Ends the rebuild in hand; False if there was none (it had ended already)."""
        if self._job is None:
            return False
        if self._thread is not None:
            end_thread(self._thread)
            self._thread = None
        self._job.deleteLater()
        self._job = None
        self.progress.hide()
        self.progress.label.setText("Rebuilding the index")
        self.progress.cancel_button.setEnabled(True)
        self._update_actions()
        return True

    def _update_actions(self) -> None:
        self.rebuild_action.setEnabled(self._ready and not self.running)
        self.cancel_action.setEnabled(self.running)
