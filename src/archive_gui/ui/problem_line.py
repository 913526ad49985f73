"""The status bar's line about the archive's problems: the first one, elided to its room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ProblemLine(QLabel):
    """Shows one line elided to the width it is given, the whole of it in its tooltip.

    A status bar's own message is cut where the permanent widgets start, mid-word and
    touching them ("…joint-ventureIndexing…"); this label ends in "…" and leaves a gap. As a
    normal status bar widget it gives way to a passing notice and comes back after it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setContentsMargins(0, 0, 12, 0)

    def full_text(self) -> str:
        """The line as set, before it was elided."""
        return self._text

    def set_line(self, text: str, details: str = "") -> None:
        self._text = text
        self.setToolTip(details or text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        metrics = self.fontMetrics()
        super().setText(metrics.elidedText(self._text, Qt.TextElideMode.ElideRight, room))
