"""``SearchEngine`` is all the library and the command line need: a small engine written here,
substring matching in memory, stands in for Whoosh through ``Library``'s ``index_factory``."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from archive_gui import cli
from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.folder import ArchivePaths
from archive_gui.core.library import Library
from archive_gui.core.search.fact_documents import passage_snippets
from archive_gui.core.search.results import (
    BuildCancelled,
    Cancel,
    Extra,
    FactsEntry,
    Highlights,
    Progress,
    QueryError,
    SearchEngine,
    SearchHit,
    SearchResults,
    Span,
    SyncReport,
    make_snippets,
)

_FIELD_TERM = re.compile(r"^(\w+):(.+)$")


class MemoryEngine:
    """Every word of the query, case aside, must occur in the article (``field:value`` in one
    of its fact records' ``field``); the score is how many times the words occur."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.articles: dict[str, Article] = {}
        self.extra: dict[str, FactsEntry] = {}
        self.built = False
        self.closed = False

    @property
    def article_count(self) -> int:
        return len(self.articles) if self.built else 0

    def sync(
        self,
        articles: Mapping[str, Article],
        progress: Progress | None = None,
        extra: Extra | None = None,
        full_check: bool = False,
    ) -> SyncReport:
        if not self.built:
            self.rebuild(articles, progress, extra)
            return SyncReport(rebuilt=True, reason="no index yet")
        report = SyncReport(
            added=sorted(set(articles) - set(self.articles)),
            removed=sorted(set(self.articles) - set(articles)),
        )
        self.articles, self.extra = dict(articles), dict(extra or {})
        return report

    def rebuild(
        self,
        articles: Mapping[str, Article],
        progress: Progress | None = None,
        extra: Extra | None = None,
        cancel: Cancel | None = None,
    ) -> None:
        if cancel is not None and cancel():
            raise BuildCancelled
        self.articles, self.extra, self.built = dict(articles), dict(extra or {}), True
        if progress:
            progress(len(articles), len(articles))

    def search(self, query: str, limit: int = 20, highlight: bool = True) -> SearchResults:
        words, facts = self._terms(query)
        found = []
        for article in self.articles.values():
            if not all(self._fact_match(article.id, f, v) for f, v in facts):
                continue
            if all(word.casefold() in article.text.casefold() for word in words):
                found.append((article, self._spans(article, words)))
        found.sort(key=lambda pair: (-len(pair[1]), pair[0].id))
        hits = tuple(
            SearchHit(
                id=article.id,
                title=article.title,
                published=article.published,
                publication=article.publication,
                score=float(len(spans)),
                hits=tuple(spans) if highlight else (),
                snippets=tuple(make_snippets(article.text, spans)) if highlight else (),
            )
            for article, spans in found[:limit]
        )
        return SearchResults(query, len(found), hits)

    def highlights(self, query: str, article_ids: Iterable[str]) -> dict[str, Highlights]:
        words, _ = self._terms(query)
        found = {}
        for article_id in article_ids:
            article = self.articles.get(article_id)
            if article is not None:
                spans = self._spans(article, words)
                found[article_id] = Highlights(
                    tuple(spans), tuple(make_snippets(article.text, spans))
                )
        return found

    @staticmethod
    def _spans(article: Article, words: list[str]) -> list[Span]:
        spans = [
            Span(m.start(), m.end(), m.group(), "body")
            for word in words
            for m in re.finditer(re.escape(word), article.text, re.IGNORECASE)
        ]
        return sorted(spans, key=lambda s: s.start)

    def fact_records(self, query: str) -> list[str]:
        _, facts = self._terms(query)
        return sorted(
            record_id
            for record_id, entry in self.extra.items()
            for field, value in facts
            if value.casefold() in entry.fields.get(field, "").casefold()
        )

    def close(self) -> None:
        self.closed = True

    def _terms(self, query: str) -> tuple[list[str], list[tuple[str, str]]]:
        if not self.built:
            raise RuntimeError("the index is not built")
        words = [w for w in query.split() if w != "AND"]
        if not words or any('"' in w for w in words):
            raise QueryError(f"cannot understand {query!r}")
        facts = [(m.group(1), m.group(2)) for w in words if (m := _FIELD_TERM.match(w))]
        return [w for w in words if not _FIELD_TERM.match(w)], facts

    def _fact_match(self, article_id: str, field: str, value: str) -> bool:
        return any(
            article_id in entry.articles
            and value.casefold() in entry.fields.get(field, "").casefold()
            for entry in self.extra.values()
        )


@pytest.fixture
def library(archive: Path) -> Library:
    return Library(ArchivePaths.open(archive), index_factory=MemoryEngine)


def engine_of(library: Library) -> MemoryEngine:
    assert isinstance(library.index, MemoryEngine)
    return library.index


def test_the_stand_in_is_a_search_engine(tmp_path: Path) -> None:
    engine: SearchEngine = MemoryEngine(tmp_path)  # what mypy checks of a stand-in
    assert engine.article_count == 0


def test_library_search_runs_on_the_stand_in(library: Library) -> None:
    results = library.search("Cloudwatt")
    assert engine_of(library).built
    assert results.total == 3
    assert {h.id for h in results.hits} == {
        "orange-reprendrait-cloudwatt",
        "numergy-repris-par-sfr",
        "sfr-rachete-numergy",
    }
    for hit in results.hits:
        text = library.article(hit.id).text
        assert all(text[s.start : s.end].casefold() == "cloudwatt" for s in hit.hits)
    # The library ties hits to the records whose passages they fall in, whatever the engine.
    records = {r for hit in results.hits for span in hit.hits for r in span.records}
    assert "orange-takes-over-cloudwatt" in records


def test_the_stand_in_is_given_the_facts_and_names_their_records(library: Library) -> None:
    results = library.search("acquirer:SFR AND Numergy")
    assert engine_of(library).extra  # the facts' fields reached the engine
    assert {h.id for h in results.hits} == {"numergy-repris-par-sfr", "sfr-rachete-numergy"}
    for hit in results.hits:
        text = library.article(hit.id).text
        passages = passage_snippets(library.store, hit.id, text, ["sfr-takes-over-numergy"])
        assert passages
        assert hit.snippets[0] == passages[0]  # the matched record's passage leads


def test_a_query_the_stand_in_refuses_is_a_query_error(library: Library) -> None:
    with pytest.raises(QueryError):
        library.search('"cloud souverain')


def test_cli_index_and_search_run_on_the_stand_in(library: Library) -> None:
    out = io.StringIO()
    assert cli.cmd_index(library, False, out) == 0
    assert cli.cmd_index(library, False, out) == 0
    assert cli.cmd_index(library, True, out) == 0
    assert out.getvalue().splitlines() == [
        "Built the index of 5 articles (no index yet).",
        "The index is up to date: 5 articles.",
        "Built the index of 5 articles (asked for).",
    ]

    out = io.StringIO()
    assert cli.cmd_search(library, "Cloudwatt", 2, False, out) == 0
    assert out.getvalue().splitlines()[0] == "3 results for 'Cloudwatt', showing 2"

    out = io.StringIO()
    assert cli.cmd_search(library, "Numergy", 5, True, out) == 0
    hits = json.loads(out.getvalue())
    assert hits
    for hit in hits:
        text = library.article(hit["id"]).text
        assert all(text[h["start"] : h["end"]] == h["text"] for h in hit["hits"])

    library.close()
    assert engine_of(library).closed
