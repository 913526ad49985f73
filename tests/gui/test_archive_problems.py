"""The window on an archive with a faulty file: the status bar names the file and line at
fault, fits beside the index status, and the records of a flawed article stay shown."""

from __future__ import annotations

import html
from pathlib import Path

from pytestqt.qtbot import QtBot

from archive_gui.ui.main_window import MainWindow
from tests.gui.conftest import WindowFactory

FLUXUS = "fluxus-passe-sous-drapeau-anglais"


def test_a_typo_in_an_articles_date_is_named_at_its_line_and_hides_no_record(
    qtbot: QtBot, make_window: WindowFactory, archive: Path
) -> None:
    path = archive / "articles" / f"{FLUXUS}.md"
    path.write_text(
        path.read_text("utf-8").replace("published: 2001-04-04", "published: 2002-13-01"), "utf-8"
    )
    window = make_window()
    window.resize(1024, 700)
    qtbot.wait(50)
    line = window.problem_line
    assert line.full_text().startswith(
        f"1 problem in the archive's files: articles/{FLUXUS}.md:6: bad date '2002-13-01'"
    )
    assert "facts.yaml" not in line.full_text()
    assert not window.library.read_only
    assert window.fact_panel.select_record("fluxus")
    assert window.open_article(FLUXUS)
    header = html.unescape(window.reader.header.text())
    assert "unknown <i>(bad date '2002-13-01'" in header
    # Whatever the width, the line ends (elided if need be) before the index status begins.
    assert ends_before_index_status(window)
    window.resize(600, 700)
    qtbot.waitUntil(lambda: line.text() != line.full_text())
    assert line.text().endswith("…")
    assert ends_before_index_status(window)
    assert "indexed" in window.index_status.text()


def ends_before_index_status(window: MainWindow) -> bool:
    line = window.problem_line
    shown = line.fontMetrics().horizontalAdvance(line.text())
    return line.geometry().left() + shown < window.index_status.geometry().left()


def test_the_problem_line_is_empty_when_the_archive_has_no_problem(
    make_window: WindowFactory,
) -> None:
    window = make_window()
    assert window.problem_line.full_text() == ""
    assert window.problem_line.text() == ""
