"""Archive Browser: search, read and annotate a French press archive.

The names below are imported when first used (PEP 562), not with the package: every module
of the app imports this package first, and the window must not wait for the search engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive_gui.core.archive.articles import Article, load_articles
    from archive_gui.core.archive.folder import ArchivePaths, NotAnArchiveError
    from archive_gui.core.library import Library
    from archive_gui.core.search.index import WhooshIndex
    from archive_gui.core.search.results import QueryError, SearchEngine, SearchResults

_WHERE = {
    "ArchivePaths": "archive_gui.core.archive.folder",
    "Article": "archive_gui.core.archive.articles",
    "Library": "archive_gui.core.library",
    "NotAnArchiveError": "archive_gui.core.archive.folder",
    "QueryError": "archive_gui.core.search.results",
    "SearchEngine": "archive_gui.core.search.results",
    "SearchResults": "archive_gui.core.search.results",
    "WhooshIndex": "archive_gui.core.search.index",
    "load_articles": "archive_gui.core.archive.articles",
}
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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'archive_gui' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
