"""Full-text search over an archive: a small engine interface and its Whoosh implementation.

The interface (``SearchEngine``) is what the CLI and the GUI use: bring the index up to date
with the articles and the facts, rebuild it, search, find the fact records a query names.
Results carry exact character offsets into each article's text for every hit, so that the
reader highlights the very characters matched.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import hashlib
import itertools
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from whoosh import fields as wf
from whoosh import formats, writing
from whoosh import index as windex
from whoosh import query as wq
from whoosh.qparser import AndGroup, MultifieldParser
from whoosh.searching import Searcher

from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.fileio import atomic_write_text, process_alive
from archive_gui.core.search.analysis import (
    WORD_MARK,
    common_stems,
    french_analyzer,
    index_terms,
    name_analyzer,
    normalize_query_numbers,
    word_pairs,
)
from archive_gui.core.search.bulk import write_documents
from archive_gui.core.search.indexfiles import FileSums, clear, damage, file_sums, parse_sums
from archive_gui.core.search.postings import (
    ArrayCharacters,
    BulkSegmentWriter,
    encode_occurrences,
    written_by_array_codec,
)
from archive_gui.core.search.results import (
    NO_HIGHLIGHTS,
    BuildCancelled,
    Cancel,
    Extra,
    FactsEntry,
    Highlights,
    Progress,
    QueryError,
    SearchHit,
    SearchResults,
    Span,
    SyncReport,
    make_snippets,
)
from archive_gui.core.search.whoosh_compat import pack_uint, pattern_terms

if TYPE_CHECKING:
    from archive_gui.core.search.ranking import IndexArrays

# Bump when the schema or the analysis changes: an index of another version is rebuilt.
# 6: the manifest records each index file's size and checksum.
# 7: the body's word pairs, and a column of dates.
SCHEMA_VERSION = 8
# How long an update waits for another process's write lock on the index before searching the
# index as it is: a live writer may hold it for the minutes of a rebuild.
WRITE_LOCK_WAIT = 2.0
# A prefix or wildcard expands to at most this many words, the most frequent first: without a
# bound, a short prefix on a large archive expands to hundreds of words and takes seconds.
MAX_EXPANSIONS = 8
# How many articles' words (the largest segments') rank a prefix's expansions.
PREFIX_SAMPLE = 20_000
DATE_HINT = ". Dates are written 2015, 2015-12, 2015-12-03 or [2014 TO 2016]"
# Every few small updates merge the small segments (whoosh's MERGE_SMALL joins the five
# smallest): every 8th let four segments more pile up each time, and each update deletes its
# old document through a reader on every segment (22 on average in bench/edit_bench.py).
MERGE_EVERY = 4
SEARCHABLE_FIELDS = ("title", "body", "author", "publication", "date")
# Fields that hold record names; the facts issue fills them.
FACT_FIELDS = ("company", "person", "acquirer", "target", "seller", "kind", "tag", "note")
TEXT_FIELDS = ("title", "body")
# The body's word pairs (``WordPairs``): not a field a user searches.
PAIRS_FIELD = "body_pairs"
# How many articles a build reads to find the common words whose pairs it indexes.
COMMON_SAMPLE = 2000
ARTICLE_DOC, FACTS_DOC = "article", "facts"
FACTS_ID = "record:"

log = logging.getLogger(__name__)
# Numbers this process's builds, whose staging folders may exist at once.
_builds = itertools.count(1)
# What errno says of a folder the index cannot be written in.
_UNWRITABLE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
T = TypeVar("T")


class FrenchText(wf.TEXT):  # type: ignore[misc]
    """French running text, indexed with positions and character offsets of every word.

    Queries go through ``french_analyzer`` as usual; indexing takes ``index_terms``, its
    faster equivalent, and stores occurrences as arrays (``ArrayCharacters``).
    """

    def __init__(self, field_boost: float = 1.0) -> None:
        super().__init__(analyzer=french_analyzer(), stored=True, chars=True)
        self.format = ArrayCharacters(field_boost=field_boost)

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        boost = self.format.field_boost
        for term, flat in index_terms(value).items():
            freq = len(flat) // 3
            yield term.encode("utf-8"), freq, freq * boost, encode_occurrences(flat)


class WordPairs(wf.FieldType):  # type: ignore[misc]
    """The pairs of common stems that follow each other in the body (``word_pairs``), as
    terms "stem stem" with their frequency: ``ranking`` answers a phrase of two common words
    from one posting list. Which stems are common is decided when the index is built, and
    kept with it: this field is pickled in the index's schema, ``common`` included."""

    def __init__(self, common: frozenset[str] = frozenset()) -> None:
        super().__init__(formats.Frequency(), french_analyzer())
        self.common = common

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for pair, freq in word_pairs(value, self.common).items():
            yield pair.encode("utf-8"), freq, float(freq), pack_uint(freq)


