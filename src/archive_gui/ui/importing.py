"""Bringing files into the open archive from the window: File > New Archive, Import Files,
Import Folder, and files or folders dropped on the window.

An import runs in a thread of its own, with a progress dialog whose Cancel keeps what is done.
The thread is handed copies of what it reads (the articles, the facts) and changes neither:
the window adds the new articles and commits the candidates, undoably, when it is over.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.folder import ArchivePaths
from archive_gui.core.archive.importing import SUFFIXES, ImportReport, import_paths
from archive_gui.core.facts.records import FactStore, Record
from archive_gui.core.library import Library
from archive_gui.ui.dialogs import Dialogs, open_message
from archive_gui.ui.workers import end_thread, thread_for

FILE_FILTER = "Saved pages and text files (" + " ".join(f"*{s}" for s in SUFFIXES) + ")"


class ImportJob(QObject):
    """One import: files read and written as articles, then their candidate records."""

    progress = Signal(int, int, str)
    finished = Signal(object, object)  # the ImportReport, the candidate records
    failed = Signal(str)

    def __init__(
        self,
        paths: ArchivePaths,
        articles: Mapping[str, Article],
        store: FactStore | None,
        sources: Sequence[Path],
    ) -> None:
        super().__init__()
        self.paths = paths
        self.articles = dict(articles)
        # None: the facts cannot take candidates (read-only), import the articles only.
        self.store = store
        self.sources = list(sources)
        self.cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            report = import_paths(
                self.paths, self.articles, self.sources, self._on_file, self.cancel.is_set
            )
            candidates = self._candidates(report)
        except Exception as exc:  # any failure is said in the window, never a dead thread
            self.failed.emit(f"The import stopped: {exc}")
            return
        self.finished.emit(report, candidates)

    def _on_file(self, done: int, total: int, name: str) -> None:
        self.progress.emit(done, total, f"Importing {done + 1} of {total}: {name}")

    def _candidates(self, report: ImportReport) -> list[Record]:
        new = report.articles
        if self.store is None or not new or self.cancel.is_set():
            return []
        from archive_gui.core.facts.extraction import Extractor

        total = len(new)
        self.progress.emit(0, total, "Loading the French language model…")
        extractor = Extractor(self.store)

        def done(count: int) -> None:
            self.progress.emit(count, total, f"Proposing records: {count} of {total} articles")

        return extractor.extract_all(new, done, self.cancel.is_set)


class ImportController(QObject):
    """The import actions and the window's drop target; one import at a time."""

    # An import ended: its report and the candidate records to add to the facts.
    imported = Signal(object, object)
    # A new, empty archive was made and is to be shown.
    archive_created = Signal(object)
    failed = Signal(str, str)

    def __init__(self, window: QWidget, dialogs: Dialogs) -> None:
        super().__init__(window)
        self.window = window
        self.dialogs = dialogs
        self.library: Library | None = None
        self.facts_writable = False
        self.job: ImportJob | None = None
        self._thread: QThread | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.summary_box: QMessageBox | None = None
        # The import running was for an archive no longer shown: its result is not added.
        self._other_archive = False
        self.new_archive_action = QAction("&New Archive…", self)
        self.new_archive_action.setShortcut(QKeySequence.StandardKey.New)
        self.import_files_action = QAction("&Import Files…", self)
        self.import_files_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_folder_action = QAction("Import &Folder…", self)
        self.actions = [
            self.new_archive_action,
            self.import_files_action,
            self.import_folder_action,
        ]
        window.addActions(self.actions)
        self.new_archive_action.triggered.connect(self._on_new_archive)
        self.import_files_action.triggered.connect(self._on_import_files)
        self.import_folder_action.triggered.connect(self._on_import_folder)
        window.setAcceptDrops(True)

    def set_library(self, library: Library, facts_writable: bool) -> None:
        """The archive imports go to; candidates only once its facts are loaded and writable.

        Another archive opened during an import stops it: what it wrote stays in the archive
        it was writing to, and nothing of it is added to the one now shown."""
        if self.running and library is not self.library:
            self.cancel()
            self._other_archive = True
        self.library = library
        self.facts_writable = facts_writable

    def shutdown(self) -> None:
        """Stops a running import and waits for its thread (the window is closing)."""
        if self.running:
            self.cancel()
            self._other_archive = True
            self._stop()

    @property
    def running(self) -> bool:
        return self.job is not None

    # -- asking -----------------------------------------------------------------------------

    def _on_new_archive(self) -> None:
        folder = self.dialogs.choose_folder(self.window, "New Archive: choose an empty folder")
        if folder is None:
            return
        try:
            library = Library.create(folder)
        except Exception as exc:
            self.failed.emit("New archive", str(exc))
            return
        self.archive_created.emit(library)

    def _on_import_files(self) -> None:
        files = self.dialogs.open_files(self.window, "Import Files", FILE_FILTER)
        if files:
            self.start(files)

    def _on_import_folder(self) -> None:
        folder = self.dialogs.choose_folder(self.window, "Import Folder")
        if folder is not None:
            self.start([folder])

    def accept_drag(self, event: QDragEnterEvent) -> None:
        """A drag of files or folders is welcome, unless an import is running."""
        if dropped_paths(event) and not self.running:
            event.acceptProposedAction()

    def drop(self, event: QDropEvent) -> None:
        """Files and folders dropped on the window are imported."""
        paths = dropped_paths(event)
        if paths and not self.running:
            event.acceptProposedAction()
            self.start(paths)

    # -- running ----------------------------------------------------------------------------

    def start(self, sources: Sequence[Path]) -> None:
        """Imports ``sources`` into the archive, off the GUI thread, with a progress dialog."""
        library = self.library
        if library is None or self.running:
            return
        store = FactStore(library.store) if self.facts_writable else None
        self.job = ImportJob(library.paths, library.articles, store, sources)
        self._thread = thread_for(self.job, "import", self.job.run)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)
        dialog = QProgressDialog("Importing…", "Cancel", 0, 0, self.window)
        dialog.setWindowTitle("Import")
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.progress_dialog = dialog
        for action in self.actions:
            action.setEnabled(False)
        self._thread.start()
        dialog.show()

    def cancel(self) -> None:
        """Stops after the file (or article) in hand; what is done stays."""
        if self.job is not None:
            self.job.cancel.set()
            if self.progress_dialog is not None:
                self.progress_dialog.setLabelText("Cancelling: finishing the file in hand…")

    def _on_progress(self, done: int, total: int, text: str) -> None:
        dialog = self.progress_dialog
        if dialog is None or self.job is None or self.job.cancel.is_set():
            return
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(text)

    def _on_finished(self, report: ImportReport, candidates: list[Record]) -> None:
        if self.job is None:  # stopped already (the window closed): nothing to show
            return
        other = self._other_archive
        self._stop()
        if other:
            return  # its articles are in the archive it wrote to; this one is not changed
        self.imported.emit(report, candidates)
        self._show_summary(report, candidates)

    def _on_failed(self, message: str) -> None:
        if self.job is None:
            return
        self._stop()
        self.failed.emit("Import", message)

    def _stop(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        if self._thread is not None:
            end_thread(self._thread)
            self._thread = None
        if self.job is not None:
            self.job.deleteLater()
            self.job = None
        for action in self.actions:
            action.setEnabled(True)
        self._other_archive = False

    def _show_summary(self, report: ImportReport, candidates: list[Record]) -> None:
        text, details = import_summary(report, len(candidates), self.facts_writable)
        info = QMessageBox.Icon.Information
        self.summary_box = open_message(self.window, info, "Import", text, details)


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    """The local files and folders a drag carries."""
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


def import_summary(report: ImportReport, candidates: int, extracted: bool) -> tuple[str, str]:
    """What the summary says (one paragraph) and its details (one line per file)."""
    imported = len(report.articles)
    lines = [f"{report.summary().capitalize()}."]
    if imported:
        lines.append("The new articles are in the Library tab and can be searched.")
    if extracted and candidates:
        lines.append(f"{candidates} candidate records to review in the Review tab.")
    elif imported and not extracted:
        lines.append("No records were proposed: the facts file is read-only until fixed.")
    details = []
    for outcome in report.outcomes:
        if outcome.status == "imported":
            details.append(f"Imported {outcome.source} as {outcome.article_id}")
            details += [f"    {note}" for note in outcome.notes]
        else:
            details.append(f"{outcome.status.capitalize()} {outcome.source}: {outcome.reason}")
    return "\n".join(lines), "\n".join(details)
