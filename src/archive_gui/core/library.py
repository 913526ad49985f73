"""An opened archive: its articles, its facts, their problems, and the search index in step."""

from __future__ import annotations

import dataclasses
import importlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from archive_gui.core.archive.articles import (
    ARTICLE_SUFFIX,
    Article,
    article_file_text,
    load_article,
    load_articles,
)
from archive_gui.core.archive.catalogue import ArticleCatalogue
from archive_gui.core.archive.fileio import atomic_write_text, remove_stale_temporaries
from archive_gui.core.archive.folder import ARTICLES_DIR, ArchivePaths, NotAnArchiveError
from archive_gui.core.archive.importing import (
    RAW_DIR,
    ImportProgress,
    ImportReport,
    import_paths,
    recover_interrupted_import,
)
from archive_gui.core.archive.problems import Problem, summary
from archive_gui.core.facts.editing import RecordChange
from archive_gui.core.facts.file import article_chooser, dump_facts
from archive_gui.core.facts.records import Evidence, FactStore, Record, records_over
from archive_gui.core.facts.session import FactsSession
from archive_gui.core.search.fact_documents import fact_fields, passage_snippets
from archive_gui.core.search.results import (
    MAX_SNIPPETS,
    Extra,
    Progress,
    QueryError,
    SearchEngine,
    SearchHit,
    SearchResults,
    Span,
    SyncReport,
)

# Makes the search engine of an archive, given the folder its index may be kept in.
IndexFactory = Callable[[Path], SearchEngine]


class UnknownArticleError(KeyError):
    """No article has that id."""

    def __str__(self) -> str:
        return f"no article with id '{self.args[0]}'"


def whoosh_index(folder: Path) -> SearchEngine:
    """The archive's Whoosh index, whose modules are imported when an index is first used
    (the window imports them beforehand, on its GUI thread: ``import_search_engine``)."""
    from archive_gui.core.search.index import WhooshIndex

    return WhooshIndex(folder)


def import_search_engine() -> None:
    """Imports the search engine's modules (Whoosh, NumPy, the ranking) in this thread.

    The window calls this on its GUI thread once it is painted, before its worker opens the
    archive: NumPy imported in the worker thread while the GUI thread ran crashed the
    process (a segmentation fault or an abort in NumPy's initialisation, 3 starts in 12).
    """
    importlib.import_module("archive_gui.core.search.index")
    importlib.import_module("archive_gui.core.search.ranking")


