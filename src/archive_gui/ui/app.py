"""Starts the window on an archive."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from archive_gui.core.archive import NotAnArchiveError
from archive_gui.core.library import Library
from archive_gui.ui.display import missing_display_reason

HEADLESS_HINT = (
    "use the headless commands instead (archive-gui search|show|index --help), "
    "or run the window under xvfb-run"
)


def run_app(archive: Path, err: TextIO = sys.stderr) -> int:
    reason = missing_display_reason()
    if reason:
        print(f"archive-gui: {reason}; {HEADLESS_HINT}", file=err)
        return 2
    try:
        library = Library.open(archive)
    except NotAnArchiveError as exc:
        print(f"archive-gui: {exc}", file=err)
        return 2
    from PySide6.QtWidgets import QApplication

    from archive_gui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(library)
    window.show()
    return int(app.exec())
