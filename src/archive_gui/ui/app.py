"""Starts the window on an archive, or renders it offscreen to a PNG (``--screenshot``)."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from archive_gui.core.archive.folder import (
    APPLICATION,
    ARTICLES_DIR,
    ORGANISATION,
    NotAnArchiveError,
    default_archive,
)
from archive_gui.ui.display import missing_display_reason

if TYPE_CHECKING:  # Qt is imported only once a display is known to be there
    from PySide6.QtCore import QSettings

    from archive_gui.ui.main_window import MainWindow

HEADLESS_HINT = (
    "use the headless commands instead (archive-gui search|show|index --help), "
    "or run the window under xvfb-run"
)
WAIT_MS = 60_000


@dataclass(frozen=True)
class ScreenshotRequest:
    """What ``--screenshot`` renders: the window with a query, an article and a record."""

    path: Path
    query: str | None = None
    article: str | None = None
    record: str | None = None
    size: tuple[int, int] = (1500, 900)
    dark: bool = False
    view: str | None = None  # "timeline", "graph" or "figures": shown in the pictures dock


def run_app(
    archive: Path | None, err: TextIO = sys.stderr, screenshot: ScreenshotRequest | None = None
) -> int:
    """Opens the window (on ``archive``, else the last one, else the default) until it closes."""
    if screenshot is not None and missing_display_reason():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    reason = missing_display_reason()
    if reason:
        print(f"archive-gui: {reason}; {HEADLESS_HINT}", file=err)
        return 2
    from PySide6.QtCore import QSettings, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from archive_gui.ui.main_window import MainWindow
    from archive_gui.ui.opening import OpeningFailed, open_library
    from archive_gui.ui.theme import DARK, apply_saved_theme, apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("Archive Browser")
    if screenshot is None:
        settings = QSettings()
    else:  # a screenshot neither reads nor changes the user's settings
        qInstallMessageHandler(_quiet_offscreen)
        if screenshot.dark:
            apply_theme(DARK)
        settings_file = Path(tempfile.mkdtemp()) / "settings.ini"
        settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    apply_saved_theme(settings)  # the opening's dialog, before the window, in it too
    folder = archive or last_archive(settings) or default_archive()
    try:
        library = open_library(folder)
    except (NotAnArchiveError, OpeningFailed) as exc:
        print(f"archive-gui: {exc}", file=err)
        return 2
    if library is None:  # cancelled before the window was shown
        return 0
    window = MainWindow(library, settings)
    if screenshot is not None:
        try:
            return render_screenshot(window, screenshot, err)
        finally:
            window.close()  # stops the worker thread before the window goes
    window.show()
    return int(app.exec())


def _quiet_offscreen(mode: object, context: object, message: str) -> None:
    """Drops the offscreen platform's notice that it cannot resize windows; prints the rest."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def last_archive(settings: QSettings) -> Path | None:
    """The archive the user had open last time, if it is still an archive."""
    value = settings.value("archive/last", "")
    if isinstance(value, str) and value and (Path(value) / ARTICLES_DIR).is_dir():
        return Path(value)
    return None


def render_screenshot(window: MainWindow, request: ScreenshotRequest, err: TextIO) -> int:
    """Puts the window in the asked state, waits for the worker, and saves it as a PNG."""
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QTimer

    from archive_gui.ui.main_window import LOADING_FACTS

    assert window.worker is not None
    worker = window.worker.worker

    def wait_for(signal: object) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(WAIT_MS, loop.quit)
        loop.exec()

    window.resize(*request.size)
    window.show()
    deadline = QDeadlineTimer(WAIT_MS)
    while window.index_status.text() == LOADING_FACTS and not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    if request.query:
        window.search_pane.query_edit.setText(request.query)
        window.search_pane.search_now()
        wait_for(worker.results_ready)
        QCoreApplication.processEvents()  # the rows laid out, their snippets asked for
        while window.search_pane.rows_awaiting_snippets() and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    if request.record and not window.fact_panel.select_record(request.record):
        print(f"archive-gui: no record with id '{request.record}'", file=err)
        return 2
    if request.article and not window.open_article(request.article):
        print(f"archive-gui: no article with id '{request.article}'", file=err)
        return 2
    if request.record:
        window.reader.set_selected_record(request.record)
    if request.view:
        window.show_picture(request.view)
        QCoreApplication.processEvents()
        while window.pictures.busy and not deadline.hasExpired():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    loop = QEventLoop()  # let the window lay itself out and paint
    QTimer.singleShot(100, loop.quit)
    loop.exec()
    request.path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(request.path)):
        print(f"archive-gui: cannot write {request.path}", file=err)
        return 2
    return 0
