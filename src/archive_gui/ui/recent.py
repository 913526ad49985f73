"""File > Open Recent: the archives opened lately, kept in the settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from archive_gui.core.archive.recent import recent_archives, remember, without_missing

RECENT_KEY = "archive/recent"


class RecentArchives(QObject):
    """The Open Recent menu: choosing an archive emits its folder; one that is gone is greyed."""

    archive_chosen = Signal(object)

    def __init__(self, settings: QSettings, parent: QWidget) -> None:
        super().__init__(parent)
        self._settings = settings
        self.menu = QMenu("Open &Recent", parent)
        self.remove_missing_action = QAction("&Remove Missing Archives", self)
        self.clear_action = QAction("&Clear Menu", self)
        self.remove_missing_action.triggered.connect(self._on_remove_missing)
        self.clear_action.triggered.connect(self._on_clear)
        self.menu.aboutToShow.connect(self.refresh)
        self.refresh()

    def paths(self) -> list[str]:
        value = self._settings.value(RECENT_KEY, [], list)
        return [p for p in value if isinstance(p, str) and p] if isinstance(value, list) else []

    def add(self, folder: Path) -> None:
        """Puts an archive that was just opened first in the list."""
        self._save(remember(self.paths(), folder))

    def _save(self, paths: list[str]) -> None:
        self._settings.setValue(RECENT_KEY, paths)
        self.refresh()

    def refresh(self) -> None:
        """Lists the archives again, checking which of them are still there."""
        self.menu.clear()
        entries = recent_archives(self.paths())
        for number, entry in enumerate(entries, 1):
            name, folder = (_escape(str(p)) for p in (entry.path.name, entry.path.parent))
            text = f"&{number} {name}" if number < 10 else name
            action = self.menu.addAction(f"{text}   {folder}")
            action.setData(str(entry.path))
            action.setEnabled(entry.exists)
            if entry.exists:
                action.setToolTip(str(entry.path))
                action.triggered.connect(
                    lambda _=False, path=entry.path: self.archive_chosen.emit(path)
                )
            else:
                action.setText(f"{action.text()} (missing)")
                action.setToolTip(f"{entry.path}: no longer an archive")
        if not entries:
            self.menu.addAction("No recent archives").setEnabled(False)
        self.menu.addSeparator()
        self.menu.addAction(self.remove_missing_action)
        self.menu.addAction(self.clear_action)
        self.remove_missing_action.setEnabled(any(not e.exists for e in entries))
        self.clear_action.setEnabled(bool(entries))
        self.menu.setToolTipsVisible(True)

    def archive_actions(self) -> list[QAction]:
        """The menu's entries for archives, greyed for those that are gone."""
        return [a for a in self.menu.actions() if isinstance(a.data(), str) and a.data()]

    def _on_remove_missing(self) -> None:
        self._save(without_missing(self.paths()))

    def _on_clear(self) -> None:
        self._save([])


def _escape(text: str) -> str:
    """Text shown as is in a menu: a "&" is not a mnemonic."""
    return text.replace("&", "&&")
