"""Archive Browser: search, read and annotate a French press archive."""

from archive_gui.core.archive.articles import Article, load_articles
from archive_gui.core.archive.folder import ArchivePaths, NotAnArchiveError
from archive_gui.core.library import Library
from archive_gui.core.search.index import QueryError, SearchEngine, SearchResults, WhooshIndex

__all__ = [
    "ArchivePaths",
    "Article",
    "Library",
    "NotAnArchiveError",
    "QueryError",
    "SearchEngine",
    "SearchResults",
    "WhooshIndex",
    "load_articles",
]