class Library:
    """What the CLI and the GUI open: one archive folder, loaded and searchable."""

    def __init__(
        self,
        paths: ArchivePaths,
        index_factory: IndexFactory = whoosh_index,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Loads the archive's articles (``progress``: see ``load_articles``)."""
        self.paths = paths
        choose = article_chooser(paths.facts_path)
        catalogue = ArticleCatalogue(paths.articles_cache)
        loaded = load_articles(paths.articles_dir, paths.root, choose, catalogue.load, progress)
        catalogue.save()
        self.articles: dict[str, Article] = loaded.articles
        self.article_problems: list[Problem] = loaded.problems
        remove_stale_temporaries(paths.facts_path)
        recover_interrupted_import(paths, self.articles)
        self._index_factory = index_factory
        self._index: SearchEngine | None = None
        self._index_lock = threading.Lock()
        self._synced = False
        self._facts: FactsSession | None = None
        self._facts_lock = threading.Lock()

    @property
    def index(self) -> SearchEngine:
        """The archive's search engine, made at first use."""
        with self._index_lock:
            if self._index is None:
                self._index = self._index_factory(self.paths.index_dir)
            return self._index

    @property
    def facts(self) -> FactsSession:
        """The facts, loaded at first use: reading an article needs none of them, and a large
        facts file takes seconds (tens of seconds the first time, before it is cached). The
        window loads them in its worker thread; the lock makes any other caller wait for that
        load rather than start a second one."""
        with self._facts_lock:
            if self._facts is None:
                self._facts = FactsSession.open(
                    self.paths.facts_path, self.articles, self.paths.facts_cache
                )
            return self._facts

    @property
    def facts_loaded(self) -> bool:
        return self._facts is not None

    @classmethod
    def open(cls, root: Path) -> Library:
        """Opens the archive at ``root``; raises NotAnArchiveError for any other folder."""
        return cls(ArchivePaths.open(root))

    @classmethod
    def create(cls, root: Path) -> Library:
        """Makes an empty archive at ``root`` (made if need be) and opens it; raises
        NotAnArchiveError if ``root`` is a file or already an archive."""
        root = root.expanduser()
        if (root / ARTICLES_DIR).exists():
            raise NotAnArchiveError(f"{root}: already an archive (it has '{ARTICLES_DIR}/')")
        try:
            (root / ARTICLES_DIR / RAW_DIR).mkdir(parents=True)
        except OSError as exc:
            raise NotAnArchiveError(
                f"{root}: cannot make an archive there ({exc.strerror})"
            ) from None
        paths = ArchivePaths(root.resolve())
        atomic_write_text(paths.facts_path, dump_facts(FactStore()))
        return cls(paths)

    def import_files(
        self,
        sources: Sequence[Path],
        progress: ImportProgress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImportReport:
        """Imports saved pages and text files (folders walked) as articles of the archive
        (see ``import_paths``); the index is not touched: ``ensure_index`` adds them."""
        report = import_paths(self.paths, self.articles, sources, progress, cancelled)
        self.add_articles(report.articles)
        return report

    def save_article(self, article: Article) -> Article:
        """Writes an article's file atomically (a person corrected its metadata) and returns
        it as loaded back."""
        path = article.path or self.paths.articles_dir / f"{article.id}{ARTICLE_SUFFIX}"
        atomic_write_text(path, article_file_text(article))
        saved = load_article(path)
        self.add_articles([saved])
        return saved

    def add_articles(self, articles: Sequence[Article]) -> None:
        """Adds or replaces loaded articles. The mapping is replaced, not changed in place:
        the worker thread may be going through the one it was given."""
        self.articles = {**self.articles, **{a.id: a for a in articles}}

    def propose_candidates(
        self, article_ids: Sequence[str], save: bool, done: Callable[[int], None] | None = None
    ) -> list[Record]:
        """Extraction's candidate records for these articles (``review: candidate``), saved to
        the facts file if ``save``; names resolve to the records there are and, through a
        scratch store, to the candidates of the articles before."""
        from archive_gui.core.facts.extraction import Extractor

        scratch = FactStore(self.store)
        found = Extractor(scratch).extract_all([self.article(i) for i in article_ids], done)
        if save:  # even with none found: a save that cannot be made is said
            self.commit([RecordChange(r.id, None, r) for r in found])
        return found

    @property
    def store(self) -> FactStore:
        return self.facts.store

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the archive's files: articles first, then facts."""
        return [*self.article_problems, *self.facts.problems]

    def problems_summary(self) -> str:
        """One line on the archive's problems, for a status bar, leading with the one that
        matters most: what makes the facts read-only, else the first."""
        problems = self.problems
        if not problems:
            return ""
        if not self.read_only:
            return summary(problems, self.paths.root)
        first = next(p for p in self.facts.problems if p.severity == "error")
        return "The facts are read-only until fixed. " + summary(problems, self.paths.root, first)

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
        full_check: bool = False,
    ) -> SyncReport:
        """Builds the index on first use and brings it in step with the articles and facts.

        ``full_check`` reads every index file whole to check it (``archive-gui index``).

        ``extra`` is the facts' contribution to each article's document (``fact_fields``); a
        worker thread is given it, made on the thread that owns the facts.
        """
        if extra is None:
            extra = fact_fields(self.store)
        if rebuild:
            self.index.rebuild(self.articles, progress, extra)
            report = SyncReport(rebuilt=True, reason="asked for")
        else:
            report = self.index.sync(self.articles, progress, extra, full_check)
        self._synced = True
        return report

    def search(self, query: str, limit: int = 20, highlight: bool = True) -> SearchResults:
        """Searches the archive; each hit lists the records whose passages it falls in."""
        if not self._synced:
            self.ensure_index()
        return self.attach_records(self.index.search(query, limit, highlight))

    def matching_articles(self, query: str) -> list[str]:
        """The ids of every article ``query`` finds, best first (an export's ``--query``)."""
        if not self._synced:
            self.ensure_index()
        found = self.index.search(query, max(1, len(self.articles)), highlight=False)
        return [hit.id for hit in found.hits]

    def attach_records(self, results: SearchResults) -> SearchResults:
        """Each hit with the ids of the records whose passages it falls in; a hit found through
        a fact field (``acquirer:SFR``) leads with the passage of the record that matched."""
        matched = self._fact_records(results.query)
        hits = (self.tied_to_records(h, matched) for h in results.hits)
        return dataclasses.replace(results, hits=tuple(hits))

    def tied_to_records(self, hit: SearchHit, matched: Sequence[str]) -> SearchHit:
        """A highlighted hit with, on each of its hits, the records whose passages it falls
        in; when the query's fact terms matched records (``matched``: ``fact_records``), its
        snippets lead with their passages in the article."""
        return self._with_passages(self._with_records(hit), matched)

    def _fact_records(self, query: str) -> list[str]:
        try:
            return self.index.fact_records(query)
        except (QueryError, RuntimeError):  # not parsed, or no index yet: no records to show
            return []

    def _with_passages(self, hit: SearchHit, record_ids: Sequence[str]) -> SearchHit:
        article = self.articles.get(hit.id)
        if not record_ids or article is None:
            return hit
        found = passage_snippets(self.store, hit.id, article.text, record_ids)
        if not found:
            return hit
        # The passages first, then the snippets of the query's words (not the bare opening).
        words = [sn for sn in hit.snippets if sn.hits and sn not in found]
        return dataclasses.replace(hit, snippets=tuple([*found, *words][:MAX_SNIPPETS]))

    def _with_records(self, hit: SearchHit) -> SearchHit:
        passages = self.store.passages_in(hit.id) if hit.hits else []
        marked = {span: self._marked(passages, span) for span in hit.hits}
        snippets = tuple(
            dataclasses.replace(sn, hits=tuple(marked.get(h, h) for h in sn.hits))
            for sn in hit.snippets
        )
        return dataclasses.replace(hit, hits=tuple(marked.values()), snippets=snippets)

    @staticmethod
    def _marked(passages: Sequence[tuple[Record, Evidence]], span: Span) -> Span:
        if span.field != "body":
            return span
        records = records_over(passages, span.start, span.end)
        return dataclasses.replace(span, records=tuple(r.id for r in records))

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
