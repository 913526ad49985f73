"""An opened archive: its articles, its facts, their problems, and the search index in step."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from archive_gui.core.archive import ArchivePaths
from archive_gui.core.articles import Article, load_articles
from archive_gui.core.bulk import Progress
from archive_gui.core.editing import RecordChange
from archive_gui.core.factindex import fact_fields
from archive_gui.core.facts import FactStore
from archive_gui.core.problems import Problem
from archive_gui.core.search import (
    Extra,
    SearchHit,
    SearchResults,
    Span,
    SyncReport,
    WhooshIndex,
)
from archive_gui.core.session import FactsSession

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
        self.article_problems: list[Problem] = loaded.problems
        self.facts = FactsSession.open(paths.facts_path, self.articles)
        self.index = index_factory(paths.index_dir)
        self._synced = False

    @classmethod
    def open(cls, root: Path) -> Library:
        """Opens the archive at ``root``; raises NotAnArchiveError for any other folder."""
        return cls(ArchivePaths.open(root))

    @property
    def store(self) -> FactStore:
        return self.facts.store

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the archive's files: articles first, then facts."""
        return [*self.article_problems, *self.facts.problems]

    @property
    def read_only(self) -> bool:
        """True when the facts file has errors: it must not be overwritten."""
        return self.facts.read_only

    def commit(self, edit: Sequence[RecordChange], forward: bool = True) -> None:
        """Applies an edit of the facts and saves it at once (see FactsSession.commit)."""
        self.facts.commit(edit, forward)

    def article(self, article_id: str) -> Article:
        try:
            return self.articles[article_id]
        except KeyError:
            raise UnknownArticleError(article_id) from None

    def ensure_index(
        self,
        progress: Progress | None = None,
        rebuild: bool = False,
        extra: Extra | None = None,
    ) -> SyncReport:
        """Builds the index on first use and brings it in step with the articles and facts.

        ``extra`` is the facts' contribution to each article's document (``fact_fields``); a
        worker thread is given it, made on the thread that owns the facts.
        """
        if extra is None:
            extra = fact_fields(self.store)
        if rebuild:
            self.index.rebuild(self.articles, progress, extra)
            report = SyncReport(rebuilt=True, reason="asked for")
        else:
            report = self.index.sync(self.articles, progress, extra)
        self._synced = True
        return report

    def search(self, query: str, limit: int = 20, highlight: bool = True) -> SearchResults:
        """Searches the archive; each hit lists the records whose passages it falls in."""
        if not self._synced:
            self.ensure_index()
        return self.attach_records(self.index.search(query, limit, highlight))

    def attach_records(self, results: SearchResults) -> SearchResults:
        """Each hit with the ids of the records whose passages it falls in."""
        return dataclasses.replace(results, hits=tuple(self._with_records(h) for h in results.hits))

    def _with_records(self, hit: SearchHit) -> SearchHit:
        marked = {span: self._marked(hit.id, span) for span in hit.hits}
        snippets = tuple(
            dataclasses.replace(sn, hits=tuple(marked.get(h, h) for h in sn.hits))
            for sn in hit.snippets
        )
        return dataclasses.replace(hit, hits=tuple(marked.values()), snippets=snippets)

    def _marked(self, article_id: str, span: Span) -> Span:
        if span.field != "body":
            return span
        records = self.store.records_at(article_id, span.start, span.end)
        return dataclasses.replace(span, records=tuple(r.id for r in records))

    def close(self) -> None:
        self.index.close()
