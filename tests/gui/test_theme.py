"""View > Theme: light or dark whatever the desktop says, applied at once and remembered."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from archive_gui.ui.theme import (
    DARK,
    LIGHT,
    SYSTEM,
    THEME_KEY,
    ErrorLabel,
    apply_theme,
    is_dark,
)
from tests.gui.conftest import WindowFactory, contrast


@pytest.fixture(autouse=True)
def system_theme_after() -> Iterator[None]:
    """The other tests run in the palette the application started with."""
    yield
    apply_theme(SYSTEM)


def base_and_text() -> tuple[str, str]:
    palette = QApplication.palette()
    role = QPalette.ColorRole
    return palette.color(role.Base).name(), palette.color(role.Text).name()


def palette_is(widget: QWidget, dark: bool) -> bool:
    return is_dark(widget.palette()) == dark


def test_dark_and_light_are_applied_at_once_and_system_gives_the_start_back(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    started = base_and_text()
    window.theme.actions[DARK].trigger()
    assert is_dark(QApplication.palette())
    # The widgets follow (their palettes change by posted events), not only the application.
    qtbot.waitUntil(lambda: is_dark(window.reader.body.palette()), timeout=2_000)
    window.theme.actions[LIGHT].trigger()
    assert not is_dark(QApplication.palette())
    assert QApplication.style().name().lower() == "fusion"
    window.theme.actions[SYSTEM].trigger()
    assert base_and_text() == started
    assert window.theme.actions[SYSTEM].isChecked()


def test_the_theme_is_remembered_for_the_next_start(
    qtbot: QtBot, make_window: WindowFactory, settings_path: Path
) -> None:
    first = make_window()
    first.theme.actions[DARK].trigger()
    first.close()
    assert QSettings(str(settings_path), QSettings.Format.IniFormat).value(THEME_KEY) == DARK
    apply_theme(SYSTEM)  # as a new process would start
    assert not is_dark(QApplication.palette())
    second = make_window()
    assert second.theme.actions[DARK].isChecked()
    assert is_dark(QApplication.palette())


def test_an_error_message_reads_in_both_themes(qtbot: QtBot) -> None:
    label = ErrorLabel("Acquirer: a deal needs an acquirer and a target")
    qtbot.addWidget(label)
    role = QPalette.ColorRole
    for theme in (LIGHT, DARK):
        apply_theme(theme)
        dark = theme == DARK
        qtbot.waitUntil(partial(palette_is, label, dark), timeout=2_000)
        palette = label.palette()
        text, background = palette.color(role.WindowText), palette.color(role.Window)
        assert text.red() > text.green(), theme  # still red
        assert contrast(text, background) >= 4.5, theme
