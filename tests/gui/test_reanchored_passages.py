"""A passage re-anchored after its article changed: shown as waiting, confirmed by a person."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_gui.ui.main_window import MainWindow
from archive_gui.ui.record_format import record_issues
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import ScriptedDialogs, on_disk, press

NUMERGY = "numergy-repris-par-sfr"
THREE = "l'un de ses trois actionnaires"
TYPO = "l'un de ses trois actionaires"
RECORD = "cloudwatt-shareholder-count"


@pytest.fixture
def changed_archive(archive: Path) -> Path:
    path = archive / "articles" / f"{NUMERGY}.md"
    path.write_text(path.read_text("utf-8").replace(THREE, TYPO), "utf-8")
    return archive


def stored_quotes(archive: Path) -> list[str]:
    return [e.anchor.stored.quote for e in on_disk(archive)[RECORD].evidence]


def test_a_re_anchored_passage_waits_for_a_person_then_is_saved_at_its_new_place(
    make_window: WindowFactory, changed_archive: Path
) -> None:
    dialogs = ScriptedDialogs()
    window: MainWindow = make_window(dialogs)
    record = window.library.store[RECORD]
    assert any("re-anchored" in issue for issue in record_issues(record))
    assert THREE in stored_quotes(changed_archive)

    window.fact_panel.select_record(RECORD)
    dialogs.choices.append(0)
    press(window, "Ctrl+Shift+K")
    assert dialogs.asked[-1] == "Passage to confirm:"
    assert TYPO in [e.anchor.quote for e in on_disk(changed_archive)[RECORD].evidence]
    assert not any(e.anchor.awaiting_confirmation for e in window.library.store[RECORD].evidence)

    press(window, "Ctrl+Z")
    assert THREE in stored_quotes(changed_archive)
