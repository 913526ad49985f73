"""An opened archive: its articles, their problems and the search index kept in step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from archive_gui.core.archive import ArchivePaths
from archive_gui.core.articles import Article, load_articles
from archive_gui.core.problems import Problem
from archive_gui.core.search import Progress, SearchResults, SyncReport, WhooshIndex

IndexFactory = Callable[[Path], WhooshIndex]


class UnknownArticleError(KeyError):
    """No article has that id."""

    def __str__(self) -> str:
        return f"no article with id '{self.args[0]}'"


class Library:
    """What the CLI and the GUI open: one archive folder, loaded and searchable."""

    def __init__(self, paths: ArchivePaths, index_factory: IndexFactory = WhooshIndex) -> None:
        self.paths = paths
        loaded = load_articles(paths.articles_dir)
        self.articles: dict[str, Article] = loaded.articles
        self.problems: list[Problem] = loaded.problems
        self.index = index_factory(paths.index_dir)
        self._synced = False

    @classmethod
    def open(cls, root: Path) -> Library:
        """Opens the archive at ``root``; raises NotAnArchiveError for any other folder."""
        return cls(ArchivePaths.open(root))

    def article(self, article_id: str) -> Article:
        try:
            return self.articles[article_id]
        except KeyError:
            raise UnknownArticleError(article_id) from None

    def ensure_index(self, progress: Progress | None = None, rebuild: bool = False) -> SyncReport:
        """Builds the index on first use and brings it in step with the articles."""
        if rebuild:
            self.index.rebuild(self.articles, progress)
            report = SyncReport(rebuilt=True, reason="asked for")
        else:
            report = self.index.sync(self.articles, progress)
        self._synced = True
        return report

    def search(self, query: str, limit: int = 20, highlight: bool = True) -> SearchResults:
        if not self._synced:
            self.ensure_index()
        return self.index.search(query, limit, highlight)

    def close(self) -> None:
        self.index.close()