def build_schema(common: frozenset[str] = frozenset()) -> wf.Schema:
    """The index's fields; ``common`` are the stems whose pairs the body's pairs hold."""
    text = french_analyzer()
    names = name_analyzer()
    schema = wf.Schema(
        id=wf.ID(stored=True, unique=True),
        doctype=wf.ID(),
        articles=wf.KEYWORD(stored=True),
        title=FrenchText(field_boost=2.0),
        body=FrenchText(),
        body_pairs=WordPairs(common),
        author=wf.TEXT(analyzer=names, stored=True),
        publication=wf.TEXT(analyzer=names, stored=True),
        # Sortable: a column of every article's date, which answers date ranges.
        date=wf.DATETIME(stored=True, sortable=True),
        # What a result's row shows, in a column: read for the 200 listed results without
        # unpickling each article's stored text (10 times faster).
        listing=wf.COLUMN(),  # variable-length bytes
    )
    for name in FACT_FIELDS:
        # Notes are running text; the other fact fields hold names.
        schema.add(name, wf.TEXT(analyzer=text if name == "note" else names))
    return schema


def facts_hash(entry: FactsEntry) -> str:
    """What the manifest records of a record's facts document."""
    data = json.dumps([entry.articles, dict(sorted(entry.fields.items()))], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def article_document(article: Article) -> dict[str, Any]:
    """The index document of an article's text and metadata (no date if it has none)."""
    document: dict[str, Any] = {
        "id": article.id,
        "doctype": ARTICLE_DOC,
        "title": article.title,
        "body": article.text,
        "body_pairs": article.text,
        "author": article.author or "",
        "publication": article.publication or "",
    }
    if article.published is not None:
        document["date"] = dt.datetime.combine(article.published, dt.time())
    listing = [article.id, article.title, article.publication or "", article.date_text]
    document["listing"] = json.dumps(listing, ensure_ascii=False).encode("utf-8")
    return document


def listed_hit(listing: bytes, score: float, highlights: Highlights) -> SearchHit:
    """A result as its row shows it, from the listing column ``article_document`` wrote."""
    article_id, title, publication, date = json.loads(listing)
    return SearchHit(
        id=article_id,
        title=title,
        published=dt.date.fromisoformat(date) if date else None,
        publication=publication or None,
        score=score,
        hits=highlights.hits,
        snippets=highlights.snippets,
    )


def facts_document(record_id: str, entry: FactsEntry) -> dict[str, Any]:
    """The small index document of one fact record: its names, kinds, notes and tags, and the
    articles it is about (``company:``, ``note:``...).

    It is apart from the articles' documents so that an edit re-indexes one record's few
    words, not whole articles; a query's fact terms are resolved to articles.
    """
    document: dict[str, Any] = {
        "id": FACTS_ID + record_id,
        "doctype": FACTS_DOC,
        "articles": " ".join(entry.articles),
    }
    document.update({k: v for k, v in entry.fields.items() if k in FACT_FIELDS})
    return document


# A field name before a colon, outside quotes; used to name unknown fields to the user.
_FIELD_REF = re.compile(r'"[^"]*"|(?<![\w\\])([A-Za-z_]\w*):')
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
# Deeper nesting is no query a person writes, and Whoosh's parser recurses once per level.
MAX_NESTING = 50
_QUOTED = re.compile(r'("[^"]*")')
_DOUBLE_NOT = re.compile(r"\bNOT\s+NOT\b\s*")
# An open bound of a range typed as nothing or '*' ([2014 TO ], [* TO 2016]): Whoosh reads an
# open bound only when nothing stands between the bracket and TO.
_OPEN_START = re.compile(r"([\[{])\s*\*?\s*TO\b")
_OPEN_END = re.compile(r"\bTO\s*\*?\s*([\]}])")
SHOWN_QUERY = 60


def normalize_query(query: str) -> str:
    """The query as Whoosh's parser should read it: numbers joined (``4 000``), open range
    bounds written as it reads them, and ``NOT NOT`` cancelled (its parser fails on it)."""
    parts = _QUOTED.split(normalize_query_numbers(query))
    for i in range(0, len(parts), 2):  # the parts outside quotes
        text = parts[i]
        while _DOUBLE_NOT.search(text):
            text = _DOUBLE_NOT.sub("", text)
        parts[i] = _OPEN_END.sub(r"TO\1", _OPEN_START.sub(r"\1TO", text))
    return "".join(parts)


def _shown(query: str) -> str:
    """The query as a message quotes it: on one line, and shortened if long."""
    if len(query) > SHOWN_QUERY:
        query = query[: SHOWN_QUERY - 1] + "…"
    return repr(query)


def _one_line(error: object) -> str:
    return " ".join(str(error).split())


def check_query_syntax(query: str, fields: Iterable[str]) -> None:
    """Raises QueryError for the mistakes Whoosh would silently turn into other queries, or
    fail on with a traceback."""
    if not query.strip():
        raise QueryError("empty query")
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        # Bytes that were not UTF-8 reach Python as lone surrogates (a command line's
        # arguments, say); no word of the index holds one.
        raise QueryError("the query holds bytes that are not UTF-8 text") from None
    words = re.sub(r'"[^"]*"', "x", query).split()
    dangling = [w for w in words[-1:] if w in OPERATORS]
    dangling += [w for w in words[:1] if w in OPERATORS and w != "NOT"]
    if dangling:
        raise QueryError(f"'{dangling[0]}' needs a word on each side")
    empty = re.search(r"(?<![\w\\])([A-Za-z_]\w*):(?=\s|$)", query)
    if empty:
        raise QueryError(
            f"'{empty.group(1)}:' needs a word after it, e.g. {empty.group(1)}:numergy"
        )
    if query.count('"') % 2:
        raise QueryError('unbalanced quotes: a phrase needs an opening and a closing "')
    unquoted = re.sub(r'"[^"]*"', "", query)
    for opening, closing in _PAIRS:
        depth = deepest = 0
        for ch in unquoted:
            depth += (ch == opening) - (ch == closing)
            deepest = max(deepest, depth)
            if depth < 0:
                break
        if depth:
            raise QueryError(f"unbalanced '{opening}' and '{closing}'")
        if deepest > MAX_NESTING:
            raise QueryError(f"more than {MAX_NESTING} nested '{opening}'")
    known = set(fields)
    for match in _FIELD_REF.finditer(query):
        name = match.group(1)
        if name and name.lower() not in known:
            raise QueryError(f"unknown field '{name}:' (fields: {', '.join(sorted(known))})")


class WhooshIndex:
    """The archive's index on disk, kept in step with the articles by a manifest of hashes."""

    def __init__(self, directory: Path, processes: int | None = None) -> None:
        self.directory = directory
        # Processes that build the index (None: one per core for a large archive).
        self.processes = processes
        self.schema = build_schema()
        self._ix: windex.Index | None = None
        self._searcher: Searcher | None = None
        self._arrays: IndexArrays | None = None
        self._hashes: dict[str, str] = {}
        self._facts: dict[str, str] = {}
        self._files: FileSums = {}
        # What the last sync was given: damage found while searching is rebuilt from it.
        self._articles: Mapping[str, Article] | None = None
        self._extra: Extra = {}
        # A temporary folder that holds the index when its own folder cannot be written.
        self._temporary: Path | None = None
        self._unmerged = 0
        self._lock = threading.RLock()
        self._parser = MultifieldParser(
            list(TEXT_FIELDS), self.schema, group=AndGroup, fieldboosts={"title": 2.0}
        )

    # -- keeping the index up to date ------------------------------------------------------

    @property
    def _folder(self) -> Path:
        """Where the index is: its own folder, or a temporary one if that is read-only."""
        return self._temporary or self.directory

    @property
    def _store(self) -> Path:
        return self._folder / "whoosh"

    @property
    def _manifest_path(self) -> Path:
        return self._folder / "manifest.json"

    def sync(
        self,
        articles: Mapping[str, Article],
        progress: Progress | None = None,
        extra: Extra | None = None,
        full_check: bool = False,
    ) -> SyncReport:
        """Brings the index in step with ``articles`` and their fact fields ``extra``;
        rebuilds it if it cannot be trusted. ``full_check`` reads every index file whole to
        check its checksum, not only the small ones (see ``indexfiles``)."""
        extra = extra or {}
        with self._lock:
            self._articles, self._extra = articles, extra
            if full_check:
                self._close()
            reason = self._open_existing(full_check)
            if reason:
                self.rebuild(articles, progress, extra)
                return SyncReport(rebuilt=True, reason=reason)
            texts = {a.id: a.content_hash for a in articles.values()}
            facts = {record_id: facts_hash(entry) for record_id, entry in extra.items()}
            report = SyncReport(
                added=sorted(set(texts) - set(self._hashes)),
                updated=sorted(i for i in texts if self._hashes.get(i, texts[i]) != texts[i]),
                removed=sorted(set(self._hashes) - set(texts)),
                facts=sorted(
                    i for i in set(facts) | set(self._facts) if facts.get(i) != self._facts.get(i)
                ),
            )
            if report.changed:
                try:
                    self._write_or_warn(
                        [articles[i] for i in report.added + report.updated],
                        report.removed,
                        {record_id: extra.get(record_id) for record_id in report.facts},
                        progress,
                    )
                except Exception:
                    # An update reads the segments it merges: one may be damaged.
                    reason = self._damage_behind_error()
                    if not reason:
                        raise
                    self.rebuild(articles, progress, extra)
                    return SyncReport(rebuilt=True, reason=reason)
            return report

    def update_article(self, article: Article) -> None:
        """Re-indexes one article alone."""
        with self._lock:
            if self._open_existing():
                raise RuntimeError("the index is not built; call sync() first")
            self._write_or_warn([article], [], {}, None)

    def _write_or_warn(
        self,
        articles: list[Article],
        removed: list[str],
        facts: Mapping[str, FactsEntry | None],
        progress: Progress | None,
    ) -> None:
        """``_write``, or a warning if the index cannot be written now: another live process
        holds its write lock, or its folder is read-only. Searches then answer from the index
        as it is, and the next sync tries the update again."""
        hashes, facts_before = dict(self._hashes), dict(self._facts)
        try:
            self._write(articles, removed, facts, progress)
        except (windex.LockError, OSError) as exc:
            if isinstance(exc, OSError) and exc.errno not in _UNWRITABLE:
                raise
            self._hashes, self._facts = hashes, facts_before
            why = exc.strerror if isinstance(exc, OSError) else "another process is writing it"
            log.warning(
                "the index in %s cannot be updated now (%s): searching it as it is, "
                "without the latest changes",
                self._folder,
                why,
            )

    def rebuild(
        self,
        articles: Mapping[str, Article],
        progress: Progress | None = None,
        extra: Extra | None = None,
        cancel: Cancel | None = None,
    ) -> None:
        """Builds the index afresh beside the old one, then puts it in the old one's place.

        The old index answers searches and takes updates until then (the lock is held only
        for the swap): a sync after the rebuild brings in what changed meanwhile. When
        ``cancel()`` turns true, the build stops and is removed, and BuildCancelled is
        raised: the old index stays as it was. If the index's folder cannot be written, the
        index is built in a temporary folder, used until this index is closed, with a warning.
        """
        extra = extra or {}
        try:
            fresh = self._build(articles, progress, extra, cancel)
        except OSError as exc:
            if exc.errno not in _UNWRITABLE or self._temporary is not None:
                raise
            with self._lock:
                self._temporary = Path(tempfile.mkdtemp(prefix="archive-gui-index-"))
            log.warning(
                "cannot write the index in %s (%s): using a temporary index in %s",
                self.directory,
                exc.strerror,
                self._temporary,
            )
            fresh = self._build(articles, progress, extra, cancel)
        if cancel is not None and cancel():
            shutil.rmtree(fresh, ignore_errors=True)
            raise BuildCancelled
        with self._lock:
            self._swap_in(fresh, articles, extra)

    def _build(
        self,
        articles: Mapping[str, Article],
        progress: Progress | None,
        extra: Extra,
        cancel: Cancel | None,
    ) -> Path:
        """Writes a fresh index in a staging folder of ``_folder`` and returns that folder."""
        if not self._folder.is_dir():
            clear(self._folder)  # a file, or a looping link, where the index's folder goes
        self._folder.mkdir(parents=True, exist_ok=True)
        self._remove_dead_builds()
        fresh = self._folder / f"whoosh.new-{os.getpid()}-{next(_builds)}"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        try:
            sample = list(articles.values())[:: max(1, len(articles) // COMMON_SAMPLE)]
            common = common_stems(a.text for a in sample)
            windex.create_in(str(fresh), build_schema(common)).close()
            documents = [article_document(a) for a in articles.values()]
            documents += [facts_document(i, entry) for i, entry in extra.items()]
            write_documents(fresh, documents, progress, self.processes, cancel)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)  # a failed build leaves nothing behind
            raise
        return fresh

    def _swap_in(self, fresh: Path, articles: Mapping[str, Article], extra: Extra) -> None:
        """Puts the index built in ``fresh`` in the old one's place and opens it."""
        self._close()
        self._articles, self._extra = articles, extra
        self._hashes = {a.id: a.content_hash for a in articles.values()}
        self._facts = {i: facts_hash(entry) for i, entry in extra.items()}
        old = self._folder / "whoosh.old"
        clear(old)
        if self._store.exists() or self._store.is_symlink():
            self._store.rename(old)
        fresh.rename(self._store)
        clear(old)
        self._remove_dead_builds()
        self._files = file_sums(self._store, {})
        self._save_manifest()
        self._ix = windex.open_dir(str(self._store))

    def _remove_dead_builds(self) -> None:
        """Removes the staging folders of builds whose process has died (killed before it
        could clean up: a crash, or a worker process that a careless script started)."""
        for staging in self._folder.glob("whoosh.new-*"):
            pid = staging.name.split("-")[1]
            if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
                shutil.rmtree(staging, ignore_errors=True)

    def _open_existing(self, full_check: bool = False) -> str:
        """Opens the index on disk; returns why it must be rebuilt, or '' if it is sound."""
        if self._ix is not None:
            return ""
        try:
            manifest = json.loads(self._manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return "no index yet"
        except (OSError, ValueError):
            return "unreadable manifest"
        if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA_VERSION:
            return "index of another version"
        hashes, facts = manifest.get("articles"), manifest.get("facts")
        files = parse_sums(manifest.get("files"))
        if not isinstance(hashes, dict) or not isinstance(facts, dict) or files is None:
            return "unreadable manifest"
        damaged = damage(self._store, files, full=full_check)
        if damaged:
            return damaged
        ix = self._open_whoosh()
        if ix is None:
            return "damaged index"
        if ix.doc_count() != len(hashes) + len(facts):
            ix.close()
            return "index and manifest disagree"
        self._ix = ix
        self._hashes = {str(k): str(v) for k, v in hashes.items()}
        self._facts = {str(k): str(v) for k, v in facts.items()}
        self._files = files
        return ""

    def _damage_behind_error(self) -> str:
        """After a read of the index failed: the damage that every file's full checksum
        shows, or '' if the files are sound (the error then has another cause)."""
        self._close()
        found = damage(self._store, self._files, full=True)
        if not found:
            self._open_existing()
        return found

    def _open_whoosh(self) -> windex.Index | None:
        """The Whoosh index on disk, or None if it is missing or damaged."""
        # Whoosh leaves a damaged index's files open when it fails: they are closed here,
        # without the ResourceWarnings that say so.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                ix = windex.open_dir(str(self._store))
                ix.doc_count()
                if not written_by_array_codec(ix):
                    ix.close()
                    ix = None
            except Exception:
                ix = None
            if ix is None:
                gc.collect()
        return ix

    def _write(
        self,
        articles: list[Article],
        removed: list[str],
        facts: Mapping[str, FactsEntry | None],
        progress: Progress | None,
    ) -> None:
        """Re-indexes ``articles``, deletes ``removed``, and sets (or, for None, deletes)
        the facts documents of the records in ``facts``."""
        assert self._ix is not None
        writer = BulkSegmentWriter(self._ix, timeout=WRITE_LOCK_WAIT)
        try:
            for article_id in removed:
                writer.delete_by_term("id", article_id)
                self._hashes.pop(article_id, None)
            for done, article in enumerate(articles, 1):
                writer.update_document(**article_document(article))
                self._hashes[article.id] = article.content_hash
                if progress:
                    progress(done, len(articles))
            for record_id, entry in facts.items():
                if entry is not None:
                    writer.update_document(**facts_document(record_id, entry))
                    self._facts[record_id] = facts_hash(entry)
                else:
                    writer.delete_by_term("id", FACTS_ID + record_id)
                    self._facts.pop(record_id, None)
        except BaseException:
            writer.cancel()
            raise
        # Each small update writes a segment of its own; the segments are merged every few
        # updates rather than at each (a merge rewrites them all).
        self._unmerged += 1
        merge = self._unmerged >= MERGE_EVERY
        writer.commit(mergetype=writing.MERGE_SMALL if merge else writing.NO_MERGE)
        if merge:
            self._unmerged = 0
        self._files = file_sums(self._store, self._files)
        self._save_manifest()
        if self._searcher is not None:
            # A new searcher, not ``refresh()``: that keeps the readers of the segments it had,
            # which do not see the documents deleted from them since (a replaced article was
            # found twice, a removed one still found). Opening one takes 9 ms at 100,000.
            self._searcher.close()
            self._searcher = self._ix.searcher()
            self._arrays = None

    def _save_manifest(self) -> None:
        manifest = {
            "schema": SCHEMA_VERSION,
            "articles": dict(sorted(self._hashes.items())),
            "facts": dict(sorted(self._facts.items())),
            "files": {name: list(sums) for name, sums in sorted(self._files.items())},
        }
        if self._manifest_path.is_symlink() or self._manifest_path.is_dir():
            clear(self._manifest_path)  # a damaged manifest: a folder, or a looping link
        atomic_write_text(self._manifest_path, json.dumps(manifest, indent=1) + "\n")

    def _close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._arrays = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def close(self) -> None:
        with self._lock:
            self._close()
            if self._temporary is not None:
                shutil.rmtree(self._temporary, ignore_errors=True)
                self._temporary = None

    @property
    def article_count(self) -> int:
        return len(self._hashes) if self._ix is not None else 0

    # -- searching -------------------------------------------------------------------------

    def parse(self, query: str) -> wq.Query:
        """Parses a user's query; raises QueryError with a readable reason, in one line.

        Whoosh's parser raises what it likes (``Exception`` for a date it cannot read,
        ``IndexError`` for ``NOT NOT x``, ``RecursionError`` for deep nesting): whatever it
        raises for a query string is that query's mistake, and is said as a QueryError.
        """
        check_query_syntax(query, [n for n in self.schema.names() if n != PAIRS_FIELD])
        hint = DATE_HINT if "date:" in query.lower() else ""
        try:
            parsed = self._parser.parse(normalize_query(query))
        except RecursionError:
            raise QueryError(f"{_shown(query)} is nested too deeply") from None
        except Exception as exc:
            raise QueryError(f"cannot understand {_shown(query)}: {_one_line(exc)}{hint}") from None
        for node in _walk(parsed):
            error = getattr(node, "error", None)
            if error:
                raise QueryError(f"cannot understand {_shown(query)}: {_one_line(error)}{hint}")
        if isinstance(parsed, wq.NullQuery.__class__):
            raise QueryError("the query holds only common words; add a more specific one")
        return parsed

    def search(self, query: str, limit: int = 20, highlight: bool = True) -> SearchResults:
        """Ranked articles; with ``highlight``, every hit's offsets and the best snippets."""
        parsed = self.parse(query)
        with self._lock:
            return self._healing(lambda: self._search(query, parsed, limit, highlight))

    def _search(self, query: str, parsed: wq.Query, limit: int, highlight: bool) -> SearchResults:
        """``search`` once the query is parsed: everything it reads of the index."""
        arrays = self._index_arrays()
        searcher = arrays.searcher
        bounded = _prepared(parsed, searcher)
        evaluation = arrays.evaluate(bounded)
        arrays.last_search = (query, bounded, evaluation)
        best = evaluation.best(limit)
        spans = {}
        if highlight:
            spans = arrays.hit_spans(_text_leaves(bounded), evaluation, [d for d, _ in best])
        hits = []
        for docnum, score in best:
            found = NO_HIGHLIGHTS
            if highlight:
                found = _highlights(searcher.stored_fields(docnum), spans[docnum])
            hit = listed_hit(arrays.listing[docnum], score, found)
            arrays.found[hit.id] = docnum
            hits.append(hit)
        return SearchResults(query, len(evaluation.matches), tuple(hits))

    def highlights(self, query: str, article_ids: Iterable[str]) -> dict[str, Highlights]:
        """Every hit of ``query`` in each of these articles and their best snippets, as
        ``search`` with ``highlight`` gives them; an article no longer indexed is left out."""
        parsed = self.parse(query)
        wanted = list(dict.fromkeys(article_ids))
        with self._lock:
            return self._healing(lambda: self._highlights(query, parsed, wanted))

    def _highlights(
        self, query: str, parsed: wq.Query, article_ids: list[str]
    ) -> dict[str, Highlights]:
        """``highlights`` once the query is parsed; the last search's evaluation is used
        again when it was of this query."""
        arrays = self._index_arrays()
        searcher = arrays.searcher
        docnums = {}
        for article_id in article_ids:
            docnum = arrays.article_docnum(article_id)
            if docnum is not None:
                docnums[docnum] = article_id
        last = arrays.last_search
        if last is not None and last[0] == query:
            bounded, evaluation = last[1], last[2]
        else:  # a phrase is found again, in these articles only
            bounded, evaluation = _prepared(parsed, searcher), None
        spans = arrays.hit_spans(_text_leaves(bounded), evaluation, list(docnums))
        return {
            article_id: _highlights(searcher.stored_fields(docnum), spans[docnum])
            for docnum, article_id in docnums.items()
        }

    def fact_records(self, query: str) -> list[str]:
        """The ids of the records that the query's fact terms (``acquirer:SFR``) match.

        Terms under NOT are left out: those records are why an article was excluded.
        """
        parsed = self.parse(query)
        found: set[str] = set()
        with self._lock:
            searcher = self._index_arrays().searcher
            for leaf in _positive_leaves(_bound_expansions(parsed, searcher)):
                if leaf.field() in FACT_FIELDS:
                    for docnum in searcher.docs_for_query(leaf):
                        found.add(searcher.stored_fields(docnum)["id"].removeprefix(FACTS_ID))
        return sorted(found)

    def prepared(self, query: str) -> wq.Query:
        """The Whoosh query that ``search`` runs for ``query``."""
        parsed = self.parse(query)
        with self._lock:
            return self._healing(lambda: _prepared(parsed, self._index_arrays().searcher))

    def _healing(self, read: Callable[[], T]) -> T:
        """``read()`` of the index; should it fail because an index file is damaged (which the
        checks on opening may not see: see ``indexfiles``), the index is rebuilt from what the
        last sync was given, with a warning, and ``read`` runs again."""
        try:
            return read()
        except QueryError:
            raise
        except Exception:
            if self._articles is None:
                raise
            reason = self._damage_behind_error()
            if not reason:
                raise
        log.warning("the index was damaged (%s): rebuilding it", reason)
        self.rebuild(self._articles, None, self._extra)
        return read()

    def _index_arrays(self) -> IndexArrays:
        """The arrays of the current searcher, made when the index was opened or changed."""
        if self._arrays is None:
            # NumPy and the engine are imported at the first search, not at start-up.
            from archive_gui.core.search.ranking import IndexArrays

            if self._ix is None and self._open_existing():
                raise RuntimeError("the index is not built; call sync() first")
            assert self._ix is not None
            if self._searcher is None:
                self._searcher = self._ix.searcher()
            self._arrays = IndexArrays(
                self._searcher, wq.Term("doctype", ARTICLE_DOC), {"body": PAIRS_FIELD}
            )
        return self._arrays


def _prepared(parsed: wq.Query, searcher: Searcher) -> wq.Query:
    """``parsed`` with its prefixes bounded and its fact terms resolved to articles."""
    return _facts_to_articles(_bound_expansions(parsed, searcher), searcher)


def _walk(q: wq.Query) -> Iterator[wq.Query]:
    yield q
    for child in q.children():
        yield from _walk(child)


def _positive_leaves(q: wq.Query) -> Iterator[wq.Query]:
    """The terms and phrases whose presence made a document match (not those under NOT)."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_leaves(q.a)
        return
    if isinstance(q, wq.Term | wq.Phrase):
        yield q
        return
    for child in q.children():
        yield from _positive_leaves(child)


def _text_leaves(q: wq.Query) -> list[wq.Query]:
    """The terms and phrases of the title and body that made an article match: its hits."""
    return [leaf for leaf in _positive_leaves(q) if leaf.field() in TEXT_FIELDS]


def _highlights(stored: Mapping[str, Any], spans: list[tuple[str, int, int]]) -> Highlights:
    """An article's hits (``spans``: field, start, end) as exact slices of its stored title
    and body, and the snippets of its body around them."""
    title, body = stored.get("title", ""), stored.get("body", "")
    title_spans = [Span(s, e, title[s:e], "title") for f, s, e in spans if f == "title"]
    body_spans = [Span(s, e, body[s:e], "body") for f, s, e in spans if f == "body"]
    return Highlights(tuple(title_spans + body_spans), tuple(make_snippets(body, body_spans)))


def _bound_expansions(q: wq.Query, searcher: Searcher) -> wq.Query:
    """Replaces each prefix or wildcard by its most frequent expansions, at most MAX_EXPANSIONS."""
    reader = searcher.reader()

    def bound(node: wq.Query) -> wq.Query:
        if _is_bare_star(node):
            return wq.Every(boost=node.boost)
        if not isinstance(node, wq.Prefix | wq.Wildcard):
            return node
        name = node.fieldname
        if isinstance(node, wq.Prefix):
            frequency = _prefix_frequencies(reader, name, node.text)
            terms = sorted(frequency, key=lambda t: (-frequency[t], t))[:MAX_EXPANSIONS]
        else:
            terms = list(pattern_terms(node, reader))
            if len(terms) > MAX_EXPANSIONS:
                terms.sort(key=lambda t: reader.doc_frequency(name, t), reverse=True)
                terms = terms[:MAX_EXPANSIONS]
        if not terms:
            return wq.NullQuery
        words = [t.decode("utf-8") if isinstance(t, bytes) else t for t in terms]
        expansion = wq.Or([wq.Term(name, w, boost=node.boost) for w in words])
        # Many terms: one pass over pre-loaded postings beats a deep tree of union matchers.
        expansion.matcher_type = wq.Or.ARRAY_MATCHER
        return expansion

    return q.accept(bound)


def _prefix_frequencies(reader: Any, fieldname: str, prefix: str) -> dict[bytes, int]:
    """Each word of ``fieldname`` that starts with ``prefix`` -> how many documents hold it,
    in the largest segments that hold PREFIX_SAMPLE documents together (all of a smaller
    index; more if they hold fewer than MAX_EXPANSIONS such words), read in one pass over
    their terms: asking each word's frequency of each segment
    took most of the time of a short prefix (a thousand words) on a large archive. The words
    of the other segments are words of the same archive: the most frequent are the same."""
    frequency: dict[bytes, int] = {}
    counted = 0
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    leaves.sort(key=lambda leaf: leaf.doc_count_all(), reverse=True)
    for leaf in leaves:
        for text, info in leaf.iter_prefix(fieldname, prefix):
            frequency[text] = frequency.get(text, 0) + info.doc_frequency()
        counted += leaf.doc_count_all()
        if counted >= PREFIX_SAMPLE and len(frequency) >= MAX_EXPANSIONS:
            break
    return frequency


def _is_bare_star(node: wq.Query) -> bool:
    """True for ``*`` alone on the text (``*``, ``title:*``): every article, not its top words."""
    if not isinstance(node, wq.Prefix | wq.Wildcard) or node.fieldname not in TEXT_FIELDS:
        return False
    pattern = str(node.text).removeprefix(WORD_MARK)
    return pattern == "" if isinstance(node, wq.Prefix) else set(pattern) <= {"*"}


def _facts_to_articles(q: wq.Query, searcher: Searcher) -> wq.Query:
    """Replaces each term on a fact field by the articles whose facts documents match it.

    ``acquirer:SFR`` becomes ``id:(a OR b)``, the articles where a deal acquired by SFR has a
    passage; the query's AND, OR and NOT then work on articles as usual.
    """

    def resolve(node: wq.Query) -> wq.Query:
        if node.is_leaf() and node.field() in FACT_FIELDS:
            ids = sorted(
                {
                    article_id
                    for docnum in searcher.docs_for_query(node)
                    for article_id in searcher.stored_fields(docnum)["articles"].split()
                }
            )
            if not ids:
                return wq.NullQuery
            return wq.Or([wq.Term("id", article_id) for article_id in ids])
        return node

    return q.accept(resolve)
