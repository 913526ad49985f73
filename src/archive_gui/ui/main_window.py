"""The main window: for now, the list of the archive's articles."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QMainWindow

from archive_gui.core.library import Library


class MainWindow(QMainWindow):
    """Lists the articles of an archive (the full window is issue #4)."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.setWindowTitle(f"Archive Browser — {library.paths.root.name}")
        self.article_list = QListWidget()
        for article in library.articles.values():
            self.article_list.addItem(f"{article.published.isoformat()}  {article.title}")
        self.setCentralWidget(self.article_list)
        self.resize(800, 500)
