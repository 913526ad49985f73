"""What a search engine is asked and gives back: the interface ``Library``, the window and
the command line use (``SearchEngine``), its values, and the snippets of a hit.

Nothing here imports a search library: the window imports this at start-up, and the engine
(Whoosh, NumPy) is imported when an index is first opened, in the worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from archive_gui.core.archive.articles import Article
from archive_gui.core.text import fold

SNIPPET_CONTEXT = 70
MAX_SNIPPETS = 3

# Called with (done, total) as documents are indexed.
Progress = Callable[[int, int], None]
# Asked while a build runs: True stops it.
Cancel = Callable[[], bool]


class BuildCancelled(Exception):
    """A build stopped because it was asked to; what it had written is of no use."""

    def __init__(self, message: str = "the build was cancelled") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class FactsEntry:
    """What one fact record puts in the index: its fields, and the articles it is about."""

    articles: tuple[str, ...]
    fields: Mapping[str, str]


# Record id -> its entry: what the facts add to the index.
Extra = Mapping[str, FactsEntry]


class QueryError(ValueError):
    """A query that cannot be understood; the message says why, for the user."""


@dataclass(frozen=True)
class Span:
    """Characters ``start``..``end`` of an article's field; ``text`` is exactly those characters."""

    start: int
    end: int
    text: str
    field: str = "body"
    # Ids of the fact records whose passages this hit falls in (filled by the library).
    records: tuple[str, ...] = ()


@dataclass(frozen=True)
class Snippet:
    """A passage of the body around some hits, with those hits' offsets."""

    start: int
    end: int
    text: str
    hits: tuple[Span, ...]


@dataclass(frozen=True)
class Highlights:
    """Every hit of a query in one article (title first, then in text order) and the best
    snippets of its body around them: what a result's row and the reader show of a search."""

    hits: tuple[Span, ...]
    snippets: tuple[Snippet, ...]


# What a hit holds before it is highlighted, and what an article no longer indexed gets.
NO_HIGHLIGHTS = Highlights((), ())


@dataclass(frozen=True)
class SearchHit:
    """One matching article, its score, every hit in it and its best snippets (none until it
    is highlighted: ``search`` without ``highlight``, then ``highlights``)."""

    id: str
    title: str
    published: dt.date | None
    publication: str | None
    score: float
    hits: tuple[Span, ...]
    snippets: tuple[Snippet, ...]

    def highlighted(self, highlights: Highlights) -> SearchHit:
        """This hit with the hits and snippets of its article."""
        return replace(self, hits=highlights.hits, snippets=highlights.snippets)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "publication": self.publication,
            "score": round(self.score, 4),
            "hits": [
                {
                    "field": s.field,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "records": list(s.records),
                }
                for s in self.hits
            ],
            "snippets": [
                {
                    "start": sn.start,
                    "end": sn.end,
                    "text": sn.text,
                    "hits": [{"start": h.start, "end": h.end} for h in sn.hits],
                }
                for sn in self.snippets
            ],
        }


# A search's results as a table (File > Export Search Results): the columns, then a row a hit.
RESULT_COLUMNS = ("id", "title", "date", "publication", "score", "snippet")


def result_row(hit: SearchHit) -> tuple[str, ...]:
    """A hit as a row: its best snippet as plain words, its score as the window shows it."""
    snippet = " … ".join(" ".join(sn.text.split()) for sn in hit.snippets[:1])
    date = hit.published.isoformat() if hit.published else ""
    return (hit.id, hit.title, date, hit.publication or "", f"{hit.score:.2f}", snippet)


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[SearchHit, ...]


@dataclass
class SyncReport:
    """What bringing the index up to date did."""

    rebuilt: bool = False
    reason: str = ""
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # Records whose facts documents (names, kinds, notes, tags) were re-indexed or removed.
    facts: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.rebuilt or bool(self.added or self.updated or self.removed or self.facts)


class SearchEngine(Protocol):
    """What the application asks of a search engine: all that ``Library``, the window's worker
    and the command line call, so that another engine (a server engine for a newsroom-sized
    archive, say) can stand in for ``WhooshIndex`` through ``Library``'s ``index_factory``.

    An engine is made with the folder it may keep its index in. It is called from two threads
    (the window's worker syncs and searches while the GUI thread asks ``fact_records``), and
    keeps itself consistent, as ``WhooshIndex`` does with a lock. ``search`` and
    ``fact_records`` raise QueryError for a query they cannot understand, with a message for
    the user; before the first ``sync`` or ``rebuild`` they may raise RuntimeError. What else
    a replacement must do: docs/search-engine.md.
    """

    @property
    def article_count(self) -> int:
        """How many articles the index holds (0 before it is built or opened)."""
        ...

    def sync(
        self,
        articles: Mapping[str, Article],
        progress: Progress | None = None,
        extra: Extra | None = None,
        full_check: bool = False,
    ) -> SyncReport:
        """Brings the index in step with ``articles`` and the fact records' fields ``extra``,
        building it if there is none; ``full_check`` checks the whole index for damage."""
        ...

    def rebuild(
        self,
        articles: Mapping[str, Article],
        progress: Progress | None = None,
        extra: Extra | None = None,
        cancel: Cancel | None = None,
    ) -> None:
        """Builds the index afresh from ``articles`` and ``extra``. The index in use, if any,
        answers searches meanwhile; if ``cancel()`` turns true the build stops, raising
        BuildCancelled, and that index stays in use."""
        ...

    def search(self, query: str, limit: int = 20, highlight: bool = True) -> SearchResults:
        """The ``limit`` best articles for ``query`` (the query syntax of the README), best
        first, and how many match in all; with ``highlight``, each hit's exact character
        offsets in the title and body and the best snippets of the body."""
        ...

    def highlights(self, query: str, article_ids: Iterable[str]) -> dict[str, Highlights]:
        """What ``search`` with ``highlight`` gives each of these articles, for the articles
        still in the index (an id that is gone is left out). The window lists a search's
        results without highlights, then asks this for the rows on screen."""
        ...

    def fact_records(self, query: str) -> list[str]:
        """The ids of the fact records that the query's fact terms (``acquirer:SFR``) match,
        sorted; terms under NOT are left out."""
        ...

    def close(self) -> None:
        """Releases the index's files; the engine is not used after."""
        ...


def make_snippets(text: str, hits: list[Span], max_snippets: int = MAX_SNIPPETS) -> list[Snippet]:
    """The passages of ``text`` around its hits, best first by hits, then in text order."""
    if not hits:
        end = _word_end(text, min(len(text), 2 * SNIPPET_CONTEXT))
        return [Snippet(0, end, text[:end], ())] if text else []
    windows: list[list[Any]] = []
    for hit in sorted(hits, key=lambda h: h.start):
        start = _word_start(text, max(0, hit.start - SNIPPET_CONTEXT))
        end = _word_end(text, min(len(text), hit.end + SNIPPET_CONTEXT))
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
            windows[-1][2].append(hit)
        else:
            windows.append([start, end, [hit]])
    best = sorted(windows, key=lambda w: (-len({fold(h.text) for h in w[2]}), -len(w[2]), w[0]))
    chosen = sorted(best[:max_snippets], key=lambda w: w[0])
    return [Snippet(s, e, text[s:e], tuple(h)) for s, e, h in chosen]


def _word_start(text: str, index: int) -> int:
    """Moves back to the start of the word that ``index`` falls in."""
    while 0 < index < len(text) and not text[index - 1].isspace():
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    while 0 < index < len(text) and not text[index].isspace():
        index += 1
    return index
