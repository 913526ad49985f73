"""Opening an archive reads its articles off the GUI thread, counts them, and can be
cancelled, leaving the archive open before in the window."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from archive_gui.core.archive.folder import NotAnArchiveError
from archive_gui.core.library import Library
from archive_gui.ui import opening
from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.opening import ArchiveOpening, OpeningFailed, open_library
from tests.conftest import article_file

ARTICLES = 450  # more than two rounds of PROGRESS_EVERY


@pytest.fixture
def larger_archive(tmp_path: Path) -> Path:
    root = tmp_path / "larger"
    (root / "articles").mkdir(parents=True)
    for i in range(ARTICLES):
        text = article_file(f"a-{i:04d}", f"Article {i}. Orange rachète Cloudwatt.")
        (root / "articles" / f"a-{i:04d}.md").write_text(text, "utf-8")
    return root


def test_opening_counts_the_articles_read(qtbot: QtBot, larger_archive: Path) -> None:
    job = ArchiveOpening(larger_archive)
    counts: list[tuple[int, int]] = []
    job.counted.connect(lambda done, total: counts.append((done, total)))
    library = job.run()
    assert library is not None
    assert len(library.articles) == ARTICLES
    assert counts[0] == (0, ARTICLES)
    assert counts[-1] == (ARTICLES, ARTICLES)
    assert [done for done, _ in counts] == sorted(done for done, _ in counts)
    assert Library.open(larger_archive).articles == library.articles


class SlowOpening(ArchiveOpening):
    """An opening that reads its files slowly, as a large archive on a slow disk is read,
    so that a person has the time to cancel it."""

    def _progress(self, done: int, total: int) -> None:
        time.sleep(0.05)
        super()._progress(done, total)


def test_cancelling_stops_the_opening(qtbot: QtBot, larger_archive: Path) -> None:
    job = SlowOpening(larger_archive)
    counts: list[int] = []

    def cancel(done: int, total: int) -> None:
        counts.append(done)
        job.cancel()

    job.counted.connect(cancel)
    assert job.run() is None
    assert counts == [0]  # stopped at the next look


def test_a_folder_that_is_not_an_archive_is_said_at_once(tmp_path: Path) -> None:
    with pytest.raises(NotAnArchiveError):
        open_library(tmp_path / "nothing-here")


def test_an_archive_that_cannot_be_read_is_an_error_message(
    qtbot: QtBot, larger_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(*args: object, **kwargs: object) -> Library:
        raise PermissionError("Permission denied: 'articles'")

    monkeypatch.setattr(opening, "Library", unreadable)
    with pytest.raises(OpeningFailed, match="Permission denied"):
        open_library(larger_archive)


def test_the_window_keeps_its_archive_when_an_opening_is_cancelled(
    qtbot: QtBot, window: MainWindow, larger_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = window.library
    monkeypatch.setattr(opening, "SHOWN_AFTER_MS", 0)
    monkeypatch.setattr(opening, "ArchiveOpening", SlowOpening)

    labels: list[str] = []

    def cancel_when_shown() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.windowTitle() == "Open Archive"
        ]
        if dialogs and dialogs[0].isVisible() and "articles" in dialogs[0].labelText():
            labels.append(dialogs[0].labelText())
            button = dialogs[0].findChild(QPushButton)
            assert button is not None
            assert button.text() == "Cancel"
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(5, cancel_when_shown)

    QTimer.singleShot(0, cancel_when_shown)
    assert not window.open_archive(larger_archive)
    assert labels == [f"Opening larger: 0 of {ARTICLES} articles"]
    assert window.library is before
    assert window.library_list.model.rowCount() == len(before.articles)
    monkeypatch.setattr(opening, "ArchiveOpening", ArchiveOpening)
    assert window.open_archive(larger_archive)
    assert window.library_list.model.rowCount() == ARTICLES


def test_a_small_archive_opens_without_a_dialog(qtbot: QtBot, bundled_archive: Path) -> None:
    job = ArchiveOpening(bundled_archive)
    assert job.run() is not None
    assert job.dialog is None  # nothing flashed on the screen
