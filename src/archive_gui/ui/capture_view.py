"""The raw capture an article was made from, shown read-only as plain text (provenance)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.provenance import Capture, CaptureError, read_capture
from archive_gui.ui.reader import ReaderView


class CaptureView(QDialog):
    """A window on one capture file: its text exactly as stored, never read as HTML."""

    def __init__(self, article: Article, capture: Capture, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Original capture of “{article.title}”")
        self.source = QLabel(f"{capture.path}  ·  {capture.encoding}")
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source.setWordWrap(True)
        self.source.setToolTip("The file this article's text was made from, as it was captured")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setPlainText(capture.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)


class OriginalCapture(QObject):
    """View > Show Original Capture: the open article's capture, in a window of its own."""

    failed = Signal(str, str)

    def __init__(self, reader: ReaderView, parent: QWidget) -> None:
        super().__init__(parent)
        self._reader = reader
        self._parent = parent
        self._articles_dir: Path | None = None
        self.view: CaptureView | None = None
        self.action = QAction("Show Original &Capture", self)
        self.action.setShortcut(QKeySequence("Ctrl+U"))
        self.action.setToolTip("The raw capture this article was made from (provenance)")
        self.action.triggered.connect(self.show_capture)
        reader.body.textChanged.connect(self.update_enabled)
        self.update_enabled()

    def set_articles_dir(self, folder: Path) -> None:
        self._articles_dir = folder
        self.update_enabled()

    def update_enabled(self) -> None:
        article = self._reader.article
        self.action.setEnabled(article is not None and bool(article.source_file))

    def show_capture(self) -> bool:
        """Opens the capture's window; says why when the article has none that can be shown."""
        article = self._reader.article
        if article is None or self._articles_dir is None:
            return False
        try:
            capture = read_capture(self._articles_dir, article)
        except CaptureError as exc:
            self.failed.emit("No original capture", str(exc))
            return False
        if self.view is not None:
            self.view.close()
        view = CaptureView(article, capture, self._parent)
        view.destroyed.connect(lambda _=None, gone=view: self._forget(gone))
        view.show()
        self.view = view
        return True

    def _forget(self, view: CaptureView) -> None:
        if self.view is view:
            self.view = None
