"""Opening an archive off the GUI thread, with a dialog that counts the articles read.

Reading 100,000 articles takes about 6 s, 35 s the first time (before their parsed copy is
made): the window, or the screen before it, says how far it is and can be cancelled.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from archive_gui.core.archive.folder import ArchivePaths
from archive_gui.core.library import Library
from archive_gui.ui.workers import Job, end_thread, thread_for

# How long an opening runs before its dialog shows: a small archive opens without one.
SHOWN_AFTER_MS = 400


class OpeningCancelled(Exception):
    """The person cancelled the opening: raised in the loading thread to stop it."""


class OpeningFailed(Exception):
    """The archive could not be read; the message says why."""


class ArchiveOpening(QObject):
    """One archive being opened: ``run`` waits for it, the dialog meanwhile counting."""

    # How many articles are read, of how many: sent from the loading thread, received here.
    counted = Signal(int, int)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__()
        self.paths = ArchivePaths.open(folder)  # NotAnArchiveError at once, before any thread
        self.parent_widget = parent
        # Made once the opening has run SHOWN_AFTER_MS: making one takes 11 ms, a tenth of
        # what opening a small archive costs before its first paint.
        self.dialog: QProgressDialog | None = None
        self.counted.connect(self._on_counted)
        self._count: tuple[int, int] | None = None  # read, of how many: once said
        self._cancelled = threading.Event()
        self._loop = QEventLoop()
        self._outcome: Library | OpeningFailed | None = None

    def run(self) -> Library | None:
        """The library, once its articles are read; None if the person cancelled. Raises
        OpeningFailed."""
        job = Job(self._load)
        thread = thread_for(job, "opening", job.run)
        # Slots of this object, in the GUI thread: they run in the loop below.
        job.finished.connect(self._on_ended)
        job.failed.connect(self._on_failed)
        QTimer.singleShot(SHOWN_AFTER_MS, self, self._show_dialog)
        thread.start()
        self._loop.exec()
        end_thread(thread)
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        if isinstance(self._outcome, OpeningFailed):
            raise self._outcome
        return self._outcome

    def _show_dialog(self) -> None:
        if self._loop.isRunning():
            name = self.paths.root.name
            dialog = QProgressDialog(f"Opening {name}…", "Cancel", 0, 0, self.parent_widget)
            dialog.setWindowTitle("Open Archive")
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoReset(False)
            dialog.setAutoClose(False)
            dialog.canceled.connect(self._cancelled.set)
            self.dialog = dialog
            if self._count is not None:
                self._on_counted(*self._count)
            dialog.show()

    @Slot(object)
    def _on_ended(self, library: Library | None) -> None:
        self._outcome = library
        self._loop.quit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._outcome = OpeningFailed(message)
        self._loop.quit()

    def cancel(self) -> None:
        """Stops the opening as the dialog's Cancel button does."""
        self._cancelled.set()
        if self.dialog is not None:
            self.dialog.cancel()

    def _load(self) -> Library | None:
        try:
            return Library(self.paths, progress=self._progress)
        except OpeningCancelled:
            return None

    def _progress(self, done: int, total: int) -> None:
        """In the loading thread: says how far it is, and stops if cancelled."""
        if self._cancelled.is_set():
            raise OpeningCancelled
        self.counted.emit(done, total)

    def _on_counted(self, done: int, total: int) -> None:
        self._count = (done, total)
        if self.dialog is None or self._cancelled.is_set():
            return
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        name = self.paths.root.name
        self.dialog.setLabelText(f"Opening {name}: {done:,} of {total:,} articles")


def open_library(folder: Path, parent: QWidget | None = None) -> Library | None:
    """The archive in ``folder``, read off the GUI thread; None if the person cancelled.
    Raises NotAnArchiveError for a folder that is not an archive, OpeningFailed if it could
    not be read."""
    return ArchiveOpening(folder, parent).run()
