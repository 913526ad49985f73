"""A long session in one window: thousands of highlights must not wear the process down.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``None`` on every
``QTextCursor.setPosition`` and ``QTextCharFormat.setBackground`` call; after a few hundred
record selections the count reached zero and the process aborted (``none_dealloc``). Short
tests never showed it, so this one does what a long day of reading does and watches the count.
"""

from __future__ import annotations

import gc
import itertools
import sys
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from archive_gui.ui.main_window import MainWindow


def showing(window: MainWindow, query: str) -> Callable[[], bool]:
    """Whether the window shows the results of ``query`` (for waitUntil)."""
    return lambda: window.search_pane.shown_query == query


ROUNDS = 1500
SLACK = 50
SEARCHES = ("cloud souverain", "fluxus", "rachat", "numergy", "actionnaires", "hébergeur")


def test_a_long_session_keeps_none_alive(qtbot: QtBot, window: MainWindow) -> None:
    records = [record.id for record in window.library.store if record.evidence]
    articles = sorted(window.library.articles)
    queries = itertools.cycle(SEARCHES)
    assert window.worker is not None
    # What earlier tests left for the collector holds references to None too; freed during
    # the session, it would look like a loss (seen once in the full suite: -470 by round 42).
    gc.collect()
    before = sys.getrefcount(None)
    for round_number in range(ROUNDS):
        window.fact_panel.select_record(records[round_number % len(records)])
        window.open_article(articles[round_number % len(articles)], remember=False)
        if round_number % 3 == 0:
            query = next(queries)
            window.search_pane.set_query(query)
            # Waits on the window, not on the worker's signal: a test's wait connected to a
            # signal emitted in the worker thread would stop its timer from that thread.
            qtbot.waitUntil(showing(window, query), timeout=10_000)
        # Fail while the process can still report it: at zero it aborts.
        assert sys.getrefcount(None) >= before - SLACK, f"None lost references by {round_number}"
    # Caches may hold a few more references; a falling count is what kills the process.
    assert sys.getrefcount(None) >= before
    assert window.reader.article is not None
