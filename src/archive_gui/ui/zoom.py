"""Zooming the reader's text: View > Zoom In, Zoom Out and Actual Size, remembered."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

# The sizes offered, in percent of the reader's own size, as a browser's zoom steps them.
ZOOM_LEVELS = (50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
ZOOM_KEY = "view/zoom"


def _nearest(percent: int) -> int:
    return min(ZOOM_LEVELS, key=lambda level: abs(level - percent))


class ReaderZoom(QObject):
    """Scales a widget's font (the reader's text) by steps; the size is kept in the settings."""

    def __init__(self, target: QWidget, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self._settings = settings
        self._base = target.font().pointSizeF()
        self.zoom_in_action = QAction("Zoom &In", self)
        # Ctrl+= too: on most keyboards "+" needs Shift.
        self.zoom_in_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        self.zoom_out_action = QAction("Zoom &Out", self)
        self.zoom_out_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomOut)])
        self.reset_action = QAction("&Actual Size", self)
        self.reset_action.setShortcut(QKeySequence("Ctrl+0"))
        self.actions = [self.zoom_in_action, self.zoom_out_action, self.reset_action]
        self.zoom_in_action.triggered.connect(self.zoom_in)
        self.zoom_out_action.triggered.connect(self.zoom_out)
        self.reset_action.triggered.connect(self.reset)
        saved = settings.value(ZOOM_KEY, 100)
        try:
            self.percent = _nearest(int(str(saved)))
        except ValueError:
            self.percent = 100
        self._apply()

    def zoom_in(self) -> None:
        self.set_percent(next((z for z in ZOOM_LEVELS if z > self.percent), self.percent))

    def zoom_out(self) -> None:
        self.set_percent(next((z for z in reversed(ZOOM_LEVELS) if z < self.percent), self.percent))

    def reset(self) -> None:
        self.set_percent(100)

    def set_percent(self, percent: int) -> None:
        self.percent = _nearest(percent)
        self._settings.setValue(ZOOM_KEY, self.percent)
        self._apply()

    def _apply(self) -> None:
        font = self._target.font()
        font.setPointSizeF(self._base * self.percent / 100)
        self._target.setFont(font)
        self.zoom_in_action.setEnabled(self.percent < ZOOM_LEVELS[-1])
        self.zoom_out_action.setEnabled(self.percent > ZOOM_LEVELS[0])
        self.reset_action.setEnabled(self.percent != 100)
        self._target.setToolTip("" if self.percent == 100 else f"Zoom: {self.percent}%")
